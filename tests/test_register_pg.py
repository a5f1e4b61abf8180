"""The same register on PostgreSQL (--db postgresql://…): writers at once still get
distinct consecutive numbers, the schema and its migrations are SQLite's, the CLI works
unchanged, a backup is a SQLite file, and a server that cannot be reached is one
Chinese line.

Needs a server: REVIEWER_TEST_PG=postgresql://user:password@host/db (a database the
tests may create schemas in; each test gets its own schema, dropped afterwards). Unset,
these tests skip; with REVIEWER_REQUIRE_PG=1 (as .ci/run sets it) they fail instead.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import uuid
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from urllib.parse import urlsplit, urlunsplit

import pytest
from conftest import in_process_cli
from test_numbers import CASE, SOURCE, _assign
from test_register import KILLED, NOTICE, _one_line_error, eight_writers_at_once

from reviewer.register import db
from reviewer.register import documents as register
from reviewer.register.store import _BASE, SCHEMA_VERSION, Store

PG = os.environ.get("REVIEWER_TEST_PG", "")
REQUIRE = os.environ.get("REVIEWER_REQUIRE_PG") == "1"


def _admin():
    """A connection to the test server, or a skip (a failure when the server is required)."""
    give_up = pytest.fail if REQUIRE else pytest.skip
    if not PG:
        give_up("REVIEWER_TEST_PG is not set: no PostgreSQL server to test the shared register on (.ci/run starts one)")
    try:
        import psycopg
    except ImportError:
        give_up("psycopg is not installed (pip install -e '.[test]')")
    try:
        return psycopg.connect(PG, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        give_up(f"PostgreSQL at {db.shown(PG)} cannot be reached: {exc}")


def _in_schema(url: str, schema: str) -> str:
    parts = urlsplit(url)
    query = "&".join(filter(None, [parts.query, f"options=-csearch_path%3D{schema}"]))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


@pytest.fixture
def pg():
    """The URL of a fresh, empty schema of the test database (dropped afterwards)."""
    admin = _admin()
    schema = f"reviewer_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield _in_schema(PG, schema)
    finally:
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()


@pytest.fixture
def run(capsys, monkeypatch, tmp_path, pg):
    """`reviewer …` in this process, the register given only by REVIEWER_DB=postgresql://…"""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REVIEWER_DB", pg)
    monkeypatch.setenv("COLUMNS", "160")
    return in_process_cli(capsys)


def _count(url: str, sql: str):
    with closing(db.connect(url)) as conn:
        return conn.execute(sql).fetchone()[0]


# ------------------------------------------------------------ writers at once

def test_eight_writers_at_once_get_400_distinct_consecutive_numbers(pg):
    eight_writers_at_once(pg)


def _issue(url: str) -> list[str]:
    store = Store(url)
    return [store.issue_opinion_number("宣司审", 2026, document=f"/x/{i}.docx", title="《x》", unit="宣汉县教育局", conclusion="amend", issued_on=dt.date(2026, 5, 1)) for i in range(10)]


def test_opinion_numbers_at_once_are_distinct_and_reissues_share_one(pg):
    with ProcessPoolExecutor(max_workers=4) as pool:
        got = [n for batch in pool.map(_issue, [pg] * 4) for n in batch]
    assert sorted(got) == sorted(f"宣司审〔2026〕{i}号" for i in range(1, 41))
    with ProcessPoolExecutor(max_workers=4) as pool:
        reissued = list(pool.map(_assign, [pg] * 12))  # the same file and unit, 12 runs at once
    assert {n for n, _ in reissued} == {"宣司审〔2026〕41号"} and sum(not r for _, r in reissued) == 1
    assert len(Store(pg).opinion("宣司审〔2026〕41号")["events"]) == 12


