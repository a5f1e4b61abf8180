"""Step definitions for features/register.feature (`reviewer register`)."""

from __future__ import annotations

import json

from conftest import run_cli
from pytest_bdd import given, parsers, scenarios, then, when

scenarios("register.feature")

NOTICE = """宣汉县人民政府关于印发宣汉县城市绿化管理办法的通知
各乡镇人民政府，县级各部门：
现将《宣汉县城市绿化管理办法》印发给你们，请认真贯彻执行。
第一条 为加强城市绿化管理，制定本办法。
第二十条 本办法自2026年4月1日起施行，有效期至2031年3月31日。
宣汉县人民政府
{date}
"""


def _reg(tmp_path, *args, db="r.db"):
    return run_cli("register", *args, "--db", tmp_path / db, cwd=tmp_path)


@given("登记簿是空的", target_fixture="state")
def empty_register(tmp_path):
    return {"results": []}


@given(parsers.parse('有一份规范性文件 "{name}"，落款日期为 "{date}"'))
def a_document(tmp_path, state, name, date):
    state["doc"] = tmp_path / name
    state["doc"].write_text(NOTICE.format(date=date), encoding="utf-8")


@given(parsers.parse('文号 "{number}" 已经登记'))
def registered(tmp_path, state, number):
    r = _reg(tmp_path, "add", state["doc"], "--number", number, "--yes")
    assert r.code == 0, r.err


@when(parsers.parse('我用序列 "{series}" 登记这份文件 {times:d} 次'))
def add_by_series(tmp_path, state, series, times):
    state["results"] = [_reg(tmp_path, "add", state["doc"], "--series", series, "--yes") for _ in range(times)]


@when(parsers.parse('我用文号 "{number}" 再次登记这份文件'))
def add_by_number(tmp_path, state, number):
    state["results"] = [_reg(tmp_path, "add", state["doc"], "--number", number, "--yes")]


@when(parsers.parse('我以原因 "{reason}" 作废 "{number}"'))
def void(tmp_path, number, reason):
    assert _reg(tmp_path, "void", number, "--reason", reason).code == 0


@when(parsers.parse('我将 "{number}" 的状态改为 "{status}"，依据 "{by}"，日期 "{date}"'))
def change_status(tmp_path, number, status, by, date):
    r = _reg(tmp_path, "status", number, status, "--by", by, "--date", date)
    assert r.code == 0, r.err


@when(parsers.parse('我把登记簿导出为 "{name}" 并导入新的登记簿'))
def export_import(tmp_path, name):
    assert _reg(tmp_path, "export", tmp_path / name).code == 0
    r = _reg(tmp_path, "import", tmp_path / name, db="new.db")
    assert r.code == 0, r.err


@then(parsers.parse('登记成功，文号依次为 "{first}" 和 "{second}"'))
@then(parsers.parse('登记成功，文号依次为 "{first}"'))
def numbers_in_order(state, first, second=None):
    expected = [first] + ([second] if second else [])
    assert [r.code for r in state["results"]] == [0] * len(expected), [r.err for r in state["results"]]
    for r, number in zip(state["results"], expected):
        assert f"已登记 {number}" in r.out


@then(parsers.parse('登记簿中 "{number}" 的制定机关为 "{issuer}"'))
def issuer_of(tmp_path, number, issuer):
    assert json.loads(_reg(tmp_path, "show", number, "-f", "json").out)["issuer"] == issuer


@then(parsers.parse('命令以退出码 2 结束，只有一行中文错误，包含 "{words}"'))
def one_line_error(state, words):
    r = state["results"][-1]
    assert r.code == 2 and "Traceback" not in r.err
    errors = [line for line in r.err.splitlines() if line.startswith("错误：")]
    assert len(errors) == 1 and words in errors[0], r.err


@then(parsers.parse("登记簿中共有 {count:d} 件文件"))
def count_rows(tmp_path, count):
    if count == 0 and not (tmp_path / "r.db").exists():
        return
    assert len(json.loads(_reg(tmp_path, "list", "-f", "json").out)) == count


@then(parsers.parse('查看 "{number}" 显示状态 "{status}" 和原因 "{reason}"'))
def shows_void(tmp_path, number, status, reason):
    out = _reg(tmp_path, "show", number).out
    assert f"状态：{status}" in out and reason in out


@then(parsers.parse('查看 "{number}" 显示 "{change}" 和 "{by}"'))
def shows_history(tmp_path, number, change, by):
    out = _reg(tmp_path, "show", number).out
    assert change in out and by in out


@then(parsers.parse('新登记簿中有 "{number}"，文件名称与原登记簿相同'))
def same_in_new(tmp_path, number):
    old = json.loads(_reg(tmp_path, "show", number, "-f", "json").out)
    new = json.loads(_reg(tmp_path, "show", number, "-f", "json", db="new.db").out)
    assert new["title"] == old["title"] and new["reg_no"] == old["reg_no"] and new["expires_on"] == old["expires_on"]
