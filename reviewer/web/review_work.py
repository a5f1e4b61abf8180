"""The review desk's work, away from the web server: one uploaded submission reviewed in
a worker process, its results written as files into its own folder.

A job is a folder under the work folder, named by a random token:
    meta.json   display names, the user's facts, mode (one document or a package)
    in/         the uploads under generated names (an uploaded name is never a path)
    out/        report.html, result.json, the draft letter, the commented Word file;
                for a package, what `reviewer batch` writes for one package
The web side only reads these files, so a worker answers with a small dict and never
raises (an InputError does not survive pickling: its message goes back as text)."""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import re
import shutil
import time
from pathlib import Path


META = "meta.json"
LETTER = "合法性审查意见书（草稿）.docx"
ANNOTATED = "批注.docx"
REVIEW = "review.pickle"
# What an officer can correct on the result page: facts with a closed set of values,
# dates, amounts and numbers. The register's and the text's own descriptions are not.
NOT_EDITABLE = {"register_status", "register_entry", "cited_laws", "effective_text", "nd_attached_title"}
# the labels reviewer/facts/truth.py gives an assumption, back to their fact keys
ASSUMPTION_LABELS = {"乙方规模": "supplier_size", "甲方性质": "buyer_type", "合同类型": "contract_kind", "资金来源": "funding"}
VALUE_NAMES = {
    "kind": {"contract": "合同", "tender": "招标采购文件", "normative": "规范性文件", "other": "其他文件"},
    "contract_kind": {"goods": "货物", "services": "服务", "construction": "工程", "lease": "租赁", "technology": "技术", "investment": "投资合作", "labor_dispatch": "劳务派遣", "other": "其他"},
}


def stored_name(n: int, original: str, suffix: str) -> str:
    """A generated name for the n-th upload. It carries the role the original name
    suggests (as our own fixed word, from ROLES) so a package still tells a 中标通知书
    from a 合同 by name, and the suffix only when it is a plain short extension."""
    from reviewer.package.model import ROLES  # here, not at the top: the web server need not import the engine
    from reviewer.package.roles import role_from_name

    role = role_from_name(original)
    hint = f"-{ROLES[role]}" if role and role_from_name(ROLES[role] + suffix) == role else ""
    return f"{n:02d}{hint}{suffix}"


def read_meta(job: Path) -> dict:
    return json.loads((job / META).read_text(encoding="utf-8"))


def write_meta(job: Path, meta: dict) -> None:
    tmp = job / f".{META}.tmp"
    tmp.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    tmp.replace(job / META)


def warm(server: int) -> None:
    """Run once in each worker: rules loaded and the tokenizer warmed before the first upload."""
    import threading

    from reviewer.batch_worker import preload

    threading.Thread(target=_exit_with_parent, args=(server,), daemon=True).start()
    preload(None, opinion=True)


def _exit_with_parent(parent: int) -> None:
    """uvicorn ends on Ctrl+C or SIGTERM by re-raising the signal, so the server's exit
    handlers that would stop the pool never run: a worker whose server is gone goes too."""
    while True:
        time.sleep(1)
        if os.getppid() != parent:  # the server's pid, passed in: it may be gone before this runs
            os._exit(0)


