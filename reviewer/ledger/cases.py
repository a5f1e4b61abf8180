"""The review ledger's cases (审查台账, issue 11): one case per submission, on the one store.

A case takes its own number (案号) from a configured series, in the year of receipt,
inside one write transaction, as the register's numbers are taken. Nothing is
deleted: a change of status, a return for missing materials, an attached document or
number is an event with the fields before and after, so `case show` tells the whole
story and the year's statistics are plain queries over the tables.
"""

from __future__ import annotations

import datetime as dt
import json
from contextlib import closing

from reviewer.errors import UsageError
from reviewer.register import db
from reviewer.register.documents import _next_seq, _transaction
from reviewer.register.store import Store, _now, format_number, parse_number

KINDS = ("合同", "招标文件", "规范性文件", "重大行政决策", "其他")
STATUS_NAMES = {"reviewing": "审核中", "returned": "退回补充", "closed": "已办结"}
STATUS_CODES = {v: k for k, v in STATUS_NAMES.items()}
EVENT_NAMES = {
    "opened": "收件立案", "returned": "退回补充材料", "completed": "材料齐全", "reviewed": "审查文件",
    "opinion": "登记意见书编号", "register": "登记规范性文件文号", "closed": "办结", "reopened": "重新办理", "noted": "程序提示",
}
FIELD_NAMES = {
    "number": "案号", "unit": "送审单位", "kind": "类别", "title": "送审事项", "received_on": "收件日期",
    "complete_on": "材料齐全日期", "due_on": "要求完成日期", "status": "状态", "closed_on": "办结日期",
    "opinion_number": "意见书编号", "register_number": "登记文号", "missing": "缺少的材料", "note": "备注", "created_at": "登记时间",
}
EVENT_FIELD_NAMES = {**FIELD_NAMES, "document": "文件", "point": "审查要点"}
DEFAULT_CODE = "宣法审"


def case_code() -> str:
    """The configured 代字 (rules/series.toml [register] case_code)."""
    from reviewer.register.series import load_series

    return load_series().registry.case_code


def parse_case_number(text: str) -> str:
    try:
        return parse_number(text)
    except UsageError:
        raise UsageError(f"无法识别案号“{text}”，请写作 宣法审〔2026〕12号（方括号、圆括号也可）") from None


def split_items(text: str | list[str] | None) -> list[str]:
    """“起草说明、制定依据；征求意见情况” -> three items (顿号, commas, semicolons or lines)."""
    if text is None:
        return []
    raw = text if isinstance(text, list) else [text]
    out = []
    for part in raw:
        for item in str(part).replace("；", "、").replace(";", "、").replace("，", "、").replace(",", "、").replace("\n", "、").split("、"):
            if item.strip() and item.strip() not in out:
                out.append(item.strip())
    return out


def _iso(d) -> str | None:
    return d.isoformat() if isinstance(d, dt.date) else d or None


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def _event(conn, number: str, event: str, changes: dict | None = None, reason: str | None = None) -> None:
    conn.execute(
        "INSERT INTO case_events(case_number, event, at, changes, reason) VALUES (?,?,?,?,?)",
        (number, event, _now(), json.dumps(changes, ensure_ascii=False) if changes else None, reason),
    )


def _row(conn, number: str) -> dict:
    rows = db.dicts(conn.execute("SELECT * FROM cases WHERE number=?", (number,)))
    if not rows:
        raise UsageError(f"台账中没有案号 {number}；可用 reviewer case list 查看已登记的案件")
    return rows[0]


def _update(conn, old: dict, new: dict, event: str, reason: str | None = None) -> None:
    """Write the changed fields and one event carrying each [before, after]."""
    changed = {k: v for k, v in new.items() if old.get(k) != v}
    if changed:
        conn.execute(f"UPDATE cases SET {', '.join(f'{k}=?' for k in changed)} WHERE number=?", (*changed.values(), old["number"]))
    _event(conn, old["number"], event, {k: [old.get(k), v] for k, v in changed.items()} or None, reason)


def _check_kind(kind: str) -> str:
    kind = (kind or "").strip()
    if kind not in KINDS:
        raise UsageError(f"--kind：类别“{kind}”无法识别，应为 {'、'.join(KINDS)} 之一")
    return kind


def _order(earlier: dt.date | None, later: dt.date | None, a: str, b: str) -> None:
    if earlier and later and later < earlier:
        raise UsageError(f"日期先后有误：{b}（{later.isoformat()}）早于{a}（{earlier.isoformat()}），请核对")


