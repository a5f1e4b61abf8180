"""The filing register of 行政规范性文件: one number per document, never reused, every
change kept; tables out and back in; an old store upgraded; writers at once and a
writer killed mid-transaction leave it whole; bad input is one Chinese line, exit 2."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing

import pytest

from reviewer.register import documents as register
from reviewer.register.store import SCHEMA_VERSION, Store

NOTICE = """宣汉县人民政府关于印发宣汉县城市绿化管理办法的通知
{number}
各乡镇人民政府，县级各部门：
现将《宣汉县城市绿化管理办法》印发给你们，请认真贯彻执行。
第一条 为加强城市绿化管理，制定本办法。
第二十条 本办法自2026年4月1日起施行。
宣汉县人民政府
2026年3月2日
"""




@pytest.fixture
def doc(tmp_path):
    f = tmp_path / "绿化管理办法.txt"
    f.write_text(NOTICE.format(number="宣府规〔2026〕3号"), encoding="utf-8")
    return f


def _rows(tmp_path, db="r.db") -> list[dict]:
    return register.documents(Store(tmp_path / db))


def _one_line_error(r, *words):
    assert r.code == 2, (r.out, r.err)
    assert "Traceback" not in r.err
    lines = [x for x in r.err.splitlines() if x.startswith("错误：") or x.startswith("用法错误：")]
    assert len(lines) == 1, r.err
    for w in words:
        assert w in lines[0], lines[0]


# ------------------------------------------------------------ add, list, show, search

def test_add_reads_title_number_issuer_and_dates_from_the_document(run, doc, tmp_path):
    r = run("register", "add", doc, "--yes")
    assert r.code == 0, r.err
    assert "已登记 宣府规〔2026〕3号" in r.out
    (rec,) = _rows(tmp_path)
    assert rec["title"] == "宣汉县人民政府关于印发宣汉县城市绿化管理办法的通知"
    assert rec["issuer"] == "宣汉县人民政府"
    assert (rec["written_on"], rec["effective_on"]) == ("2026-03-02", "2026-04-01")
    assert rec["status"] == "in_force" and len(rec["sha256"]) == 64
    assert rec["reg_no"] == "宣规登〔2026〕1号"
    # shown for confirmation before it is registered
    assert "文件名称：宣汉县人民政府关于印发" in r.err and "成文日期：2026-03-02" in r.err


def test_series_takes_the_next_number_and_options_override_the_document(run, doc, tmp_path):
    assert run("register", "add", doc, "--yes").code == 0  # 宣府规〔2026〕3号 from the text
    r = run("register", "add", doc, "--series", "宣府规", "--title", "宣汉县城市绿化管理办法", "--issued", "2026年3月5日", "--published", "2026/3/6", "--expires", "2031-3-31", "--yes")
    assert r.code == 0, r.err
    assert "宣府规〔2026〕4号" in r.out  # after the highest registered number, never a reused one
    rec = register.get(Store(tmp_path / "r.db"), "宣府规[2026]4号")
    assert rec["title"] == "宣汉县城市绿化管理办法"
    assert (rec["written_on"], rec["published_on"], rec["expires_on"]) == ("2026-03-05", "2026-03-06", "2031-03-31")
    assert rec["filed_with"] == "达州市人民政府、宣汉县人大常委会"  # from rules/series.toml
    r = run("register", "add", doc, "--series", "宣教规", "--issued", "2027-1-5", "--yes")
    assert "宣教规〔2027〕1号" in r.out  # per series and per year


def test_validity_period_is_read_and_the_last_day_reckoned(run, tmp_path):
    f = tmp_path / "办法.txt"
    f.write_text(NOTICE.format(number="宣府规〔2026〕7号").replace("起施行。", "起施行，有效期5年。"), encoding="utf-8")
    r = run("register", "add", f, "--yes")
    assert r.code == 0, r.err
    assert _rows(tmp_path)[0]["expires_on"] == "2031-03-31"
    assert "推算" in r.err  # said to the officer, who checks it
    f.write_text(NOTICE.format(number="宣府规〔2026〕8号").replace("起施行。", "起施行，有效期至2028年12月31日。"), encoding="utf-8")
    assert run("register", "add", f, "--yes").code == 0
    assert register.get(Store(tmp_path / "r.db"), "宣府规〔2026〕8号")["expires_on"] == "2028-12-31"
    f.write_text(NOTICE.format(number="宣府规〔2025〕9号"), encoding="utf-8")
    r = run("register", "add", f, "--yes")
    assert r.code == 0 and "文号年份 2025 与成文日期 2026-03-02" in r.err  # warned, still registered as written


def test_confirmation_refused_registers_nothing(run, doc, tmp_path, monkeypatch):
    import click

    monkeypatch.setattr(click, "confirm", lambda *a, **k: False)
    r = run("register", "add", doc)
    assert r.code == 2 and "已中止" in r.err
    assert _rows(tmp_path) == []


@pytest.fixture
def filled(run, doc, tmp_path):
    for issued, series in (("2026-3-2", "宣府规"), ("2026-4-2", "宣府办规"), ("2025-6-1", "宣教规")):
        assert run("register", "add", doc, "--series", series, "--issued", issued, "--issuer", {"宣府规": "宣汉县人民政府", "宣府办规": "宣汉县人民政府办公室", "宣教规": "宣汉县教育局"}[series], "--yes").code == 0
    return run


def test_list_filters_and_formats(filled, tmp_path):
    run = filled
    rows = json.loads(run("register", "list", "-f", "json").out)
    assert [r["number"] for r in rows] == ["宣教规〔2025〕1号", "宣府办规〔2026〕1号", "宣府规〔2026〕1号"]
    assert [r["number"] for r in json.loads(run("register", "list", "--year", "2026", "-f", "json").out)] == ["宣府办规〔2026〕1号", "宣府规〔2026〕1号"]
    assert [r["number"] for r in json.loads(run("register", "list", "--issuer", "教育局", "-f", "json").out)] == ["宣教规〔2025〕1号"]
    out = run("register", "list", "-f", "csv").out
    table = list(csv.DictReader(io.StringIO(out)))
    assert len(table) == 3 and table[0]["状态"] == "现行有效" and table[0]["文号"] == "宣教规〔2025〕1号"
    r = run("register", "list")
    assert r.code == 0 and "共 3 件" in r.out and "宣府办规〔2026〕1号" in r.out
    assert run("register", "status", "宣府规〔2026〕1号", "废止", "--by", "宣府规〔2027〕1号").code == 0
    assert [r["number"] for r in json.loads(run("register", "list", "--status", "废止", "-f", "json").out)] == ["宣府规〔2026〕1号"]
    _one_line_error(run("register", "list", "--status", "有效"), "--status", "现行有效")


def test_search_by_title_issuer_and_number(filled):
    run = filled
    assert len(json.loads(run("register", "search", "绿化", "-f", "json").out)) == 3
    assert [r["number"] for r in json.loads(run("register", "search", "办公室", "-f", "json").out)] == ["宣府办规〔2026〕1号"]
    assert [r["number"] for r in json.loads(run("register", "search", "宣教规", "2025", "-f", "json").out)] == ["宣教规〔2025〕1号"]
    assert "没有符合条件" in run("register", "search", "不存在的词").out


def test_status_and_void_keep_history_and_the_number(filled, doc, tmp_path):
    run = filled
    r = run("register", "status", "宣府规(2026)1号", "已修改", "--by", "宣府规〔2026〕2号", "--date", "2026年6月1日")
    assert r.code == 0, r.err
    assert run("register", "status", "宣府规〔2026〕1号", "废止", "--by", "宣府规〔2027〕1号", "--date", "2027-1-1").code == 0
    rec = register.get(Store(tmp_path / "r.db"), "宣府规〔2026〕1号")
    assert rec["status"] == "repealed" and rec["status_by"] == "宣府规〔2027〕1号" and rec["status_on"] == "2027-01-01"
    assert [e["event"] for e in rec["events"]] == ["registered", "status", "status"]
    assert rec["events"][1]["changes"]["status"] == ["in_force", "amended"]
    assert rec["events"][2]["changes"]["status"] == ["amended", "repealed"]  # the earlier state is kept
    shown = run("register", "show", "宣府规〔2026〕1号").out
    assert "现行有效 → 已修改" in shown and "已修改 → 废止" in shown and "宣府规〔2026〕2号" in shown
    # a number taken by mistake: voided, kept, never given again
    assert run("register", "void", "宣府办规〔2026〕1号", "--reason", "取号错误").code == 0
    r = run("register", "add", doc, "--series", "宣府办规", "--issued", "2026-5-1", "--yes")
    assert "宣府办规〔2026〕2号" in r.out
    voided = register.get(Store(tmp_path / "r.db"), "宣府办规〔2026〕1号")
    assert voided["status"] == "void" and voided["status_by"] == "取号错误"
    _one_line_error(run("register", "add", doc, "--number", "宣府办规〔2026〕1号", "--yes"), "已作废", "REG.ND.NUMBER_UNIQUE")
    _one_line_error(run("register", "void", "宣府办规〔2026〕1号", "--reason", "再次"), "已作废")
    _one_line_error(run("register", "status", "宣府办规〔2026〕1号", "废止", "--by", "x"), "已作废")
    _one_line_error(run("register", "status", "宣府规〔2026〕1号", "废止", "--by", "x"), "已是")
    _one_line_error(run("register", "status", "宣府规〔2026〕1号", "作废", "--by", "x"), "废止、失效 或 已修改")
    _one_line_error(run("register", "void", "宣府规〔2026〕1号", "--reason", " "), "--reason")
    _one_line_error(run("register", "status", "宣府规〔2026〕1号", "失效", "--by", "x", "--date", "2026-13-1"), "--date", "13月")
    _one_line_error(run("register", "show", "宣府规〔2026〕9号"), "没有文号")
    assert len(_rows(tmp_path)) == 4  # nothing deleted


# ------------------------------------------------------------ import, export, backup

@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_round_trip(filled, tmp_path, suffix):
    run = filled
    assert run("register", "status", "宣教规〔2025〕1号", "失效", "--by", "有效期届满", "--date", "2026-6-1").code == 0
    assert run("register", "void", "宣府办规〔2026〕1号", "--reason", "取号错误").code == 0
    out = tmp_path / f"登记簿{suffix}"
    r = run("register", "export", out)
    assert r.code == 0 and "已导出 3 件" in r.out
    if suffix == ".csv":
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    _one_line_error(run("register", "export", out), "已存在", "--force")
    r = run("register", "import", out, "--db", tmp_path / "new.db")
    assert r.code == 0 and "导入 3 件" in r.out, r.err
    keep = [k for k, _ in register.FIELDS]
    before = [{k: x[k] for k in keep} for x in _rows(tmp_path)]
    after = [{k: x[k] for k in keep} for x in _rows(tmp_path, "new.db")]
    assert after == before
    assert register.get(Store(tmp_path / "new.db"), "宣府办规〔2026〕1号")["events"][0]["event"] == "imported"
    # the same table again: every number is already there, so nothing is imported
    _one_line_error(run("register", "import", out, "--db", tmp_path / "new.db"), "第2行", "已登记")
    assert len(_rows(tmp_path, "new.db")) == 3
    # a series continues after imported numbers
    r = run("register", "add", tmp_path / "绿化管理办法.txt", "--series", "宣府规", "--issued", "2026-8-1", "--yes", "--db", tmp_path / "new.db")
    assert "宣府规〔2026〕2号" in r.out


def test_import_is_all_or_nothing_and_names_row_and_column(run, tmp_path):
    bad = tmp_path / "导入.csv"
    bad.write_text("文号,文件名称,施行日期\n宣府规〔2024〕1号,甲办法,2024-1-1\n宣府规〔2024〕2号,乙办法,2024-2-30\n", encoding="utf-8-sig")
    _one_line_error(run("register", "import", bad), "第3行", "施行日期", "2月只有")
    assert not (tmp_path / "r.db").exists() or _rows(tmp_path) == []
    bad.write_text("文号,文件名称,状态\n宣府规〔2024〕1号,甲办法,现行有效\n宣府规〔2024〕1号,甲办法,现行有效\n", encoding="utf-8-sig")
    _one_line_error(run("register", "import", bad), "第3行", "REG.ND.NUMBER_UNIQUE")
    assert _rows(tmp_path) == []
    bad.write_text("文号,标题\n宣府规〔2024〕1号,甲\n", encoding="utf-8-sig")
    _one_line_error(run("register", "import", bad), "不认识的列名", "标题")
    bad.write_bytes("文号,文件名称\n宣府规〔2024〕1号,甲办法\n".encode("gbk"))
    _one_line_error(run("register", "import", bad), "UTF-8")
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    _one_line_error(run("register", "import", broken), "坏.xlsx", ".xlsx")
    _one_line_error(run("register", "import", tmp_path / "表.txt"), ".csv 或 .xlsx")


def test_backup_is_a_consistent_copy(filled, tmp_path):
    run = filled
    r = run("register", "backup", tmp_path / "备份.db")
    assert r.code == 0, r.err
    copy = Store(tmp_path / "备份.db")
    assert [x["number"] for x in register.documents(copy)] == [x["number"] for x in _rows(tmp_path)]
    _one_line_error(run("register", "backup", tmp_path / "备份.db"), "已存在")
    _one_line_error(run("register", "backup", tmp_path / "无此目录" / "b.db"), "文件夹不存在")


# ------------------------------------------------------------ bad input

def test_bad_inputs_are_one_chinese_line(run, doc, tmp_path):
    _one_line_error(run("register", "add", doc, "--series", "宣府x", "--yes"), "--series", "宣府x", "宣府规")
    _one_line_error(run("register", "add", doc, "--series", "宣府规", "--issued", "2026-2-30", "--yes"), "--issued", "2月只有28日")
    _one_line_error(run("register", "add", doc, "--expires", "明年", "--yes"), "--expires", "明年")
    _one_line_error(run("register", "add", doc, "--number", "宣府规2026-3", "--yes"), "--number", "宣府规〔2026〕3号")
    _one_line_error(run("register", "add", tmp_path / "无此文件.docx", "--yes"), "无此文件.docx")
    broken = tmp_path / "损坏.docx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    _one_line_error(run("register", "add", broken, "--series", "宣府规", "--yes"), "损坏.docx")
    _one_line_error(run("register", "add", doc, "--series", "宣府规", "--number", "宣府规〔2026〕3号", "--yes"), "--series", "--number")
    plain = tmp_path / "无文号.txt"
    plain.write_text(NOTICE.format(number=""), encoding="utf-8")
    _one_line_error(run("register", "add", plain, "--yes"), "没有文号", "--series")
    assert run("register", "add", doc, "--yes").code == 0
    _one_line_error(run("register", "add", doc, "--yes"), "宣府规〔2026〕3号", "已登记", "REG.ND.NUMBER_UNIQUE")
    _one_line_error(run("register", "add", doc, "--number", "宣府规[2026]第3号", "--yes"), "已登记")
    _one_line_error(run("register", "list", "--db", tmp_path / "无.db"), "无.db", "--db")
    assert len(_rows(tmp_path)) == 1  # nothing else was written


def test_broken_series_file_names_file_and_key(run, doc, tmp_path, monkeypatch):
    conf = tmp_path / "series.toml"
    conf.write_text('[[series]]\ncode = "宣府规"\nname = "x"\nissuer = "y"\ncolour = "红"\n', encoding="utf-8")
    monkeypatch.setenv("REVIEWER_SERIES", str(conf))
    _one_line_error(run("register", "add", doc, "--series", "宣府规", "--yes"), "series.toml", "colour", "不认识")


# ------------------------------------------------------------ one store, upgraded

V2 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '2');
CREATE TABLE number_series (series TEXT NOT NULL, year INTEGER NOT NULL, last INTEGER NOT NULL, PRIMARY KEY (series, year));
INSERT INTO number_series VALUES ('宣司审', 2026, 3);
CREATE TABLE opinions (id INTEGER PRIMARY KEY, series TEXT NOT NULL, year INTEGER NOT NULL, seq INTEGER NOT NULL, number TEXT NOT NULL UNIQUE,
    document TEXT NOT NULL, title TEXT NOT NULL, unit TEXT, conclusion TEXT, issued_on TEXT NOT NULL, created_at TEXT NOT NULL,
    sha256 TEXT, output TEXT, status TEXT NOT NULL DEFAULT 'issued', void_reason TEXT, voided_at TEXT, UNIQUE (series, year, seq));
INSERT INTO opinions(series, year, seq, number, document, title, unit, conclusion, issued_on, created_at, status, void_reason, voided_at) VALUES
    ('宣司审', 2026, 3, '宣司审〔2026〕3号', 'a.docx', '《甲合同》', '宣汉县教育局', 'amend', '2026-02-01', '2026-02-01T09:30:00', 'void', '撤回', '2026-02-03T10:00:00');
CREATE TABLE opinion_events (id INTEGER PRIMARY KEY, number TEXT NOT NULL, event TEXT NOT NULL, at TEXT NOT NULL, output TEXT, conclusion TEXT, issued_on TEXT, reason TEXT);
INSERT INTO opinion_events(number, event, at, conclusion, issued_on) VALUES ('宣司审〔2026〕3号', 'issued', '2026-02-01T09:30:00', 'amend', '2026-02-01');
INSERT INTO opinion_events(number, event, at, reason) VALUES ('宣司审〔2026〕3号', 'voided', '2026-02-03T10:00:00', '撤回');
"""


