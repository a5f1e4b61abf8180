"""Step definitions for the Chinese Gherkin stories in features/."""

from __future__ import annotations

import json

from conftest import run_cli
from pytest_bdd import given, parsers, scenarios, then, when

scenarios("check.feature", "contract.feature")


@given("有一份合同文本：", target_fixture="document")
def a_contract_docstring(tmp_path, docstring):
    f = tmp_path / "合同.txt"
    f.write_text(docstring, encoding="utf-8")
    return f


@given("有一个损坏的 docx 文件", target_fixture="document")
def a_broken_docx(tmp_path):
    f = tmp_path / "损坏的合同.docx"
    f.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    return f


@when("我运行 reviewer check 并输出 JSON", target_fixture="result")
def run_json(document):
    return run_cli("check", document, "--format", "json")


@when("我运行 reviewer check", target_fixture="result")
def run_plain(document):
    return run_cli("check", document)


@then(parsers.parse("退出码为 {code:d}"))
def exit_code(result, code):
    assert result.code == code, result.err


@then(parsers.parse('审查意见中有规则 "{rule}" 的 "{severity}" 项，条款为 "{clause}"'), target_fixture="finding")
def has_finding(result, rule, severity, clause):
    findings = json.loads(result.out)["findings"]
    match = [f for f in findings if f["rule"] == rule and f["severity"] == severity and f["clause"] == clause]
    assert match, findings
    return match[0]


@then(parsers.parse('该项的依据引用了 "{citation}" 的原文'))
def cites(finding, citation):
    assert any(f"《{b['law']}》{b['article']}" == citation and b["quote"] for b in finding["basis"]), finding["basis"]


@then(parsers.parse('审查意见中没有 "{severity}" 项'))
def no_severity(result, severity):
    assert not [f for f in json.loads(result.out)["findings"] if f["severity"] == severity]


@then("错误信息只有一行，写明文件名和处理办法")
def one_line(result, document):
    lines = [x for x in result.err.splitlines() if x.strip()]
    assert len(lines) == 1 and document.name in lines[0] and "请" in lines[0] and "Traceback" not in result.err


@when(parsers.parse('我以签订日期 "{day}" 运行 reviewer check 并输出 JSON'), target_fixture="result")
def run_json_signed(document, day):
    return run_cli("check", document, "--format", "json", "--fact", f"signed_on={day}")


@then(parsers.parse('审查意见中没有规则 "{rule}"'))
def no_rule(result, rule):
    assert rule not in {f["rule"] for f in json.loads(result.out)["findings"]}
