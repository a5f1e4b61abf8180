"""One SQLite file (WAL) for the office's records.

Numbers are assigned inside an IMMEDIATE transaction, so two reviewers issuing
letters at the same moment never get the same number, and a number once given is
never given again (even if the letter is later withdrawn).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from contextlib import closing
from pathlib import Path

from reviewer.errors import UsageError

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS number_series (
    series TEXT NOT NULL,           -- 机关代字, e.g. 宣司审
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,          -- the last sequence number given
    PRIMARY KEY (series, year)
);
CREATE TABLE IF NOT EXISTS opinions (
    id INTEGER PRIMARY KEY,
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    number TEXT NOT NULL UNIQUE,    -- 宣司审〔2026〕3号
    document TEXT NOT NULL,         -- the reviewed file
    title TEXT NOT NULL,
    unit TEXT,                      -- 送审单位
    conclusion TEXT,
    issued_on TEXT NOT NULL,        -- ISO date
    created_at TEXT NOT NULL,
    UNIQUE (series, year, seq)
);
"""


def default_db_path() -> Path:
    env = os.environ.get("REVIEWER_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("reviewer")) / "reviewer.db"


def format_number(series: str, year: int, seq: int) -> str:
    return f"{series}〔{year}〕{seq}号"


class Store:
    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else default_db_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(self._connect()) as conn:
                conn.execute("BEGIN IMMEDIATE")
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    conn.execute(statement)
                conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
                conn.execute("COMMIT")
        except (sqlite3.DatabaseError, OSError) as exc:
            raise UsageError(f"无法打开登记数据库 {self.path}（{exc}）；可用 --db 指定其他位置") from None

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA busy_timeout=30000")
        # Switching to WAL needs a moment alone with the file; when several
        # reviewers open a new store at once, wait for the others instead of failing.
        for attempt in range(50):
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError:
                if attempt == 49:
                    raise
                time.sleep(0.1)
        return conn

    def issue_opinion_number(self, series: str, year: int, *, document: str, title: str, unit: str | None, conclusion: str | None, issued_on: dt.date) -> str:
        """Take the next number of the series for the year and record the letter, atomically."""
        with closing(self._connect()) as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute("SELECT last FROM number_series WHERE series=? AND year=?", (series, year)).fetchone()
                seq = (row[0] if row else 0) + 1
                conn.execute(
                    "INSERT INTO number_series(series, year, last) VALUES (?, ?, ?) ON CONFLICT(series, year) DO UPDATE SET last=excluded.last",
                    (series, year, seq),
                )
                number = format_number(series, year, seq)
                conn.execute(
                    "INSERT INTO opinions(series, year, seq, number, document, title, unit, conclusion, issued_on, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (series, year, seq, number, document, title, unit, conclusion, issued_on.isoformat(), dt.datetime.now().isoformat(timespec="seconds")),
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return number

    def opinions(self, year: int | None = None) -> list[dict]:
        with closing(self._connect()) as conn:
            conn.row_factory = sqlite3.Row
            sql = "SELECT * FROM opinions" + (" WHERE year=?" if year else "") + " ORDER BY series, year, seq"
            return [dict(r) for r in conn.execute(sql, (year,) if year else ())]
