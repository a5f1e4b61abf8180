"""Tender facts (dates in their many forms, the 前附表, the method and the governing law)
and the procedure/deposit rules of the tender pack, as a user sees them: the findings on
a document, their severity, the assumption they state and the exact-limit decoys."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reviewer.api import check_file, review_document
from reviewer.facts import infer
from reviewer.ingest import load, load_text

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "tenders"
TITLE = "宣汉县某中学课桌椅采购项目公开招标文件\n采购人：宣汉县教育局\n"


def facts_of(text: str):
    return infer(load_text(text))


def rules_hit(text: str, ruleset, **facts) -> dict[str, str]:
    rv = review_document(load_text(text), ruleset, user_facts=facts or None)
    return {f.rule: f.severity for f in rv.findings}


# ------------------------------------------------------------------ facts


def test_dates_with_times_iso_and_without_year():
    f = facts_of(TITLE + "公告发布时间：2026年3月5日9时30分。\n获取招标文件时间：2026-03-05至2026-03-11。\n投标截止时间：3月25日9时30分（北京时间）。\n开标时间：3月25日9时30分。")
    assert f.get("procurement_method") == "公开招标"
    assert f.get("procurement_regime") == "政府采购"  # a 局 buyer
    assert f.get("notice_on") == dt.date(2026, 3, 5)
    assert (f.get("sale_from"), f.get("sale_to")) == (dt.date(2026, 3, 5), dt.date(2026, 3, 11))
    assert f.get("bid_deadline") == dt.date(2026, 3, 25)  # the year comes from the dates before it
    assert f.get("opening_on") == dt.date(2026, 3, 25)


def test_relative_sale_period_and_deadline_count_from_the_notice():
    f = facts_of(TITLE + "发布日期：2026年3月5日\n招标文件获取：自本公告发布之日起5个工作日。\n投标截止时间为公告发布之日起第20日上午9时30分。")
    assert f.get("sale_from") == dt.date(2026, 3, 5)
    assert f.get("sale_to") == dt.date(2026, 3, 11)  # 5, 6, 9, 10, 11 March
    assert f.get("bid_deadline") == dt.date(2026, 3, 25)  # the notice day is not counted


def test_sale_period_under_its_heading():
    f = facts_of(TITLE + "三、获取招标文件\n时间：2026年4月1日至2026年4月3日。\n投标截止时间：2026年4月28日。")
    assert (f.get("sale_from"), f.get("sale_to")) == (dt.date(2026, 4, 1), dt.date(2026, 4, 3))


def test_key_dates_and_deposits_from_the_front_table():
    f = infer(load(CORPUS / "t-proc-works-control.docx"))
    assert f.get("procurement_regime") == "工程招投标"
    assert f.get("project_name") == "宣汉县峰城镇2026年农村道路提升改造工程"
    assert f.get("ceiling_amount") == 4_800_000
    assert f.get("bid_validity_days") == 90
    assert f.get("bid_bond_validity_days") == 60
    assert f.get("bid_bond_amount") == 96_000
    assert f.values["bid_bond_validity_days"].block is not None  # the finding can quote the cell


def test_notice_date_at_the_foot_of_the_notice(ruleset):
    text = ("宣汉县某项目公开招标文件\n第一章 招标公告\n采购人：宣汉县教育局\n投标截止时间：2026年3月24日9时30分。\n"
            "四川某招标代理有限公司\n2026年3月5日\n第二章 投标人须知\n1.投标有效期：90日。")
    assert facts_of(text).get("notice_on") == dt.date(2026, 3, 5)
    assert rules_hit(text, ruleset).get("PROC.TD.BID_PERIOD") == "必须修改"  # 19 days


def test_company_buyer_is_not_government_procurement():
    f = facts_of("宁夏某百货有限公司外墙字制作安装项目招标文件\n招标人：宁夏某百货购物广场有限公司\n资金来源：企业自筹")
    assert f.get("procurement_regime") == "其他"


@pytest.mark.parametrize("title,method", [
    ("宣汉县某镇物业服务项目竞争性磋商文件", "竞争性磋商"),
    ("宣汉县某局办公用品采购项目询价通知书", "询价"),
    ("宣汉县滨河公园设计服务比选文件", "比选"),
    ("宣汉县某局车辆维修竞争性谈判文件", "竞争性谈判"),
])
def test_method_from_the_title(title, method):
    assert facts_of(title + "\n响应文件提交截止时间：2026年3月25日9时30分。").get("procurement_method") == method


# ------------------------------------------------------------------ periods


@pytest.mark.parametrize("deadline,hit", [("2026年3月24日", True), ("2026年3月25日", False)])
def test_twenty_days_exactly_passes(ruleset, deadline, hit):
    text = TITLE + f"公告发布时间：2026年3月5日。\n投标截止时间：{deadline}9时30分。"
    found = rules_hit(text, ruleset)
    assert ("PROC.TD.BID_PERIOD" in found) is hit
    if hit:
        assert found["PROC.TD.BID_PERIOD"] == "必须修改"


def test_unknown_law_gives_a_hint_stating_the_assumption(ruleset):
    text = "某商场外墙字制作项目招标文件\n发标时间：2026年6月4日\n投标截止时间：2026年6月12日10:00"
    rv = review_document(load_text(text), ruleset)
    f = next(f for f in rv.findings if f.rule == "PROC.TD.BID_PERIOD")
    assert f.severity == "提示"
    assert "假定" in f.message and "8日" in f.message


def test_sale_period_counts_working_days_with_the_holidays(ruleset):
    # 30 September to 8 October 2026 has seven weekdays but only two working days (National Day)
    text = TITLE + "招标文件提供期限：2026年9月30日至2026年10月8日。\n投标截止时间：2026年10月30日。"
    assert rules_hit(text, ruleset).get("PROC.TD.SALE_PERIOD_GP") == "必须修改"


def test_chronology_names_both_dates(ruleset):
    rv = review_document(load_text(TITLE + "投标截止时间：2026年3月25日9时30分。\n开标时间：2026年3月24日9时30分。"), ruleset)
    f = next(f for f in rv.findings if f.rule == "DATE.CHRONOLOGY.TENDER")
    assert "2026年3月24日" in f.message and "2026年3月25日" in f.message
    assert f.related  # the other date is quoted too


def test_opening_before_the_deadline_on_the_same_day(ruleset):
    text = "某镇排水工程比选文件\n比选人：宣汉县某某镇人民政府\n递交截止时间：2026年5月18日10时00分。\n比选申请文件开启时间：2026年5月18日9时30分，地点同上。"
    rv = review_document(load_text(text), ruleset)
    f = next(f for f in rv.findings if f.rule == "DATE.CHRONOLOGY.TENDER")
    assert "9时30分" in f.message and "开启时间" in f.excerpt
    same = text.replace("9时30分，", "10时00分，")
    assert "DATE.CHRONOLOGY.TENDER" not in rules_hit(same, ruleset)


def test_result_notice_dated_before_the_deadline(ruleset):
    text = "宣汉县某院设备采购项目竞争性谈判文件\n采购人：宣汉县某某医院\n首次响应文件递交截止时间：2026年9月10日9:30。\n成交结果公告日期：2026年9月8日。"
    rv = review_document(load_text(text), ruleset)
    f = next(f for f in rv.findings if f.rule == "DATE.CHRONOLOGY.TENDER")
    assert "成交结果公告日期" in f.excerpt


def test_sale_period_relative_to_an_undated_notice(ruleset):
    text = "某村道路工程施工招标文件\n招标人：宣汉县某镇人民政府\n4. 招标文件的获取\n4.1 获取时间：自本公告发布之日起3日内，每日8:30—17:30。"
    assert facts_of(text).get("sale_days") == "3日"
    assert rules_hit(text, ruleset).get("PROC.TD.SALE_PERIOD") == "必须修改"
    assert "PROC.TD.SALE_PERIOD" not in rules_hit(text.replace("3日内", "5日内"), ruleset)


def test_headed_sale_line_and_prose_deadline_measure_the_bid_period(ruleset):
    text = ("某局物业保洁服务采购项目竞争性磋商文件\n采购人：湘宁县机关事务服务中心\n四、获取磋商文件\n"
            "1. 时间：2026年12月7日至2026年12月11日。\n五、响应文件提交\n1. 提交截止时间：2026年12月14日9时30分。")
    f = facts_of(text)
    assert (f.get("sale_from"), f.get("bid_deadline")) == (dt.date(2026, 12, 7), dt.date(2026, 12, 14))
    assert rules_hit(text, ruleset).get("PROC.TD.BID_PERIOD_CONSULT") == "必须修改"


def test_deadline_stated_in_prose(ruleset):
    text = ("某局物业保洁服务采购项目竞争性磋商文件\n采购人：湘宁县机关事务服务中心\n磋商文件获取时间：2026年12月7日至2026年12月11日。\n"
            "供应商对磋商文件有疑问的，应于2026年12月9日前提交。\n供应商应于2026年12月14日9时30分前将响应文件递交至县公共资源交易中心。")
    assert facts_of(text).get("bid_deadline") == dt.date(2026, 12, 14)
    assert rules_hit(text, ruleset).get("PROC.TD.BID_PERIOD_CONSULT") == "必须修改"


def test_objection_window_counted_from_the_sale(ruleset):
    text = "某村道路工程施工招标文件\n招标人：宣汉县交通运输局\n潜在投标人对招标文件有异议的，应在获取招标文件截止之日起2日内提出。"
    assert rules_hit(text, ruleset).get("PROC.TD.OBJECTION_PERIOD") == "建议修改"
    received = text.replace("获取招标文件截止之日起2日内", "收到招标文件之日起3日内")
    assert rules_hit(received, ruleset).get("PROC.TD.OBJECTION_PERIOD") == "建议修改"
    statutory = text.replace("获取招标文件截止之日起2日内", "投标截止时间10日前")
    assert "PROC.TD.OBJECTION_PERIOD" not in rules_hit(statutory, ruleset)


def test_the_buyer_a_tender_names_replaces_a_column_heading(ruleset):
    """A bidder's reference table ("发包人 | 合同金额（万元）") is not the buyer."""
    f = facts_of("某路提质改造工程施工比选文件\n比选人：某某县城市建设投资开发有限公司\n类似业绩表\n发包人：合同金额（万元）\n")
    assert f.buyer_name == "某某县城市建设投资开发有限公司"


