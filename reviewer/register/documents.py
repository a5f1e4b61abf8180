"""The filing register of 行政规范性文件 (catalogue sections 3.4 and 6) on the one store.

A 文号 is registered once (REG.ND.NUMBER_UNIQUE): a number taken from a series is the
next after every number the series has given or registered that year, inside one
write transaction (see `db.begin_write`), so writers at once never share or reuse a number. Nothing is
deleted: a number taken by mistake is voided (作废) and stays; a change of status
(废止/失效/已修改) is an event with the fields before and after.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from reviewer.errors import UsageError
from reviewer.register import db
from reviewer.register.store import _FULL_WIDTH_DIGITS, _NUMBER, Store, _now, format_number

# Fields as the register shows them; CSV and XLSX head their columns with the Chinese names.
FIELDS = [
    ("reg_no", "登记编号"), ("number", "文号"), ("title", "文件名称"), ("issuer", "制定机关"),
    ("written_on", "成文日期"), ("published_on", "公布日期"), ("published_via", "公布载体"), ("published_url", "公布网址"),
    ("effective_on", "施行日期"), ("expires_on", "有效期至"),
    ("status", "状态"), ("status_by", "状态依据"), ("status_on", "状态变更日期"),
    ("opinion_number", "合法性审查意见书编号"), ("filed_on", "备案日期"), ("filed_with", "备案机关"),
    ("path", "文件路径"), ("sha256", "文件SHA256"), ("note", "备注"), ("created_at", "登记时间"),
]
HEADERS = dict(FIELDS)
DATE_FIELDS = ("written_on", "published_on", "effective_on", "expires_on", "status_on", "filed_on")
STATUS_NAMES = {"in_force": "现行有效", "amended": "已修改", "repealed": "废止", "expired": "失效", "void": "作废"}
STATUS_CODES = {v: k for k, v in STATUS_NAMES.items()}
EVENT_NAMES = {"registered": "登记", "imported": "导入", "status": "状态变更", "voided": "作废", "published": "公布", "filed": "报送备案"}
_COLUMNS = [k for k, _ in FIELDS if k not in ("number",)]


def parse_doc_number(text: str, origin: str = "--number") -> tuple[str, str, int, int]:
    """宣府规[2026]3号, 宣府规（2026）第3号 … -> ('宣府规〔2026〕3号', '宣府规', 2026, 3)."""
    m = _NUMBER.fullmatch(re.sub(r"\s+", "", str(text).translate(_FULL_WIDTH_DIGITS)))
    if not m or int(m["seq"]) == 0:
        raise UsageError(f"{origin}：无法识别文号“{text}”，请写作 宣府规〔2026〕3号（方括号、圆括号也可）")
    series, year, seq = m["series"], int(m["year"]), int(m["seq"])
    return format_number(series, year, seq), series, year, seq


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value or None


def _event(conn, number: str, event: str, changes: dict | None = None, reason: str | None = None) -> None:
    conn.execute(
        "INSERT INTO document_events(number, event, at, changes, reason) VALUES (?,?,?,?,?)",
        (number, event, _now(), json.dumps(changes, ensure_ascii=False) if changes else None, reason),
    )


def _transaction(store: Store):
    """A write transaction on a fresh connection (SQLite: BEGIN IMMEDIATE; PostgreSQL: the
    writers' advisory lock): commit on success, roll back on anything else."""

    class _Tx:
        def __enter__(self):
            self.conn = store._connect()
            try:
                self.conn.begin_write()
            except BaseException:
                self.conn.close()
                raise
            return self.conn

        def __exit__(self, kind, exc, tb):
            try:
                self.conn.execute("COMMIT" if kind is None else "ROLLBACK")
            finally:
                self.conn.close()
            return False

    return _Tx()


def _refuse_duplicate(conn, number: str, where: str = "") -> None:
    row = conn.execute("SELECT reg_no, title, status FROM documents WHERE number=?", (number,)).fetchone()
    if row:
        void = "（已作废，作废的文号也不再使用）" if row[2] == "void" else ""
        raise UsageError(f"{where + '：' if where else ''}文号 {number} 已登记{void}（登记编号 {row[0]}，《{row[1]}》）：同一文号不得重复登记（REG.ND.NUMBER_UNIQUE），请核对文号或用 --series 取新号")


def _next_seq(conn, series: str, year: int, table: str = "documents") -> int:
    """After every number the series gave or `table` (documents, cases) holds that year,
    voided ones included; inside the caller's write transaction."""
    assert table in ("documents", "cases")  # a table name, never input
    last = conn.execute("SELECT last FROM number_series WHERE series=? AND year=?", (series, year)).fetchone()
    top = conn.execute(f"SELECT MAX(seq) FROM {table} WHERE series=? AND year=?", (series, year)).fetchone()
    seq = max(last[0] if last else 0, top[0] or 0) + 1
    conn.execute(
        "INSERT INTO number_series(series, year, last) VALUES (?, ?, ?) ON CONFLICT(series, year) DO UPDATE SET last=excluded.last",
        (series, year, seq),
    )
    return seq


def _take_reg_no(conn, code: str, year: int) -> str:
    while True:
        reg_no = format_number(code, year, _next_seq(conn, code, year))
        if not conn.execute("SELECT 1 FROM documents WHERE reg_no=?", (reg_no,)).fetchone():
            return reg_no


def add(store: Store, record: dict, *, series: str | None = None, year: int | None = None, reg_code: str = "规登", event: str = "registered") -> dict:
    """Register one document. With `series`, its next number for `year` is taken;
    otherwise record['number'] (as typed) is registered if no one has it yet."""
    rec = {k: _iso(record.get(k)) for k in _COLUMNS if k not in ("created_at",)}
    rec["status"] = record.get("status") or "in_force"
    with _transaction(store) as conn:
        if series:
            seq = _next_seq(conn, series, year)
            number = format_number(series, year, seq)
            _refuse_duplicate(conn, number)
        else:
            number, series, year, seq = parse_doc_number(record["number"], record.get("_origin", "--number"))
            _refuse_duplicate(conn, number)
        if rec.get("reg_no"):
            if conn.execute("SELECT 1 FROM documents WHERE reg_no=?", (rec["reg_no"],)).fetchone():
                raise UsageError(f"登记编号 {rec['reg_no']} 已被其他文件使用，请核对")
        else:
            rec["reg_no"] = _take_reg_no(conn, reg_code, year)
        rec["created_at"] = record.get("created_at") or _now()
        cols = ["number", "series", "year", "seq", *rec]
        conn.execute(
            f"INSERT INTO documents({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            [number, series, year, seq, *rec.values()],
        )
        _event(conn, number, event)
    return get(store, number)


def import_rows(store: Store, rows: list[dict], *, reg_code: str, origin: str) -> int:
    """All rows or none: a bad row names the file and row, and nothing is imported."""
    with _transaction(store) as conn:
        for index, row in rows:
            where = f"{origin} 第{index}行"
            if not row.get("number"):
                raise UsageError(f"{where}：缺少“文号”")
            if not row.get("title"):
                raise UsageError(f"{where}：缺少“文件名称”")
            number, series, year, seq = parse_doc_number(row["number"], where)
            _refuse_duplicate(conn, number, where)
            status = row.get("status") or "现行有效"
            if status not in STATUS_CODES:
                raise UsageError(f"{where}：状态“{status}”无法识别，应为 {'、'.join(STATUS_CODES)} 之一")
            rec = {k: row.get(k) or None for k in _COLUMNS}
            rec["status"] = STATUS_CODES[status]
            if rec.get("reg_no") and conn.execute("SELECT 1 FROM documents WHERE reg_no=?", (rec["reg_no"],)).fetchone():
                raise UsageError(f"{where}：登记编号 {rec['reg_no']} 已被其他文件使用")
            rec["reg_no"] = rec.get("reg_no") or _take_reg_no(conn, reg_code, year)
            rec["created_at"] = (rec.get("created_at") or _now()).replace(" ", "T")
            cols = ["number", "series", "year", "seq", *rec]
            conn.execute(f"INSERT INTO documents({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", [number, series, year, seq, *rec.values()])
            _event(conn, number, "imported", reason=origin)
    return len(rows)


def _row(conn, number: str) -> dict:
    rows = db.dicts(conn.execute("SELECT * FROM documents WHERE number=?", (number,)))
    if not rows:
        raise UsageError(f"登记簿中没有文号 {number}；可用 reviewer register list 或 reviewer register search 查找")
    return rows[0]


def get(store: Store, number: str) -> dict:
    """One registered document with its history (`events`)."""
    number = parse_doc_number(number, "文号")[0]
    with closing(store._connect()) as conn:
        out = _row(conn, number)
        out["events"] = db.dicts(conn.execute("SELECT event, at, changes, reason FROM document_events WHERE number=? ORDER BY id", (number,)))
    for e in out["events"]:
        e["changes"] = json.loads(e["changes"]) if e["changes"] else None
    return out


def set_status(store: Store, number: str, status: str, by: str, on: dt.date) -> dict:
    """废止 / 失效 / 已修改, with the document or note that did it; the old values stay in the history."""
    number = parse_doc_number(number, "文号")[0]
    code = STATUS_CODES.get(status)
    if code not in ("amended", "repealed", "expired"):
        raise UsageError(f"状态“{status}”无法识别：应为 废止、失效 或 已修改（作废请用 reviewer register void）")
    by = (by or "").strip()
    if not by:
        raise UsageError("--by：请写明依据，如 --by 宣府规〔2027〕2号 或 --by \"有效期届满\"")
    with _transaction(store) as conn:
        old = _row(conn, number)
        if old["status"] == "void":
            raise UsageError(f"文号 {number} 已作废，不能再变更状态")
        if old["status"] == code:
            raise UsageError(f"文号 {number} 的状态已是“{status}”（{old['status_on'] or ''} {old['status_by'] or ''}），无需再次变更")
        new = {"status": code, "status_by": by, "status_on": on.isoformat()}
        conn.execute("UPDATE documents SET status=?, status_by=?, status_on=? WHERE number=?", (*new.values(), number))
        _event(conn, number, "status", {k: [old[k], v] for k, v in new.items()})
    return get(store, number)


def void(store: Store, number: str, reason: str) -> dict:
    """A number taken by mistake: 作废 with the reason; it stays and is never given again."""
    number = parse_doc_number(number, "文号")[0]
    reason = (reason or "").strip()
    if not reason:
        raise UsageError("作废文号须写明原因：请用 --reason 说明（如 --reason \"取号错误\"）")
    with _transaction(store) as conn:
        old = _row(conn, number)
        if old["status"] == "void":
            raise UsageError(f"文号 {number} 已作废，无需再次作废")
        conn.execute("UPDATE documents SET status='void', status_by=?, status_on=? WHERE number=?", (reason, dt.date.today().isoformat(), number))
        _event(conn, number, "voided", {"status": [old["status"], "void"]}, reason)
    return get(store, number)


def documents(store: Store, *, year: int | None = None, status: str | None = None, issuer: str | None = None, words: list[str] | None = None) -> list[dict]:
    where, args = [], []
    if year:
        where.append("year=?")
        args.append(year)
    if status:
        if status not in STATUS_CODES:
            raise UsageError(f"--status：状态“{status}”无法识别，应为 {'、'.join(STATUS_CODES)} 之一")
        where.append("status=?")
        args.append(STATUS_CODES[status])
    if issuer:
        where.append("issuer LIKE ?")
        args.append(f"%{issuer.strip()}%")
    for w in words or []:
        w = w.translate(_FULL_WIDTH_DIGITS)
        where.append("(title LIKE ? OR issuer LIKE ? OR number LIKE ? OR reg_no LIKE ?)")
        args.extend([f"%{w}%"] * 4)
    sql = "SELECT * FROM documents" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY year, series, seq"
    with closing(store._connect()) as conn:
        return db.dicts(conn.execute(sql, args))


def backup(store: Store, target: Path) -> None:
    """A consistent copy, written whole or not at all: SQLite's online backup of the file,
    or, from PostgreSQL, every table copied from one snapshot into a new SQLite store of
    the same schema (which `--db 备份.db` then opens like any other)."""
    if target.exists():
        raise UsageError(f"{target} 已存在：备份不会覆盖已有文件，请换一个文件名")
    if not target.parent.is_dir():
        raise UsageError(f"{target}：所在文件夹不存在，请先建立或换一个位置")
    fd, tmp = tempfile.mkstemp(prefix=".reviewer-backup-", suffix=".db", dir=str(target.parent))
    os.close(fd)
    Path(tmp).unlink()
    try:
        if store.dialect == "postgresql":
            _copy_to_sqlite(store, Path(tmp))
        else:
            with closing(store._connect()) as src, closing(sqlite3.connect(tmp)) as dst:
                src.raw.backup(dst)
        shutil.move(tmp, target)
    except BaseException as exc:
        for leftover in (tmp, tmp + "-wal", tmp + "-shm"):
            Path(leftover).unlink(missing_ok=True)
        if isinstance(exc, (OSError, sqlite3.Error)):
            raise UsageError(f"无法写入备份 {target}（{exc}）") from None
        raise


def _copy_to_sqlite(store: Store, tmp: Path) -> None:
    copy = Store(tmp)  # the same schema, migrated to the same version
    with closing(store._connect()) as src, closing(sqlite3.connect(tmp, isolation_level=None)) as dst:
        # One snapshot for every table, so the copy is as consistent as SQLite's backup.
        src.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        dst.execute("BEGIN IMMEDIATE")
        tables = [r[0] for r in dst.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        for table in tables:
            cursor = src.execute(f"SELECT * FROM {table}")
            cols = [c[0] for c in cursor.description]
            dst.execute(f"DELETE FROM {table}")  # meta's schema_version comes from the server too
            dst.executemany(f"INSERT INTO {table}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", [tuple(r) for r in cursor])
        dst.execute("COMMIT")
        src.execute("COMMIT")
    # A single file, like SQLite's own backup: fold the WAL in and leave rollback journalling.
    with closing(sqlite3.connect(tmp, isolation_level=None)) as dst:
        dst.execute("PRAGMA journal_mode=DELETE")
    del copy
