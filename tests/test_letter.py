"""What the letter says: coverage, conclusions that follow the findings, items worded
as an officer writes them, law quoted once and only where it applies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reviewer.api import review_document
from reviewer.case import CaseInfo
from reviewer.ingest import load_text
from reviewer.report.letter_items import LetterItem, assumption_sentence, citations, opening
from reviewer.report.opinion import build_letter, clause_reference, load_template, render_md, sections

ROOT = Path(__file__).resolve().parents[1]

HEAD = "宣汉县教育局办公桌采购合同\n甲方（采购人）：宣汉县教育局\n乙方（供应商）：达州市恒信家具有限公司\n乙方确认其为小型企业。\n采购标的：办公桌80张，规格、质量标准按国家标准GB/T 3325-2017执行。\n"
TAIL = (
    "第二条 合同总价为人民币壹拾贰万元整（¥120,000.00）。\n"
    "第三条 交货期限：合同签订之日起30日内交货，交货地点为宣汉县教育局。\n"
    "第四条 乙方交货后，甲方应在5个工作日内组织验收。\n"
    "第五条 违约责任：乙方逾期交货的，每日按逾期部分金额的万分之五支付违约金，累计不超过合同总价的10%；甲方逾期付款的，按每日万分之五支付逾期利息。\n"
    "第六条 双方对部分款项存在争议的，甲方应按期支付无争议部分。\n"
    "第七条 本合同价款为含税价，增值税税率13%，乙方开具增值税专用发票。\n"
    "第八条 争议解决：协商不成的，向宣汉县人民法院起诉。\n"
    "第九条 本合同自双方签字盖章之日起生效。\n"
    "甲方（盖章）：宣汉县教育局\n乙方（盖章）：达州市恒信家具有限公司\n签订日期：2025年8月12日\n"
)
CLEAN = HEAD + "第一条 甲方应在验收合格之日起30日内支付全部合同价款。\n" + TAIL
SME_90 = HEAD + "第一条 甲方应在验收合格后90日内支付全部合同价款。\n" + TAIL


@pytest.fixture(scope="module")
def ruleset():
    from reviewer.engine.loader import load_rules

    return load_rules()


@pytest.fixture(scope="module")
def template():
    return load_template()


def letter_for(text, ruleset, template, name="合同", kind=None, **info):
    rv = review_document(load_text(text, name=name), ruleset, kind=kind, use_sidecar=False)
    return rv, build_letter(rv, ruleset, CaseInfo(unit="宣汉县教育局", done=dt.date(2026, 3, 10), **info), template, "宣司审〔2026〕1号")


def test_a_clean_contract_fully_covered_is_lawful(ruleset, template):
    rv, letter = letter_for(CLEAN, ruleset, template)
    assert rv.coverage.complete and not [f for f in rv.findings if f.severity == "必须修改"]
    assert letter.conclusion_key == "lawful" and "同意按程序签订" in letter.conclusion
    assert "全部" in letter.coverage


def test_breaking_an_administrative_regulation_is_not_lawful(ruleset, template):
    rv, letter = letter_for(SME_90, ruleset, template)
    must = [f for f in rv.findings if f.severity == "必须修改"]
    assert must and any(b.law == "保障中小企业款项支付条例" for f in must for b in f.basis)
    assert letter.conclusion_key == "unlawful"
    assert "合同第一条" in letter.conclusion and "《保障中小企业款项支付条例》" in letter.conclusion
    assert "基本合法" not in render_md(letter) and "同意按程序签订" not in letter.conclusion


def test_a_tender_is_never_lawful_while_its_own_points_are_unexamined(ruleset, template):
    text = "宣汉县某学校食堂食材配送服务项目公开招标文件\n第一章 招标公告\n投标截止时间：2026年3月30日9时30分。\n第二章 投标人须知\n第三章 评标办法\n"
    rv, letter = letter_for(text, ruleset, template, kind="tender")
    assert not rv.coverage.complete and rv.coverage.missing
    assert letter.conclusion_key == "partial"
    md = render_md(letter)
    assert "同意按程序发布" not in md and "未作审查" in md and "人工审查" in letter.conclusion
    assert "招标采购的公平竞争" in letter.coverage  # it names what was not examined


def test_an_unfilled_template_is_said_to_be_one_and_never_approved(ruleset, template):
    blank = (
        "采购合同\n甲方：＿＿＿＿＿＿＿＿\n乙方：＿＿＿＿＿＿＿＿\n一、合同总价为人民币＿＿＿＿元。\n二、交货期限：＿＿＿＿日内。\n"
        "三、甲方应于验收合格后＿＿＿＿日内付款。\n四、本合同自双方签字盖章之日起生效。\n甲方（盖章）：＿＿＿＿\n乙方（盖章）：＿＿＿＿\n"
    )
    rv, letter = letter_for(blank, ruleset, template)
    assert any(f.rule == "DOC.UNFILLED_TEMPLATE" and f.severity == "提示" for f in rv.findings)
    assert letter.conclusion_key == "template"
    assert "同意" not in letter.conclusion.replace("不能作为同意", "") and "填写完整" in letter.conclusion


def test_the_procurement_filing_note_only_where_it_can_apply(ruleset, template):
    _, public = letter_for(CLEAN, ruleset, template)
    assert any("财政部门备案" in n for n in public.notes)
    private = CLEAN.replace("宣汉县教育局", "四川某某水泥有限公司")
    _, letter = letter_for(private, ruleset, template)
    assert not any("财政部门备案" in n for n in letter.notes)


def test_sign_off_lines_go_to_the_internal_record_not_the_letter(ruleset, template):
    _, letter = letter_for(SME_90, ruleset, template)
    md = render_md(letter)
    assert "审查人" not in md and "复核人" not in md and "负责人：" not in md
    assert letter.internal == ["审查人：", "复核人：", "负责人："]


def test_items_open_with_the_clause_and_quote_it_once(ruleset, template):
    rv, letter = letter_for(SME_90, ruleset, template)
    md = render_md(letter)
    sme = next(f for f in rv.findings if f.point == "CONTRACT.PAYMENT.SME_60_DAYS")
    excerpt = sme.excerpt.rstrip("。；")
    opinions = dict(sections(letter))["审查意见"]
    head = next(p for p in opinions if excerpt in p)
    assert head.startswith("1. 合同第一条约定“") or "合同第一条约定“" in head
    assert md.count(excerpt) == 1
    assert head.endswith("【必须修改】")
    for p in opinions:  # never a bare "1. 合同。【…】"
        assert not p.split(". ", 1)[-1].startswith("合同。")


def test_each_cited_article_is_quoted_once_in_the_basis_section(ruleset, template):
    rv, letter = letter_for(SME_90, ruleset, template)
    md = render_md(letter)
    refs = {b.key: b for f in rv.findings for b in f.basis if b.verified}
    assert refs
    for b in refs.values():
        assert md.count(f"“{b.quote}") + md.count(f"……{b.quote}") == 1, b.key
    basis = dict(sections(letter))["审查依据"]
    assert basis[1] == "本意见所引条文如下："


def test_an_item_is_quoted_with_its_lead_in():
    from reviewer.engine.loader import load_rules

    b = load_rules().basis.resolve("CC-470#1.8")
    assert b.lead == "合同的内容由当事人约定，一般包括下列条款：" and b.quote == "（八）解决争议的方法。"


def test_assumptions_are_stated_once_without_command_hints():
    assumed = [
        "假定甲方（某公司）为国有企业或大型企业（文中未载明或无法从名称判断；可用 --fact buyer_type=国有企业 确认，或 --fact buyer_type=其他 排除）；假定乙方为中小企业（文中未载明企业规模；可用 --fact supplier_size=中型 确认，或 --fact supplier_size=大型 排除）。如属实，本项应为“必须修改”",
        "假定乙方为中小企业（文中未载明企业规模；可用 --fact supplier_size=中型 确认，或 --fact supplier_size=大型 排除）",
        "2026-12-02（文中未载明签订或成文日期，按审查当日计）",
    ]
    text = assumption_sentence(assumed)
    assert "--fact" not in text and "可用" not in text
    assert text.count("假定乙方为中小企业") == 1 and text.count("如属实") == 1
    assert "合同订立日期按审查当日计" in text and text.endswith("请送审单位核实。")


def test_opening_rewrites_a_quoted_fragment_into_the_whole_sentence():
    item = LetterItem("合同第三条", "甲方在全部货物验收合格后90日内支付合同价款。", "必须修改",
                      "合同约定“验收合格后90日内支付”付款：付款期限超过60日。", [], "", "R")
    assert opening(item) == "合同第三条约定“甲方在全部货物验收合格后90日内支付合同价款”，付款期限超过60日。"
    whole = LetterItem("合同", "", "提示", "合同未约定违约责任。", [], "", "R")
    assert opening(whole) == "合同未约定违约责任。"
    other = LetterItem("合同第五条", "履约保证金为合同金额的15%。", "必须修改", "履约保证金为“15%”，超过合同金额的10%。", [], "", "R")
    assert opening(other) == "合同第五条约定“履约保证金为合同金额的15%”。履约保证金为“15%”，超过合同金额的10%。"


def test_citations_name_a_law_once():
    from reviewer.engine.loader import load_rules

    basis = load_rules().basis
    text = citations([basis.resolve("CC-6"), basis.resolve("CC-497"), basis.resolve("CC-585#2")])
    assert text == "《中华人民共和国民法典》第六条、第四百九十七条、第五百八十五条第二款"


@pytest.mark.parametrize(("clause", "expected"), [
    ("第十九条", "合同第十九条"),
    ("五、5.2", "合同第5.2条"),
    ("一、（二）", "合同第一部分（二）"),
    ("附件9 第三条", "合同附件9第三条"),
    ("", "合同"),
])
def test_clause_reference(clause, expected):
    assert clause_reference("合同", clause) == expected


def test_the_cli_writes_the_internal_record_beside_the_letter(tmp_path, cli):
    from docx import Document

    doc = tmp_path / "合同.txt"
    doc.write_text(SME_90, encoding="utf-8")
    out = tmp_path / "意见书.docx"
    r = cli("opinion", doc, "-o", out, "--db", tmp_path / "r.db", "--unit", "宣汉县教育局", "--received", "2026-3-2", "--done", "2026年3月10日")
    assert r.code == 0, r.err
    internal = tmp_path / "意见书-内部审批单.docx"
    assert internal.exists() and "内部审批单" in r.err
    letter_text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    record = "\n".join(p.text for p in Document(str(internal)).paragraphs) + "\n".join(c.text for t in Document(str(internal)).tables for row in t.rows for c in row.cells)
    assert "审查人" not in letter_text and "复核人" not in letter_text
    assert "审查人" in record and "宣司审〔2026〕1号" in record


def test_a_long_sentence_is_quoted_from_comma_to_comma():
    from reviewer.engine.run import _phrase_window

    raw = "甲方应当在收到发票后支付，" * 3 + "如因财政资金未到位，付款期限相应顺延，不视为甲方违约，乙方不得主张逾期利息，" + "并且双方另行协商，" * 12 + "。"
    ha = raw.index("付款期限")
    lo, hi = _phrase_window(raw, 0, len(raw), ha, ha + 8)
    assert raw[lo - 1] == "，" and raw[hi - 1] == "，"  # whole phrases only
    assert "不视为甲方违约，" in raw[lo:hi] and hi - lo <= 160
