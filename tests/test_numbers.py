"""The opinion-number register keeps faith: no silent overwrite, re-issues keep their
number, numbers can be listed, shown and voided, dates are read as officers type them
and checked for order, and an old (version 1) register is upgraded on open."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import in_process_cli

from reviewer.case import parse_date
from reviewer.errors import UsageError
from reviewer.register.store import CONCLUSION_NAMES, SCHEMA_VERSION, Store, parse_number

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "corpus" / "contracts" / "goods-office-furniture.txt"
UNIT = "宣汉县自然资源局"
CASE = ("--unit", UNIT, "--received", "2026-03-02", "--done", "2026-03-10")


@pytest.fixture
def run(capsys, monkeypatch, tmp_path):
    """`reviewer …` in this process (reviewer.cli.main), in tmp_path, with a private register."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REVIEWER_DB", str(tmp_path / "r.db"))
    return in_process_cli(capsys)


@pytest.fixture
def doc(tmp_path):
    f = tmp_path / "合同.txt"
    f.write_text(SOURCE.read_text(encoding="utf-8"), encoding="utf-8")
    return f


def _numbers(tmp_path) -> list[dict]:
    return Store(tmp_path / "r.db").opinions()


# ------------------------------------------------------------ overwriting

def test_existing_letter_is_not_overwritten_and_no_number_is_taken(run, doc, tmp_path):
    out = tmp_path / "意见书.docx"
    out.write_bytes(b"an earlier letter")
    r = run("opinion", doc, "-o", out, *CASE)
    assert r.code == 2
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and str(out) in lines[0] and "--force" in lines[0] and "Traceback" not in r.err
    assert out.read_bytes() == b"an earlier letter"
    assert _numbers(tmp_path) == []  # refused before a number was taken
    r = run("opinion", doc, "-o", out, *CASE, "--force")
    assert r.code == 0, r.err
    assert out.read_bytes() != b"an earlier letter"
    assert [n["number"] for n in _numbers(tmp_path)] == ["宣司审〔2026〕1号"]


def test_default_output_and_markdown_file_are_not_overwritten_either(run, doc, tmp_path):
    assert run("opinion", doc, "--draft").code == 0
    default = tmp_path / "合同-合法性审查意见书.docx"
    assert default.exists()
    r = run("opinion", doc, "--draft")
    assert r.code == 2 and default.name in r.err and "--force" in r.err
    md = tmp_path / "意见书.md"
    md.write_text("旧稿", encoding="utf-8")
    r = run("opinion", doc, "-f", "md", "-o", md, *CASE)
    assert r.code == 2 and md.read_text(encoding="utf-8") == "旧稿" and _numbers(tmp_path) == []


def test_the_submission_itself_is_never_overwritten(run, doc, tmp_path):
    before = doc.read_bytes()
    r = run("opinion", doc, "-f", "md", "-o", doc, *CASE, "--force")
    assert r.code == 2 and "送审文件本身" in r.err and doc.read_bytes() == before and _numbers(tmp_path) == []


def test_missing_output_folder_is_refused_before_a_number(run, doc, tmp_path):
    r = run("opinion", doc, "-o", tmp_path / "没有的文件夹" / "意见书.docx", *CASE)
    assert r.code == 2 and "没有的文件夹" in r.err and _numbers(tmp_path) == []