# ------------------------------------------------------------------ deposits


@pytest.mark.parametrize("bond,hit", [("人民币4万元", False), ("人民币40,001元", True), ("不超过预算金额的2%", False), ("预算金额的2.5%", True)])
def test_bid_bond_two_percent(ruleset, bond, hit):
    text = TITLE + f"预算金额：200万元。\n投标保证金：{bond}。"
    assert ("DEPOSIT.BID_2PCT" in rules_hit(text, ruleset)) is hit


def test_bid_bond_measured_against_the_ceiling_when_no_budget(ruleset):
    text = "宣汉县某村道路工程施工招标文件\n招标人：宣汉县某镇人民政府\n招标控制价：人民币300万元。\n投标保证金：人民币7万元。"
    rv = review_document(load_text(text), ruleset)
    f = next(f for f in rv.findings if f.rule == "DEPOSIT.BID_2PCT")
    assert "最高限价" in f.message or "预算金额" in f.message
    assert "2.33%" in f.message


def test_bond_validity_shorter_than_bid_validity(ruleset):
    text = TITLE + "投标有效期：自投标截止之日起90日。\n投标保证金有效期：自投标截止之日起60日。"
    assert rules_hit(text, ruleset).get("DEPOSIT.BID_VALIDITY") == "必须修改"
    one_sentence = TITLE + "投标保证金有效期为投标截止后60天，投标有效期为投标截止后90天。"
    assert rules_hit(one_sentence, ruleset).get("DEPOSIT.BID_VALIDITY") == "必须修改"
    kept_after = TITLE + "投标有效期：90天。\n投标保证金应在投标有效期截止日后30天内保持有效。"
    assert "DEPOSIT.BID_VALIDITY" not in rules_hit(kept_after, ruleset)
    same = TITLE + "投标有效期：自投标截止之日起90日。\n投标保证金有效期与投标有效期一致。"
    assert "DEPOSIT.BID_VALIDITY" not in rules_hit(same, ruleset)
    bixuan = "某镇排水工程比选文件\n比选人：宣汉县某某镇人民政府\n比选申请文件有效期：递交截止之日起90日历天。\n保证金有效期为递交截止之日起60日。"
    assert rules_hit(bixuan, ruleset).get("DEPOSIT.BID_VALIDITY") == "必须修改"