def test_writer_killed_mid_transaction_loses_only_its_own_work(pg):
    proc = subprocess.Popen([sys.executable, "-c", KILLED, pg], stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    try:
        assert proc.stdout.readline().strip() == "in-transaction"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    store = Store(pg)  # the server rolled the dead writer back and released its lock
    assert _count(pg, "SELECT COUNT(*) FROM document_events") == 1
    assert _count(pg, "SELECT last FROM number_series WHERE series='宣府规'") == 1
    rec = register.add(store, {"title": "之后的办法"}, series="宣府规", year=2026, reg_code="宣规登")
    assert rec["number"] == "宣府规〔2026〕2号" and rec["reg_no"] == "宣规登〔2026〕2号"


# ------------------------------------------------------------ schema and migrations

def _columns_pg(url: str) -> dict[str, list[str]]:
    with closing(db.connect(url)) as conn:
        rows = conn.execute("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position").fetchall()
    out: dict[str, list[str]] = {}
    for table, column in rows:
        out.setdefault(table, []).append(column)
    return out


def _columns_sqlite(path) -> dict[str, list[str]]:
    with closing(sqlite3.connect(path)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: [c[1] for c in conn.execute(f"PRAGMA table_info({t})")] for t in tables}


def _open(url: str) -> int:
    return Store(url).schema_version()


def test_empty_database_migrated_once_by_openers_at_once_to_sqlites_schema(pg, tmp_path):
    with ProcessPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(_open, [pg] * 4)) == [SCHEMA_VERSION] * 4
    assert _count(pg, "SELECT COUNT(*) FROM meta") == 1
    Store(tmp_path / "r.db")
    assert _columns_pg(pg) == _columns_sqlite(tmp_path / "r.db")
    assert Store(pg).schema_version() == SCHEMA_VERSION  # re-open: nothing to do


def test_version_1_database_migrates_with_its_opinion_numbers(pg):
    with closing(db.connect(pg)) as conn:
        for statement in filter(str.strip, _BASE.split(";")):
            conn.execute(statement)
        conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '1')")
        conn.execute("INSERT INTO number_series VALUES ('宣司审', 2026, 3)")
        conn.execute(
            "INSERT INTO opinions(series, year, seq, number, document, title, unit, conclusion, issued_on, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            ("宣司审", 2026, 3, "宣司审〔2026〕3号", "a.docx", "《甲》", "宣汉县教育局", "amend", "2026-02-01", "2026-02-01T09:00:00"),
        )
    store = Store(pg)
    assert store.schema_version() == SCHEMA_VERSION
    rec = store.opinion("宣司审〔2026〕3号")
    assert rec["status"] == "issued" and [e["event"] for e in rec["events"]] == ["issued"]
    assert store.issue_opinion_number("宣司审", 2026, document="b.docx", title="《乙》", unit=None, conclusion="amend", issued_on=dt.date(2026, 3, 1)) == "宣司审〔2026〕4号"
    with closing(db.connect(pg)) as conn:
        conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    with pytest.raises(Exception, match="更新版本"):
        Store(pg)


# ------------------------------------------------------------ the CLI, unchanged

@pytest.fixture
def doc(tmp_path):
    f = tmp_path / "绿化管理办法.txt"
    f.write_text(NOTICE.format(number="宣府规〔2026〕3号"), encoding="utf-8")
    return f


