"""The 审查 page: upload a document, several or a zip package, see the report, download
the draft letter, the commented Word file and JSON, correct the facts and review again.

The review itself runs in a small process pool (`review_work.run`): it is CPU work, and
in threads it would hold the GIL against the other users' uploads. The event loop only
saves the upload, waits on the pool and serves files the worker wrote."""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from reviewer.web import auth, review_work
from reviewer.web.render import message, page

WORKERS = max(1, min(2, os.cpu_count() or 1))  # the office machine has two cores
MAX_FILES = 100  # per upload; a package of more is sent as a zip
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,8}$")
# the report is our own escaped HTML with its own inline script; nothing else may load or run
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"

_pool: ProcessPoolExecutor | None = None
_cleaned = 0.0


class TooLarge(Exception):
    pass


def _executor() -> ProcessPoolExecutor:
    """Two workers on this 2-core machine; spawned (not forked from a server with threads),
    each loading the rules once."""
    global _pool
    if _pool is None:
        import multiprocessing

        _pool = ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn"), initializer=review_work.warm, initargs=(os.getpid(),))
    return _pool


def _warm() -> None:
    """Start the workers while the officer is still choosing files: each loads the rules
    (~1-2 s) once, and the first upload should not wait for that."""
    if _pool is None:
        pool = _executor()
        for _ in range(WORKERS):  # one task each: the pool starts a worker per waiting task
            pool.submit(int)


