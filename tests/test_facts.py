"""Document facts on wording the team did not write (the blind sets holdout6 and
holdout7, written by helpers who never saw the rules), and the three-valued
behaviour of rules whose condition rests on a fact the text does not settle."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reviewer.api import review_document
from reviewer.facts import infer
from reviewer.facts.truth import assumption, truth
from reviewer.ingest import load, load_text

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
D = dt.date

# What the writers of the blind sets say each document states (None: not stated).
STATED = {
    "holdout6/goods-rehab-equipment-hospital.docx": dict(buyer_type="事业单位", supplier_size="中型", award_on=D(2025, 10, 20), award_amount=1286400.0, budget_amount=1300000.0),
    "holdout6/goods-emergency-supplies-town.txt": dict(buyer_type="机关", supplier_size="小型", signed_on=D(2025, 7, 16)),
    "holdout6/services-street-cleaning.txt": dict(buyer_type="机关", supplier_size="小型", award_on=D(2025, 9, 12), award_amount=None),
    "holdout6/construction-epc-farmland.docx": dict(buyer_type="机关", supplier_size="中型", contract_kind="construction", award_amount=23865200.0),
    "holdout6/construction-subcontract-fire.txt": dict(buyer_type="国有企业", contract_kind="construction"),
    "holdout6/consulting-village-planning.txt": dict(signed_on=None, contract_amount=528000.0, budget_amount=480000.0),
    "holdout6/goods-dormitory-beds.docx": dict(supplier_size="微型", award_on=D(2025, 9, 10), award_amount=577600.0, budget_amount=580000.0),
    "holdout7/services-road-maintenance-town.txt": dict(buyer_type="机关", supplier_size="小型"),
    "holdout7/goods-consumables-framework.docx": dict(buyer_type="事业单位", supplier_size=None),
    "holdout7/services-canteen-outsourcing.txt": dict(supplier_size="小型", signed_on=D(2025, 8, 26), award_on=D(2025, 8, 29)),
    "holdout7/construction-subcontract-soe.docx": dict(buyer_type="国有企业", supplier_size="中型", contract_kind="construction"),
    "holdout7/services-supervision-rural-roads.txt": dict(supplier_size=None, contract_kind="services", contract_amount=438000.0, award_on=D(2025, 8, 6), award_amount=426000.0, budget_amount=430000.0),
    "holdout7/goods-addon-supplement.docx": dict(supplier_size="小型", signed_on=None, contract_kind="goods"),
    "holdout7/services-water-supply-purchase.docx": dict(buyer_type="机关", award_on=D(2025, 12, 19)),
}


@pytest.mark.parametrize("name", sorted(STATED))
def test_facts_on_documents_written_by_others(name):
    facts = infer(load(CORPUS / name))
    for key, want in STATED[name].items():
        assert facts.get(key) == want, f"{key}: {facts.get(key)!r} != {want!r} ({facts.values.get(key)})"


@pytest.mark.parametrize(
    "text,size",
    [
        ("乙方：某某建筑有限公司\n经核实，承包人为中型企业。", "中型"),
        ("乙方系残疾人福利性单位，依照政府采购政策视同小型、微型企业。", "小型"),
        ("乙方为经县民政部门认定的残疾人福利性单位。", "小型"),
        ("根据《中小企业划型标准规定》，乙方为微型企业。", "微型"),
        ("如乙方为小型企业的，甲方应于30日内付款。", None),  # a condition, not a statement
        ("中小企业声明函\n本公司郑重声明……属于（中型企业、小型企业、微型企业）。", None),  # a blank form
        ("投标人不属于监狱企业。", None),
    ],
)
def test_supplier_size_statements(text, size):
    assert infer(load_text("合同\n甲方：宣汉县教育局\n" + text, name="t")).get("supplier_size") == size


def test_company_buyer_is_narrowed_not_guessed():
    facts = infer(load_text("服务合同\n甲方：北京某某科技发展有限公司\n乙方：某某咨询有限公司\n", name="t"))
    assert facts.get("buyer_type") is None
    assert facts.possible("buyer_type") == {"国有企业", "大型企业", "其他"}
    assert truth(facts, "buyer_type", ["机关", "事业单位"]) is False  # never a 机关: the SME 机关 rules stay silent
    assert truth(facts, "buyer_type", ["国有企业", "大型企业"]) is None  # unknown: the rule runs and says so
    label, sentence = assumption(facts, "buyer_type", ["国有企业", "大型企业"])
    assert "北京某某科技发展有限公司" in sentence and "--fact buyer_type=" in sentence


SME_CONTRACT = "设备采购合同\n甲方：宣汉县教育局\n乙方：四川某某科技有限公司\n签订日期：2025年9月1日\n甲方在全部货物验收合格后90日内支付合同价款。\n"


def _sme(review):
    return [f for f in review.findings if f.point == "CONTRACT.PAYMENT.SME_60_DAYS"]


def test_unknown_size_reports_with_assumption_one_level_lower(ruleset):
    found = _sme(review_document(load_text(SME_CONTRACT, name="t"), ruleset, use_sidecar=False))
    assert len(found) == 1 and found[0].severity == "建议修改"
    assert "假定乙方（四川某某科技有限公司）为中小企业" in " ".join(found[0].assumed.values())


def test_stated_size_decides(ruleset):
    small = _sme(review_document(load_text(SME_CONTRACT + "乙方确认其属于小型企业。\n", name="t"), ruleset, use_sidecar=False))
    assert len(small) == 1 and small[0].severity == "必须修改" and not small[0].assumed
    large = _sme(review_document(load_text(SME_CONTRACT + "乙方确认其属于大型企业。\n", name="t"), ruleset, use_sidecar=False))
    assert large == []  # a known fact that contradicts the condition silences the rule
    told = _sme(review_document(load_text(SME_CONTRACT, name="t"), ruleset, user_facts={"supplier_size": "大型"}, use_sidecar=False))
    assert told == []


def test_one_reading_per_clause_when_the_buyer_is_unknown(ruleset):
    text = SME_CONTRACT.replace("宣汉县教育局", "某某").replace("乙方：四川某某科技有限公司\n", "乙方：某某公司\n乙方确认其属于小型企业。\n")
    rv = review_document(load_text(text, name="t"), ruleset, use_sidecar=False)
    on_clause = [f for f in rv.findings if f.point in ("CONTRACT.PAYMENT.SME_60_DAYS", "CONTRACT.PAYMENT.LARGE_BUYER") and "90日" in f.excerpt]
    assert len(on_clause) == 1, [f.rule for f in on_clause]


DELAY = "服务合同\n甲方：宣汉县民政局\n乙方：四川某某服务有限公司\n签订日期：2025年9月1日\n甲方在项目资金到位后支付剩余款项。\n"


def test_a_law_the_facts_contradict_is_not_cited(ruleset):
    unknown = [f for f in review_document(load_text(DELAY, name="t"), ruleset, use_sidecar=False).findings if f.point == "CONTRACT.PAYMENT.NO_DELAY_PRETEXTS"]
    assert unknown and all(b.law == "保障中小企业款项支付条例" for b in unknown[0].basis)
    assert "乙方规模" in unknown[0].assumed  # the regulation is cited with its condition stated as assumed
    large = review_document(load_text(DELAY + "乙方确认其属于大型企业。\n", name="t"), ruleset, use_sidecar=False)
    cited = [b.law for f in large.findings for b in f.basis]
    assert "保障中小企业款项支付条例" not in cited


def test_tender_title_from_its_cover():
    cover = "项目编号：XH-2026-01\n宣汉县城区道路照明维护\n服务项目\n竞争性磋商文件\n采购单位：宣汉县城市管理局\n二〇二六年五月\n目录\n第一章 磋商公告\n投标人须知\n"
    assert infer(load_text(cover, name="t")).title == "宣汉县城区道路照明维护服务项目竞争性磋商文件"


def test_signing_date_is_not_an_annex_date():
    text = (
        "设备采购合同\n甲方：宣汉县人民医院\n乙方：四川某某医疗设备有限公司\n甲方在验收合格后30日内付款。\n"
        "甲方（盖章）：宣汉县人民医院\n乙方（盖章）：四川某某医疗设备有限公司\n日期：2025年11月3日\n"
        "附件　中小企业声明函（货物）\n本公司郑重声明，本公司属于中型企业。\n企业名称（盖章）：四川某某医疗设备有限公司\n日期：2025年9月28日\n"
    )
    facts = infer(load_text(text, name="t"))
    assert facts.get("signed_on") == D(2025, 11, 3)
    assert facts.get("supplier_size") == "中型"


def test_the_letter_says_what_a_finding_assumed(ruleset):
    from reviewer.report.opinion import item_paragraphs, LetterItem

    f = _sme(review_document(load_text(SME_CONTRACT, name="t"), ruleset, use_sidecar=False))[0]
    item = LetterItem("合同", f.excerpt, f.severity, f.message, f.basis, f.suggestion, f.rule, list(f.assumed.values()))
    text = "\n".join(item_paragraphs(1, item))
    assert "本项意见假定乙方（四川某某科技有限公司）为中小企业" in text and "请送审单位核实" in text
    assert "--fact" not in text


def test_a_fact_knows_the_sentence_that_states_it():
    from reviewer.engine.context import Context

    doc = load(CORPUS / "holdout7/services-canteen-outsourcing.txt")
    ctx = Context(doc, infer(doc))
    assert "2025年8月26日" in ctx.fact_sentence("signed_on").text
    assert "成交通知书" in ctx.fact_sentence("award_on").text
    assert "合同总价" in ctx.fact_sentence("contract_amount").text
    assert ctx.fact_sentence("budget_amount") is None  # not stated


def test_a_comparing_finding_quotes_both_places(ruleset):
    rv = review_document(load(CORPUS / "holdout7/services-canteen-outsourcing.txt"), ruleset)
    signed = [f for f in rv.findings if f.point == "PROC.CT.SIGN_AFTER_AWARD" and f.severity == "必须修改"]
    assert signed, [f.rule for f in rv.findings]
    quoted = [signed[0].excerpt] + signed[0].related
    assert any("2025年8月26日" in q for q in quoted) and any("成交通知书" in q for q in quoted)


@pytest.mark.parametrize(
    "title,kind",
    [
        ("宣汉县2025年智慧教室建设项目设备采购及安装合同", "goods"),
        ("宣汉县人民医院食堂食材供应框架协议", "goods"),
        ("宣汉县农村客运公益班线运营服务采购合同", "services"),
        ("宣汉县清溪镇2025年汛期河道清漂劳务合同", "services"),
        ("某某工程劳务分包合同", "construction"),
        ("宣汉县2026年农村饮水工程维修养护项目施工合同", "construction"),
        ("宣汉县农村公路提升改造工程施工监理服务合同", "services"),
    ],
)
def test_contract_kind_from_the_title(title, kind):
    from reviewer.facts.infer import contract_kind_of

    assert contract_kind_of(title, "") == kind


def test_not_a_large_enterprise_is_not_large():
    text = "施工合同\n发包人：宣汉县教育局\n承包人：四川某某建设有限公司\n承包人在投标文件中说明，其从业人员和年营业收入处于建筑业中型企业的标准区间内，不属于大型企业。\n"
    assert infer(load_text(text, name="t")).get("supplier_size") == "中型"
