"""Benchmark `reviewer serve`: start-up to the first page (against `reviewer --version`
measured in the same run), then N clients uploading a ~20,000-character contract at
once on the 审查 page; response times (upload to result page), errors, peak memory of
the server's process tree. Loopback only.

    python bench/bench_serve.py [--clients 20] [--rounds 2] [--starts 3] [--txt]

The contract is generated as bench_batch.py does (a corpus contract's head with articles
drawn from several contracts, ~20,000 characters), saved as .docx (so the commented Word
file is made too) unless --txt.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import TreeMemory, make_documents  # noqa: E402

PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def version_time() -> float:
    start = time.perf_counter()
    subprocess.run([PY, "-m", "reviewer", "--version"], check=True, capture_output=True)
    return time.perf_counter() - start


def start_server(work: Path, env: dict) -> tuple[subprocess.Popen, str, float]:
    """(process, base URL, seconds until GET /review answered 200)."""
    import httpx2 as httpx

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    proc = subprocess.Popen([PY, "-m", "reviewer", "serve", "--port", str(port), "--work", str(work)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while True:
        try:
            if httpx.get(f"{base}/review", timeout=1).status_code == 200:
                return proc, base, time.perf_counter() - start
        except httpx.TransportError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"reviewer serve exited: {proc.stderr.read().decode(errors='replace')}")
        time.sleep(0.01)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def upload(base: str, name: str, body: bytes) -> tuple[float, int, str]:
    """One officer: open the page (the CSRF cookie), upload, follow to the result page."""
    import httpx2 as httpx

    with httpx.Client(base_url=base, timeout=120, follow_redirects=True) as c:
        c.get("/review")
        token = c.cookies.get("reviewer_csrf")
        start = time.perf_counter()
        try:
            r = c.post("/review", data={"csrf": token}, files=[("files", (name, body, "application/octet-stream"))])
        except httpx.HTTPError as exc:
            return time.perf_counter() - start, 0, exc.__class__.__name__
        ok = r.status_code == 200 and "/review/" in str(r.url) and "审查结果" in r.text
        return time.perf_counter() - start, r.status_code, "" if ok else r.text[-300:]


def together(n: int, one) -> list:
    """`one(i)` for i in range(n) in n threads released at the same moment."""
    results: list = [None] * n
    gate = threading.Barrier(n)

    def run(i: int) -> None:
        gate.wait()
        results[i] = one(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def crowd(base: str, name: str, body: bytes, n: int) -> list[tuple[float, int, str]]:
    """n clients uploading at once."""
    return together(n, lambda i: upload(base, name, body))


NOTICE = "宣汉县城区绿化管理办法\n第一条 为加强绿化管理，根据《城市绿化条例》，制定本办法。\n第二条 本办法自2026年5月1日起施行，有效期5年。\n宣汉县人民政府\n2026年3月2日\n"


def number(base: str, i: int) -> tuple[float, str]:
    """One 负责人 numbering a normative document on the 登记 page: read it, then take the
    next 宣府规 number (on this computer the user has every right)."""
    import re

    import httpx2 as httpx

    with httpx.Client(base_url=base, timeout=120, follow_redirects=True) as c:
        c.get("/register")
        csrf = c.cookies.get("reviewer_csrf")
        start = time.perf_counter()
        r = c.post("/register/read", data={"csrf": csrf}, files=[("file", (f"办法{i}.txt", NOTICE.encode(), "text/plain"))])
        token = re.search(r'name="token" value="([^"]+)"', r.text)
        if not token:
            return time.perf_counter() - start, ""
        fields = {"csrf": csrf, "token": token.group(1), "series": "宣府规", "title": f"宣汉县城区绿化管理办法（{i}）", "written_on": "2026-03-02"}
        r = c.post("/register/add", data=fields)
        got = re.search(r"宣府规〔2026〕\d+号", str(r.url.path) + r.text)
        return time.perf_counter() - start, got.group() if got and r.status_code == 200 else ""


def numbering_crowd(base: str, n: int) -> list[tuple[float, str]]:
    return together(n, lambda i: number(base, i))


def registered(db: Path) -> list[str]:
    from reviewer.register.documents import documents
    from reviewer.register.store import Store

    return [d["number"] for d in documents(Store(db)) if d["number"].startswith("宣府规")]


def contract(folder: Path, as_text: bool) -> tuple[str, bytes, int]:
    folder.mkdir(parents=True, exist_ok=True)
    make_documents(folder, 1)
    txt = next(folder.rglob("*.txt"))
    text = txt.read_text(encoding="utf-8")
    if as_text:
        return txt.name, txt.read_bytes(), len(text)
    import docx

    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    out = folder / (txt.stem + ".docx")
    d.save(out)
    return out.name, out.read_bytes(), len(text)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--starts", type=int, default=3)
    ap.add_argument("--txt", action="store_true", help="upload the contract as .txt instead of .docx")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    env = {**os.environ, "REVIEWER_DB": str(tmp / "r.db")}
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f}")

    versions = [version_time() for _ in range(args.starts)]
    starts = []
    for i in range(args.starts):
        proc, _, secs = start_server(tmp / f"work-start{i}", env)
        starts.append(secs)
        stop(proc)
    print("\n| start-up | median s | best s | runs |")
    print("|---|---|---|---|")
    print(f"| `reviewer --version` (baseline) | {statistics.median(versions):.2f} | {min(versions):.2f} | {', '.join(f'{v:.2f}' for v in versions)} |")
    print(f"| `reviewer serve` to the first page | {statistics.median(starts):.2f} | {min(starts):.2f} | {', '.join(f'{v:.2f}' for v in starts)} |")

    name, body, chars = contract(tmp / "doc", args.txt)
    proc, base, _ = start_server(tmp / "work", env)
    memory = TreeMemory(proc.pid)
    try:
        first = upload(base, name, body)
        print(f"\nfirst upload after start-up (the review workers start and load the rules): {first[0]:.2f} s, HTTP {first[1]}")
        print(f"\n{args.clients} clients uploading {name} ({chars:,} characters, {len(body) // 1024} KB) at once\n")
        print("| round | median s | max s | min s | errors | wall s |")
        print("|---|---|---|---|---|---|")
        for r in range(args.rounds):
            start = time.perf_counter()
            results = crowd(base, name, body, args.clients)
            wall = time.perf_counter() - start
            times = [t for t, _, _ in results]
            errors = [(code, why) for _, code, why in results if why]
            print(f"| {r + 1} | {statistics.median(times):.2f} | {max(times):.2f} | {min(times):.2f} | {len(errors)} | {wall:.2f} |")
            for code, why in errors[:3]:
                print(f"  error: HTTP {code}: {why}")
        # the same number of officers numbering documents at once: none lost, none doubled
        results = numbering_crowd(base, args.clients)
        got = [n for _, n in results if n]
        stored = registered(tmp / "r.db")
        seqs = sorted(int(n.split("〕")[1].rstrip("号")) for n in stored)
        print(f"\n{args.clients} officers numbering at once: median {statistics.median(t for t, _ in results):.2f} s, "
              f"{len(got)} answered with a number, {len(set(got))} distinct; the register holds {len(stored)} "
              f"({'numbers 1–' + str(len(seqs)) + ', none missing or doubled' if seqs == list(range(1, len(seqs) + 1)) and len(set(stored)) == len(stored) else 'NOT consecutive: ' + str(seqs)})")
        # what one upload costs with nobody else waiting
        alone = [upload(base, name, body)[0] for _ in range(3)]
        print(f"\none client alone, best of 3: {min(alone):.2f} s; peak memory of the server's process tree: RSS {memory.peak_rss / 1024:.0f} MB, PSS {memory.peak_pss / 1024:.0f} MB")
    finally:
        memory.stop()
        stop(proc)


if __name__ == "__main__":
    main()
