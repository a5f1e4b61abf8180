"""Benchmark the filing register: `register add` for 1,000 normative documents and
`register publish` of the 1,000, in process, against baselines from the same run (the
plain reading of the files, and reviewer.ingest.load of each). Peak memory: the
process's peak RSS after each phase, and tracemalloc's peak of a second, untimed publish.

    python bench/bench_register.py [--docs 1000] [--keep DIR]

The documents are small .txt notices (~600 characters): title, 文号, a dozen articles,
a date of effect and a validity; 1 in 50 of the numbers is voided (作废) before publishing.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SUBJECTS = ["城市绿化", "农村公路养护", "城市供水节水", "中小学校学生资助", "政府投资项目", "农村宅基地", "城乡居民医疗救助", "公共租赁住房",
            "殡葬", "户外广告设置", "城市道路挖掘", "森林防火", "农村饮水安全", "机关事务", "应急物资储备", "企业信用修复"]
SERIES = [("宣府规", "宣汉县人民政府"), ("宣府办规", "宣汉县人民政府办公室"), ("宣教规", "宣汉县教育局")]
ARTICLES = ["为规范{s}管理，根据有关法律法规，结合本县实际，制定本办法。", "本办法适用于本县行政区域内的{s}管理活动。",
            "县人民政府有关部门按照职责分工，做好{s}相关工作。", "乡镇人民政府应当配合做好本辖区内的{s}工作。",
            "任何单位和个人都有依法参与{s}监督的权利。", "有关部门应当建立健全{s}工作台账，按年度报送情况。",
            "违反本办法规定的，由有关部门依照有关法律法规的规定处理。", "有关部门工作人员在{s}工作中滥用职权、玩忽职守的，依法给予处分。"]


def make_documents(folder: Path, n: int, seed: int = 11) -> list[Path]:
    rng = random.Random(seed)
    seqs: dict[tuple[str, int], int] = {}
    files = []
    for i in range(n):
        code, issuer = SERIES[i % len(SERIES)]
        year = 2020 + i % 7
        seqs[code, year] = seq = seqs.get((code, year), 0) + 1
        subject = f"{rng.choice(SUBJECTS)}{i + 1}"
        lines = [f"{issuer}关于印发宣汉县{subject}管理办法的通知", f"{code}〔{year}〕{seq}号", "各乡镇人民政府，县级各部门：",
                 f"现将《宣汉县{subject}管理办法》印发给你们，请认真贯彻执行。", "第一章 总则"]
        body = rng.sample(ARTICLES, k=len(ARTICLES)) + rng.sample(ARTICLES, k=4)
        nums = "一二三四五六七八九十"
        lines += [f"第{nums[k] if k < 10 else '十' + nums[k - 10]}条 {t.format(s=subject)}" for k, t in enumerate(body)]
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        lines += [f"第十三条 本办法自{year}年{month}月{day}日起施行，有效期5年。", issuer, f"{year}年{month}月{day}日"]
        f = folder / f"doc{i + 1:04d}.txt"
        f.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(f)
    return files


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--keep", help="generate and keep the documents, the register and the site in this folder")
    args = ap.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-register-"))
    if args.keep:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
    os.environ["REVIEWER_CACHE"] = str(work / "cache")
    try:
        run(work, args.docs)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(work: Path, n: int) -> None:
    from reviewer.register.reading import read_document
    from reviewer.ingest import load
    from reviewer.register import documents
    from reviewer.register.publish import publish
    from reviewer.register.series import load_series
    from reviewer.register.store import Store

    (work / "docs").mkdir()
    files = make_documents(work / "docs", n)
    chars = sum(len(f.read_text(encoding="utf-8")) for f in files) / n
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; {n} documents, {chars:,.0f} characters each on average\n")
    load(files[0])
    read_document(str(files[0]))  # imports and the rules cache, paid once by any command
    rows = [("startup (imports, rules cache)", None, _rss_mb())]

    t_read, _ = _timed(lambda: [f.read_bytes().decode("utf-8") for f in files])
    rows.append(("baseline: plain reading of the files", t_read, _rss_mb()))
    t_load, _ = _timed(lambda: [load(f) for f in files])
    rows.append(("baseline: reviewer.ingest.load of each", t_load, _rss_mb()))

    store = Store(work / "r.db")
    code = load_series().registry.code

    def add_all():
        for f in files:
            found, sha = read_document(str(f))  # as `register add` reads it
            rec = {k: found.get(k) for k in ("title", "issuer", "written_on", "published_on", "effective_on", "expires_on")}
            rec.update(number=found["number"], path=str(f.resolve()), sha256=sha)
            documents.add(store, rec, reg_code=code)

    t_add, _ = _timed(add_all)
    rows.append(("register add (read document + documents.add)", t_add, _rss_mb()))
    every = documents.documents(store)
    assert len(every) == n, len(every)
    for rec in every[::50]:
        documents.void(store, rec["number"], "取号错误")
    t_pub, summary = _timed(lambda: publish(store, work / "site", "宣汉县人民政府"))
    assert summary.published == n - len(every[::50]) and summary.unreadable == 0, summary
    rows.append((f"publish ({summary.published} published, {summary.skipped} void)", t_pub, _rss_mb()))

    tracemalloc.start()
    publish(store, work / "site", "宣汉县人民政府")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = sum(p.stat().st_size for p in (work / "site").rglob("*") if p.is_file())

    print("| phase | seconds | per document (ms) | × plain reading | × ingest.load | peak RSS so far (MB) |")
    print("|---|---|---|---|---|---|")
    for name, secs, rss in rows:
        if secs is None:
            print(f"| {name} | | | | | {rss:.0f} |")
        else:
            print(f"| {name} | {secs:.3f} | {secs / n * 1000:.2f} | {secs / t_read:.0f} | {secs / t_load:.1f} | {rss:.0f} |")
    print(f"\npublish, Python allocations' peak (tracemalloc, a second untimed publish): {peak / 1048576:.1f} MB")
    print(f"site: {size / 1048576:.1f} MB in {sum(1 for _ in (work / 'site').rglob('*.html'))} HTML pages; "
          f"index.html {(work / 'site' / 'index.html').stat().st_size / 1024:.0f} kB, data/documents.js {(work / 'site' / 'data' / 'documents.js').stat().st_size / 1024:.0f} kB")


if __name__ == "__main__":
    main()
