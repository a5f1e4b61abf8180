"""Whole-document cases for the contract points of issue 7: each point on a short,
realistic contract, once where the defect is present and once on a compliant
decoy a careless rule would flag (signed exactly 30 days after the award, a
warranty of exactly 2 years for installation, add-on purchases of exactly 10%)."""

from __future__ import annotations

import pytest

from reviewer.api import review_document
from reviewer.ingest import load_text

GOODS = """宣汉县天生镇人民政府应急物资采购合同
采购人（甲方）：宣汉县天生镇人民政府
供应商（乙方）：宣汉县康宁商贸有限公司
鉴于：本项目采用公开招标方式采购，招标公告于2025年5月6日在四川政府采购网发布，2025年5月27日开标、评标。甲方于2025年6月5日向乙方发出中标通知书，中标金额为人民币叁拾陆万捌仟陆佰伍拾元整。本项目资金来源为财政资金，预算金额为人民币37万元。乙方确认其属于小型企业。
根据《中华人民共和国政府采购法》，双方按照招标文件、投标文件和中标通知书订立本合同。
第一条　合同总价为人民币叁拾陆万捌仟陆佰伍拾元整（¥368,650.00），含13%增值税，乙方开具税率为13%的增值税专用发票。
第二条　乙方应于本合同签订之日起20日内将全部物资送达甲方仓库，质量符合国家标准。
第三条　甲方在验收合格之日起30日内付款。双方对部分物资存在争议，但不影响其他物资验收和使用的，甲方应按约定期限支付无争议部分的价款。
第四条　乙方逾期交货的，每日按逾期部分价款的万分之五支付违约金，累计不超过合同总价的5%。守约方应采取适当措施防止损失扩大。
第五条　合同履行中，甲方需追加与合同标的相同的物资的，可以与乙方签订补充合同，所有补充合同的采购金额不超过原合同采购金额的10%。任何一方要求变更本合同的，应当协商一致并签订书面补充协议。
第六条　甲方应自本合同签订之日起2个工作日内在四川政府采购网公告本合同，并于7个工作日内将合同副本报宣汉县财政局备案。
第七条　因本合同发生争议的，向甲方所在地人民法院起诉。
第八条　本合同自双方签字盖章之日起生效。
甲方（盖章）：宣汉县天生镇人民政府
乙方（盖章）：宣汉县康宁商贸有限公司
签订日期：2025年7月5日
"""

WORKS = """宣汉县南坝中学教学楼维修改造工程施工合同
发包人：宣汉县南坝中学
承包人：四川蜀宣建设工程有限公司
依据2025年7月10日发出的中标通知书，承包人为本工程中标人，中标价为人民币186万元。资金来源为财政资金，属于政府投资项目。承包人确认其属于小型企业。
一、工程范围：教学楼屋面防水、外墙、给排水和电气线路改造。
二、工期：计划开工日期为2025年8月1日，计划竣工日期为2025年10月31日。
三、质量标准：合格。隐蔽工程和中间验收：隐蔽前48小时通知发包人检查。
四、签约合同价为人民币186万元，含9%增值税，承包人开具增值税专用发票。
五、材料和设备由承包人采购。发包人在开工前7日提供施工图，承包人在竣工验收合格后28日内移交竣工资料。
六、预付款：发包人在开工前7日内向承包人支付签约合同价的20%作为预付款。
七、进度款：承包人每月25日报送当月已完工程量，发包人在收到之日起7日内审核确认，进度款按经确认的已完工程价款的80%支付。
八、竣工验收：发包人收到竣工验收申请后28日内组织验收。双方对部分款项有争议的，发包人应先行支付无争议部分。
九、保修：屋面防水工程保修期为5年；电气管线、给排水管道和设备安装工程保修期为2年；保修期自竣工验收合格之日起计算。
十、双方应相互协作，发包人负责协调学校教学与施工的关系。
十一、本合同自双方签字盖章之日起生效。
发包人（盖章）：宣汉县南坝中学
承包人（盖章）：四川蜀宣建设工程有限公司
签订日期：2025年7月25日
"""

