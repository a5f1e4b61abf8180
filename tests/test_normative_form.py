"""Issue 10 (form part): the facts of a normative document and the form rules
(NORM.VALIDITY_PERIOD, PROC.ND.EFFECTIVE_DATE, NORM.NAMING, MAT.ND.BASIS_CITED,
DATE.ND_VALIDITY_WINDOW, NORM.CITATIONS_CURRENT) on whole documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reviewer.engine.loader import load_rules
from reviewer.engine.run import review
from reviewer.evaluate import evaluate
from reviewer.facts import infer
from reviewer.facts.normative import title_form, years_value
from reviewer.ingest import load, load_text

ROOT = Path(__file__).resolve().parents[1]
FORM_POINTS = {"NORM.VALIDITY_PERIOD", "PROC.ND.EFFECTIVE_DATE", "NORM.NAMING", "MAT.ND.BASIS_CITED", "DATE.ND_VALIDITY_WINDOW"}

NOTICE = """宣汉县财政局 宣汉县教育局关于印发《宣汉县学生资助资金管理暂行办法》的通知

宣财规〔2026〕1号

各乡镇中心校，县属各学校：
现将《宣汉县学生资助资金管理暂行办法》印发给你们，请遵照执行。

宣汉县财政局　　宣汉县教育局
2026年3月2日

宣汉县学生资助资金管理暂行办法

