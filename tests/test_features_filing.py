"""Step definitions for features/filing.feature (`reviewer register published|file|due|annual`)."""

from __future__ import annotations

import json

from conftest import run_cli
from openpyxl import load_workbook
from pytest_bdd import given, parsers, scenarios, then, when

scenarios("filing.feature")

NOTICE = """宣汉县城区绿化管理办法
第一条 为加强绿化管理，根据《城市绿化条例》，制定本办法。
第二条 本办法自2026年5月1日起施行，有效期5年。
宣汉县人民政府
2026年3月2日
"""


def _reg(tmp_path, *args):
    return run_cli("register", *args, "--db", tmp_path / "r.db", cwd=tmp_path)


@given(parsers.parse('登记簿中有文件 "{number}"，2026年5月1日起施行，有效期5年'), target_fixture="state")
def a_document(tmp_path, number):
    (tmp_path / "a.txt").write_text(NOTICE, encoding="utf-8")
    r = _reg(tmp_path, "add", "a.txt", "--number", number, "--yes")
    assert r.code == 0, r.err
    return {}


@given(parsers.parse("备案期限为公布后 {days:d} 日"))
def filing_limit(days):
    from reviewer.register.series import load_series

    assert load_series().registry.filing_days == days  # the shipped configuration


@given(parsers.parse('"{number}" 于 "{date}" 在 "{via}" 公布'))
def published(tmp_path, number, date, via):
    r = _reg(tmp_path, "published", number, "--date", date, "--via", via)
    assert r.code == 0, r.err


@given(parsers.parse('"{number}" 于 "{date}" 向 "{body}" 报送备案，材料为 "{items}"'))
def filed(tmp_path, number, date, body, items):
    r = _reg(tmp_path, "file", number, "--with", body, "--date", date, "--items", items)
    assert r.code == 0, r.err


@given(parsers.parse('登记簿中另有一个作废的文号 "{number}"'))
def voided(tmp_path, number):
    assert _reg(tmp_path, "add", "a.txt", "--number", number, "--yes").code == 0
    assert _reg(tmp_path, "void", number, "--reason", "取号错误").code == 0


@when(parsers.parse('我在 "{date}" 查看待办'))
def look(tmp_path, state, date):
    r = _reg(tmp_path, "due", "--date", date, "-f", "json")
    assert r.code in (0, 1), r.err
    state["code"], state["items"] = r.code, json.loads(r.out)


@when(parsers.parse('我生成 {year:d} 年度目录 "{name}"'))
def annual(tmp_path, state, year, name):
    r = _reg(tmp_path, "annual", str(year), "--out", name)
    assert r.code == 0, r.err
    state["list"] = tmp_path / name


@then(parsers.parse('待办中有 "{point}"，级别为 "{severity}"'))
def has_item(state, point, severity):
    assert any(i["point"] == point and i["severity"] == severity for i in state["items"]), state["items"]


@then(parsers.parse("命令以退出码 {code:d} 结束"))
def exit_code(state, code):
    assert state["code"] == code


@then(parsers.parse('待办的说明中有 "{words}"'))
def said(state, words):
    assert any(words in i["problem"] for i in state["items"]), state["items"]


@then(parsers.parse('待办的说明中没有 "{words}"'))
def not_said(state, words):
    assert not any(words in i["problem"] for i in state["items"]), state["items"]


@then(parsers.parse('目录中只有 "{number}"'))
def only(state, number):
    rows = list(load_workbook(state["list"]).active.values)[2:]
    assert [r[2] for r in rows] == [number]
