"""Benchmark `reviewer stats --year` over a generated year of 10,000 cases (issue 11 target:
<= 2 s end to end). All figures come from the same run:

- cold: `reviewer stats --year Y` in a fresh process (table to /dev/null), with and
  without the XLSX/HTML/charts outputs, against `reviewer --version` in a fresh process
  (the CLI's own start-up) as the baseline;
- warm: the library call `year_stats` against reading every row of the tables it reads
  (cases, case_findings, case_events, opinions) in the same process;
- peak RSS of the cold process.

    python bench/bench_stats.py [--cases 10000] [--findings 5] [--rounds 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

UNITS = [f"县{name}" for name in ("教育局", "住建局", "财政局", "卫健局", "交通运输局", "农业农村局", "自然资源局", "水务局", "民政局", "文旅局", "市场监管局", "应急管理局")] + [f"{t}镇人民政府" for t in ("东乡", "南坝", "普光", "峰城", "土黄", "天生", "黄金", "胡家")]
KINDS = ["合同"] * 6 + ["招标文件"] * 3 + ["规范性文件", "重大行政决策", "其他"]
POINTS = ["CONTRACT.PAYMENT.NO_AUDIT_SETTLEMENT", "DISPUTE.PRESENT", "PROC.ND.EFFECTIVE_DATE", "MAT.ND.FAIR_COMPETITION", "CONTRACT.PAYMENT.TERMS_EXPLICIT", "REG.ND.PUBLISH"] + [f"X.POINT_{i}" for i in range(30)]
SEVERITIES = ["必须修改", "建议修改", "提示"]
MATERIALS = ["起草说明", "合法性初审意见", "公平竞争审查结论", "征求意见情况", "中标通知书", "授权委托书", "采购需求论证材料"]
NOW = "2026-12-01T09:00:00"


def generate(path: Path, year: int, n: int, per_case: int, seed: int = 11) -> dict:
    from reviewer.register.store import Store

    Store(path)  # the schema, as the tool creates it
    rng = random.Random(seed)
    cases, findings, events, opinions = [], [], [], []
    start = dt.date(year, 1, 1)
    for i in range(1, n + 1):
        number = f"宣法审〔{year}〕{i}号"
        received = start + dt.timedelta(days=rng.randrange(365))
        complete = received + dt.timedelta(days=rng.choice([0, 0, 0, 1, 3, 7]))
        due = complete + dt.timedelta(days=rng.randint(7, 21))
        closed = complete + dt.timedelta(days=rng.randint(1, 40)) if rng.random() < 0.95 else None
        status = "closed" if closed else rng.choice(["reviewing", "returned"])
        returned = rng.random() < 0.15
        missing = "、".join(rng.sample(MATERIALS, k=rng.randint(1, 3))) if returned else None
        cases.append((number, "宣法审", year, i, rng.choice(UNITS), rng.choice(KINDS), f"送审事项{i}", received.isoformat(), complete.isoformat(), due.isoformat(), status, closed.isoformat() if closed else None, missing, NOW))
        for _ in range(rng.randint(per_case - 2, per_case + 2)):
            findings.append((number, f"R{rng.randrange(200)}", rng.choice(POINTS), rng.choice(SEVERITIES)))
        events.append((number, "opened", received.isoformat() + "T09:00:00", None))
        if returned:
            events.append((number, "returned", received.isoformat() + "T10:00:00", json.dumps({"missing": [None, missing]}, ensure_ascii=False)))
        events.append((number, "completed", complete.isoformat() + "T09:00:00", None))
        events.append((number, "reviewed", complete.isoformat() + "T15:00:00", None))
        if closed:
            events.append((number, "opinion", closed.isoformat() + "T16:00:00", None))
            events.append((number, "closed", closed.isoformat() + "T17:00:00", None))
            opinions.append(("宣司审", year, len(opinions) + 1, f"宣司审〔{year}〕{len(opinions) + 1}号", f"{number}.docx", f"送审事项{i}", cases[-1][4], closed.isoformat(), NOW))
    import sqlite3

    conn = sqlite3.connect(path)
    with conn:
        conn.executemany("INSERT INTO cases(number, series, year, seq, unit, kind, title, received_on, complete_on, due_on, status, closed_on, missing, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cases)
        conn.executemany("INSERT INTO case_findings(case_number, rule, point, severity) VALUES (?,?,?,?)", findings)
        conn.executemany("INSERT INTO case_events(case_number, event, at, changes) VALUES (?,?,?,?)", events)
        conn.executemany("INSERT INTO opinions(series, year, seq, number, document, title, unit, issued_on, created_at) VALUES (?,?,?,?,?,?,?,?,?)", opinions)
    conn.close()
    return {"cases": len(cases), "findings": len(findings), "events": len(events), "opinions": len(opinions)}


def cold(args: list[str], env: dict, rounds: int) -> tuple[float, int]:
    """Best wall time of `python -m reviewer ARGS` in a fresh process, and its peak RSS (MB)."""
    best, peak = float("inf"), 0
    for _ in range(rounds):
        t = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        proc = subprocess.run([sys.executable, "-m", "reviewer", *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        best = min(best, time.perf_counter() - t)
        if proc.returncode != 0:
            raise SystemExit(f"reviewer {' '.join(args)} failed: {proc.stderr}")
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return best, peak // 1024


def warm(fn, rounds: int) -> float:
    fn()
    best = float("inf")
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--findings", type=int, default=5, help="findings per case, on average")
    ap.add_argument("--year", type=int, default=2026)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="write the store and outputs here and keep them")
    a = ap.parse_args()

    folder = a.keep or Path(tempfile.mkdtemp(prefix="bench-stats-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "bench.db"
    db.unlink(missing_ok=True)
    try:
        t = time.perf_counter()
        sizes = generate(db, a.year, a.cases, a.findings)
        print(f"generated {sizes} in {time.perf_counter() - t:.1f} s ({db.stat().st_size / 1e6:.1f} MB)")
        env = {**os.environ, "REVIEWER_DB": str(db), "COLUMNS": "120"}

        base_cold, base_mem = cold(["--version"], env, a.rounds)
        stats_cold, stats_mem = cold(["stats", "--year", str(a.year)], env, a.rounds)
        json_cold, _ = cold(["stats", "--year", str(a.year), "-f", "json"], env, a.rounds)
        files = ["stats", "--year", str(a.year), "--xlsx", str(folder / "统计.xlsx"), "--html", str(folder / "统计.html"), "--charts", str(folder / "图表")]
        all_cold, all_mem = cold(files, env, a.rounds)

        from reviewer.ledger.stats import year_stats
        from reviewer.register.db import dicts
        from reviewer.register.store import Store

        store = Store(db)

        def read_all():
            with closing(store._connect()) as conn:
                for table in ("cases", "case_findings", "case_events", "opinions"):
                    dicts(conn.execute(f"SELECT * FROM {table}"))

        base_warm = warm(read_all, a.rounds)
        stats_warm = warm(lambda: year_stats(store, a.year), a.rounds)

        print(f"\nbest of {a.rounds}, this machine ({os.cpu_count()} cores), load average {os.getloadavg()[0]:.2f}")
        print(f"{'':44}{'time':>8}{'ratio':>8}{'peak RSS':>11}")
        print(f"{'cold  reviewer --version (baseline)':44}{base_cold:7.2f}s{1:8.2f}{base_mem:8d} MB")
        print(f"{'cold  reviewer stats --year (table)':44}{stats_cold:7.2f}s{stats_cold / base_cold:8.2f}{stats_mem:8d} MB")
        print(f"{'cold  reviewer stats --year -f json':44}{json_cold:7.2f}s{json_cold / base_cold:8.2f}")
        print(f"{'cold  stats + xlsx + html + 3 PNG charts':44}{all_cold:7.2f}s{all_cold / base_cold:8.2f}{all_mem:8d} MB")
        print(f"{'warm  read every row of the 4 tables (baseline)':44}{base_warm:7.3f}s{1:8.2f}")
        print(f"{'warm  year_stats()':44}{stats_warm:7.3f}s{stats_warm / base_warm:8.2f}")
        verdict = "met" if stats_cold <= 2.0 else "NOT met"
        print(f"\ntarget: stats over {sizes['cases']:,} cases in <= 2 s end to end: {verdict} ({stats_cold:.2f} s)")
    finally:
        if not a.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