def test_a_number_whose_letter_could_not_be_written_is_voided(run, doc, tmp_path, monkeypatch):
    import reviewer.report.opinion_docx as opinion_docx

    def broken(letter, path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(opinion_docx, "render_docx", broken)
    r = run("opinion", doc, "-o", tmp_path / "意见书.docx", *CASE)
    assert r.code == 2 and "无法写入" in r.err
    [rec] = _numbers(tmp_path)
    assert rec["status"] == "void" and "未能写入" in rec["void_reason"]
    assert not (tmp_path / "意见书.docx").exists()


# ------------------------------------------------------------ re-issue

def test_reissue_of_the_same_document_reuses_its_number(run, doc, tmp_path):
    r = run("opinion", doc, "-o", "1.docx", *CASE, "--conclusion", "amend")
    assert r.code == 0 and "宣司审〔2026〕1号" in r.err and "新取号" in r.err
    assert "修改完善后办理" in r.err and "amend" not in r.err  # the conclusion in Chinese
    r = run("opinion", doc, "-o", "2.docx", *CASE)
    assert r.code == 0 and "宣司审〔2026〕1号" in r.err and "沿用" in r.err
    [rec] = _numbers(tmp_path)
    assert rec["output"] == str((tmp_path / "2.docx").resolve()) and rec["document"] == str(doc.resolve())
    import hashlib

    assert rec["sha256"] == hashlib.sha256(doc.read_bytes()).hexdigest()
    # the same document reached by another path is the same document
    r = run("opinion", Path("..") / tmp_path.name / doc.name, "-o", "3.docx", *CASE)
    assert "宣司审〔2026〕1号" in r.err
    r = run("opinion", doc, "-o", "4.docx", *CASE, "--new-number")
    assert r.code == 0 and "宣司审〔2026〕2号" in r.err and "新取号" in r.err
    # a number's year is the letter's year: a letter dated next year takes that year's number
    r = run("opinion", doc, "-o", "5.docx", "--unit", UNIT, "--received", "2026-03-02", "--done", "2027-01-05")
    assert r.code == 0 and "宣司审〔2027〕1号" in r.err


def test_changed_content_or_another_unit_takes_a_new_number(run, doc, tmp_path):
    assert run("opinion", doc, "-o", "1.docx", *CASE).code == 0
    r = run("opinion", doc, "-o", "2.docx", "--unit", "宣汉县教育局", "--received", "2026-03-02", "--done", "2026-03-10")
    assert "宣司审〔2026〕2号" in r.err
    doc.write_text(doc.read_text(encoding="utf-8") + "\n第九条 本合同一式两份。\n", encoding="utf-8")
    r = run("opinion", doc, "-o", "3.docx", *CASE)
    assert "宣司审〔2026〕3号" in r.err


def test_voided_number_is_never_reused(run, doc, tmp_path):
    assert run("opinion", doc, "-o", "1.docx", *CASE).code == 0
    assert run("numbers", "void", "宣司审〔2026〕1号", "--reason", "送审单位撤回").code == 0
    r = run("opinion", doc, "-o", "2.docx", *CASE)
    assert r.code == 0 and "宣司审〔2026〕2号" in r.err and "新取号" in r.err


def _assign(db: str) -> tuple[str, bool]:
    return Store(db).assign_opinion_number(
        "宣司审", 2026, document="/x/合同.docx", title="《x》", unit="宣汉县教育局", conclusion="amend", issued_on=dt.date(2026, 5, 1), sha256="ab" * 32, output=None
    )


def test_concurrent_reissues_of_one_document_share_one_number(tmp_path):
    from concurrent.futures import ProcessPoolExecutor

    db = str(tmp_path / "r.db")
    with ProcessPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(_assign, [db] * 12))
    assert {n for n, _ in got} == {"宣司审〔2026〕1号"} and sum(not reused for _, reused in got) == 1
    assert len(Store(db).opinion("宣司审〔2026〕1号")["events"]) == 12


# ------------------------------------------------------------ unit and receipt date

@pytest.mark.parametrize(
    "given, missing, present",
    [((), ["送审单位", "收件日期"], []), (("--unit", UNIT), ["收件日期"], ["送审单位"]), (("--received", "2026-03-02"), ["送审单位"], ["收件日期"])],
)
def test_numbered_letter_needs_unit_and_receipt_date(run, doc, tmp_path, given, missing, present):
    r = run("opinion", doc, "-o", "1.docx", *given)
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1
    for name in missing:
        assert name in r.err
    for name in present:
        assert f"{name}和" not in r.err and f"和{name}" not in r.err and f"写明{name}：" not in r.err
    assert "--unit/--received" in r.err and "--draft" in r.err
    assert not (tmp_path / "1.docx").exists() and _numbers(tmp_path) == []
    assert run("opinion", doc, "-o", "draft.docx", *given, "--draft").code == 0