def test_version_2_store_migrates_to_the_current_version_with_its_opinion_numbers(run, doc, tmp_path):
    db = tmp_path / "r.db"
    with sqlite3.connect(db) as conn:
        conn.executescript(V2)
    store = Store(db)
    assert store.schema_version() == SCHEMA_VERSION == 6
    old = store.opinion("宣司审〔2026〕3号")
    assert old["status"] == "void" and old["void_reason"] == "撤回" and [e["event"] for e in old["events"]] == ["issued", "voided"]
    assert run("register", "add", doc, "--yes").code == 0  # the register lives in the same file
    Store(db)
    assert Store(db).schema_version() == SCHEMA_VERSION and len(_rows(tmp_path)) == 1
    assert Store(db).issue_opinion_number("宣司审", 2026, document="b.docx", title="《乙》", unit="宣汉县教育局", conclusion="amend", issued_on=dt.date(2026, 3, 1)) == "宣司审〔2026〕4号"
    assert json.loads(run("numbers", "list", "-f", "json").out)[0]["number"] == "宣司审〔2026〕3号"


# ------------------------------------------------------------ writers at once

def _adder(db: str, worker: int, count: int, queue, start) -> None:
    try:
        store = Store(db)
        start.wait(60)  # all eight begin together
        for i in range(count):
            register.add(store, {"title": f"办法{worker}-{i}", "issuer": "宣汉县人民政府"}, series="宣府规", year=2026, reg_code="宣规登")
        queue.put(None)
    except BaseException as exc:  # reported to the test, which fails on it
        queue.put(repr(exc))