def open_case(store: Store, *, unit: str, kind: str, received: dt.date, due: dt.date | None = None, complete: dt.date | None = None,
              title: str | None = None, missing: list[str] | None = None, note: str | None = None, code: str | None = None) -> dict:
    """Open a case. Materials count as complete on the day of receipt unless `complete`
    says otherwise or `missing` lists what is lacking (then the case starts 退回补充)."""
    unit = (unit or "").strip()
    if not unit:
        raise UsageError("--unit：请写明送审单位，如 --unit 县教育局")
    kind = _check_kind(kind)
    if received is None:
        raise UsageError("--received：请写明收件日期，如 --received 2026-03-02")
    missing = split_items(missing)
    if missing and complete:
        raise UsageError("材料不齐全（--missing）的案件没有材料齐全日期：补齐后用 reviewer case complete 登记")
    complete = None if missing else complete or received
    _order(received, complete, "收件日期", "材料齐全日期")
    _order(received, due, "收件日期", "要求完成日期")
    series = (code or case_code()).strip()
    with _transaction(store) as conn:
        seq = _next_seq(conn, series, received.year, "cases")
        number = format_number(series, received.year, seq)
        rec = {
            "number": number, "series": series, "year": received.year, "seq": seq, "unit": unit, "kind": kind,
            "title": (title or "").strip() or None, "received_on": _iso(received), "complete_on": _iso(complete), "due_on": _iso(due),
            "status": "returned" if missing else "reviewing", "missing": "、".join(missing) or None, "note": note or None, "created_at": _now(),
        }
        conn.execute(f"INSERT INTO cases({', '.join(rec)}) VALUES ({', '.join('?' * len(rec))})", list(rec.values()))
        _event(conn, number, "opened", {k: [None, v] for k, v in rec.items() if v is not None and k not in ("series", "year", "seq", "created_at")})
        if missing:
            _event(conn, number, "returned", {"missing": [None, rec["missing"]]})
    return get_case(store, number)


def get_case(store: Store, number: str) -> dict:
    """One case with its documents (each with its findings), case-level findings and events."""
    number = parse_case_number(number)
    with closing(store._connect()) as conn:
        out = _row(conn, number)
        docs = db.dicts(conn.execute("SELECT * FROM case_documents WHERE case_number=? ORDER BY id", (number,)))
        findings = db.dicts(conn.execute("SELECT id, document_id, rule, point, severity FROM case_findings WHERE case_number=? ORDER BY id", (number,)))
        out["events"] = db.dicts(conn.execute("SELECT event, at, changes, reason FROM case_events WHERE case_number=? ORDER BY id", (number,)))
    for d in docs:
        d["findings"] = [f for f in findings if f["document_id"] == d["id"]]
    out["documents"] = docs
    out["case_findings"] = [f for f in findings if f["document_id"] is None]
    out["findings"] = findings
    for e in out["events"]:
        e["changes"] = json.loads(e["changes"]) if e["changes"] else None
    return out


def return_case(store: Store, number: str, missing, reason: str | None = None) -> dict:
    """退回补充: the list of what is missing; the review clock stops (complete_on cleared,
    its old value kept in the event)."""
    number = parse_case_number(number)
    items = split_items(missing)
    if not items:
        raise UsageError("退回补充须写明缺少的材料：请用 --missing \"起草说明、制定依据\"")
    with _transaction(store) as conn:
        old = _row(conn, number)
        if old["status"] == "closed":
            raise UsageError(f"案件 {number} 已于 {old['closed_on']} 办结，不能退回；如需重新办理请先用 reviewer case reopen")
        _update(conn, old, {"status": "returned", "missing": "、".join(items), "complete_on": None}, "returned", reason)
    return get_case(store, number)


def complete_case(store: Store, number: str, on: dt.date) -> dict:
    """Materials complete on `on`: back to 审核中, and the review clock starts that day."""
    number = parse_case_number(number)
    if on is None:
        raise UsageError("--date：请写明材料齐全的日期，如 --date 2026-03-05")
    with _transaction(store) as conn:
        old = _row(conn, number)
        if old["status"] == "closed":
            raise UsageError(f"案件 {number} 已于 {old['closed_on']} 办结，不能再登记材料齐全")
        if old["status"] != "returned" and old["complete_on"]:
            raise UsageError(f"案件 {number} 的材料已于 {old['complete_on']} 齐全，无需再次登记")
        _order(_date(old["received_on"]), on, "收件日期", "材料齐全日期")
        # `missing` stays as the record of what had to be asked for (the statistics count it)
        _update(conn, old, {"status": "reviewing", "complete_on": on.isoformat()}, "completed")
    return get_case(store, number)


def close_case(store: Store, number: str, on: dt.date, opinion: str | None = None) -> dict:
    number = parse_case_number(number)
    opinion = parse_number(opinion) if opinion else None
    with _transaction(store) as conn:
        old = _row(conn, number)
        if old["status"] == "closed":
            raise UsageError(f"案件 {number} 已于 {old['closed_on']} 办结，无需再次办结")
        if old["status"] == "returned":
            raise UsageError(f"案件 {number} 正在退回补充（缺少{old['missing']}）：材料补齐后用 reviewer case complete 登记，再办结")
        _order(_date(old["received_on"]), on, "收件日期", "办结日期")
        _order(_date(old["complete_on"]), on, "材料齐全日期", "办结日期")
        new = {"status": "closed", "closed_on": on.isoformat()}
        if opinion:
            new["opinion_number"] = opinion
        _update(conn, old, new, "closed")
    return get_case(store, number)


