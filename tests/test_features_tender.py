"""Step definitions for features/tender.feature."""

from __future__ import annotations

import json

from conftest import run_cli
from pytest_bdd import given, parsers, scenarios, then, when

scenarios("tender.feature")


@given("有一份招标文件：", target_fixture="document")
def a_tender(tmp_path, docstring):
    f = tmp_path / "招标文件.txt"
    f.write_text(docstring, encoding="utf-8")
    return f


@when("我审查这份招标文件并输出 JSON", target_fixture="findings")
def check_json(document):
    r = run_cli("check", document, "--format", "json")
    assert r.code in (0, 1), r.err
    return json.loads(r.out)["findings"]


@then(parsers.parse('审查意见中有审查要点 "{point}" 的问题'))
def has_point(findings, point):
    assert any(f["point"] == point for f in findings), sorted({f["point"] for f in findings if f["point"]})


@then(parsers.parse('合同条款部分的问题注明出自 "{part}"'))
def contract_part_named(findings, part):
    contract = [f for f in findings if f["point"] and f["point"].startswith("CONTRACT.")]
    assert contract and all(f["clause"].startswith(part) for f in contract), [(f["rule"], f["clause"]) for f in contract]


@when("我为这份招标文件起草意见书草稿", target_fixture="letter")
def draft(document):
    r = run_cli("opinion", document, "--draft", "--format", "md")
    assert r.code == 0, r.err
    return r.out


@then(parsers.parse('意见书的结论不是 "{words}"'))
def conclusion_is_not(letter, words):
    conclusion = letter.split("### 四、审查结论", 1)[1].split("###", 1)[0]
    assert words not in conclusion and conclusion.strip()
