"""The register's one store on SQLite (a file, the default) or PostgreSQL (a URL).

The register code is written once, in SQLite's dialect with `?` placeholders; this
module makes it run unchanged on PostgreSQL, so an office with several reviewers can
share one server instead of one file on a network drive (where SQLite's locks are not
to be trusted). Everything dialect-specific lives here:

- `connect(target)` gives a connection with the sqlite3 calls the register uses
  (`execute` returning a cursor with fetchone/fetchall/iteration and `description`,
  `close`, `row_factory`), and `begin_write()`, which serialises writers: SQLite's
  `BEGIN IMMEDIATE`, on PostgreSQL `BEGIN` plus a transaction-level advisory lock, so
  the numbering code's read-then-write is exactly as safe on both;
- `?` becomes `%s` (a literal `%` is doubled), `IS ?` becomes `IS NOT DISTINCT FROM`,
  `INSERT OR IGNORE` becomes `ON CONFLICT DO NOTHING`, `LIKE` becomes `ILIKE` (SQLite's
  LIKE ignores ASCII case), and in DDL `INTEGER PRIMARY KEY` becomes an identity
  column and TEXT columns sort in byte order (`COLLATE "C"`), as SQLite does, so lists
  come out in the same order on both.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from reviewer.errors import UsageError

# One lock for every writer of a database: the numbering series, the documents and the
# migrations all read-then-write across tables, as SQLite's single writer lock covers.
_WRITE_LOCK = 0x7265766965776572  # "reviewer"
_URL = re.compile(r"^postgres(?:ql)?://", re.IGNORECASE)


def is_url(target) -> bool:
    return isinstance(target, str) and bool(_URL.match(target))


def shown(target) -> str:
    """The database as messages name it: a URL without its password."""
    if not is_url(target):
        return str(target)
    parts = urlsplit(target)
    netloc = parts.netloc.rsplit("@", 1)
    if len(netloc) == 2:
        netloc[0] = netloc[0].split(":", 1)[0]
    query = "&".join(p for p in parts.query.split("&") if p and not p.lower().startswith("password="))
    return urlunsplit((parts.scheme, "@".join(netloc), parts.path, query, ""))


def dicts(cursor) -> list[dict]:
    """Rows as dicts by column name, on either backend (instead of sqlite3.Row)."""
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def connect(target):
    return _PgConnection(target) if is_url(target) else _SqliteConnection(Path(target))


class _SqliteConnection:
    """The sqlite3 connection as the store always opened it; anything else passes through."""

    dialect = "sqlite"

    def __init__(self, path: Path):
        self.raw = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.raw.execute("PRAGMA busy_timeout=30000")
        # Switching to WAL needs a moment alone with the file; when several
        # reviewers open a new store at once, wait for the others instead of failing.
        for attempt in range(50):
            try:
                self.raw.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError:
                if attempt == 49:
                    self.raw.close()
                    raise
                time.sleep(0.1)

    def execute(self, sql: str, args=()):
        return self.raw.execute(sql, args)

    def executemany(self, sql: str, rows):
        return self.raw.executemany(sql, rows)

    def begin_write(self) -> None:
        self.raw.execute("BEGIN IMMEDIATE")

    def close(self) -> None:
        self.raw.close()

    @property
    def row_factory(self):
        return self.raw.row_factory

    @row_factory.setter
    def row_factory(self, factory) -> None:
        self.raw.row_factory = factory

    def __getattr__(self, name):
        return getattr(self.raw, name)


class Row(tuple):
    """A PostgreSQL row that reads like sqlite3.Row: by index, by name, and dict(row)."""

    def __new__(cls, values, names):
        row = super().__new__(cls, values)
        row._names = names
        return row

    def keys(self) -> list[str]:
        return list(self._names)

    def __getitem__(self, key):
        if isinstance(key, str):
            return super().__getitem__(self._names.index(key))
        return super().__getitem__(key)


def _row_factory(cursor):
    names = [c.name for c in cursor.description or ()]
    return lambda values: Row(values, names)


class _PgConnection:
    """psycopg 3 in autocommit mode, so BEGIN/COMMIT/ROLLBACK are explicit as on SQLite."""

    dialect = "postgresql"

    def __init__(self, url: str):
        try:
            import psycopg
        except ImportError:
            raise UsageError(f"登记数据库 {shown(url)} 是 PostgreSQL，但未安装其驱动 psycopg：请运行 pip install 'psycopg>=3.1'（或安装 reviewer[postgres]）") from None
        self._psycopg = psycopg
        self.name = shown(url)
        try:
            params = psycopg.conninfo.conninfo_to_dict(url)
            params.setdefault("connect_timeout", 10)  # an unreachable server fails in seconds, not minutes
            params.setdefault("application_name", "reviewer")
            self.raw = psycopg.connect(autocommit=True, row_factory=_row_factory, **params)
        except psycopg.Error as exc:
            raise UsageError(_connect_error(url, exc, isinstance(exc, psycopg.ProgrammingError))) from None

    def execute(self, sql: str, args=()):
        if re.fullmatch(r"\s*BEGIN\s+IMMEDIATE\s*", sql, re.IGNORECASE):
            self.begin_write()
            return None
        try:
            if args:
                return self.raw.execute(translate(sql, True), [_adapt(a) for a in args])
            return self.raw.execute(translate(sql, False))
        except self._psycopg.IntegrityError as exc:
            # Code written for the SQLite store catches sqlite3's error; keep it working.
            raise sqlite3.IntegrityError(str(exc).strip()) from exc
        except self._psycopg.OperationalError as exc:
            raise self._lost(exc) from None

    def executemany(self, sql: str, rows):
        for row in rows:
            self.execute(sql, row)

    def begin_write(self) -> None:
        try:
            self.raw.execute("BEGIN")
            self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
        except self._psycopg.OperationalError as exc:
            raise self._lost(exc) from None

    def _lost(self, exc) -> UsageError:
        """The server went away or cancelled the work mid-command: what was not committed is not kept."""
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return UsageError(f"登记数据库 {self.name} 连接中断或出错（{first}）：未完成的登记没有保存，请检查服务器后重试")

    def close(self) -> None:
        if not self.raw.closed:
            self.raw.close()

    # Rows are always Row (index, name, dict()); setting sqlite3.Row changes nothing.
    row_factory = None


def _adapt(value):
    """Values as sqlite3's default adapters store them: dates and times as ISO text."""
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# A statement split into string literals, quoted identifiers, comments and the rest.
_TOKENS = re.compile(r"('(?:[^']|'')*')|(\"(?:[^\"]|\"\")*\")|(--[^\n]*)|([^'\"-]+|-)")


