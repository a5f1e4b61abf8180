"""Benchmark `reviewer batch`: documents per second with --jobs 1 and --jobs N, parallel
efficiency, peak memory of the whole process tree; and the 213-page tender PDF's full
review time with a cProfile of where it goes. All figures come from the same run.

    python bench/bench_batch.py [--docs 200] [--jobs 2] [--rounds 1] [--pdf FILE] [--keep DIR]

The documents are generated from corpus/contracts/*.txt: a contract's head (title,
parties, recital) with articles drawn from several contracts in shuffled order, party
names, amounts and dates varied, ~20,000 characters each; each is a one-file package.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import resource
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT.parent / "shared" / "realdocs" / "tender-feixi-guanting-municipal-road-construction-2025.pdf"
TARGET_CHARS = 20_000

PLACES = ["宣汉", "达川", "通川", "开江", "大竹", "渠县", "万源", "平昌", "南江", "通江"]
WORDS = ["宏达", "兴业", "恒信", "鑫源", "华建", "蜀通", "巴山", "嘉禾", "瑞丰", "天成", "志远", "明德"]
TRADES = ["建设工程", "商贸", "科技", "物业服务", "家具制造", "信息技术", "环境工程", "路桥"]


def _read(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _split(text: str) -> tuple[list[str], list[str], list[str]]:
    """(head up to the first article, article blocks, signature tail)."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if re.match(r"^(第[一二三四五六七八九十百]+条|[一二三四五六七八九十]+、|\d+[.、．](?!\d))", line.strip())]
    if not starts:
        return lines, [], []
    tail_at = next((i for i in range(len(lines) - 1, starts[-1], -1) if re.search(r"(甲方|乙方|发包人|承包人).{0,6}(盖章|签字|（章）)", lines[i])), len(lines))
    blocks = ["\n".join(lines[a:b]) for a, b in zip(starts, starts[1:] + [tail_at])]
    return lines[: starts[0]], blocks, lines[tail_at:]


def _vary(text: str, rng: random.Random) -> str:
    company = f"{rng.choice(PLACES)}{rng.choice(WORDS)}{rng.choice(TRADES)}有限公司"
    text = re.sub(r"[\u4e00-\u9fff]{2,12}(有限公司|有限责任公司)", lambda m: company if rng.random() < 0.5 else m.group(0), text)
    text = re.sub(r"(\d{4})年(\d{1,2})月(\d{1,2})日", lambda m: f"{rng.randint(2024, 2026)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日", text)
    text = re.sub(r"(\d[\d,]*)(\.\d+)?(?=万?元)", lambda m: f"{int(m.group(1).replace(',', '')) * rng.randint(80, 120) // 100:,}", text)
    return text


