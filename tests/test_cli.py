"""The check command as a user meets it: report, JSON, SARIF, exit codes."""

from __future__ import annotations

import json
import re

import pytest

CONTRACT = """宣汉县教育局办公家具采购合同
甲方（采购人）：宣汉县教育局
乙方（供应商）：达州市恒信家具有限公司
统一社会信用代码：91511722MA62Y4XK3A
第一条 合同总价为人民币壹拾贰万元整（¥102,000.00）。
第二条 交货期限：自2026年3月1日起至2026年2月28日止。
签订日期：2026年1月15日
"""


CLEAN = """宣汉县教育局办公家具采购合同
甲方（采购人）：宣汉县教育局
乙方（供应商）：达州市恒信家具有限公司
第一条 采购内容：办公桌80张。
第二条 合同总价为人民币壹拾贰万元整（¥120,000.00）。
第三条 乙方逾期交货的，按日支付逾期部分金额万分之五的违约金。
第四条 因不可抗力不能履行的，应及时通知对方。
第五条 因本合同发生争议的，向甲方所在地人民法院起诉。
甲方（盖章）：宣汉县教育局
乙方（盖章）：达州市恒信家具有限公司
"""


@pytest.fixture
def contract(tmp_path):
    f = tmp_path / "合同.txt"
    f.write_text(CONTRACT, encoding="utf-8")
    return f


def test_terminal_report_in_chinese(cli, contract):
    r = cli("check", contract)
    assert r.code == 1
    for text in ("【必须修改】", "第一条", "金额大写与小写不一致", "壹拾贰万元整", "《中华人民共和国民法典》第四百六十六条", "建议："):
        assert text in r.out, text
    assert re.search(r"共 \d+ 项：必须修改 \d+ 项，建议修改 \d+ 项，提示 \d+ 项。", r.out)


def test_json_report_schema(cli, contract):
    r = cli("check", contract, "--format", "json")
    data = json.loads(r.out)
    assert data["schema_version"] == "1" and data["file"] == str(contract)
    assert data["document"]["kind"] == "contract" and data["document"]["title"] == "宣汉县教育局办公家具采购合同"
    assert data["facts"]["buyer_type"]["value"] == "机关"
    rules = {f["rule"] for f in data["findings"]}
    assert rules >= {"AMOUNT.UPPER_LOWER_MATCH", "DATE.VALID", "PARTY.USCC_CHECKSUM"}
    assert data["summary"]["total"] == len(data["findings"])
    for f in data["findings"]:
        assert set(f) >= {"rule", "point", "severity", "title", "message", "clause", "excerpt", "location", "basis", "suggestion"}
        assert f["severity"] in ("必须修改", "建议修改", "提示")
        if f["location"]["start"] is None:  # a document-level finding (a missing clause)
            assert f["excerpt"] == "" and f["clause"] == ""
            continue
        line = contract.read_text(encoding="utf-8").splitlines()[f["location"]["line"] - 1]
        assert f["excerpt"] in line or line in f["excerpt"]
        for b in f["basis"]:
            assert b["quote"] is None or len(b["quote"]) > 5
    amount = next(f for f in data["findings"] if f["rule"] == "AMOUNT.UPPER_LOWER_MATCH")
    assert amount["clause"] == "第一条" and "壹拾贰万元整（¥102,000.00）" in amount["excerpt"]
    assert amount["point"] == "AMOUNT.UPPER_LOWER_MATCH"