def test_unit_and_receipt_date_from_the_sidecar(run, doc, tmp_path):
    (tmp_path / "合同.case.toml").write_text(f'unit = "{UNIT}"\nreceived = "2026年3月2日"\n', encoding="utf-8")
    r = run("opinion", doc, "-f", "md", "-o", "1.md", "--done", "2026-03-10")
    assert r.code == 0, r.err
    text = (tmp_path / "1.md").read_text(encoding="utf-8")
    assert "宣司审〔2026〕1号" in text and f"送审单位：{UNIT}" in text and "收件日期：2026年3月2日" in text


# ------------------------------------------------------------ dates

@pytest.mark.parametrize("text", ["2026-03-02", "2026-3-2", "2026/3/2", "2026.3.2", "2026年3月2日", "2026年3月2", "２０２６年３月２日", "２０２６－３－２", " 2026 年 3 月 2 日 "])
def test_dates_in_the_forms_officers_type(text):
    assert parse_date(text, "--received") == dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    "text, says", [("2026-2-30", "2026年2月只有28日"), ("2024-2-30", "2024年2月只有29日"), ("2026-13-1", "没有13月"), ("2026-4-31", "只有30日")]
)
def test_impossible_dates_are_named(text, says):
    with pytest.raises(UsageError) as err:
        parse_date(text, "--received")
    assert "--received" in err.value.message and text in err.value.message and "不存在" in err.value.message and says in err.value.message


@pytest.mark.parametrize("text", ["2026-3/2", "3月2日", "20260302", "明天", ""])
def test_unreadable_dates_say_how_to_write_them(text):
    with pytest.raises(UsageError) as err:
        parse_date(text, "--done")
    assert "--done" in err.value.message and "2026年3月2日" in err.value.message


def test_cli_accepts_typed_dates_and_refuses_impossible_ones(run, doc, tmp_path):
    r = run("opinion", doc, "-f", "md", "-o", "1.md", "--unit", UNIT, "--received", "2026/3/2", "--complete", "2026.3.3", "--done", "２０２６年３月１０日")
    assert r.code == 0, r.err
    text = (tmp_path / "1.md").read_text(encoding="utf-8")
    assert "收件日期：2026年3月2日" in text and "材料齐全日期：2026年3月3日" in text and "审查完成日期：2026年3月10日" in text
    r = run("opinion", doc, "-o", "2.docx", "--unit", UNIT, "--received", "2026-2-30")
    assert r.code == 2 and "--received" in r.err and "不存在" in r.err and len(_numbers(tmp_path)) == 1


@pytest.mark.parametrize(
    "dates, first, second",
    [
        (("--received", "2026-03-05", "--complete", "2026-03-04", "--done", "2026-03-10"), "收件日期", "材料齐全日期"),
        (("--received", "2026-03-02", "--complete", "2026-03-11", "--done", "2026-03-10"), "材料齐全日期", "审查完成日期"),
        (("--received", "2026-03-12", "--done", "2026-03-10"), "收件日期", "审查完成日期"),
        (("--received", "2026-03-02", "--due", "2026-03-01", "--done", "2026-03-10"), "收件日期", "要求完成日期"),
    ],
)
def test_dates_out_of_order_are_refused(run, doc, tmp_path, dates, first, second):
    r = run("opinion", doc, "-o", "1.docx", "--unit", UNIT, *dates)
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1
    assert first in r.err and second in r.err and "日期先后有误" in r.err
    assert _numbers(tmp_path) == [] and not (tmp_path / "1.docx").exists()


def test_dates_in_order_and_equal_are_accepted(run, doc):
    r = run("opinion", doc, "-o", "1.docx", "--unit", UNIT, "--received", "2026-03-02", "--complete", "2026-03-02", "--done", "2026-03-02", "--due", "2026-03-02")
    assert r.code == 0, r.err


