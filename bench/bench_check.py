"""Benchmark `reviewer check`: cold wall time and peak memory, against a baseline
measured in the same run (ingestion + tokenization of the same file, also cold).

    python bench/bench_check.py [FILE] [--runs 5]

Prints a Markdown table. Numbers are medians of --runs cold processes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "corpus" / "contracts" / "construction-school-renovation-long.docx"

BASELINE = """
import sys
from reviewer.ingest import load
from reviewer.text.tokens import get_tokenizer
doc = load(sys.argv[1])
tok = get_tokenizer()
n = sum(len(tok.cut(b.text)) for b in doc.blocks)
"""
WARM = """
import sys, time
from reviewer.api import check_file
from reviewer.engine.loader import load_rules
from reviewer.ingest import load
from reviewer.api import review_document
rules = load_rules()
doc = load(sys.argv[1])
review_document(doc, rules)  # warm caches (tokenizer, regexes)
runs = int(sys.argv[2])
t = time.perf_counter()
for _ in range(runs):
    review_document(load(sys.argv[1]), rules)
print((time.perf_counter() - t) / runs)
"""


def cold(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"command failed: {' '.join(cmd)}\n{proc.stderr.read().decode()}")
    return wall, usage.ru_maxrss / 1024


def median_of(cmd: list[str], runs: int, env: dict | None = None) -> tuple[float, float]:
    samples = [cold(cmd, env) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default=str(DEFAULT))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    py = sys.executable
    f = args.file
    from reviewer.ingest import load

    chars = load(f).char_count
    rows = []
    startup = median_of([py, "-m", "reviewer", "--version"], args.runs)
    base = median_of([py, "-c", BASELINE, f], args.runs)
    check_cmd = [py, "-m", "reviewer", "check", f, "--format", "json", "-o", os.devnull]
    uncached = median_of(check_cmd, args.runs, {"REVIEWER_NO_CACHE": "1"})
    check = median_of(check_cmd, args.runs)
    warm = float(subprocess.run([py, "-c", WARM, f, str(args.runs)], capture_output=True, text=True, check=True).stdout)
    rows.append(("start-up (`reviewer --version`)", *startup))
    rows.append(("baseline: ingest + tokenize (cold)", *base))
    rows.append(("`reviewer check` (cold process, rules cache warm)", *check))
    rows.append(("`reviewer check` (cold process, no rules cache)", *uncached))
    print(f"file: {Path(f).name} ({chars} characters), median of {args.runs} runs, {os.cpu_count()} cores\n")
    print("| what | wall (s) | peak RSS (MB) |")
    print("|---|---:|---:|")
    for name, wall, rss in rows:
        print(f"| {name} | {wall:.3f} | {rss:.0f} |")
    print(f"| per document once started (ingest + review, warm) | {warm:.3f} | |")
    print(f"\ncheck / baseline wall ratio: {check[0] / base[0]:.2f}x")


if __name__ == "__main__":
    main()