def test_register_commands_on_postgresql(run, doc, tmp_path, pg):
    r = run("register", "add", doc, "--yes", "--db", pg)
    assert r.code == 0 and "已登记 宣府规〔2026〕3号" in r.out, r.err
    for issued, series in (("2026-4-2", "宣府办规"), ("2025-6-1", "宣教规")):
        assert run("register", "add", doc, "--series", series, "--issued", issued, "--yes").code == 0
    rows = json.loads(run("register", "list", "-f", "json").out)
    assert [x["number"] for x in rows] == ["宣教规〔2025〕1号", "宣府办规〔2026〕1号", "宣府规〔2026〕3号"]  # SQLite's order
    assert [x["number"] for x in json.loads(run("register", "list", "--year", "2026", "--status", "现行有效", "-f", "json").out)] == ["宣府办规〔2026〕1号", "宣府规〔2026〕3号"]
    assert "共 3 件" in run("register", "list").out
    assert [x["number"] for x in json.loads(run("register", "search", "宣教规", "2025", "-f", "json").out)] == ["宣教规〔2025〕1号"]
    assert "没有符合条件" in run("register", "search", "100%").out  # a literal % is searched for, not a wildcard
    assert run("register", "status", "宣府规(2026)3号", "废止", "--by", "宣府规〔2027〕1号", "--date", "2027-1-1").code == 0
    assert run("register", "void", "宣府办规〔2026〕1号", "--reason", "取号错误").code == 0
    _one_line_error(run("register", "void", "宣府办规〔2026〕1号", "--reason", "再次"), "已作废")
    _one_line_error(run("register", "add", doc, "--number", "宣府办规〔2026〕1号", "--yes"), "已作废", "REG.ND.NUMBER_UNIQUE")
    assert "宣府办规〔2026〕2号" in run("register", "add", doc, "--series", "宣府办规", "--issued", "2026-5-1", "--yes").out
    shown = run("register", "show", "宣府规〔2026〕3号").out
    assert "现行有效 → 废止" in shown and "宣府规〔2027〕1号" in shown
    rec = json.loads(run("register", "show", "宣府办规〔2026〕1号", "-f", "json").out)
    assert rec["status"] == "void" and [e["event"] for e in rec["events"]] == ["registered", "voided"]
    # export, then import into another fresh database on the server, field for field
    assert "已导出 4 件" in run("register", "export", tmp_path / "登记簿.xlsx").out
    admin = _admin()
    other = f"reviewer_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE SCHEMA "{other}"')
    try:
        target = _in_schema(PG, other)
        r = run("register", "import", tmp_path / "登记簿.xlsx", "--db", target)
        assert r.code == 0 and "导入 4 件" in r.out, r.err
        keep = [k for k, _ in register.FIELDS]
        assert [{k: x[k] for k in keep} for x in register.documents(Store(target))] == [{k: x[k] for k in keep} for x in register.documents(Store(pg))]
        _one_line_error(run("register", "import", tmp_path / "登记簿.xlsx", "--db", target), "第2行", "已登记")
        assert len(register.documents(Store(target))) == 4  # all or nothing
    finally:
        admin.execute(f'DROP SCHEMA "{other}" CASCADE')
        admin.close()