def test_sidecar_date_errors_name_the_file_and_key(run, doc, tmp_path):
    side = tmp_path / "合同.case.toml"
    side.write_text('unit = "x"\nreceived = "2026-2-30"\n', encoding="utf-8")
    r = run("opinion", doc, "--draft", "-f", "md")
    assert r.code == 2 and "合同.case.toml" in r.err and "received" in r.err and "不存在" in r.err
    side.write_text('unit = "x"\nreceived = 2026-03-12\ndone = 2026-03-10\n', encoding="utf-8")  # bare TOML dates
    r = run("opinion", doc, "--draft", "-f", "md")
    assert r.code == 2 and "收件日期" in r.err and "审查完成日期" in r.err
    side.write_text('unit = 3\n', encoding="utf-8")
    r = run("opinion", doc, "--draft", "-f", "md")
    assert r.code == 2 and "合同.case.toml" in r.err and "unit" in r.err and "Traceback" not in r.err


# ------------------------------------------------------------ numbers list / show / void

@pytest.fixture
def register(run, doc, tmp_path):
    """Three numbers: 2026 1号 (voided), 2号; 2027 1号."""
    assert run("opinion", doc, "-o", "1.docx", *CASE).code == 0
    assert run("opinion", doc, "-o", "1b.docx", *CASE).code == 0  # re-issue
    assert run("opinion", doc, "-o", "2.docx", *CASE, "--new-number").code == 0
    assert run("numbers", "void", "宣司审〔2026〕1号", "--reason", "送审单位撤回").code == 0
    assert run("opinion", doc, "-o", "3.docx", "--unit", UNIT, "--received", "2027-01-04", "--done", "2027-01-05").code == 0
    return tmp_path