def eight_writers_at_once(target: str) -> None:
    """8 processes × 50 adds to one series of the store at `target` (a file or a URL): 400
    distinct consecutive numbers, no error, no lost row, one event each."""
    Store(target)
    ctx = multiprocessing.get_context("spawn")
    queue, start = ctx.Queue(), ctx.Event()
    procs = [ctx.Process(target=_adder, args=(target, w, 50, queue, start)) for w in range(8)]
    for p in procs:
        p.start()
    start.set()
    errors = [queue.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert errors == [None] * 8
    rows = register.documents(Store(target))
    assert len(rows) == 400
    assert sorted(r["seq"] for r in rows) == list(range(1, 401))
    assert len({r["number"] for r in rows}) == 400 and len({r["reg_no"] for r in rows}) == 400
    assert {r["title"] for r in rows} == {f"办法{w}-{i}" for w in range(8) for i in range(50)}  # no lost row
    with closing(Store(target)._connect()) as conn:
        assert conn.execute("SELECT COUNT(*) FROM document_events WHERE event='registered'").fetchone()[0] == 400


def test_eight_writers_at_once_get_400_distinct_consecutive_numbers(tmp_path):
    eight_writers_at_once(str(tmp_path / "r.db"))


KILLED = textwrap.dedent(
    """
    import sys, time
    from reviewer.register import documents
    from reviewer.register.store import Store

    store = Store(sys.argv[1])
    documents.add(store, {"title": "已登记的办法"}, series="宣府规", year=2026, reg_code="宣规登")
    real = documents._event

    def pause(conn, *a, **k):
        real(conn, *a, **k)
        print("in-transaction", flush=True)  # the row and its event are written, not committed
        time.sleep(60)

    documents._event = pause
    documents.add(store, {"title": "被中断的办法"}, series="宣府规", year=2026, reg_code="宣规登")
    """
)


def test_writer_killed_mid_transaction_leaves_the_store_consistent(tmp_path):
    db = tmp_path / "r.db"
    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(db)], stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    try:
        assert proc.stdout.readline().strip() == "in-transaction"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    store = Store(db)  # opens (the lock died with the writer)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM document_events").fetchone()[0] == 1
        assert conn.execute("SELECT last FROM number_series WHERE series='宣府规'").fetchone()[0] == 1
    assert [r["title"] for r in register.documents(store)] == ["已登记的办法"]
    rec = register.add(store, {"title": "之后的办法"}, series="宣府规", year=2026, reg_code="宣规登")
    assert rec["number"] == "宣府规〔2026〕2号" and rec["reg_no"] == "宣规登〔2026〕2号"


LOOP = textwrap.dedent(
    """
    import sys
    from reviewer.register import documents
    from reviewer.register.store import Store

    store = Store(sys.argv[1])
    for i in range(100000):
        documents.add(store, {"title": f"办法{i}"}, series="宣府规", year=2026, reg_code="宣规登")
        print(i, flush=True)
    """
)


def test_writer_killed_at_any_moment_loses_nothing_committed(tmp_path):
    db = tmp_path / "r.db"
    proc = subprocess.Popen([sys.executable, "-c", LOOP, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        for _ in range(30):
            last = int(proc.stdout.readline())
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    rows = register.documents(Store(db))
    n = len(rows)
    assert n >= last + 1  # every add that returned is there
    assert [r["seq"] for r in rows] == list(range(1, n + 1)) and [r["title"] for r in rows] == [f"办法{i}" for i in range(n)]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM document_events").fetchone()[0] == n
    assert register.add(Store(db), {"title": "之后"}, series="宣府规", year=2026, reg_code="宣规登")["seq"] == n + 1