def test_sarif_report(cli, contract):
    r = cli("check", contract, "--format", "sarif")
    sarif = json.loads(r.out)
    run = sarif["runs"][0]
    assert sarif["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    text = contract.read_text(encoding="utf-8")
    located = [res for res in run["results"] if "region" in res["locations"][0]["physicalLocation"]]
    assert len(located) >= 3
    for res in located:
        region = res["locations"][0]["physicalLocation"]["region"]
        line = text.splitlines()[region["startLine"] - 1]
        assert line[region["startColumn"] - 1 :].startswith(text[region["charOffset"] : region["charOffset"] + region["charLength"]])
        assert res["partialFingerprints"]["reviewer/v1"]
    again = json.loads(cli("check", contract, "--format", "sarif").out)
    assert [x["partialFingerprints"] for x in again["runs"][0]["results"]] == [x["partialFingerprints"] for x in run["results"]]


def test_exit_codes(cli, contract, tmp_path):
    assert cli("check", contract, "--exit-zero").code == 0
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    assert cli("check", clean).code == 0
    numbered = tmp_path / "n.txt"
    numbered.write_text("宣汉县人民政府关于印发某办法的通知\n宣府规[2026]3号\n", encoding="utf-8")
    assert cli("check", numbered).code == 0  # 建议修改 only, below the default --fail-on
    assert cli("check", numbered, "--fail-on", "建议修改").code == 1


def test_type_and_fact_overrides(cli, tmp_path):
    f = tmp_path / "x.txt"
    f.write_text("某事项\n宣府规（2026）3号", encoding="utf-8")
    data = json.loads(cli("check", f, "--type", "normative", "--fact", "signed_on=2025-08-01", "--format", "json").out)
    assert data["document"]["kind"] == "normative" and data["facts"]["kind"]["source"] == "user"
    assert data["facts"]["signed_on"]["value"] == "2025-08-01"
    assert [x["rule"] for x in data["findings"]] == ["REG.ND.NUMBER_FORMAT"]


def test_sidecar_facts(cli, tmp_path):
    f = tmp_path / "x.txt"
    f.write_text("某合同\n甲方：某单位\n乙方：某公司", encoding="utf-8")
    (tmp_path / "x.facts.toml").write_text('supplier_size = "小型"\nbuyer_type = "机关"\n', encoding="utf-8")
    data = json.loads(cli("check", f, "--format", "json").out)
    assert data["facts"]["supplier_size"] == {"value": "小型", "source": "sidecar", "evidence": ""}


def test_explain_and_list(cli):
    r = cli("explain", "AMOUNT.UPPER_LOWER_MATCH")
    assert r.code == 0 and "第四百六十六条" in r.out and "应命中的示例" in r.out
    r = cli("explain", "NO.SUCH")
    assert r.code == 2 and "没有编号为 NO.SUCH 的规则" in r.err
    r = cli("rules", "list")
    assert r.code == 0 and "REG.ND.NUMBER_FORMAT" in r.out


def test_help_is_chinese(cli):
    r = cli("--help")
    assert r.code == 0 and "合法性审查" in r.out
    r = cli("check", "--help")
    assert "退出码" in r.out


def test_upper_lower_across_table_cells(tmp_path, cli):
    from factory import make_docx, p, table

    f = make_docx(
        tmp_path / "表格合同.docx",
        [p("宣汉县教育局办公家具采购合同"), table([["项目", "大写", "小写"], ["合同总价", "人民币壹拾贰万元整", "¥102,000.00"], ["预付款", "叁万陆仟元整", "¥36,000.00"]])],
    )
    data = json.loads(cli("check", f, "--format", "json").out)
    hits = [x for x in data["findings"] if x["rule"] == "AMOUNT.UPPER_LOWER_MATCH"]
    assert len(hits) == 1 and "壹拾贰万元整" in hits[0]["excerpt"] and hits[0]["location"]["where"] == "表格1第2行第2列"


def test_credit_code_in_a_table_cell(tmp_path, cli):
    from factory import make_docx, p, table

    f = make_docx(
        tmp_path / "合同.docx",
        [p("宣汉县教育局办公家具采购合同"), table([["乙方", "达州市恒信家具有限公司"], ["统一社会信用代码", "91511722MA62Y4XK3A"], ["法定代表人", "张三"]])],
    )
    data = json.loads(cli("check", f, "--format", "json").out)
    hit = [x for x in data["findings"] if x["rule"] == "PARTY.USCC_CHECKSUM"]
    assert len(hit) == 1 and "末位应为“R”" in hit[0]["message"] and hit[0]["location"]["where"] == "表格1第2行第2列"
