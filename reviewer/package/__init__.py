"""Submission packages (送审材料包): a folder or a .zip of the documents a department
sends. Open it safely, tell each file's role, review the documents under review with
the same function `reviewer check` uses, then check the package as a whole: the
materials it must hold (checklist) and whether its documents agree (crossdoc)."""

from __future__ import annotations

import re
from pathlib import Path

from reviewer.api import Review, review_document
from reviewer.errors import InputError
from reviewer.facts import infer
from reviewer.ingest import load
from reviewer.package.checklist import checklist_finding
from reviewer.package.model import ROLES, FileResult, Member, PackageResult
from reviewer.package.roles import REVIEWED_ROLES, package_kind, role_from_content, role_from_name
from reviewer.package.unpack import open_package

__all__ = ["ROLES", "FileResult", "Member", "PackageResult", "open_package", "read_member", "review_member", "review_package"]


def read_member(member: Member) -> FileResult:
    """One file: read, its facts inferred, its role told (from the name, else the
    content). A file that cannot be read gets one Chinese line instead."""
    by_name = role_from_name(member.name)
    try:
        doc = load(member.path)
        facts = infer(doc)
    except InputError as exc:
        return FileResult(member, by_name or "other", error=_line(member, exc.problem, exc.hint))
    except Exception as exc:  # a broken file must not stop the package
        return FileResult(member, by_name or "other", error=_line(member, f"读取时出错（{exc.__class__.__name__}）", "请用原软件打开后另存，重新送审"))
    head = "\n".join(b.text for b in doc.blocks[:8])
    role = by_name or role_from_content(facts.title, head, facts.get("kind"))
    return FileResult(member, role, review=Review(member.path, doc, facts))


def review_member(f: FileResult, ruleset) -> None:
    """Run the rules on a document under review, with the function `reviewer check`
    uses; a file named 合同 whose text reads as nothing in particular is a contract."""
    kind = f.role if f.review.facts.get("kind") == "other" else None
    try:
        f.review = review_document(f.review.doc, ruleset, kind=kind, facts=f.review.facts)
        f.reviewed = True
    except InputError as exc:
        f.error = _line(f.member, exc.problem, exc.hint)
    except Exception as exc:
        f.error = _line(f.member, f"审查时出错（{exc.__class__.__name__}）", "已跳过该文件，请人工审查")


def _line(member: Member, problem: str, hint: str) -> str:
    text = f"{member.name}：{problem}"
    return (text + f"。{hint}" if hint else text).replace("\n", " ")


def review_package(path: str | Path, ruleset, workdir: Path) -> PackageResult:
    """Open the package (folder or .zip) into `workdir`, review each readable
    document, and add the package-level findings (missing materials, documents
    that disagree). Files that fail are reported and the package goes on."""
    if ruleset is None:
        from reviewer.engine.loader import load_rules

        ruleset = load_rules()
    members, skipped = open_package(path, workdir)
    result = PackageResult(str(path), skipped=list(skipped))
    for member in members:
        if member.skipped:
            result.skipped.append(member)
        elif re.search(r"\.facts\.toml$", member.name):
            continue  # a sidecar of stated facts, read with its document
        else:
            result.files.append(read_member(member))
    result.kind = package_kind([f.role for f in result.files])
    # the documents the package is sent for are reviewed; the rest (a contract
    # package's tender, bid, notice…) are evidence read for their facts
    under_review = (result.kind,) if result.kind in REVIEWED_ROLES else REVIEWED_ROLES
    for f in result.files:
        if f.role in under_review and not f.error:
            review_member(f, ruleset)
    from reviewer.package.crossdoc import cross_findings

    result.findings.extend(cross_findings(result, ruleset))
    missing = checklist_finding(result, ruleset)
    if missing is not None:
        result.findings.insert(0, missing)
    return result
