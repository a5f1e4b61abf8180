"""Publication, filing and expiry of registered normative documents (catalogue 3.4).

A document is filed (报送备案) with each body its series names (a county government's
with the city government and with the county congress), within `filing_days` of its
publication (REG.ND.FILING_DEADLINE), with the materials `filing_items` lists
(REG.ND.FILING_PACKAGE). `due` turns the register into the list a clerk works from:
what is overdue, what falls due soon, what was never published, what expires soon,
and whether last year's list went up (REG.ND.ANNUAL_LIST).
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import closing

from reviewer.errors import UsageError
from reviewer.register import db
from reviewer.register.documents import _event, _row, _transaction, get, parse_doc_number
from reviewer.register.series import RegisterConfig, Series

MUST, SHOULD, NOTE = "必须修改", "建议修改", "提示"
_LIVE = ("in_force", "amended")  # documents still to be published, filed and kept current
_SPLIT = re.compile(r"[、，,；;\s]+")


def bodies(text: str | None) -> list[str]:
    """'达州市人民政府、宣汉县人大常委会' -> both bodies, in order."""
    return [b for b in _SPLIT.split(text or "") if b]


def filings(store, number: str) -> list[dict]:
    number = parse_doc_number(number, "文号")[0]
    with closing(store._connect()) as conn:
        return db.dicts(conn.execute("SELECT filed_with, filed_on, filing_no, items, created_at FROM filings WHERE number=? ORDER BY filed_on, id", (number,)))


def record_publication(store, number: str, on: dt.date, via: str, url: str | None = None) -> dict:
    """公布日期 and 公布载体 (政府公报、门户网站…), kept as an event like every change."""
    number = parse_doc_number(number, "文号")[0]
    via = (via or "").strip()
    if not via:
        raise UsageError("--via：请写明公布载体，如 --via \"宣汉县人民政府门户网站\" 或 --via \"县政府公报2026年第3期\"")
    with _transaction(store) as conn:
        old = _row(conn, number)
        if old["status"] == "void":
            raise UsageError(f"文号 {number} 已作废，不能记录公布")
        if old["written_on"] and on.isoformat() < old["written_on"]:
            raise UsageError(f"公布日期 {on} 早于成文日期 {old['written_on']}，请核对")
        new = {"published_on": on.isoformat(), "published_via": via, "published_url": (url or "").strip() or None}
        conn.execute("UPDATE documents SET published_on=?, published_via=?, published_url=? WHERE number=?", (*new.values(), number))
        _event(conn, number, "published", {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v})
    return get(store, number)


def record_filing(store, number: str, filed_with: str, on: dt.date, *, filing_no: str | None = None, items: list[str] | None = None) -> dict:
    """One filing with one body; the document's 备案日期/备案机关 show the filings so far."""
    number = parse_doc_number(number, "文号")[0]
    filed_with = (filed_with or "").strip()
    if not filed_with:
        raise UsageError("--with：请写明备案机关，如 --with 达州市人民政府")
    with _transaction(store) as conn:
        old = _row(conn, number)
        if old["status"] == "void":
            raise UsageError(f"文号 {number} 已作废，无需备案")
        if old["published_on"] and on.isoformat() < old["published_on"]:
            raise UsageError(f"报送备案日期 {on} 早于公布日期 {old['published_on']}，请核对")
        if conn.execute("SELECT 1 FROM filings WHERE number=? AND filed_with=?", (number, filed_with)).fetchone():
            raise UsageError(f"{number} 已向{filed_with}报送备案，无需重复登记（可用 reviewer register show {number} 查看）")
        conn.execute(
            "INSERT INTO filings(number, filed_with, filed_on, filing_no, items, created_at) VALUES (?,?,?,?,?,?)",
            (number, filed_with, on.isoformat(), (filing_no or "").strip() or None, "、".join(items or []) or None, dt.datetime.now().isoformat(timespec="seconds")),
        )
        all_with = [r[0] for r in conn.execute("SELECT filed_with FROM filings WHERE number=? ORDER BY filed_on, id", (number,)).fetchall()]
        new = {"filed_on": on.isoformat(), "filed_with": "、".join(all_with)}
        conn.execute("UPDATE documents SET filed_on=?, filed_with=? WHERE number=?", (*new.values(), number))
        _event(conn, number, "filed", {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}, "、".join(items or []) or None)
    return get(store, number)


def _item(kind: str, severity: str, doc: dict, problem: str, deadline: dt.date | None = None) -> dict:
    return {"point": kind, "severity": severity, "number": doc.get("number", ""), "title": doc.get("title", ""), "problem": problem, "deadline": deadline.isoformat() if deadline else None}


def due(store, conf: RegisterConfig, series: list[Series], today: dt.date, within: int = 30, annual_done: bool | None = None) -> list[dict]:
    """Everything the register says needs doing, most urgent first."""
    required = {s.code: bodies(s.filed_with) for s in series}
    with closing(store._connect()) as conn:
        docs = db.dicts(conn.execute("SELECT * FROM documents ORDER BY year, series, seq"))
        filed: dict[str, list[dict]] = {}
        for f in db.dicts(conn.execute("SELECT number, filed_with, filed_on, items FROM filings ORDER BY id")):
            filed.setdefault(f["number"], []).append(f)
    out = []
    for d in docs:
        if d["status"] not in _LIVE:
            continue
        out.extend(_publication(d, today))
        out.extend(_filing(d, filed.get(d["number"], []), required.get(d["series"]) or bodies(d["filed_with"]), conf, today, within))
        out.extend(_expiry(d, today, within))
    out.extend(_annual(conf, today, annual_done))
    rank = {MUST: 0, SHOULD: 1, NOTE: 2}
    return sorted(out, key=lambda i: (rank[i["severity"]], i["deadline"] or "9999", i["number"]))