def test_list_formats_and_filters(run, register):
    r = run("numbers", "list")
    assert r.code == 0
    for n in ("宣司审〔2026〕1号", "宣司审〔2026〕2号", "宣司审〔2027〕1号", "作废", "有效"):
        assert n in r.out
    rows = json.loads(run("numbers", "list", "--format", "json", "--year", "2026").out)
    assert [(x["number"], x["status"]) for x in rows] == [("宣司审〔2026〕1号", "void"), ("宣司审〔2026〕2号", "issued")]
    assert rows[0]["void_reason"] == "送审单位撤回" and rows[1]["unit"] == UNIT
    table = list(csv.DictReader(io.StringIO(run("numbers", "list", "-f", "csv", "--year", "2027").out)))
    conclusion = json.loads(run("numbers", "list", "-f", "json", "--year", "2027").out)[0]["conclusion"]
    assert [(x["编号"], x["状态"], x["审查结论"]) for x in table] == [("宣司审〔2027〕1号", "有效", CONCLUSION_NAMES[conclusion])]
    assert json.loads(run("numbers", "list", "-f", "json", "--series", "某司审").out) == []
    assert "没有符合条件" in run("numbers", "list", "--series", "某司审").out
    r = run("numbers", "list", "-f", "csv", "-o", "编号.csv")
    assert r.code == 0 and (register / "编号.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the BOM


def test_show_gives_all_fields_and_history(run, register):
    r = run("numbers", "show", "宣司审[2026]1号")
    assert r.code == 0, r.err
    for text in ("编号：宣司审〔2026〕1号", "状态：作废", f"送审单位：{UNIT}", "作废原因：送审单位撤回", "文件SHA256：", "意见书位置：", "1b.docx", "出具日期：2026-03-10", "作废时间：20"):
        assert text in r.out, text
    history = r.out[r.out.index("历史："):]
    assert history.index("取号出具") < history.index("沿用原编号重新出具") < history.index("作废，原因：送审单位撤回")
    assert "同一文件的其他编号：宣司审〔2026〕2号" in r.out
    rec = json.loads(run("numbers", "show", "宣司审(2026)1号", "--format", "json").out)
    assert [e["event"] for e in rec["events"]] == ["issued", "reissued", "voided"] and rec["voided_at"]


@pytest.mark.parametrize("typed", ["宣司审〔2026〕2号", "宣司审[2026]2号", "宣司审(2026)2号", "宣司审（2026）2号", "宣司审【2026】第2号", " 宣司审 [２０２６] ２ 号"])
def test_numbers_typed_loosely(typed):
    assert parse_number(typed) == "宣司审〔2026〕2号"


def test_void_errors_are_clean(run, register):
    r = run("numbers", "void", "宣司审(2026)1号", "--reason", "再次作废")
    assert r.code == 2 and "已于" in r.err and "作废" in r.err and "Traceback" not in r.err
    r = run("numbers", "void", "宣司审〔2026〕9号", "--reason", "x")
    assert r.code == 2 and "没有编号 宣司审〔2026〕9号" in r.err and "numbers list" in r.err
    r = run("numbers", "void", "第九号", "--reason", "x")
    assert r.code == 2 and "无法识别编号" in r.err
    r = run("numbers", "void", "宣司审〔2026〕2号", "--reason", "  ")
    assert r.code == 2 and "--reason" in r.err
    r = run("numbers", "void", "宣司审〔2026〕2号")
    assert r.code == 2 and "--reason" in r.err
    assert run("numbers", "show", "宣司审〔2026〕9号").code == 2
    assert json.loads(run("numbers", "show", "宣司审〔2026〕2号", "-f", "json").out)["status"] == "issued"  # the failures changed nothing
    r = run("numbers", "list", "--db", register / "没有.db")
    assert r.code == 2 and "没有.db" in r.err and "--db" in r.err


def test_void_keeps_the_number_and_records_when(run, register):
    r = run("numbers", "void", "宣司审〔2026〕2号", "--reason", "文号有误")
    assert r.code == 0 and "已作废 宣司审〔2026〕2号" in r.err
    rec = Store(register / "r.db").opinion("宣司审〔2026〕2号")
    assert rec["status"] == "void" and rec["void_reason"] == "文号有误"
    assert dt.datetime.fromisoformat(rec["voided_at"]).date() == dt.date.today()
    n = Store(register / "r.db").issue_opinion_number("宣司审", 2026, document="x", title="x", unit=None, conclusion="lawful", issued_on=dt.date(2026, 5, 1))
    assert n == "宣司审〔2026〕3号"


# ------------------------------------------------------------ schema

V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE number_series (series TEXT NOT NULL, year INTEGER NOT NULL, last INTEGER NOT NULL, PRIMARY KEY (series, year));
CREATE TABLE opinions (
    id INTEGER PRIMARY KEY, series TEXT NOT NULL, year INTEGER NOT NULL, seq INTEGER NOT NULL, number TEXT NOT NULL UNIQUE,
    document TEXT NOT NULL, title TEXT NOT NULL, unit TEXT, conclusion TEXT, issued_on TEXT NOT NULL, created_at TEXT NOT NULL,
    UNIQUE (series, year, seq)
);
INSERT INTO meta VALUES ('schema_version', '1');
INSERT INTO number_series VALUES ('宣司审', 2026, 3);
INSERT INTO opinions(series, year, seq, number, document, title, unit, conclusion, issued_on, created_at) VALUES
    ('宣司审', 2026, 3, '宣司审〔2026〕3号', 'old.docx', '《旧合同》', '宣汉县教育局', 'amend', '2026-02-01', '2026-02-01T09:30:00');
"""


def test_version_1_register_is_migrated_on_open(run, doc, tmp_path):
    db = tmp_path / "r.db"
    with sqlite3.connect(db) as conn:
        conn.executescript(V1)
    store = Store(db)
    assert store.schema_version() == SCHEMA_VERSION >= 2  # later versions add tables; the opinions stay as they were
    old = store.opinion("宣司审〔2026〕3号")
    assert old["status"] == "issued" and old["sha256"] is None and old["unit"] == "宣汉县教育局"
    assert [(e["event"], e["at"]) for e in old["events"]] == [("issued", "2026-02-01T09:30:00")]
    Store(db)  # opening again migrates nothing twice
    assert len(Store(db).opinion("宣司审〔2026〕3号")["events"]) == 1
    r = run("opinion", doc, "-o", "1.docx", *CASE)
    assert r.code == 0 and "宣司审〔2026〕4号" in r.err  # the series continues
    assert run("numbers", "void", "宣司审[2026]3号", "--reason", "旧库作废").code == 0
    assert [x["status"] for x in json.loads(run("numbers", "list", "-f", "json").out)] == ["void", "issued"]


def test_register_from_a_newer_version_is_refused(run, tmp_path):
    db = tmp_path / "r.db"
    Store(db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    r = run("numbers", "list", "--db", db)
    assert r.code == 2 and "更新版本" in r.err and "Traceback" not in r.err
