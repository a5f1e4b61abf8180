"""One SQLite file (WAL), or one PostgreSQL database, for the office's records.

Numbers are assigned inside an IMMEDIATE transaction, so two reviewers issuing
letters at the same moment never get the same number, and a number once given is
never given again: a withdrawn letter's number is voided (作废) and stays recorded.
Every issue, re-issue and void is kept as an event, so `numbers show` tells the
whole story of a number.

The same file holds the filing register of normative documents (schema v3; the code
is in `documents` and `series`), so one backup keeps every record of the office.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from contextlib import closing
from pathlib import Path

from reviewer.errors import UsageError
from reviewer.register import db
from reviewer.register.schema import BASE as _BASE  # tests build old stores from it
from reviewer.register.schema import MIGRATIONS as _MIGRATIONS
from reviewer.register.schema import SCHEMA_VERSION

STATUS_NAMES = {"issued": "有效", "void": "作废"}
EVENT_NAMES = {"issued": "取号出具", "reissued": "沿用原编号重新出具", "voided": "作废"}
# Short names for messages and the register; the letter's own wording is in rules/opinion.toml.
CONCLUSION_NAMES = {
    "lawful": "未发现违法内容",
    "partial": "审查范围内未发现违法内容",
    "amend": "修改完善后办理",
    "unlawful": "不合法",
    "template": "范本未填写完整",
}


def default_db_path() -> Path:
    env = os.environ.get("REVIEWER_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("reviewer")) / "reviewer.db"


def default_target() -> Path | str:
    """REVIEWER_DB as given (a file, or a postgresql:// URL), else the user data file."""
    env = os.environ.get("REVIEWER_DB")
    return env if env and db.is_url(env) else default_db_path()


def format_number(series: str, year: int, seq: int) -> str:
    return f"{series}〔{year}〕{seq}号"


_NUMBER = re.compile(r"(?P<series>[^\s〔\[（(【［]+?)[〔\[（(【［](?P<year>\d{4})[〕\]）)】］]第?(?P<seq>\d+)号?")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def parse_number(text: str) -> str:
    """宣司审[2026]3号, 宣司审(2026)3号, 宣司审〔2026〕第3号 … -> 宣司审〔2026〕3号."""
    m = _NUMBER.fullmatch(re.sub(r"\s+", "", str(text).translate(_FULL_WIDTH_DIGITS)))
    if not m:
        raise UsageError(f"无法识别编号“{text}”，请写作 宣司审〔2026〕3号（方括号、圆括号也可）")
    return format_number(m["series"], int(m["year"]), int(m["seq"]))


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


class Store:
    """The office's records in one SQLite file, or on a PostgreSQL server when `path`
    (or REVIEWER_DB) is a postgresql:// URL; `db` hides the difference."""

    def __init__(self, path: Path | str | None = None):
        target = path if path else default_target()
        if isinstance(target, Path) and re.match(r"postgres(?:ql)?:/(?!/)", str(target), re.IGNORECASE):
            # Path("postgresql://…") folds the "//"; a URL wrapped in Path by a caller
            # must still reach the server, not become a SQLite file named "postgresql:".
            target = str(target).replace(":/", "://", 1)
        # `path` names the file (SQLite); on PostgreSQL it is the URL without its password,
        # for messages. `target` is what `_connect` opens.
        self.target = target if db.is_url(target) else Path(target)
        self.path = db.shown(target) if db.is_url(target) else self.target
        self.dialect = "postgresql" if db.is_url(target) else "sqlite"
        try:
            if self.dialect == "sqlite":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(self._connect()) as conn:
                # One write transaction, so two processes opening a new store never both migrate.
                conn.begin_write()
                try:
                    self._migrate(conn)
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
        except (sqlite3.DatabaseError, OSError) as exc:
            raise UsageError(f"无法打开登记数据库 {self.path}（{exc}）；可用 --db 指定其他位置") from None
        except Exception as exc:
            if type(exc).__module__.split(".")[0] != "psycopg":
                raise
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise UsageError(f"无法打开登记数据库 {self.path}（{first}）；请核对该用户在数据库中有建表权限，或用 --db 指定其他数据库") from None

    def _migrate(self, conn) -> None:
        for statement in filter(str.strip, _BASE.split(";")):
            conn.execute(statement)
        conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '1')")
        version = int(conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise UsageError(f"登记数据库 {self.path} 由更新版本的 reviewer 创建（第{version}版），请升级 reviewer 后再用")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in filter(str.strip, _MIGRATIONS[target].split(";")):
                conn.execute(statement)
            conn.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(target),))

    def _connect(self):
        """A new connection (sqlite3-like, see `db`); the caller closes it."""
        return db.connect(self.target)

    def schema_version(self) -> int:
        with closing(self._connect()) as conn:
            return int(conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0])

    def issue_opinion_number(self, series: str, year: int, *, document: str, title: str, unit: str | None, conclusion: str | None, issued_on: dt.date, sha256: str | None = None, output: str | None = None) -> str:
        """Take the next number of the series for the year and record the letter, atomically."""
        return self.assign_opinion_number(series, year, document=document, title=title, unit=unit, conclusion=conclusion, issued_on=issued_on, sha256=sha256, output=output, reuse=False)[0]

    def assign_opinion_number(self, series: str, year: int, *, document: str, title: str, unit: str | None, conclusion: str | None, issued_on: dt.date, sha256: str | None, output: str | None, reuse: bool = True) -> tuple[str, bool]:
        """The number for this letter and whether it was reused.

        With `reuse`, a valid number already given to the same file (path and sha256)
        for the same unit in the series and year is given again (a number's year is
        the year on the letter, so a letter dated in another year takes a new
        number); otherwise the next number is
        taken. Both happen in one IMMEDIATE transaction, so two runs at once for the
        same file cannot take two numbers."""
        with closing(self._connect()) as conn:
            conn.begin_write()
            try:
                row = None
                if reuse and sha256:
                    row = conn.execute(
                        "SELECT number FROM opinions WHERE series=? AND year=? AND document=? AND sha256=? AND unit IS ? AND status='issued' ORDER BY id DESC LIMIT 1",
                        (series, year, document, sha256, unit),
                    ).fetchone()
                if row:
                    number, reused = row[0], True
                    conn.execute("UPDATE opinions SET output=?, conclusion=? WHERE number=?", (output, conclusion, number))
                else:
                    number, reused = self._take(conn, series, year, document, title, unit, conclusion, issued_on, sha256, output), False
                conn.execute(
                    "INSERT INTO opinion_events(number, event, at, output, conclusion, issued_on) VALUES (?,?,?,?,?,?)",
                    (number, "reissued" if reused else "issued", _now(), output, conclusion, issued_on.isoformat()),
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return number, reused

    @staticmethod
    def _take(conn, series, year, document, title, unit, conclusion, issued_on, sha256, output) -> str:
        row = conn.execute("SELECT last FROM number_series WHERE series=? AND year=?", (series, year)).fetchone()
        seq = (row[0] if row else 0) + 1
        conn.execute(
            "INSERT INTO number_series(series, year, last) VALUES (?, ?, ?) ON CONFLICT(series, year) DO UPDATE SET last=excluded.last",
            (series, year, seq),
        )
        number = format_number(series, year, seq)
        conn.execute(
            "INSERT INTO opinions(series, year, seq, number, document, title, unit, conclusion, issued_on, created_at, sha256, output) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (series, year, seq, number, document, title, unit, conclusion, issued_on.isoformat(), _now(), sha256, output),
        )
        return number

    def void(self, number: str, reason: str) -> dict:
        """Mark a number 作废 with the reason and the time; it stays recorded and is never given again."""
        number = parse_number(number)
        reason = (reason or "").strip()
        if not reason:
            raise UsageError("作废编号须写明原因：请用 --reason 说明（如 --reason \"送审单位撤回\"）")
        with closing(self._connect()) as conn:
            conn.begin_write()
            try:
                row = conn.execute("SELECT status, voided_at FROM opinions WHERE number=?", (number,)).fetchone()
                if row is None:
                    raise UsageError(f"登记簿中没有编号 {number}；可用 reviewer numbers list 查看已登记的编号")
                if row[0] == "void":
                    raise UsageError(f"编号 {number} 已于 {row[1].replace('T', ' ')} 作废，无需再次作废")
                now = _now()
                conn.execute("UPDATE opinions SET status='void', void_reason=?, voided_at=? WHERE number=?", (reason, now, number))
                conn.execute("INSERT INTO opinion_events(number, event, at, reason) VALUES (?,?,?,?)", (number, "voided", now, reason))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return self.opinion(number)

    def opinion(self, number: str) -> dict:
        """One number with all its fields and its history (`events`)."""
        number = parse_number(number)
        with closing(self._connect()) as conn:
            rows = db.dicts(conn.execute("SELECT * FROM opinions WHERE number=?", (number,)))
            if not rows:
                raise UsageError(f"登记簿中没有编号 {number}；可用 reviewer numbers list 查看已登记的编号")
            out = rows[0]
            out["events"] = db.dicts(conn.execute("SELECT event, at, output, conclusion, issued_on, reason FROM opinion_events WHERE number=? ORDER BY id", (number,)))
            out["same_document"] = [r[0] for r in conn.execute("SELECT number FROM opinions WHERE document=? AND number<>? ORDER BY id", (out["document"], number))]
        return out

    def opinions(self, year: int | None = None, series: str | None = None) -> list[dict]:
        where, args = [], []
        if year:
            where.append("year=?")
            args.append(year)
        if series:
            where.append("series=?")
            args.append(series)
        sql = "SELECT * FROM opinions" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY series, year, seq"
        with closing(self._connect()) as conn:
            return db.dicts(conn.execute(sql, args))
