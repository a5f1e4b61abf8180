"""Step definitions for features/ledger.feature (`reviewer case`, `reviewer stats`)."""

from __future__ import annotations

import json

from conftest import run_cli
from docx import Document
from pytest_bdd import given, parsers, scenarios, then, when

scenarios("ledger.feature")

KINDS = {"合同": "合同", "招标文件": "招标文件", "规范性文件": "规范性文件"}


def _run(tmp_path, *args):
    return run_cli(*args, "--db", tmp_path / "r.db", cwd=tmp_path)


@given("台账是空的", target_fixture="state")
def empty(tmp_path):
    return {}


@when(parsers.parse('{unit}于 "{received}" 送审{kind} "{title}"，要求 "{due}" 前完成'))
def submit(tmp_path, state, unit, received, kind, title, due):
    r = _run(tmp_path, "case", "new", "--unit", unit, "--kind", KINDS[kind], "--received", received, "--due", due, "--title", title)
    assert r.code == 0, r.err
    state["out"] = r.out


@when(parsers.parse('以缺少 "{missing}" 退回 "{number}"，通知写入 "{name}"'))
def return_case(tmp_path, number, missing, name):
    r = _run(tmp_path, "case", "return", number, "--missing", missing, "--out", name)
    assert r.code == 0, r.err


@when(parsers.parse('"{number}" 的材料于 "{on}" 补齐'))
def complete(tmp_path, number, on):
    r = _run(tmp_path, "case", "complete", number, "--date", on)
    assert r.code == 0, r.err


@when(parsers.parse('"{number}" 于 "{on}" 办结，意见书 "{opinion}"'))
def close(tmp_path, number, on, opinion):
    r = _run(tmp_path, "case", "close", number, "--date", on, "--opinion", opinion)
    assert r.code == 0, r.err


@then(parsers.parse('提示 "{point}"，说明中有 "{words}"'))
def noted(state, point, words):
    line = next((x for x in state["out"].splitlines() if point in x), "")
    assert words in line, state["out"]


@then(parsers.parse('"{number}" 的状态为 "{status}"'))
def status(tmp_path, number, status):
    rec = json.loads(_run(tmp_path, "case", "show", number, "-f", "json").out)
    assert rec["status"] == {"退回补充": "returned", "审核中": "reviewing", "已办结": "closed"}[status]


@then(parsers.parse('通知 "{name}" 中列明 "{first}" 和 "{second}"'))
def notice_lists(tmp_path, name, first, second):
    text = "\n".join(p.text for p in Document(tmp_path / name).paragraphs)
    assert first in text and second in text


@then(parsers.parse('{year:d} 年度统计的总结为 "{summary}"'))
def summary(tmp_path, year, summary):
    r = _run(tmp_path, "stats", "--year", str(year), "-f", "json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["summary"] == summary