def run(job_dir: str) -> dict:
    """Review the job's upload; {"ok": True} or {"error": one Chinese line}."""
    job = Path(job_dir)
    meta = read_meta(job)
    out = job / "out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    start = time.perf_counter()
    try:
        if meta["mode"] == "package":
            result = _package(job, meta, out)
        else:
            result = _single(job, meta, out)
    except Exception as exc:  # a defect of ours: one line, the traceback stays out of the page
        from reviewer.errors import ReviewerError

        if isinstance(exc, ReviewerError):
            result = {"error": _message(exc, meta)}
        else:
            result = {"error": f"审查时出错（{exc.__class__.__name__}），本次审查没有完成；请重试，仍然出错请把出错时间告诉系统管理员"}
    result["seconds"] = round(time.perf_counter() - start, 2)
    (out / "summary.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return result


def _message(exc, meta: dict) -> str:
    """The CLI's sentence, naming the file as the user sent it rather than where it is stored."""
    from reviewer.errors import InputError

    if isinstance(exc, InputError):
        name = meta["names"].get(Path(exc.path).name, "上传的文件")
        return f"{name}：{exc.problem}" + (f"。{exc.hint}" if exc.hint else "")
    return exc.message.replace(str(Path.cwd()), "")


def _single(job: Path, meta: dict, out: Path) -> dict:
    from reviewer.api import review_document
    from reviewer.batch_worker import preload
    from reviewer.ingest import load
    from reviewer.report.html import render_html
    from reviewer.report.json_report import render

    ruleset, _ = preload(None, opinion=True)
    stored = next(iter(meta["names"]))
    path = job / "in" / stored
    facts = {k: _typed(k, v) for k, v in meta.get("facts", {}).items()}
    rv = review_document(load(path), ruleset, user_facts=facts, use_sidecar=False)
    annotated = path.suffix.lower() == ".docx" and rv.doc.format == "docx"
    rv.file = meta["names"][stored]  # reports name the file as the user sent it
    (out / "report.html").write_text(render_html(rv), encoding="utf-8")
    (out / "result.json").write_text(render([rv], []), encoding="utf-8")
    # The letter and the commented copy cost as much again as the review (python-docx):
    # they are made when asked for, from the review kept here (our own file, in our own folder).
    with open(out / REVIEW, "wb") as fh:
        pickle.dump(rv, fh, protocol=pickle.HIGHEST_PROTOCOL)
    counts = {}
    for f in rv.findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return {"ok": True, "title": rv.facts.title, "counts": counts, "annotated": annotated, "facts": fact_rows(rv)}


def make(job_dir: str, what: str) -> bool:
    """The draft letter (`letter`) or the commented Word file (`annotated`) of a single
    document's review, written into out/ once; False when there is none to make."""
    from reviewer.batch_worker import preload

    job = Path(job_dir)
    out = job / "out"
    target = out / {"letter": LETTER, "annotated": ANNOTATED}[what]
    if target.is_file():
        return True
    with open(out / REVIEW, "rb") as fh:
        rv = pickle.load(fh)
    tmp = out / f".{what}-{os.getpid()}.docx"
    if what == "annotated":
        if not rv.doc.format == "docx":
            return False
        from reviewer.report.annotate import annotate

        rv.file = str(job / "in" / next(iter(read_meta(job)["names"])))  # the original, to copy and comment
        annotate(rv, tmp)
    else:
        from reviewer.case import CaseInfo
        from reviewer.report.opinion import build_letter
        from reviewer.report.opinion_docx import render_docx

        ruleset, template = preload(None, opinion=True)
        number = f"{template['series']}〔{dt.date.today().year}〕  号"  # a draft: numbers are taken on the register page
        render_docx(build_letter(rv, ruleset, CaseInfo(), template, number), str(tmp))
    tmp.replace(target)
    return True


def _typed(key: str, raw: str):
    from reviewer.facts import parse_value

    return parse_value(key, raw, "更正的事实")


def fact_rows(rv) -> list[dict]:
    """The facts an officer may correct: those a finding assumed first, then those read."""
    from reviewer.facts.model import AMOUNT_KEYS, DATE_KEYS, DOMAINS, FACT_KEYS, NUMBER_KEYS

    by_label = {**{k: k for k in FACT_KEYS}, **{label: key for key, label in FACT_KEYS.items()}, **ASSUMPTION_LABELS}
    assumed: dict[str, str] = {}
    for f in rv.findings:
        for label, said in (f.assumed or {}).items():
            if label in by_label:  # the CLI's hint (--fact …) means nothing on a page with a form
                assumed.setdefault(by_label[label], re.sub(r"[；;，,]?\s*可用 --fact[^）)]*", "", said))
    editable = [k for k in FACT_KEYS if k not in NOT_EDITABLE and (k in DOMAINS or k in DATE_KEYS or k in AMOUNT_KEYS or k in NUMBER_KEYS)]
    keys = [k for k in editable if k in assumed] + [k for k in editable if k not in assumed and rv.facts.get(k) is not None]
    rows = []
    for k in keys:
        value = rv.facts.get(k)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, float):
            value = f"{value:.2f}".rstrip("0").rstrip(".")
        kind = "date" if k in DATE_KEYS else "number" if k in AMOUNT_KEYS or k in NUMBER_KEYS else "choice"
        names = VALUE_NAMES.get(k, {})
        options = [(v, names.get(v, v)) for v in DOMAINS.get(k, ())]
        rows.append({
            "key": k, "label": FACT_KEYS[k], "value": "" if value is None else str(value), "shown": names.get(value, value) if value is not None else "",
            "source": rv.facts.source(k) or "", "assumed": assumed.get(k, ""), "kind": kind, "options": options,
        })
    return rows


def _package(job: Path, meta: dict, out: Path) -> dict:
    """A zip, or several files as one folder: the same work `reviewer batch` does for one package."""
    from reviewer.batch_worker import review_one

    inputs = job / "in"
    source = inputs / next(iter(meta["names"])) if len(meta["names"]) == 1 else inputs
    row = review_one(str(source), None, str(out / "package"), opinion=True)
    result = json.loads((out / "package" / "result.json").read_text(encoding="utf-8"))
    names = meta["names"]
    for entry in result.get("files", []):
        entry["shown"] = names.get(entry["name"], entry["name"])
    failures = [_shown(line.replace(f"{inputs}/", ""), names) for line in row["failures"]]
    if not result.get("files") and failures:
        return {"error": failures[0]}
    (out / "package" / "result.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return {"ok": True, "counts": row["counts"], "missing": row["missing"], "failures": failures, "kind": result.get("kind_name", "")}


def _shown(line: str, names: dict) -> str:
    for stored, shown in names.items():
        line = line.replace(stored, shown)
    return line.replace(str(Path.cwd()), "")


def clean(root: Path, max_age_s: float = 86400) -> None:
    """Results older than a day go: uploads are the departments' documents, not ours to keep."""
    if not root.is_dir():
        return
    limit = time.time() - max_age_s
    for job in root.iterdir():
        try:
            if job.is_dir() and job.stat().st_mtime < limit:
                shutil.rmtree(job, ignore_errors=True)
        except OSError:
            continue
