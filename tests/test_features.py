"""Step definitions for the Chinese Gherkin stories in features/."""

from __future__ import annotations

import json

from conftest import run_cli
from pytest_bdd import given, parsers, scenarios, then, when

scenarios("check.feature", "contract.feature", "opinion.feature")


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


@when(parsers.parse('我为送审单位 "{unit}" 起草意见书'), target_fixture="letter")
def draft_letter(document, unit, tmp_path):
    out = tmp_path / "意见书1.docx"
    r = run_cli("opinion", document, "-o", out, "--db", tmp_path / "r.db", "--unit", unit, "--received", "2026-05-06", "--done", "2026-05-08")
    assert r.code == 0, r.err
    return out


@when("我再为同一文件起草一份意见书", target_fixture="letter")
def draft_again(document, tmp_path):
    out = tmp_path / "意见书2.docx"
    # the same document keeps its number; a new one is asked for
    r = run_cli("opinion", document, "-o", out, "--db", tmp_path / "r.db", "--unit", "宣汉县教育局", "--received", "2026-05-06", "--done", "2026-05-09", "--new-number")
    assert r.code == 0, r.err
    return out


def _letter_paragraphs(path):
    from docx import Document

    return [p.text for p in Document(str(path)).paragraphs]


@then(parsers.parse('意见书编号为 "{number}"'))
def letter_number(letter, number):
    assert _letter_paragraphs(letter)[2] == number


@then(parsers.parse('意见书依次有 "{a}"、"{b}"、"{c}"、"{d}"、"{e}"'))
def letter_sections(letter, a, b, c, d, e):
    paras = _letter_paragraphs(letter)
    positions = [paras.index(x) for x in (a, b, c, d, e)]
    assert positions == sorted(positions)


@then(parsers.parse('意见书在 "{section}" 中写明 "{clause}" 和 "{severity}"'))
def letter_item(letter, section, clause, severity):
    paras = _letter_paragraphs(letter)
    body = "\n".join(paras[paras.index(section) : paras.index("四、审查结论")])
    assert any(line.startswith("1.") and clause in line and severity in line for line in body.splitlines()), body


@then(parsers.parse('审查结论为 "{words}"'))
def letter_conclusion(letter, words):
    paras = _letter_paragraphs(letter)
    assert words in paras[paras.index("四、审查结论") + 1]


@when("我运行 reviewer check 并另存带批注的 Word 文件", target_fixture="annotated")
def run_annotate(document, tmp_path):
    import hashlib

    before = hashlib.sha256(document.read_bytes()).hexdigest()
    out = tmp_path / "批注.docx"
    r = run_cli("check", document, "--annotate", out, "--format", "json")
    return {"out": out, "findings": json.loads(r.out)["findings"], "before": before}


@then("批注文件中每项审查意见都批注在含有其原文的语句上")
def comments_on_text(annotated):
    from test_annotate import anchored_texts, comments

    anchored, notes = anchored_texts(annotated["out"]), comments(annotated["out"])
    for f in annotated["findings"]:
        cid = next(k for k, v in notes.items() if f["message"] in v)
        assert (f["excerpt"] or "") in anchored[cid] or not f["excerpt"]


@then("原文件没有被改动")
def original_unchanged(annotated, document):
    import hashlib

    assert hashlib.sha256(document.read_bytes()).hexdigest() == annotated["before"]