def shutdown() -> None:
    """Stop the review workers with the server (uvicorn re-raises SIGTERM, so exit handlers
    alone would not run)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


async def _in_pool(fn, *args):
    global _pool
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(_executor(), fn, *args)
    except BrokenProcessPool:  # a worker died (memory, a signal): a fresh pool for the next request
        _pool = None
        raise


async def _run(job: Path) -> dict:
    try:
        return await _in_pool(review_work.run, str(job))
    except BrokenProcessPool:
        return {"error": "审查进程意外退出，本次审查没有完成；请重试，仍然出错请单独审查各个文件"}


def _root(request: Request) -> Path:
    return Path(request.app.state.settings.work) / "review"


def _job(request: Request, rid: str) -> Path | None:
    """The job folder of a result id, or None: an id is only ever a token we made."""
    if not TOKEN.match(rid):
        return None
    job = _root(request) / rid
    return job if (job / "out" / "summary.json").is_file() else None


def _limit(request: Request) -> int:
    return int(request.app.state.settings.max_upload_mb) * 1024 * 1024


def _too_large(request: Request) -> Response:
    mb = request.app.state.settings.max_upload_mb
    return message(request, f"上传的文件超过 {mb} MB 的上限，请拆分后分批上传。", status_code=413, title="文件过大")


def _counting(request: Request, limit: int) -> Request:
    """The same request, its body counted as it arrives: a sender without Content-Length
    is stopped at the limit instead of filling the disk."""
    seen = 0

    async def receive():
        nonlocal seen
        msg = await request.receive()
        if msg["type"] == "http.request":
            seen += len(msg.get("body", b""))
            if seen > limit:
                raise TooLarge
        return msg

    return Request(request.scope, receive)


# ---- pages -------------------------------------------------------------------------------------


async def index(request: Request):
    auth.require(request, "review")
    response = page(request, "review.html.j2", title="审查", max_mb=request.app.state.settings.max_upload_mb)
    response.background = BackgroundTask(_warm)  # after the page is sent: it must not wait on the workers
    return response


async def upload(request: Request):
    auth.require(request, "review")
    limit = _limit(request)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + 64 * 1024:  # the form's own fields and boundaries
        return _too_large(request)
    request = _counting(request, limit + 64 * 1024)
    try:
        form = await request.form(max_files=MAX_FILES, max_fields=20)
    except TooLarge:
        return _too_large(request)
    except Exception:  # a malformed body (multipart errors): the browser did not send a proper form
        return message(request, "上传的内容无法识别，请在本页面重新选择文件上传。")
    try:
        if not auth.check_csrf(request, request.headers.get("x-csrf-token") or form.get("csrf")):
            return _csrf_refused(request)
        files = [f for f in form.getlist("files") if hasattr(f, "filename") and f.filename]
        if not files:
            return message(request, "没有收到文件，请先选择或拖入要审查的文件。")
        if sum(f.size or 0 for f in files) > limit:
            return _too_large(request)
        job = await run_in_threadpool(_save, _root(request), files)
    finally:
        await form.close()
    return await _review_and_redirect(request, job)


def _csrf_refused(request: Request) -> Response:
    return message(request, "页面已过期或来源不明，操作没有执行；请刷新本页后重新提交。", status_code=403, title="无法完成")


def _save(root: Path, files) -> Path:
    """A fresh random folder; each upload under a generated name, its own name kept as text."""
    global _cleaned
    if time.time() - _cleaned > 600:
        review_work.clean(root)
        _cleaned = time.time()
    job = root / secrets.token_urlsafe(18)
    (job / "in").mkdir(parents=True)
    names: dict[str, str] = {}
    for n, f in enumerate(files, 1):
        shown = _display(f.filename)
        suffix = os.path.splitext(re.split(r"[\\/]", shown)[-1])[1].lower()
        stored = review_work.stored_name(n, shown, suffix if SUFFIX.match(suffix) else "")
        f.file.seek(0)
        with open(job / "in" / stored, "xb") as out:
            shutil.copyfileobj(f.file, out, 1 << 20)
        names[stored] = shown
    single = len(files) == 1 and not next(iter(names)).endswith(".zip")
    review_work.write_meta(job, {"names": names, "mode": "single" if single else "package", "facts": {}, "created": time.time()})
    return job


def _display(name: str) -> str:
    """The name as the user sent it, for display only (escaped by the templates): without
    control characters and cut to a sane length."""
    name = "".join(c for c in name if ord(c) >= 32 and c != "\x7f").strip()
    return name[:200] or "未命名文件"


async def _review_and_redirect(request: Request, job: Path) -> Response:
    result = await _run(job)
    if result.get("error"):
        await run_in_threadpool(shutil.rmtree, job, True)
        return message(request, result["error"], status_code=400, title="无法审查")
    return RedirectResponse(f"/review/{job.name}", status_code=303)


async def result(request: Request):
    auth.require(request, "review")
    job = _job(request, request.path_params["rid"])
    if job is None:
        return _gone(request)
    meta, summary = await run_in_threadpool(_load, job)
    if meta["mode"] == "package":
        pkg = await run_in_threadpool(_package_result, job)
        return page(request, "review_package.html.j2", title="审查结果", rid=job.name, meta=meta, summary=summary, pkg=pkg, files=pkg.get("files", []))
    return page(request, "review_result.html.j2", title="审查结果", rid=job.name, meta=meta, summary=summary, shown=next(iter(meta["names"].values())))


def _gone(request: Request) -> Response:
    return message(request, "没有找到这份审查结果：链接有误，或结果已超过一天被清理。请重新上传文件审查。", status_code=404, title="页面不存在")


def _load(job: Path) -> tuple[dict, dict]:
    import json

    return review_work.read_meta(job), json.loads((job / "out" / "summary.json").read_text(encoding="utf-8"))


def _package_result(job: Path) -> dict:
    import json

    return json.loads((job / "out" / "package" / "result.json").read_text(encoding="utf-8"))


def _stem(shown: str) -> str:
    return os.path.splitext(shown)[0] or "审查结果"


async def download(request: Request):
    """The report (shown in the result page's frame), the letter, the commented file, JSON."""
    auth.require(request, "review")
    job = _job(request, request.path_params["rid"])
    what = request.path_params["what"]
    if job is None:
        return _gone(request)
    meta = await run_in_threadpool(review_work.read_meta, job)
    n = request.path_params.get("n")
    if meta["mode"] == "package":
        return await _package_file(request, job, what, n)
    stem = _stem(next(iter(meta["names"].values())))
    out = job / "out"
    files = {
        "report": (out / "report.html", None),
        "letter": (out / review_work.LETTER, f"{stem}-{review_work.LETTER}"),
        "annotated": (out / review_work.ANNOTATED, f"{stem}-{review_work.ANNOTATED}"),
        "json": (out / "result.json", f"{stem}-审查结果.json"),
    }
    if what not in files or n is not None:
        return _gone(request)
    if what in ("letter", "annotated") and not files[what][0].is_file() and not await _made(request, job, what):
        return message(request, "没有可下载的文件：批注版只为 Word（.docx）文件生成；如是意见书，请重新上传审查后再试。", status_code=404, title="无法下载")
    if not files[what][0].is_file():
        return _gone(request)
    path, name = files[what]
    if what == "report":
        return _report(path)
    return FileResponse(path, filename=name)


async def _made(request: Request, job: Path, what: str) -> bool:
    """The letter or the commented file, made on first request by a worker."""
    summary = (await run_in_threadpool(_load, job))[1]
    if what == "annotated" and not summary.get("annotated"):
        return False
    try:
        return await _in_pool(review_work.make, str(job), what)
    except Exception:  # one line for the officer; the review's own results stay usable
        return False


async def _package_file(request: Request, job: Path, what: str, n) -> Response:
    folder = job / "out" / "package"
    if what == "json" and n is None:
        return FileResponse(folder / "result.json", filename="送审包审查结果.json")
    files = (await run_in_threadpool(_package_result, job)).get("files", [])
    if n is None or not n.isdigit() or not 0 <= int(n) < len(files):
        return _gone(request)
    entry = files[int(n)]
    # names come from result.json, which the worker wrote; a name is still checked to stay in the folder
    name = entry.get({"report": "report", "letter": "opinion"}.get(what, ""))
    path = folder / name if name else None
    if path is None or path.parent != folder or not path.is_file():
        return _gone(request)
    if what == "report":
        return _report(path)
    return FileResponse(path, filename=f"{_stem(entry.get('shown', ''))}-{review_work.LETTER}")


def _report(path: Path) -> Response:
    html = path.read_text(encoding="utf-8")
    return HTMLResponse(html, headers={"Content-Security-Policy": REPORT_CSP, "X-Content-Type-Options": "nosniff"})


async def correct_facts(request: Request):
    """The facts the officer corrects become the review's own facts (as `--fact`), in a new result."""
    auth.require(request, "review")
    job = _job(request, request.path_params["rid"])
    if job is None:
        return _gone(request)
    form = await request.form(max_files=0, max_fields=200)
    if not auth.check_csrf(request, request.headers.get("x-csrf-token") or form.get("csrf")):
        return _csrf_refused(request)
    meta, summary = await run_in_threadpool(_load, job)
    if meta["mode"] != "single":
        return message(request, "送审包的事实请逐个文件单独上传后更正。")
    rows = {r["key"]: r for r in summary.get("facts", [])}
    facts = dict(meta.get("facts", {}))
    from reviewer.errors import ReviewerError
    from reviewer.facts import parse_value

    for key, row in rows.items():
        sent = str(form.get(f"fact.{key}", "")).strip()
        if not sent or (sent == row["value"] and row["source"] != "user"):
            continue  # unchanged: the text (or its absence) still speaks
        try:
            parse_value(key, sent, "更正的事实")
        except ReviewerError as exc:
            return message(request, f"{row['label']}：{exc.message.split('：', 1)[-1]}")
        facts[key] = sent
    fresh = await run_in_threadpool(_copy_job, job, facts)
    return await _review_and_redirect(request, fresh)


def _copy_job(job: Path, facts: dict) -> Path:
    meta = review_work.read_meta(job)
    fresh = job.parent / secrets.token_urlsafe(18)
    shutil.copytree(job / "in", fresh / "in")
    review_work.write_meta(fresh, {**meta, "facts": facts, "created": time.time(), "from": job.name})
    return fresh


def routes() -> list[Route]:
    return [
        Route("/review", index),
        Route("/review", upload, methods=["POST"]),
        Route("/review/{rid}", result),
        Route("/review/{rid}/facts", correct_facts, methods=["POST"]),
        Route("/review/{rid}/{what}", download),
        Route("/review/{rid}/{what}/{n}", download),
    ]