def make_documents(folder: Path, n: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    parsed = [_split(_read(p)) for p in sorted((ROOT / "corpus" / "contracts").glob("*.txt"))]
    parsed = [p for p in parsed if p[1]]
    total = 0
    for i in range(n):
        head, own, tail = parsed[i % len(parsed)]
        body = list(own)
        while sum(map(len, body)) + sum(map(len, head)) < TARGET_CHARS:
            body.extend(rng.sample(parsed[rng.randrange(len(parsed))][1], k=3))
        rng.shuffle(body)
        text = _vary("\n".join(head + body + tail), rng)
        total += len(text)
        package = folder / f"包{i + 1:03d}"
        package.mkdir()
        (package / f"合同{i + 1:03d}.txt").write_text(text, encoding="utf-8")
    return total // n


class TreeMemory:
    """Peak memory of a process and all its descendants, sampled every 50 ms from /proc:
    the sum of RSS (counts pages shared after fork once per process) and of PSS (shares them)."""

    def __init__(self, pid: int):
        self.pid, self.peak_rss, self.peak_pss, self._stop = pid, 0, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    ppid = int(Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(d))
        out, todo = [], [self.pid]
        while todo:
            p = todo.pop()
            out.append(p)
            todo.extend(children.get(p, []))
        return out

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = pss = 0
            for p in self._tree():
                try:
                    for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                        if line.startswith("Rss:"):
                            rss += int(line.split()[1])
                        elif line.startswith("Pss:"):
                            pss += int(line.split()[1])
                except OSError:
                    pass
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self._stop.wait(0.05)

    def stop(self) -> tuple[float, float]:
        self._stop.set()
        self._thread.join()
        return self.peak_rss / 1024, self.peak_pss / 1024


def run_batch(args: list[str], env: dict | None = None) -> tuple[float, float, float, float]:
    """Wall seconds, peak tree RSS and PSS (MB), CPU seconds of the tree, of one `reviewer batch` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "reviewer", "batch", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    mem = TreeMemory(proc.pid)
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    rss, pss = mem.stop()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"reviewer batch failed ({proc.returncode}):\n{err.decode()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers are reaped by reviewer, so they count
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, rss, pss, cpu


def bench_docs(work: Path, n: int, jobs: int, rounds: int = 1) -> list[tuple]:
    docs = work / "docs"
    docs.mkdir()
    chars = make_documents(docs, n)
    rows = []
    load = os.getloadavg()[0]
    best: dict[int, tuple] = {}
    for _ in range(rounds):  # interleaved, the best of each: other work on the machine only slows a run down
        for j in (1, jobs):
            shutil.rmtree(work / f"out-j{j}", ignore_errors=True)
            run = run_batch([str(docs), "--out", str(work / f"out-j{j}"), "--jobs", str(j)])
            best[j] = min(best.get(j, run), run)
    for j in (1, jobs):
        wall, rss, pss, cpu = best[j]
        rows.append((j, wall, n / wall, rss, pss, cpu))
    again, _, _, _ = run_batch([str(docs), "--out", str(work / f"out-j{jobs}"), "--jobs", str(jobs)])
    print(f"\n{n} one-file packages, {chars:,} characters each on average; best of {rounds} round(s); load average {load:.2f} before, {os.getloadavg()[0]:.2f} after\n")
    print("| --jobs | wall s | documents/s | CPU s, tree | documents per CPU-second | peak RSS, tree (MB) | peak PSS, tree (MB) |")
    print("|---|---|---|---|---|---|---|")
    for j, wall, rate, rss, pss, cpu in rows:
        print(f"| {j} | {wall:.2f} | {rate:.1f} | {cpu:.1f} | {n / cpu:.1f} | {rss:.0f} | {pss:.0f} |")
    eff = rows[1][2] / rows[0][2] / jobs
    print(f"\nparallel efficiency (--jobs {jobs} rate / --jobs 1 rate / {jobs}): {eff:.2f}")
    print(f"CPU efficiency (CPU s --jobs 1 / CPU s --jobs {jobs}): {rows[0][5] / rows[1][5]:.2f} -- what the wall-time efficiency approaches when {jobs} cores are free;"
          f" with the load average above 1, other work takes a core and the wall figures fall")
    print(f"re-run with nothing changed (--jobs {jobs}, all packages kept): {again:.2f} s")
    return rows


def bench_pdf(pdf: Path, work: Path) -> None:
    if not pdf.exists():
        print(f"\n(tender PDF not found at {pdf}: skipped)")
        return
    py = sys.executable
    print(f"\nTender PDF {pdf.name}\n")
    print("| measure | seconds |")
    print("|---|---|")
    for label, env in (("cold `reviewer check --format json` (rules cache warm)", {}), ("cold, rules cache off (REVIEWER_NO_CACHE=1)", {"REVIEWER_NO_CACHE": "1"})):
        times = []
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run([py, "-m", "reviewer", "check", str(pdf), "--format", "json", "-o", os.devnull], env={**os.environ, **env}, capture_output=True)
            times.append(time.perf_counter() - t)
        print(f"| {label}, best of 3 | {min(times):.2f} |")
    shutil.rmtree(work / "out-pdf", ignore_errors=True)
    wall, _, _, _ = run_batch([str(pdf), "--out", str(work / "out-pdf"), "--jobs", "1"])
    print(f"| cold `reviewer batch` of the PDF as a one-file package (+ result.json, HTML) | {wall:.2f} |")
    phases = _phases(pdf)
    for name, secs in phases:
        print(f"| in process: {name} | {secs:.2f} |")
    print("\ncProfile of one warm in-process package review (ingest + rules + package checks), top 20 by cumulative time:\n")
    from reviewer.batch import preload
    from reviewer.package import review_package

    ruleset, _ = preload(None)
    prof = cProfile.Profile()
    with tempfile.TemporaryDirectory() as tmp:
        prof.enable()
        review_package(str(pdf), ruleset, Path(tmp))
        prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).strip_dirs().sort_stats("cumulative").print_stats(20)
    print("```\n" + "\n".join(line for line in buf.getvalue().splitlines() if line.strip())[:6000] + "\n```")


def _phases(pdf: Path) -> list[tuple[str, float]]:
    out = []
    t = time.perf_counter()
    __import__("reviewer.api")
    out.append(("imports", time.perf_counter() - t))
    from reviewer.engine.loader import load_rules

    t = time.perf_counter()
    ruleset = load_rules()
    out.append(("load rules (cache)", time.perf_counter() - t))
    from reviewer.text.tokens import get_tokenizer

    t = time.perf_counter()
    get_tokenizer().cut("合同价款")
    out.append(("tokenizer start", time.perf_counter() - t))
    from reviewer.api import review_document
    from reviewer.ingest import load

    t = time.perf_counter()
    doc = load(str(pdf))
    out.append(("ingest (pypdfium2, lines joined)", time.perf_counter() - t))
    t = time.perf_counter()
    review_document(doc, ruleset)
    out.append(("review, first in process", time.perf_counter() - t))
    t = time.perf_counter()
    review_document(load(str(pdf)), ruleset)
    out.append(("ingest + review, second in process", time.perf_counter() - t))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--pdf", default=str(PDF))
    ap.add_argument("--rounds", type=int, default=1, help="runs of each --jobs value, interleaved; the fastest is reported")
    ap.add_argument("--keep", help="generate and keep the documents and outputs in this folder")
    args = ap.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-batch-"))
    if args.keep:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
    try:
        print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
        bench_docs(work, args.docs, args.jobs, args.rounds)
        bench_pdf(Path(args.pdf), work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
