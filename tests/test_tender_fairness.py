"""The tender fairness and scoring rules (catalogue 3.10) on whole documents: what an
officer sees in the findings, one comment per problem quoting every place."""

from __future__ import annotations

from pathlib import Path

import pytest

from factory import make_docx, p, table
from reviewer.api import check_file
from reviewer.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[1]
GOV_HEAD = "宣汉县教育局2026年课桌椅采购项目公开招标文件\n采购人：宣汉县教育局\n本项目为政府采购项目，资金来源为财政资金。\n"
FAIR_POINTS = ("FAIR.",)


def _check(tmp_path: Path, text: str, ruleset, name: str = "t.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return check_file(path, ruleset)


def _by_point(rv, point: str):
    return [f for f in rv.findings if f.point == point]


def test_subjective_score_items_make_one_finding_quoting_each(tmp_path, ruleset):
    rv = _check(tmp_path, GOV_HEAD + (
        "第三章　评标办法\n"
        "1．实施方案：方案科学合理的得11-15分；方案较合理的得6-10分；方案一般的得0-5分。\n"
        "2．应急预案：根据应急预案内容进行评审，0-10分。\n"
        "3．业绩：每提供1项同类合同得2分，最多得10分。\n"
        "4．对小型和微型企业的投标报价给予10%的扣除。\n"
    ), ruleset)
    found = _by_point(rv, "FAIR.SCORING_QUANTIFIED")
    assert len(found) == 1
    quoted = found[0].excerpt + "".join(found[0].related)
    assert "方案较合理的得6-10分" in quoted and "根据应急预案内容进行评审" in quoted
    assert "每提供1项" not in quoted  # a counted item is quantified
    assert found[0].severity == "必须修改" and "第三十四条" in str([b.article for b in found[0].basis])


def test_a_defined_grade_and_a_contract_appraisal_are_not_subjective(tmp_path, ruleset):
    rv = _check(tmp_path, GOV_HEAD + (
        "第一章　招标公告\n欢迎投标。\n"
        "第二章　评标办法\n"
        "服务方案（42分）：方案内容完全满足要求，科学合理得42分；每缺少一项扣7分，每有一处缺陷扣3.5分。注：缺陷指项目名称错误等情形。\n"
        "第三章　采购需求\n课桌椅500套，按GB/T 3976-2014验收。\n"
        "第四章　拟签订的合同文本\n"
        "第一条　考核：甲方每月考核，服务较好的得8-9分，服务一般的得6-7分，按考核得分付款。\n"
    ), ruleset)
    assert not _by_point(rv, "FAIR.SCORING_QUANTIFIED")


def test_scoring_table_in_word_cells(tmp_path, ruleset):
    path = make_docx(tmp_path / "t.docx", [
        p("宣汉县教育局2026年课桌椅采购项目公开招标文件"), p("本项目为政府采购项目，资金来源为财政资金。"),
        p("第三章　评标办法"),
        table([["评审因素", "分值", "评分标准"], ["售后服务", "15", "售后服务方案完善的得15分，较完善的得10分，一般的得5分。"], ["业绩", "10", "每提供1项得2分，最多得10分。"]]),
    ])
    found = _by_point(check_file(path, ruleset), "FAIR.SCORING_QUANTIFIED")
    assert len(found) == 1 and "较完善的得10分" in found[0].excerpt
    assert found[0].location.where.startswith("表格1第2行")


def test_a_condition_restated_in_several_places_is_one_finding(tmp_path, ruleset):
    rv = _check(tmp_path, GOV_HEAD + (
        "第一章　招标公告\n投标人注册资本不低于1000万元。\n"
        "第二章　投标人须知\n资格条件：投标人注册资本不低于1000万元，成立时间不少于3年。\n"
    ), ruleset)
    found = _by_point(rv, "FAIR.SIZE_CONDITIONS")
    assert len(found) == 1
    assert "共2处" in found[0].message and found[0].related


@pytest.mark.parametrize("text,expected", [
    ("投标人须在宣汉县设有固定办公场所。", True),
    ("成交供应商应在签订合同后15日内在宣汉县城区设立服务网点。", False),
    ("供应商应在接到报修通知后2小时内到达现场。", False),
])
def test_local_office_condition_but_not_a_response_time(tmp_path, ruleset, text, expected):
    rv = _check(tmp_path, GOV_HEAD + text + "\n", ruleset)
    assert bool(_by_point(rv, "FAIR.LOCAL_PROTECTION")) is expected


def test_brand_read_under_the_law_of_the_procurement(tmp_path, ruleset):
    line = "断路器推荐选用ABB、施耐德品牌。\n"
    works = _check(tmp_path, "某工程施工招标文件\n招标人：宣汉县城市建设投资有限公司\n" + line, ruleset, "w.txt")
    gov = _check(tmp_path, GOV_HEAD + line, ruleset, "g.txt")
    assert [f.rule for f in works.findings if f.point and f.point.startswith(FAIR_POINTS) and "BRAND" in f.rule] == ["FAIR.TBLR32.BRAND"]
    assert [f.rule for f in gov.findings if f.point and f.point.startswith(FAIR_POINTS) and "BRAND" in f.rule] == ["FAIR.GPLR20.BRAND"]
    equal = _check(tmp_path, GOV_HEAD + "断路器参考品牌：ABB、施耐德、正泰或性能相当的产品。\n", ruleset, "e.txt")
    assert not [f for f in equal.findings if "BRAND" in f.rule]


@pytest.mark.parametrize("kind,weight,expected", [
    ("货物", 20, True), ("货物", 30, False), ("服务", 10, False), ("服务", 8, True),
])
def test_price_weight(tmp_path, ruleset, kind, weight, expected):
    subject = "课桌椅采购项目" if kind == "货物" else "物业管理服务项目"
    text = f"宣汉县教育局2026年{subject}公开招标文件\n本项目为政府采购项目，资金来源为财政资金。\n本项目采用综合评分法，评分标准：价格分值{weight}分，其他评审因素分值{100 - weight}分。\n"
    rv = _check(tmp_path, text, ruleset)
    assert bool(_by_point(rv, "FAIR.PRICE_WEIGHT")) is expected


def test_sme_measures(tmp_path, ruleset):
    absent = _by_point(_check(tmp_path, GOV_HEAD + "投标人应具有独立承担民事责任的能力。\n", ruleset, "a.txt"), "FAIR.SME_POLICY")
    assert len(absent) == 1 and absent[0].location.start is None
    soe = "城投大厦装饰设计服务比选文件\n比选人：宣汉县城市建设投资有限公司\n资金来源：企业自有资金。\n"
    assert not _by_point(_check(tmp_path, soe, ruleset, "s.txt"), "FAIR.SME_POLICY")
    low = GOV_HEAD + "对小型和微型企业的投标报价给予6%的扣除，用扣除后的价格参与评审。\n"
    found = _by_point(_check(tmp_path, low, ruleset, "l.txt"), "FAIR.SME_POLICY")
    assert len(found) == 1 and "6%" in found[0].message
    zero = GOV_HEAD + "本项目专门面向中小企业采购，对小微企业报价给予0%的扣除。\n"
    assert not _by_point(_check(tmp_path, zero, ruleset, "z.txt"), "FAIR.SME_POLICY")


def test_contract_text_in_a_government_tender(tmp_path, ruleset):
    chapters = "第一章　招标公告\n欢迎投标。\n第二章　投标人须知\n按时递交。\n第三章　评标办法\n最低评标价法。\n第四章　采购需求\n课桌椅500套，按GB/T 3976-2014验收。\n"
    without = _by_point(_check(tmp_path, GOV_HEAD + chapters, ruleset, "a.txt"), "FAIR.CONTRACT_TEXT_IN_TD")
    assert len(without) == 1 and without[0].severity == "必须修改"
    with_contract = GOV_HEAD + chapters + "第五章　拟签订的合同文本\n甲方：宣汉县教育局。\n"
    assert not _by_point(_check(tmp_path, with_contract, ruleset, "b.txt"), "FAIR.CONTRACT_TEXT_IN_TD")
    notice_only = GOV_HEAD + "第一章　招标公告\n欢迎投标。\n"
    assert not _by_point(_check(tmp_path, notice_only, ruleset, "c.txt"), "FAIR.CONTRACT_TEXT_IN_TD")


def test_team_tender_corpus_fair_points_exact():
    """The five t-fair documents: every labelled fairness finding is found, none besides."""
    from reviewer.engine.loader import load_rules

    result = evaluate(ROOT / "corpus" / "tenders", load_rules())
    fair = [m for m in result.misses if m[0].startswith("t-fair")] + [f for f in result.false_alarms if f[0].startswith("t-fair")]
    assert not fair, fair
    assert sum(result.score(p).tp for p in ("FAIR.SCORING_QUANTIFIED", "FAIR.SIZE_CONDITIONS", "FAIR.LOCAL_PROTECTION", "FAIR.TBLR32")) >= 10


def test_real_tenders_fairness_points(realdocs):
    """On the labelled real tenders (labels written before these rules): the fairness
    points keep their recall and raise no false alarm."""
    from reviewer.engine.loader import load_rules

    result = evaluate(ROOT / "corpus" / "real", load_rules())
    points = ("FAIR.SCORING_QUANTIFIED", "FAIR.SIZE_CONDITIONS", "FAIR.TBLR32", "FAIR.LOCAL_PROTECTION", "FAIR.SME_POLICY", "NORM.CITATIONS_CURRENT")
    assert sum(result.score(p).tp for p in points) >= 50
    assert not [f for f in result.false_alarms if f[0].startswith("tender") and f[1].startswith(("FAIR.", "NORM.CITATIONS_CURRENT.TD", "PRICE.NO_UNLIMITED_RISK.TD"))]


def test_a_score_item_failing_a_size_condition_is_not_a_prohibition(tmp_path, ruleset):
    """"不得分" (no points) is a score, not "不得" (a prohibition that would excuse the item)."""
    rv = _check(tmp_path, GOV_HEAD + "企业实力：投标人注册资本在1000万元及以上的得2分，低于1000万元的不得分。\n供应商成立时间满5年及以上的得3分，不足5年的不得分。\n", ruleset)
    found = _by_point(rv, "FAIR.SIZE_CONDITIONS")
    assert len(found) == 1 and "共2处" in found[0].message


def test_price_weight_as_a_formula_and_as_a_table_row(tmp_path, ruleset):
    head = "宣汉县某局2026年物业管理服务项目竞争性磋商文件\n本项目为政府采购项目，资金来源为财政资金。\n本项目采用综合评分法。\n"
    formula = _check(tmp_path, head + "价格分＝（磋商基准价／最后报价）×8。\n", ruleset, "f.txt")
    assert _by_point(formula, "FAIR.PRICE_WEIGHT")
    weighted = _check(tmp_path, head + "报价得分＝（评审基准价格/投标报价）×8%×100。\n", ruleset, "w.txt")
    assert _by_point(weighted, "FAIR.PRICE_WEIGHT")
    enough = _check(tmp_path, head + "价格分＝（磋商基准价／最后报价）×10。\n", ruleset, "e.txt")
    assert not _by_point(enough, "FAIR.PRICE_WEIGHT")
    path = make_docx(tmp_path / "t.docx", [
        p("宣汉县某局2026年物业管理服务项目竞争性磋商文件"), p("本项目为政府采购项目，资金来源为财政资金。"), p("本项目采用综合评分法。"),
        table([["评分项目", "分值", "评分标准"], ["价格", "8分", "满足磋商文件要求且最后报价最低的为磋商基准价，其价格分为满分。"]]),
    ])
    assert _by_point(check_file(path, ruleset), "FAIR.PRICE_WEIGHT")


def test_brand_named_as_须为X品牌_or_a_maker_model(tmp_path, ruleset):
    for line in ("交互式智能平板须为希沃（seewo）品牌MAX系列产品。", "舷外机：雅马哈（YAMAHA）F40型四冲程舷外机。", "探头须为“恒测”品牌HC-2000系列。"):
        assert _by_point(_check(tmp_path, GOV_HEAD + line + "\n", ruleset), "FAIR.GPLR20"), line
    for line in ("处理器：Intel酷睿i5-12400或相当于同等性能及以上的处理器。", "投标人须填写所投产品的品牌、型号。", "电力电缆采用YJV22型铜芯电缆。"):
        assert not _by_point(_check(tmp_path, GOV_HEAD + line + "\n", ruleset), "FAIR.GPLR20"), line


def test_a_township_works_bixuan_is_read_under_the_tendering_law(tmp_path, ruleset):
    text = ("某镇2026年场镇排水沟渠整治工程比选文件\n比选人：宣汉县某某镇人民政府\n"
            "在某某镇辖区内承接过同类工程的，加5分。\n")
    rv = _check(tmp_path, text, ruleset)
    assert rv.facts.get("procurement_regime") == "工程招投标"
    assert [f.rule for f in rv.findings if f.point in ("FAIR.TBLR32", "FAIR.GPLR20")] == ["FAIR.TBLR32.REGIONAL_RECORD"]
    said = _check(tmp_path, text.replace("加5分。", "加5分。\n本项目属于政府采购工程。"), ruleset, "g.txt")
    assert said.facts.get("procurement_regime") == "政府采购"


def test_sme_price_deduction_refused(tmp_path, ruleset):
    refused = _by_point(_check(tmp_path, GOV_HEAD + "本项目不专门面向中小企业，亦不对小微企业报价给予价格扣除。\n", ruleset, "r.txt"), "FAIR.SME_POLICY")
    assert [f.rule for f in refused] == ["FAIR.SME_POLICY.REFUSED"]
    reserved = _check(tmp_path, GOV_HEAD + "本项目专门面向中小企业采购，不再执行价格扣除。\n", ruleset, "s.txt")
    assert not _by_point(reserved, "FAIR.SME_POLICY")


def test_a_scoring_row_with_its_measure_in_another_cell(tmp_path, ruleset):
    path = make_docx(tmp_path / "t.docx", [
        p("宣汉县教育局2026年课桌椅采购项目公开招标文件"), p("本项目为政府采购项目，资金来源为财政资金。"),
        p("第三章　评标办法"),
        table([["评审因素", "分值", "评分标准", "扣分办法"],
               ["供货方案", "10", "供货方案完整且针对本项目的得10分。", "方案包括进度、运输、安装、应急4项，每缺一项扣2.5分。"],
               ["售后服务", "15", "售后服务方案完善的得15分，较完善的得10分。", "—"]]),
    ])
    found = _by_point(check_file(path, ruleset), "FAIR.SCORING_QUANTIFIED")
    assert len(found) == 1 and "较完善的得10分" in found[0].excerpt and "供货方案完整" not in " ".join([found[0].excerpt, *found[0].related])