def test_a_bidders_letter_is_not_the_bond_requirement(ruleset):
    text = ("某镇排水工程比选文件\n比选人：宣汉县某某镇人民政府\n比选控制价：84万元。\n比选保证金：人民币1万元。\n"
            "2. 我方承诺在比选申请文件有效期内不撤回比选申请文件，并随本函提交比选保证金人民币3万元。")
    assert "DEPOSIT.BID_2PCT" not in rules_hit(text, ruleset)


# ------------------------------------------------------------------ the team's documents


@pytest.mark.parametrize("name", sorted(p.name[: -len(".expect.toml")] for p in CORPUS.glob("t-proc-*.expect.toml")))
def test_procedure_documents_report_their_defects(ruleset, name):
    import tomllib

    spec = tomllib.loads((CORPUS / f"{name}.expect.toml").read_text(encoding="utf-8"))
    doc = next(p for p in (CORPUS / f"{name}.txt", CORPUS / f"{name}.docx") if p.exists())
    rv = check_file(doc, ruleset)
    for e in spec["expect"]:
        assert any(f.point == e["point"] and e["anchor"] in f.excerpt and f.severity == e["severity"] for f in rv.findings), e
    for d in spec.get("decoy", []):
        assert not any(f.point == d["point"] and d["anchor"] in f.excerpt and f.severity != "提示" for f in rv.findings), d