def test_numbers_on_postgresql(run, tmp_path, pg):
    contract = tmp_path / "合同.txt"
    contract.write_text(SOURCE.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("opinion", contract, "-o", "1.docx", *CASE, "--db", pg).code == 0
    assert run("opinion", contract, "-o", "1b.docx", *CASE).code == 0  # re-issue keeps the number
    assert run("opinion", contract, "-o", "2.docx", *CASE, "--new-number").code == 0
    assert run("numbers", "void", "宣司审〔2026〕1号", "--reason", "送审单位撤回", "--db", pg).code == 0
    rows = json.loads(run("numbers", "list", "-f", "json").out)
    assert [(x["number"], x["status"]) for x in rows] == [("宣司审〔2026〕1号", "void"), ("宣司审〔2026〕2号", "issued")]
    r = run("numbers", "show", "宣司审[2026]1号")
    history = r.out[r.out.index("历史："):]
    assert history.index("取号出具") < history.index("沿用原编号重新出具") < history.index("作废，原因：送审单位撤回")
    r = run("numbers", "void", "宣司审(2026)1号", "--reason", "再次作废")
    assert r.code == 2 and "已于" in r.err and "Traceback" not in r.err


def test_backup_is_a_sqlite_copy_of_every_table(run, doc, tmp_path, pg):
    assert run("register", "add", doc, "--yes").code == 0
    assert run("register", "void", "宣府规〔2026〕3号", "--reason", "取号错误").code == 0
    Store(pg).issue_opinion_number("宣司审", 2026, document="a.docx", title="《甲》", unit=None, conclusion="amend", issued_on=dt.date(2026, 3, 1))
    with closing(db.connect(pg)) as conn:
        conn.execute("INSERT INTO filings(number, filed_with, filed_on, created_at) VALUES (?,?,?,?)", ("宣府规〔2026〕3号", "达州市人民政府", "2026-03-20", "2026-03-20T09:00:00"))
    r = run("register", "backup", tmp_path / "备份.db")
    assert r.code == 0 and "已备份" in r.out, r.err
    assert not urlsplit(PG).password or urlsplit(PG).password not in r.out
    with closing(sqlite3.connect(tmp_path / "备份.db")) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    copy = Store(tmp_path / "备份.db")
    assert copy.schema_version() == SCHEMA_VERSION
    for table in _columns_pg(pg):
        with closing(db.connect(pg)) as src, closing(sqlite3.connect(tmp_path / "备份.db")) as dst:
            assert [tuple(x) for x in src.execute(f"SELECT * FROM {table} ORDER BY 1")] == dst.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall(), table
    assert register.get(copy, "宣府规〔2026〕3号")["status"] == "void"
    _one_line_error(run("register", "backup", tmp_path / "备份.db"), "已存在")


# ------------------------------------------------------------ errors: one Chinese line

def _with_password(url: str, password: str) -> str:
    parts = urlsplit(url)
    user = parts.netloc.rsplit("@", 1)[0].split(":", 1)[0] if "@" in parts.netloc else os.environ.get("USER", "postgres")
    return urlunsplit((parts.scheme, f"{user}:{password}@{parts.netloc.rsplit('@', 1)[-1]}", parts.path, parts.query, ""))


def test_server_errors_are_one_chinese_line_without_the_password(run, pg, monkeypatch):
    host = urlsplit(PG).netloc.rsplit("@", 1)[-1]
    refused = "postgresql://reviewer:s3cret-pw@127.0.0.1:1/reviewer"
    for url, words in (
        (refused, ["postgresql://reviewer@127.0.0.1:1/reviewer", "服务器无法访问"]),
        ("postgresql://reviewer:s3cret-pw@localhost/x?foo=bar", ["写法不对", "postgresql://用户名:密码@"]),
        (_in_schema(PG.rsplit("/", 1)[0] + "/no_such_db_here", "x"), ["没有这个数据库"]),
    ):
        r = run("register", "list", "--db", url)
        _one_line_error(r, *words)
        assert "s3cret-pw" not in r.err
    wrong = _with_password(PG, "s3cret-pw")
    try:
        import psycopg

        psycopg.connect(wrong, connect_timeout=10).close()
        trusted = True  # the server lets this user in without a password: nothing to refuse
    except psycopg.Error:
        trusted = False
    if not trusted:
        r = run("numbers", "list", "--db", wrong)
        _one_line_error(r, host.split(":")[0], "用户名或密码不对")
        assert "s3cret-pw" not in r.err
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the driver were not installed
    _one_line_error(run("register", "list"), "psycopg", "pip install")


def test_translation_keeps_literals_and_percent_signs():
    sql = "SELECT '?' , x FROM t WHERE a IS ? AND b LIKE ? AND c = '100%' -- ? in a comment"
    assert db.translate(sql, True) == "SELECT '?' , x FROM t WHERE a IS NOT DISTINCT FROM %s AND b ILIKE %s AND c = '100%%'"
    assert db.translate("INSERT OR IGNORE INTO meta(key, value) VALUES ('v', '1')", False) == "INSERT INTO meta(key, value) VALUES ('v', '1') ON CONFLICT DO NOTHING"
    assert db.translate("-- before\nCREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT)", False) == '\nCREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, s TEXT COLLATE "C")'
    assert db.shown("postgresql://u:pw@h:5/d?password=pw&sslmode=require") == "postgresql://u@h:5/d?sslmode=require"


def test_server_lost_mid_command_is_one_line_and_keeps_nothing(run, doc, pg, monkeypatch):
    real = register._event

    def killed(conn, *a, **k):
        real(conn, *a, **k)
        conn.execute("SELECT pg_terminate_backend(pg_backend_pid())")  # as if the server restarted here

    monkeypatch.setattr(register, "_event", killed)
    _one_line_error(run("register", "add", doc, "--yes"), "连接中断", "没有保存")
    monkeypatch.setattr(register, "_event", real)
    assert register.documents(Store(pg)) == []
    assert "宣府规〔2026〕3号" in run("register", "add", doc, "--yes").out


def test_a_url_wrapped_in_path_still_reaches_the_server(pg, tmp_path, monkeypatch):
    from pathlib import Path

    monkeypatch.chdir(tmp_path)
    assert Store(Path(pg)).dialect == "postgresql" and not (tmp_path / "postgresql:").exists()


def test_publication_filing_due_annual_and_check_on_postgresql(run, doc, tmp_path, pg):
    assert run("register", "add", doc, "--yes").code == 0
    number = "宣府规〔2026〕3号"
    assert run("register", "published", number, "--date", "2026-3-5", "--via", "门户网站").code == 0
    assert run("register", "file", number, "--with", "达州市人民政府", "--date", "2026-3-20", "--items", "备案报告").code == 0
    r = run("register", "due", "--date", "2026-4-10", "-f", "json")
    items = json.loads(r.out)
    assert r.code == 1 and {(i["point"], i["severity"]) for i in items} >= {("REG.ND.FILING_DEADLINE", "必须修改"), ("REG.ND.FILING_PACKAGE", "提示")}
    assert "宣汉县人大常委会" in next(i["problem"] for i in items if i["point"] == "REG.ND.FILING_DEADLINE")
    assert [e["event"] for e in json.loads(run("register", "show", number, "-f", "json").out)["events"]] == ["registered", "published", "filed"]
    assert run("register", "annual", "2026", "--out", tmp_path / "目录.csv").code == 0
    assert number in (tmp_path / "目录.csv").read_text(encoding="utf-8-sig")
    other = tmp_path / "other.txt"
    other.write_text(doc.read_text(encoding="utf-8").replace("绿化", "停车"), encoding="utf-8")
    found = json.loads(run("check", other, "--register", "-f", "json", "--exit-zero").out)["findings"]
    assert "REG.ND.NUMBER_UNIQUE" in [f["rule"] for f in found]


def test_review_ledger_case_on_postgresql(run, tmp_path, pg):
    """A case opened, returned (with its notice), completed and closed on the server, every
    change an event; the case number comes from number_series like the others."""
    from docx import Document

    from reviewer.ledger import cases

    assert run("case", "new", "--unit", "县教育局", "--kind", "规范性文件", "--received", "2026-02-10", "--due", "2026-02-25").code == 0
    assert run("case", "new", "--unit", "县财政局", "--kind", "合同", "--received", "2026-02-11").code == 0
    number = "宣法审〔2026〕1号"
    r = run("case", "return", number, "--missing", "起草说明、制定依据", "-o", "通知.docx")
    assert r.code == 0, r.err
    assert "1.起草说明" in "\n".join(p.text for p in Document(tmp_path / "通知.docx").paragraphs)
    r = run("case", "complete", number, "--date", "2026-02-12")
    assert r.code == 0 and "只有4个工作日" in r.out  # the Spring Festival counted on the server's data too
    assert run("case", "close", number, "--opinion", "宣司审〔2026〕3号", "--date", "2026-02-25").code == 0
    rec = cases.get_case(Store(pg), number)
    assert (rec["status"], rec["complete_on"], rec["closed_on"], rec["opinion_number"]) == ("closed", "2026-02-12", "2026-02-25", "宣司审〔2026〕3号")
    assert [e["event"] for e in rec["events"]] == ["opened", "returned", "completed", "closed"]
    assert [r["number"] for r in cases.list_cases(Store(pg), open_only=True)] == ["宣法审〔2026〕2号"]
    assert "无需再次办结" in run("case", "close", number).err
    assert _count(pg, "SELECT last FROM number_series WHERE series='宣法审' AND year=2026") == 2
