"""One package of `reviewer batch`, as a worker process reviews it: load the rules
once per process, review the package with the same function `reviewer check` uses, and
write its results folder whole. Top-level functions only, so a later distributed run can
call `review_one` unchanged."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from reviewer import __version__
from reviewer.errors import ReviewerError
from reviewer.findings import SEVERITIES

KIND_NAMES = {"contract": "合同", "tender": "招标采购文件", "normative": "规范性文件", "unknown": "未识别"}
MAIN_ROLES = ("contract", "tender", "normative")  # the documents a letter is drafted for

_LOADED: dict[str, tuple] = {}  # rules_dir -> (ruleset, letter template), once per process


def preload(rules_dir: str | None, opinion: bool = False):
    """Load the rules (and the letter template) once per process; warm the tokenizer."""
    key = rules_dir or ""
    if key not in _LOADED:
        from reviewer.engine.loader import load_rules
        from reviewer.text.tokens import get_tokenizer

        ruleset = load_rules(Path(rules_dir) if rules_dir else None)
        get_tokenizer().cut("合同价款")
        _LOADED[key] = (ruleset, None)
    ruleset, template = _LOADED[key]
    if opinion and template is None:
        from reviewer.report.opinion import load_template

        own = Path(rules_dir) / "opinion.toml" if rules_dir else None
        template = load_template(own if own is not None and own.exists() else None)
        _LOADED[key] = (ruleset, template)
    return ruleset, template


def review_one(path: str, rules_dir: str | None, workdir: str, opinion: bool = False) -> dict:
    """Review one package and write its results into the folder `workdir`, whole: built
    beside it under a temporary name, then renamed into place. Returns its summary row;
    a bad package gives a row naming why, never an exception."""
    target = Path(workdir)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=target.parent))
    start = time.perf_counter()
    try:
        row = _review_into(path, rules_dir, tmp, opinion)
        row["seconds"] = round(time.perf_counter() - start, 2)
        _publish(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return row


def _publish(tmp: Path, target: Path) -> None:
    old = target.with_name(f".old-{target.name}")
    if target.exists():
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
    os.replace(tmp, target)
    shutil.rmtree(old, ignore_errors=True)


def failed_row(label: str, reason: str) -> dict:
    return {"label": label, "kind": "unknown", "files": 0, "counts": {s: 0 for s in SEVERITIES}, "missing": [], "failures": [reason], "read": 0, "reviewed": 0}


def _review_into(path: str, rules_dir: str | None, folder: Path, opinion: bool) -> dict:
    from reviewer.package import review_package
    from reviewer.report.json_report import SCHEMA_VERSION, review_to_dict

    ruleset, template = preload(rules_dir, opinion)
    scratch = folder / ".unpacked"
    result: dict = {"schema_version": SCHEMA_VERSION, "tool": {"name": "reviewer", "version": __version__}, "package": Path(path).name}
    try:
        pkg = review_package(path, ruleset, scratch)
    except ReviewerError as err:
        row = failed_row("", err.message)
    except Exception as exc:  # a defect of ours must not stop the batch: name it and go on
        row = failed_row("", f"{Path(path).name}：内部错误 {exc.__class__.__name__}: {exc}（请把此文件报告给维护者）")
    else:
        row, files = _outputs(pkg, folder, ruleset, template, review_to_dict)
        findings = pkg.all_findings()
        result.update({
            "kind": pkg.kind, "kind_name": KIND_NAMES.get(pkg.kind, pkg.kind), "files": files,
            "findings": [f.model_dump(mode="json") for f in pkg.findings], "missing": pkg.missing,
            "summary": {"total": len(findings), "by_severity": row["counts"]},
        })
    result["failures"] = row["failures"]
    shutil.rmtree(scratch, ignore_errors=True)
    (folder / "result.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return row


def _outputs(pkg, folder: Path, ruleset, template, review_to_dict) -> tuple[dict, list[dict]]:
    """result.json's file entries, an HTML report per reviewed document, a draft letter per main one."""
    from reviewer.package.model import ROLES
    from reviewer.report.html import render_html

    failures, files, used = [], [], set()
    for fr in pkg.files:
        if fr.review is not None:
            fr.review.file = fr.member.name  # reports name the file as sent, not the work folder a zip was unpacked into
        entry = {"name": fr.member.name, "role": fr.role, "role_name": ROLES.get(fr.role, fr.role), "error": fr.error or None}
        if fr.error:
            failures.append(fr.error)
        if fr.reviewed:
            stem = unique_name(fr.member.name.replace("/", "_").replace("\\", "_"), used)
            entry["report"] = _try(f"{stem}.html", lambda p: p.write_text(render_html(fr.review), encoding="utf-8"), folder, failures, fr.member.name, "网页报告")
            if template is not None and fr.role in MAIN_ROLES:
                entry["opinion"] = _try(f"{stem}-合法性审查意见书（草稿）.docx", lambda p: _draft_letter(fr, pkg, ruleset, template, p), folder, failures, fr.member.name, "意见书草稿")
        if fr.review is not None:  # the documents reviewed, and the evidence read for its facts
            entry["review"] = review_to_dict(fr.review)
        files.append(entry)
    for m in pkg.skipped:
        files.append({"name": m.name, "role": None, "error": m.skipped})
        failures.append(f"{m.name}：{m.skipped}")
    if not files:
        failures.append("送审包中没有文件，请检查是否放错了文件夹")
    findings = pkg.all_findings()
    row = {
        "label": "", "kind": pkg.kind, "files": len(pkg.files) + len(pkg.skipped),
        "counts": {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES},
        "missing": list(pkg.missing), "failures": failures,
        "read": sum(1 for f in pkg.files if f.review is not None), "reviewed": sum(1 for f in pkg.files if f.reviewed),
    }
    return row, files


def unique_name(stem: str, used: set) -> str:
    name, n = stem, 2
    while name in used:
        name, n = f"{stem}-{n}", n + 1
    used.add(name)
    return name


def _try(name: str, write, folder: Path, failures: list, member: str, what: str) -> str | None:
    try:
        write(folder / name)
        return name
    except Exception as exc:  # one report failing must not cost the package's other results
        failures.append(f"{member}：{what}未能生成（{exc.__class__.__name__}: {exc}）")
        return None


def _draft_letter(fr, pkg, ruleset, template, path: Path) -> None:
    import datetime as dt

    from reviewer.case import CaseInfo
    from reviewer.package.model import ROLES
    from reviewer.report.opinion import build_letter
    from reviewer.report.opinion_docx import render_docx

    received = [ROLES.get(f.role, f.member.name) for f in pkg.files if f.review is not None]
    info = CaseInfo(materials=list(dict.fromkeys(received)), missing=list(pkg.missing))
    number = f"{template['series']}〔{dt.date.today().year}〕  号"  # a draft: no number is taken
    render_docx(build_letter(fr.review, ruleset, info, template, number), str(path))