def _publication(d: dict, today: dt.date) -> list[dict]:
    if d["published_on"]:
        return []
    effective = _date(d["effective_on"])
    if effective and effective <= today:
        return [_item("REG.ND.PUBLISH", MUST, d, f"已于{effective}施行，但登记簿中没有公布日期和公布载体：未经公布的不得作为行政管理依据", effective)]
    return [_item("REG.ND.PUBLISH", NOTE, d, "尚未记录公布日期和公布载体，请在施行前公布并登记（reviewer register published）", effective)]


def _filing(d: dict, done: list[dict], required: list[str], conf: RegisterConfig, today: dt.date, within: int) -> list[dict]:
    published = _date(d["published_on"])
    out = []
    if published:
        deadline = published + dt.timedelta(days=conf.filing_days)
        filed_with = {f["filed_with"] for f in done}
        for body in required or ([] if done else ["备案机关"]):
            if body in filed_with:
                continue
            who = "" if body == "备案机关" else f"向{body}"
            if today > deadline:
                out.append(_item("REG.ND.FILING_DEADLINE", MUST, d, f"公布于{published}，应于{deadline}前{who}报送备案，已逾期{(today - deadline).days}日", deadline))
            elif (deadline - today).days <= within:
                out.append(_item("REG.ND.FILING_DEADLINE", NOTE, d, f"公布于{published}，应于{deadline}前{who}报送备案，还有{(deadline - today).days}日", deadline))
        for f in done:
            if f["filed_on"] > deadline.isoformat():
                out.append(_item("REG.ND.FILING_DEADLINE", NOTE, d, f"于{f['filed_on']}向{f['filed_with']}报送备案，超过公布后{conf.filing_days}日的期限", deadline))
    for f in done:
        missing = [i for i in conf.filing_items if i not in bodies(f["items"])]
        if missing:
            out.append(_item("REG.ND.FILING_PACKAGE", NOTE, d, f"向{f['filed_with']}报送的备案材料未记录{'、'.join(missing)}，请核对是否齐全", None))
    return out


def _expiry(d: dict, today: dt.date, within: int) -> list[dict]:
    expires = _date(d["expires_on"])
    if not expires:
        return [_item("DATE.ND_VALIDITY_WINDOW", NOTE, d, "登记簿中没有有效期，请核对文件并补录（reviewer register show 查看）")] if d["status"] == "in_force" else []
    if expires < today:
        return [_item("DATE.ND_VALIDITY_WINDOW", SHOULD, d, f"有效期已于{expires}届满，状态仍为现行有效：请评估后重新制发，或登记为失效（reviewer register status … 失效 --by \"有效期届满\"）", expires)]
    if (expires - today).days <= within:
        return [_item("DATE.ND_VALIDITY_WINDOW", NOTE, d, f"有效期至{expires}，还有{(expires - today).days}日届满：需要继续施行的，请在届满前评估并重新制发", expires)]
    return []


def _annual(conf: RegisterConfig, today: dt.date, done: bool | None) -> list[dict]:
    """The previous year's list is due in January; say so until it has been written."""
    if done or done is None or today.month != 1:
        return []
    deadline = dt.date(today.year, 1, conf.annual_list_due)
    doc = {"number": "", "title": f"{today.year - 1}年度规范性文件目录"}
    if today > deadline:
        return [_item("REG.ND.ANNUAL_LIST", NOTE, doc, f"应于{deadline}前报送，尚未生成（reviewer register annual {today.year - 1} --out 目录.xlsx）", deadline)]
    return [_item("REG.ND.ANNUAL_LIST", NOTE, doc, f"请于{deadline}前报送（reviewer register annual {today.year - 1} --out 目录.xlsx）", deadline)]


ANNUAL_COLUMNS = ["序号", "文件名称", "文号", "制定机关", "公布日期", "施行日期", "有效期至", "备案日期", "备案机关", "状态", "备注"]


def annual_rows(store, year: int) -> list[dict]:
    """The year's list in the customary columns: every document numbered or published that
    year, voided numbers left out (they are not documents)."""
    y = str(year)
    with closing(store._connect()) as conn:
        docs = db.dicts(conn.execute("SELECT * FROM documents WHERE status<>'void' AND (year=? OR published_on LIKE ?) ORDER BY series, year, seq", (year, y + "-%")))
    from reviewer.register.documents import STATUS_NAMES

    return [
        {"序号": i, "文件名称": d["title"], "文号": d["number"], "制定机关": d["issuer"] or "", "公布日期": d["published_on"] or "", "施行日期": d["effective_on"] or "",
         "有效期至": d["expires_on"] or "", "备案日期": d["filed_on"] or "", "备案机关": d["filed_with"] or "", "状态": STATUS_NAMES.get(d["status"], d["status"]), "备注": d["note"] or ""}
        for i, d in enumerate(docs, 1)
    ]


def mark_annual(store, year: int) -> None:
    """Remember that the year's list was written, so `due` stops reminding."""
    with _transaction(store) as conn:
        key = f"annual_list:{year}"
        if conn.execute("SELECT 1 FROM meta WHERE key=?", (key,)).fetchone():
            conn.execute("UPDATE meta SET value=? WHERE key=?", (dt.date.today().isoformat(), key))
        else:
            conn.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (key, dt.date.today().isoformat()))


def annual_done(store, year: int) -> bool:
    with closing(store._connect()) as conn:
        return conn.execute("SELECT 1 FROM meta WHERE key=?", (f"annual_list:{year}",)).fetchone() is not None


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