def reopen_case(store: Store, number: str, reason: str | None = None) -> dict:
    number = parse_case_number(number)
    with _transaction(store) as conn:
        old = _row(conn, number)
        if old["status"] != "closed":
            raise UsageError(f"案件 {number} 尚未办结（{STATUS_NAMES[old['status']]}），无需重新办理")
        _update(conn, old, {"status": "reviewing", "closed_on": None}, "reopened", reason)
    return get_case(store, number)


def set_opinion(store: Store, number: str, opinion: str) -> dict:
    number, opinion = parse_case_number(number), parse_number(opinion)
    with _transaction(store) as conn:
        old = _row(conn, number)
        _update(conn, old, {"opinion_number": opinion}, "opinion")
    return get_case(store, number)


def set_register(store: Store, number: str, doc_number: str) -> dict:
    """The normative document's 文号 in the filing register (REG.ND)."""
    from reviewer.register.documents import parse_doc_number

    number, doc_number = parse_case_number(number), parse_doc_number(doc_number, "--register")[0]
    with _transaction(store) as conn:
        old = _row(conn, number)
        _update(conn, old, {"register_number": doc_number}, "register")
    return get_case(store, number)


def attach_document(store: Store, number: str, *, path: str, sha256: str | None, title: str | None, kind: str | None,
                    findings: list[dict], role: str | None = None) -> int:
    """One reviewed document and one case_findings row per finding (rule, point, severity).
    The same file with the same bytes is attached once: a batch run again, or a letter
    re-issued, must not count its findings twice in the year's statistics."""
    number = parse_case_number(number)
    with _transaction(store) as conn:
        old = _row(conn, number)
        if old["status"] == "closed":
            raise UsageError(f"案件 {number} 已于 {old['closed_on']} 办结，不能再附审查文件；如需重新办理请先用 reviewer case reopen")
        if sha256:
            same = conn.execute("SELECT id FROM case_documents WHERE case_number=? AND path=? AND sha256=?", (number, path, sha256)).fetchone()
            if same:
                return same[0]
        conn.execute(
            "INSERT INTO case_documents(case_number, path, sha256, title, kind, role, reviewed_at) VALUES (?,?,?,?,?,?,?)",
            (number, path, sha256, title, kind, role, _now()),
        )
        doc_id = conn.execute("SELECT MAX(id) FROM case_documents WHERE case_number=?", (number,)).fetchone()[0]
        for f in findings:
            conn.execute("INSERT INTO case_findings(case_number, document_id, rule, point, severity) VALUES (?,?,?,?,?)",
                         (number, doc_id, f["rule"], f.get("point"), f["severity"]))
        _event(conn, number, "reviewed", {"document": [None, path]}, f"{len(findings)} 项审查意见")
    return doc_id


def attach_review(store: Store, number: str, rv, sha256: str | None = None, role: str | None = None) -> int:
    """A `reviewer.api.check_file` Review attached with its findings."""
    from pathlib import Path

    if sha256 is None and Path(rv.file).is_file():
        import hashlib

        sha256 = hashlib.sha256(Path(rv.file).read_bytes()).hexdigest()
    return attach_document(
        store, number, path=str(Path(rv.file).resolve()) if Path(rv.file).exists() else rv.file, sha256=sha256,
        title=rv.facts.title or None, kind=rv.facts.get("kind"), role=role,
        findings=[{"rule": f.rule, "point": f.point, "severity": f.severity} for f in rv.findings],
    )


def add_case_findings(store: Store, number: str, findings: list[dict], reason: str) -> None:
    """Findings of the submission itself (routing, substitution, a package's missing materials
    and cross-document checks), not of one document: document_id NULL."""
    number = parse_case_number(number)
    if not findings:
        return
    with _transaction(store) as conn:
        _row(conn, number)
        for f in findings:
            conn.execute("INSERT INTO case_findings(case_number, document_id, rule, point, severity) VALUES (?,?,?,?,?)",
                         (number, None, f["rule"], f.get("point"), f["severity"]))
        _event(conn, number, "noted", {"point": [None, "、".join(sorted({f.get("point") or f["rule"] for f in findings}))]}, reason)


def list_cases(store: Store, *, open_only: bool = False, overdue: dt.date | None = None, unit: str | None = None,
               kind: str | None = None, year: int | None = None, status: str | None = None) -> list[dict]:
    """`overdue`: the day to judge by; a case is overdue when its due date is before it and it is not closed."""
    where, args = [], []
    if open_only:
        where.append("status<>'closed'")
    if overdue:
        where.append("status<>'closed' AND due_on IS NOT NULL AND due_on<?")
        args.append(overdue.isoformat())
    if unit:
        where.append("unit LIKE ?")
        args.append(f"%{unit.strip()}%")
    if kind:
        where.append("kind=?")
        args.append(_check_kind(kind))
    if year:
        where.append("year=?")
        args.append(year)
    if status:
        if status not in STATUS_CODES:
            raise UsageError(f"--status：状态“{status}”无法识别，应为 {'、'.join(STATUS_CODES)} 之一")
        where.append("status=?")
        args.append(STATUS_CODES[status])
    sql = "SELECT * FROM cases" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY year, series, seq"
    with closing(store._connect()) as conn:
        return db.dicts(conn.execute(sql, args))