第一条 为规范学生资助资金管理，根据《中华人民共和国预算法》《中华人民共和国教育法》，结合本县实际，制定本办法。
第二条 本办法适用于县级财政安排的学生资助资金。
第三条 学校应当公示资助对象。
第四条 本办法自2026年4月1日起施行，有效期两年。
"""


@pytest.fixture(scope="module")
def ruleset():
    return load_rules()


def _facts(text: str):
    doc = load_text(text, name="<测试>")
    return doc, infer(doc)


def _findings(text: str, ruleset):
    doc, facts = _facts(text)
    return [f for f in review(doc, facts, ruleset) if f.point in FORM_POINTS | {"NORM.CITATIONS_CURRENT"}]


def test_facts_of_a_notice_carrying_a_provisional_measure():
    _, f = _facts(NOTICE)
    assert f.get("kind") == "normative"
    assert f.get("nd_attached_title") == "宣汉县学生资助资金管理暂行办法"
    assert f.get("nd_form") == "暂行办法"
    assert f.get("nd_provisional") == "是"
    assert f.get("issuer") == "宣汉县财政局"
    assert f.get("co_issuers") == "宣汉县教育局"
    assert f.get("dated_on") == dt.date(2026, 3, 2)
    assert f.get("effective_on") == dt.date(2026, 4, 1)
    assert f.get("validity_years") == 2
    assert f.get("article_count") == 4
    assert f.get("cited_laws") == "《中华人民共和国预算法》、《中华人民共和国教育法》"
    assert f.get("basis_cited") == "是"


def test_expiry_date_and_relative_effective_wording():
    _, f = _facts("宣汉县城区停车管理办法\n第一条 为规范停车秩序，结合本县实际，制定本办法。\n第九条 本办法自印发之日起30日后施行，有效期至2031年4月30日。\n2026年3月20日")
    assert f.get("expires_on") == dt.date(2031, 4, 30)
    assert f.get("effective_text") == "印发之日30日后"
    assert f.get("basis_cited") == "否"


def test_title_forms_and_numerals():
    assert title_form("宣汉县城乡环境卫生管理条例") == "条例"
    assert title_form("宣汉县城区停车管理办法") == "办法"
    assert title_form("关于推行某某做法") is None  # 做法 is not the form 法
    assert title_form("宣汉县食品安全法") == "法"
    assert [years_value(s) for s in ("5", "五", "十", "十二", "二十")] == [5, 5, 10, 12, 20]


def test_a_state_council_opinion_names_one_issuer():
    _, f = _facts("国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见\n国办发〔2018〕115号\n各省、自治区、直辖市人民政府：\n现提出以下意见。\n国务院办公厅\n2018年12月4日")
    assert f.get("issuer") == "国务院办公厅"
    assert f.get("co_issuers") is None


def test_a_correct_notice_raises_no_form_finding(ruleset):
    assert _findings(NOTICE, ruleset) == []


def test_provisional_ceiling_comes_from_the_rule_params(ruleset):
    found = _findings(NOTICE.replace("有效期两年", "有效期三年"), ruleset)
    assert [f.point for f in found] == ["NORM.VALIDITY_PERIOD"]
    assert "2年" in found[0].message
    rule = next(r for r in ruleset.rules if r.id == "NORM.VALIDITY_PERIOD")
    assert rule.check.params["provisional_max_years"] == 2 and rule.check.params["max_years"] == 5


def test_findings_cite_the_unverified_provincial_rule_by_name_only(ruleset):
    found = _findings(NOTICE.replace("，有效期两年", ""), ruleset)
    assert [f.point for f in found] == ["NORM.VALIDITY_PERIOD"]
    assert found[0].severity == "建议修改"


def test_effective_on_issue_date_only_where_market_entities_are_concerned(ruleset):
    market = NOTICE.replace("学校应当公示资助对象。", "经营者应当公示价格。").replace("自2026年4月1日起施行", "自印发之日起施行")
    found = _findings(market, ruleset)
    assert [f.point for f in found] == ["PROC.ND.EFFECTIVE_DATE"]
    assert "“自印发之日起施行”" in found[0].message and "{" not in found[0].message
    assert _findings(market.replace("自印发之日起施行", "自印发之日起30日后施行"), ruleset) == []
    urgent = market.replace("经营者应当公示价格。", "经营者应当公示价格。为应对突发公共卫生事件，本办法需立即施行。")
    assert _findings(urgent, ruleset) == []
    assert _findings(NOTICE.replace("自2026年4月1日起施行", "自印发之日起施行"), ruleset) == []


def test_expiry_before_effect_and_naming_and_basis(ruleset):
    expired = NOTICE.replace("有效期两年", "有效期至2025年3月31日")
    found = _findings(expired, ruleset)
    assert [f.point for f in found] == ["DATE.ND_VALIDITY_WINDOW"]
    assert "有效期至2025年3月31日" in found[0].message and "{" not in found[0].message
    named = NOTICE.replace("学生资助资金管理暂行办法", "学生资助资金管理条例")
    assert "NORM.NAMING" in [f.point for f in _findings(named, ruleset)]
    bare = NOTICE.replace("根据《中华人民共和国预算法》《中华人民共和国教育法》，", "")
    found = _findings(bare, ruleset)
    assert [(f.point, f.severity) for f in found] == [("MAT.ND.BASIS_CITED", "必须修改")]
    assert "{" not in found[0].message and "制定本办法" in found[0].message


def test_repealed_regulations_a_county_document_cites(ruleset):
    for law in ("《个体工商户条例》", "《城市房屋拆迁管理条例》", "《中华人民共和国物权法》"):
        cited = NOTICE.replace("《中华人民共和国教育法》", law)
        assert [f.point for f in _findings(cited, ruleset)] == ["NORM.CITATIONS_CURRENT"], law
    assert _findings(NOTICE.replace("《中华人民共和国教育法》", "《促进个体工商户发展条例》"), ruleset) == []


def test_normative2_corpus_scores(ruleset):
    result = evaluate(ROOT / "corpus" / "normative2", ruleset)
    assert not result.errors
    assert result.total.recall == 1.0, result.misses
    assert result.total.precision == 1.0, result.false_alarms


REAL = ROOT.parent / "shared" / "realdocs"


@pytest.mark.skipif(not REAL.exists(), reason="../shared/realdocs is absent")
def test_real_state_documents_raise_no_form_finding(ruleset):
    for path in sorted(REAL.glob("norm-*")):
        doc = load(str(path))
        found = [f for f in review(doc, infer(doc), ruleset) if f.point in FORM_POINTS]
        assert found == [], (path.name, [f.message for f in found])