def translate(sql: str, with_args: bool) -> str:
    """SQLite's dialect as the register writes it -> PostgreSQL's (psycopg placeholders)."""
    tokens = [t for t in _TOKENS.findall(sql) if not t[2]]  # comments dropped
    # A statement split off a script may start with the comment of the line before it.
    ddl = re.match(r"\s*(CREATE\s+TABLE|ALTER\s+TABLE)\b", "".join("".join(t) for t in tokens), re.IGNORECASE) is not None
    out, ignore = [], False
    for literal, ident, _, code in tokens:
        if literal or ident:
            out.append((literal or ident).replace("%", "%%") if with_args else literal or ident)
            continue
        if re.search(r"\bINSERT\s+OR\s+IGNORE\b", code, re.IGNORECASE):
            code, ignore = re.sub(r"\bINSERT\s+OR\s+IGNORE\b", "INSERT", code, flags=re.IGNORECASE), True
        if ddl:
            code = re.sub(r"\bINTEGER\s+PRIMARY\s+KEY\b", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", code)
            code = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', code)
        code = re.sub(r"\bIS\s+NOT\s+\?", "IS DISTINCT FROM ?", code, flags=re.IGNORECASE)
        code = re.sub(r"\bIS\s+\?", "IS NOT DISTINCT FROM ?", code, flags=re.IGNORECASE)
        code = re.sub(r"\bLIKE\b", "ILIKE", code)
        if with_args:
            code = code.replace("%", "%%").replace("?", "%s")
        out.append(code)
    sql = "".join(out).rstrip()
    return sql + " ON CONFLICT DO NOTHING" if ignore else sql


def _connect_error(url: str, exc: Exception, bad_url: bool) -> str:
    """One Chinese line: which database, what went wrong, what to do (never the password)."""
    name = shown(url)
    text = str(exc)
    if "password authentication failed" in text or "no password supplied" in text:
        return f"无法连接登记数据库 {name}：用户名或密码不对；请核对 --db（或 REVIEWER_DB）中的用户名和密码，或请数据库管理员核实"
    if re.search(r'database ".*" does not exist', text):
        return f"无法连接登记数据库 {name}：服务器上没有这个数据库；请数据库管理员先建立（createdb），或核对 --db 中的数据库名"
    if "role" in text and "does not exist" in text:
        return f"无法连接登记数据库 {name}：服务器上没有这个用户；请核对 --db 中的用户名，或请数据库管理员建立"
    if bad_url or "Servname not supported" in text or "invalid" in text:
        first = text.strip().splitlines()[0] if text.strip() else ""
        return f"登记数据库地址 {name} 写法不对（{first}）；请写作 postgresql://用户名:密码@服务器:端口/数据库名"
    return f"无法连接登记数据库 {name}：服务器无法访问；请确认服务器地址和端口、PostgreSQL 服务已启动且允许本机连接，或用 --db 指定其他数据库"