SERVICE_PAY = "第三条　服务费按季度结算，当季服务费结算金额经甲方确认后10日内支付。双方对部分款项存在争议的，甲方应先行支付无争议部分。"


def _review(text: str):
    return review_document(load_text(text, name="合同.txt"), _rules(), use_sidecar=False).findings


_RULESET = []


def _rules():
    if not _RULESET:
        from reviewer.engine.loader import load_rules

        _RULESET.append(load_rules())
    return _RULESET[0]


def _edit(base: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in base, old
        base = base.replace(old, new)
    return base


# (point, base, edits making the defect, severity expected, a word the finding's excerpt or message holds)
CASES = [
    ("AMOUNT.MATCH_AWARD", GOODS, [("人民币叁拾陆万捌仟陆佰伍拾元整（¥368,650.00）", "人民币叁拾柒万元整（¥370,000.00）")], "必须修改", "370,000.00"),
    ("AMOUNT.TAX_CURRENCY", GOODS, [("含13%增值税，乙方开具税率为13%的", "含13%增值税。乙方开具税率为9%的")], "建议修改", "9%"),
    ("AMOUNT.TAX_CURRENCY", GOODS, [("第七条　", "乙方每次收款前开具增值税普通发票。\n第七条　")], "建议修改", "普通发票"),
    ("CONTRACT.BREACH.MITIGATION", GOODS, [("守约方应采取适当措施防止损失扩大。", "违约方应赔偿守约方的全部损失，包括扩大的损失。")], "提示", "扩大"),
    ("CONTRACT.BREACH.STANDARD_TERMS", GOODS, [("第七条　", "本合同为甲方提供的格式文本。乙方人员在甲方场所受伤的，甲方概不负责。\n第七条　")], "建议修改", "概不负责"),
    ("CONTRACT.ESSENTIAL.EFFECTIVENESS", GOODS, [("第八条　本合同自双方签字盖章之日起生效。\n", "")], "建议修改", "生效"),
    ("CONTRACT.ESSENTIAL.EFFECTIVENESS", GOODS, [("本合同自双方签字盖章之日起生效", "本合同经甲方上级主管部门批准后生效")], "建议修改", "主管部门"),
    ("CONTRACT.ESSENTIAL.WRITTEN_SIGNED", GOODS, [("签订日期：2025年7月5日", "签订日期：____年____月____日")], "必须修改", "签订日期"),
    ("CONTRACT.PAYMENT.BUDGET", GOODS, [("预算金额为人民币37万元", "预算金额为人民币35万元")], "必须修改", "350,000.00"),
    ("CONTRACT.PAYMENT.SETTLEMENT_CONFIRMATION", GOODS, [(GOODS.splitlines()[7], SERVICE_PAY)], "建议修改", "经甲方确认后"),
    ("CONTRACT.PAYMENT.UNDISPUTED_PART", GOODS, [("双方对部分物资存在争议，但不影响其他物资验收和使用的，甲方应按约定期限支付无争议部分的价款。", "")], "提示", "无争议"),
    ("DATE.CHRONOLOGY", GOODS, [("2025年5月6日", "2025年5月20日")], "必须修改", "5月27日"),
    ("PRICE.GOV_PRICING", GOODS, [("第七条　", "乙方代缴的仓储电费执行政府定价。\n第七条　")], "提示", "政府定价"),
    ("PROC.CT.ADD_ON_10PCT", GOODS, [("不超过原合同采购金额的10%", "不超过原合同采购金额的20%")], "必须修改", "20%"),
    ("PROC.CT.GP_AFTERCARE", GOODS, [("第六条　甲方应自本合同签订之日起2个工作日内在四川政府采购网公告本合同，并于7个工作日内将合同副本报宣汉县财政局备案。\n", "")], "提示", "未约定合同公告、合同备案"),
    ("PROC.CT.SIGN_AFTER_AWARD", GOODS, [("签订日期：2025年7月5日", "签订日期：2025年7月16日")], "必须修改", "41日"),
    ("PROC.CT.SIGN_AFTER_AWARD", GOODS, [("第七条　", "乙方已于2025年6月20日先行将首批物资运抵甲方仓库。\n第七条　")], "提示", "先行"),
    ("PROC.CT.NO_UNILATERAL_CHANGE", GOODS, [("第七条　", "甲方可根据工作需要单方调整采购数量或者提前解除本合同。\n第七条　")], "建议修改", "单方调整"),
    ("CONTRACT.ESSENTIAL.CONSTRUCTION_795", WORKS, [("十、双方应相互协作，发包人负责协调学校教学与施工的关系。\n", ""), ("发包人在开工前7日提供施工图，承包人在竣工验收合格后28日内移交竣工资料。", "")], "建议修改", "相互协作"),
    ("CONTRACT.ESSENTIAL.WARRANTY_MIN", WORKS, [("设备安装工程保修期为2年", "设备安装工程保修期为1年")], "必须修改", "1年"),
    ("CONTRACT.ESSENTIAL.WARRANTY_MIN", WORKS, [("保修期自竣工验收合格之日起计算", "保修期自工程交付使用之日起计算")], "必须修改", "交付使用"),
    ("CONTRACT.PAYMENT.CONSTRUCTION_RATIOS", WORKS, [("已完工程价款的80%", "已完工程价款的70%")], "提示", "70%"),
    ("CONTRACT.PAYMENT.CONSTRUCTION_RATIOS", WORKS, [("签约合同价的20%作为预付款", "签约合同价的5%作为预付款")], "提示", "5%"),
    ("DATE.CHRONOLOGY", WORKS, [("计划开工日期为2025年8月1日", "计划开工日期为2025年7月20日")], "必须修改", "7月20日"),
]


def _on_point(findings, point):
    return [f for f in findings if f.point == point]


@pytest.mark.parametrize("base", [GOODS, WORKS], ids=["goods", "works"])
def test_the_compliant_contracts_raise_none_of_the_new_points(base):
    """Signed 30 days after the award, bid period of 21 days, add-ons up to 10%,
    installation warranty of exactly 2 years, progress payments of 80%: all lawful."""
    points = {p for p, *_ in CASES} - {"PROC.CT.GP_AFTERCARE"}  # a reminder on every government procurement contract
    got = [f"{f.rule}: {f.excerpt or f.message}" for f in _review(base) if f.point in points]
    reminders = [f.message for f in _review(base) if f.point == "PROC.CT.GP_AFTERCARE"]
    assert all("已约定公告和备案" in m for m in reminders), reminders
    assert not got, got


@pytest.mark.parametrize("point,base,edits,severity,word", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_defect_is_found_with_its_severity(point, base, edits, severity, word):
    found = _on_point(_review(_edit(base, *edits)), point)
    assert found, f"{point} not raised"
    assert any(f.severity == severity for f in found), [(f.rule, f.severity) for f in found]
    assert any(word in (f.excerpt + f.message) for f in found), [(f.excerpt, f.message) for f in found]
    assert all(f.basis for f in found) and all(f.suggestion for f in found)


def test_a_signature_page_without_a_date_in_a_blank_template_is_no_finding():
    template = "房屋租赁合同\n出租方（甲方）：＿＿＿＿＿＿\n承租方（乙方）：＿＿＿＿＿＿\n一、租金为每月＿＿＿＿元。\n二、押金＿＿＿＿元。\n三、本合同经双方签字后生效。\n甲方（签字）：＿＿＿＿\n乙方（签字）：＿＿＿＿\n签约日期：    年   月   日\n"
    assert not _on_point(_review(template), "CONTRACT.ESSENTIAL.WRITTEN_SIGNED")


def test_a_per_year_award_price_is_not_compared_with_the_contract_total():
    text = _edit(
        GOODS,
        ("中标金额为人民币叁拾陆万捌仟陆佰伍拾元整", "中标金额为每年人民币叁拾陆万捌仟陆佰伍拾元整"),
        ("合同总价为人民币叁拾陆万捌仟陆佰伍拾元整（¥368,650.00）", "合同总价为人民币柒拾叁万柒仟叁佰元整（¥737,300.00）"),
        ("预算金额为人民币37万元", "预算金额为人民币80万元"),
    )
    assert not _on_point(_review(text), "AMOUNT.MATCH_AWARD")


def test_dates_in_an_attached_declaration_are_not_the_signing_date():
    text = GOODS + "附件　中小企业声明函\n本公司郑重声明，属于小型企业。\n企业名称（盖章）：宣汉县康宁商贸有限公司\n日期：2025年5月20日\n"
    assert not _on_point(_review(text), "PROC.CT.SIGN_AFTER_AWARD")


def test_a_supplementary_agreement_is_not_held_to_the_original_award():
    """Its price is the added amount and it is signed long after the award: neither
    is compared with the award of the original contract."""
    text = _edit(
        GOODS,
        ("应急物资采购合同", "应急物资采购补充合同"),
        ("合同总价为人民币叁拾陆万捌仟陆佰伍拾元整（¥368,650.00）", "本补充合同追加金额为人民币叁万陆仟元整（¥36,000.00）"),
        ("签订日期：2025年7月5日", "签订日期：2025年11月5日"),
    )
    found = _review(text)
    assert not _on_point(found, "AMOUNT.MATCH_AWARD") and not _on_point(found, "PROC.CT.SIGN_AFTER_AWARD")


def test_an_unknown_fact_is_stated_as_an_assumption():
    text = _edit(GOODS, ("乙方确认其属于小型企业。", ""), ("双方对部分物资存在争议，但不影响其他物资验收和使用的，甲方应按约定期限支付无争议部分的价款。", ""))
    found = _on_point(_review(text), "CONTRACT.PAYMENT.UNDISPUTED_PART")
    assert found and "乙方规模" in found[0].assumed


# ---------------------------------------------------------------- generalisation round (holdout7-9)


def _excerpts(findings, point):
    return [f.excerpt for f in _on_point(findings, point)]


def test_signing_before_the_award_sits_on_the_signing_sentence_and_the_award_is_out_of_order():
    text = _edit(GOODS, ("签订日期：2025年7月5日", "本合同于2025年6月1日经甲乙双方在天生镇人民政府会议室签署。"))
    found = _review(text)
    assert any("本合同于2025年6月1日" in e for e in _excerpts(found, "PROC.CT.SIGN_AFTER_AWARD")), _excerpts(found, "PROC.CT.SIGN_AFTER_AWARD")
    assert any("发出中标通知书" in e for e in _excerpts(found, "DATE.CHRONOLOGY")), _excerpts(found, "DATE.CHRONOLOGY")


def test_signing_more_than_30_days_after_the_award_is_also_out_of_order_at_the_award():
    found = _review(_edit(GOODS, ("签订日期：2025年7月5日", "签订日期：2025年7月21日")))
    assert any("签订日期" in e for e in _excerpts(found, "PROC.CT.SIGN_AFTER_AWARD"))
    assert any("发出中标通知书" in e for e in _excerpts(found, "DATE.CHRONOLOGY"))


def test_only_the_first_link_out_of_order_is_a_chronology_finding():
    """A short bid period comes first; the late signing is then reported only as the
    signing window (PROC.CT.SIGN_AFTER_AWARD), not a second time as chronology."""
    found = _review(_edit(GOODS, ("2025年5月6日", "2025年5月20日"), ("签订日期：2025年7月5日", "签订日期：2025年7月21日")))
    chrono = _excerpts(found, "DATE.CHRONOLOGY")
    assert len(chrono) == 1 and "5月27日" in chrono[0], chrono
    assert _on_point(found, "PROC.CT.SIGN_AFTER_AWARD")


def test_a_date_in_an_attached_declaration_does_not_fill_a_blank_signing_date():
    text = _edit(GOODS, ("签订日期：2025年7月5日", "签订日期：　　年　　月　　日")) + "附件　中小企业声明函\n本公司郑重声明，属于小型企业。\n企业名称（盖章）：宣汉县康宁商贸有限公司\n日期：2025年5月20日\n"
    found = _review(text)
    assert _on_point(found, "CONTRACT.ESSENTIAL.WRITTEN_SIGNED")
    assert not _on_point(found, "PROC.CT.SIGN_AFTER_AWARD")


def test_a_bill_of_quantities_after_the_signature_block_is_not_the_end_of_the_contract():
    rows = "\n".join(f"{i}｜C25混凝土路面｜m³｜{100 + i}｜420.00｜{(100 + i) * 420:,}.00" for i in range(1, 45))
    text = WORKS + "附件　已标价工程量清单\n序号｜项目｜单位｜数量｜综合单价｜合价\n" + rows + "\n"
    assert not _on_point(_review(text), "CONTRACT.ESSENTIAL.WRITTEN_SIGNED")


def test_a_labour_subcontract_is_not_held_to_the_works_contract_content():
    text = _edit(
        WORKS,
        ("宣汉县南坝中学教学楼维修改造工程施工合同", "宣汉县南坝中学教学楼维修改造工程劳务分包合同"),
        ("十、双方应相互协作，发包人负责协调学校教学与施工的关系。\n", ""),
        ("发包人在开工前7日提供施工图，承包人在竣工验收合格后28日内移交竣工资料。", ""),
    )
    assert not _on_point(_review(text), "CONTRACT.ESSENTIAL.CONSTRUCTION_795")


def test_works_documents_handed_over_without_a_time_are_a_missing_795_item():
    text = _edit(WORKS, ("发包人在开工前7日提供施工图，承包人在竣工验收合格后28日内移交竣工资料。", "发包人按施工进度向承包人提供施工图纸。"))
    found = _on_point(_review(text), "CONTRACT.ESSENTIAL.CONSTRUCTION_795")
    assert found and "技术资料交付时间" in found[0].message


def test_a_fiscal_year_budget_is_compared_and_a_share_of_the_award_price_keeps_it_certain():
    text = _edit(
        GOODS,
        ("预算金额为人民币37万元", "本项目已列入2025年度部门预算，预算金额为人民币36万元"),
        ("第二条　", "乙方应在本合同签订前提交履约保证金，金额为中标价的5%，即人民币18,432.50元。\n第二条　"),
    )
    found = _review(text)
    assert any("预算金额为人民币36万元" in e for e in _excerpts(found, "CONTRACT.PAYMENT.BUDGET"))
    text = _edit(text, ("合同总价为人民币叁拾陆万捌仟陆佰伍拾元整（¥368,650.00）", "合同总价为人民币叁拾陆万玖仟元整（¥369,000.00）"))
    assert _on_point(_review(text), "AMOUNT.MATCH_AWARD")


def test_a_supplement_prolonging_a_monthly_service_is_an_add_on_by_value():
    base = "宣汉县某街道办事处保洁服务合同\n补充协议\n甲方：宣汉县某街道办事处\n乙方：宣汉县洁美物业服务有限公司\n依据《中华人民共和国政府采购法》，双方于2025年1月签订原合同，合同总价为人民币960,000.00元（每月80,000.00元）。\n第一条　原合同的服务期限延长{n}，服务标准不变，服务费仍为每月人民币80,000.00元。\n甲方（盖章）：宣汉县某街道办事处\n乙方（盖章）：宣汉县洁美物业服务有限公司\n签订日期：2026年1月5日\n"
    found = _on_point(_review(base.replace("{n}", "三个月")), "PROC.CT.ADD_ON_10PCT")
    assert found and any("延长三个月" in f.excerpt for f in found), [f.excerpt for f in found]
    assert not _on_point(_review(base.replace("{n}", "1个月")), "PROC.CT.ADD_ON_10PCT")


def test_paying_the_added_amount_in_full_is_not_an_add_on_cap():
    text = _edit(GOODS, ("第七条　", "追加物资验收合格后15日内，甲方付清补充合同追加金额的100%，汇入原合同约定的账户。\n第七条　"))
    assert not _on_point(_review(text), "PROC.CT.ADD_ON_10PCT")


def test_discretionary_termination_without_liability_is_a_unilateral_change():
    text = _edit(GOODS, ("第七条　", "甲方可视年度经费安排情况，提前十日书面告知乙方后单方终止本合同，且不承担违约责任。\n第七条　"))
    assert _on_point(_review(text), "PROC.CT.NO_UNILATERAL_CHANGE")


def test_an_ordered_variation_of_the_works_is_not_a_unilateral_change():
    text = _edit(WORKS, ("十、双方应", "变更：发包人可根据使用需要对本工程的局部作出变更，承包人按变更指示施工，变更部分按已标价清单单价计价。\n十、双方应"))
    assert not _on_point(_review(text), "PROC.CT.NO_UNILATERAL_CHANGE")


def test_periodic_confirmation_without_its_own_deadline_is_found_in_other_wordings():
    for clause in (
        "第三条　乙方每季度末报送当季工作量报告，甲方核实当期工作量后20日内，按核实金额支付当季服务费。",
        "第三条　乙方每季度结束后10日内提交结算清单，经甲方审核确认结算金额后，甲方在30日内付款。",
    ):
        text = _edit(GOODS, (GOODS.splitlines()[7], clause))
        assert _on_point(_review(text), "CONTRACT.PAYMENT.SETTLEMENT_CONFIRMATION"), clause


def test_a_standard_form_that_waives_pointing_out_its_exemptions_is_one_finding_at_the_waiver():
    text = _edit(
        GOODS,
        ("第七条　", "本合同文本由甲方事先拟定并统一使用。因上级调整采购计划取消部分物资的，甲方不承担赔偿责任。乙方已通读全文，甲方不再就具体条款另行作出说明。\n第七条　"),
    )
    found = _on_point(_review(text), "CONTRACT.BREACH.STANDARD_TERMS")
    assert len(found) == 1 and "不再就具体条款另行作出说明" in found[0].excerpt, [f.excerpt for f in found]
    assert "甲方不承担赔偿责任" in found[0].message


def test_an_add_on_stands_where_the_goods_are_added_and_quotes_the_amount():
    base = "宣汉县某小学图书采购补充合同\n甲方：宣汉县某小学\n乙方：达州市书香文化用品有限公司\n依据《中华人民共和国政府采购法》第四十九条，原合同金额为人民币200,000.00元，供应图书{orig}册。\n第一条　甲方向乙方添购同版本图书{n}册。\n第二条　添购金额为人民币{amount}元。\n甲方（盖章）：宣汉县某小学\n乙方（盖章）：达州市书香文化用品有限公司\n签订日期：2026年3月2日\n"
    found = _on_point(_review(base.replace("{orig}", "8000").replace("{n}", "1000").replace("{amount}", "25,000.00")), "PROC.CT.ADD_ON_10PCT")
    assert len(found) == 1 and "添购同版本图书1000册" in found[0].excerpt, [f.excerpt for f in found]
    assert any("25,000.00" in r for r in found[0].related) and "12.5%" in found[0].message
    assert not _on_point(_review(base.replace("{orig}", "8000").replace("{n}", "800").replace("{amount}", "20,000.00")), "PROC.CT.ADD_ON_10PCT")


def test_a_deadline_for_performing_before_the_signing_date_is_out_of_order():
    text = _edit(GOODS, (GOODS.splitlines()[7], "第三条　乙方须于2025年1月10日之前完成全部物资的送货和清点。"))
    signed = next((line for line in GOODS.splitlines() if "签订日期" in line), "")
    found = _on_point(_review(text), "DATE.CHRONOLOGY")
    assert signed and found and any("2025年1月10日之前完成" in f.excerpt for f in found), [f.excerpt for f in found]
    text = _edit(GOODS, (GOODS.splitlines()[7], "第三条　乙方须于2025年1月10日之前提交履约保证金。"))
    assert not [f for f in _on_point(_review(text), "DATE.CHRONOLOGY") if "2025年1月10日" in f.excerpt]


def test_a_supplement_and_its_original_together_against_the_budget():
    base = "宣汉县某卫生院监护仪采购补充合同\n甲方：宣汉县某卫生院\n乙方：四川康达医疗器械有限公司\n原合同金额为人民币500,000.00元。本项目财政批复采购预算为人民币{budget}万元。\n第一条　追加金额为人民币45,000.00元。\n第二条　本补充合同所需资金从原项目预算中列支。\n甲方（盖章）：宣汉县某卫生院\n乙方（盖章）：四川康达医疗器械有限公司\n签订日期：2026年3月2日\n"
    found = _on_point(_review(base.replace("{budget}", "52")), "CONTRACT.PAYMENT.BUDGET")
    assert found and "从原项目预算中列支" in found[0].excerpt and "545,000.00" in found[0].message
    assert not _on_point(_review(base.replace("{budget}", "55")), "CONTRACT.PAYMENT.BUDGET")


def test_a_yearly_rent_over_the_term_is_compared_with_the_budget():
    base = "房屋租赁合同\n出租方（甲方）：宣汉县某置业有限公司\n承租方（乙方）：宣汉县某局\n一、租赁期限为两年。\n二、年租金为人民币{rent}元。\n三、本项目两年期租赁经费预算总额为人民币600,000.00元。\n甲方（盖章）：宣汉县某置业有限公司\n乙方（盖章）：宣汉县某局\n签订日期：2026年3月2日\n"
    found = _on_point(_review(base.replace("{rent}", "320,000.00")), "CONTRACT.PAYMENT.BUDGET")
    assert found and "预算总额" in found[0].excerpt and any("年租金" in r for r in found[0].related)
    assert not _on_point(_review(base.replace("{rent}", "300,000.00")), "CONTRACT.PAYMENT.BUDGET")


def test_tax_included_in_one_clause_and_borne_separately_in_another_quotes_both():
    text = _edit(GOODS, (GOODS.splitlines()[7], "第三条　上述单价为含税价，包含运输和装卸费用。\n第四条　乙方开具增值税普通发票，相关税费由甲方另行承担。"))
    found = _on_point(_review(text), "AMOUNT.TAX_CURRENCY")
    assert found and "另行承担" in found[0].excerpt and any("含13%增值税" in r for r in found[0].related), [f.excerpt for f in found]


def test_the_buyers_review_deadline_counted_from_receipt_settles_periodic_confirmation():
    clause = "第三条　乙方每季度结束后10日内报送季度结算材料，甲方应当自收到结算材料之日起15个工作日内完成审核，经审核确认的结算金额作为付款依据。"
    assert not _on_point(_review(_edit(GOODS, (GOODS.splitlines()[7], clause))), "CONTRACT.PAYMENT.SETTLEMENT_CONFIRMATION")
    clause = "第三条　乙方每月5日前报送上月对账单。\n甲方核对无误并签认后，由财务部门办理付款。"
    assert _on_point(_review(_edit(GOODS, (GOODS.splitlines()[7], clause))), "CONTRACT.PAYMENT.SETTLEMENT_CONFIRMATION")


def test_automatic_renewal_is_a_must_fix_only_when_the_funding_is_known_to_be_public():
    clause = "第三条　合同期满前30日内双方均未书面提出终止的，本合同自动续期一年。"
    public = _on_point(_review(_edit(GOODS, (GOODS.splitlines()[7], clause))), "CONTRACT.PAYMENT.BUDGET")
    assert public and all(f.severity == "必须修改" for f in public), [(f.rule, f.severity) for f in public]
    text = _edit(GOODS, (GOODS.splitlines()[7], clause), ("本项目资金来源为财政资金，", ""))
    unknown = _on_point(_review(text), "CONTRACT.PAYMENT.BUDGET")
    assert unknown and all(f.severity == "建议修改" and "资金来源" in f.assumed for f in unknown), [(f.rule, f.severity, f.assumed) for f in unknown]
