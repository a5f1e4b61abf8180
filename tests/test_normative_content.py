"""Content limits of normative documents (catalogue 3.3): what a county office sees when a
draft sets its own licences, penalties, coercion, burdens or market restrictions, and that a
provision restating an upper-law measure with its source is left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.api import review_document
from reviewer.evaluate import evaluate
from reviewer.ingest import load_text

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

CONTENT_POINTS = {
    "NORM.NO_LICENSING", "NORM.NO_PENALTY", "NORM.NO_COERCION", "NORM.NO_RIGHTS_REDUCTION",
    "NORM.NO_POWER_EXPANSION", "NORM.NO_CIRCULAR_PROOF", "NORM.MARKET_ENTRY", "NORM.FREE_FLOW",
    "NORM.SELECTIVE_SUBSIDY", "NORM.PRICE_INTERVENTION", "NORM.FCR_EXCEPTION_DOCUMENTED",
    "NORM.ISSUER_COMPETENCE", "NORM.NO_RETROACTIVITY",
}


def _draft(*articles: str, title: str = "宣汉县人民政府关于印发《宣汉县城区管理办法》的通知") -> str:
    articles = (*articles, "本办法自2026年6月1日起施行，有效期5年。")
    body = "\n".join(f"第{'一二三四五六七八九十'[i]}条 {a}" for i, a in enumerate(articles))
    return f"{title}\n宣府规〔2026〕7号\n宣汉县城区管理办法\n{body}\n宣汉县人民政府\n2026年4月20日\n"


def _content_findings(text: str, ruleset) -> list:
    review = review_document(load_text(text, name="draft.txt"), ruleset, kind="normative", use_sidecar=False)
    return [f for f in review.findings if f.point in CONTENT_POINTS]


# (measure set by the draft itself, the same measure restated from the upper law with its source, point)
PAIRS = [
    ("从事餐饮服务的，须经县商务局审批后方可经营。",
     "依照《中华人民共和国食品安全法》第三十五条的规定，从事餐饮服务的，应当取得食品经营许可后方可经营。",
     "NORM.NO_LICENSING"),
    ("违反本办法规定的，由县城市管理局责令改正，处500元以上2000元以下罚款。",
     "违反本办法规定的，由县城市管理局依照《城市市容和环境卫生管理条例》第三十四条的规定，责令改正，处500元以上2000元以下罚款。",
     "NORM.NO_PENALTY"),
    ("逾期不改正的，没收其经营工具。",
     "逾期不改正的，依照《中华人民共和国食品安全法》第一百二十二条的规定，没收违法所得和违法经营的食品。",
     "NORM.NO_PENALTY"),
    ("对拒不整改的，由县城市管理局予以强制拆除。",
     "对拒不整改的，依照《中华人民共和国城乡规划法》第六十八条的规定，由县人民政府责成有关部门采取查封施工现场、强制拆除等措施。",
     "NORM.NO_COERCION"),
    ("申请人应当提交派出所开具的无犯罪记录证明。",
     "依照《中华人民共和国未成年人保护法》第六十二条的规定，校外培训机构招聘工作人员，应当查询其违法犯罪记录，申请人应当提交无犯罪记录证明。",
     "NORM.NO_CIRCULAR_PROOF"),
]


@pytest.mark.parametrize("own,restated,point", PAIRS, ids=[f"{p}-{i}" for i, (_, _, p) in enumerate(PAIRS)])
def test_a_measure_the_draft_sets_itself_is_flagged_and_its_cited_restatement_is_not(own, restated, point, ruleset):
    hit = _content_findings(_draft(own), ruleset)
    assert [f.point for f in hit] == [point], [(f.rule, f.excerpt) for f in hit]
    assert hit[0].severity == "必须修改"
    assert _content_findings(_draft(restated), ruleset) == []


def test_a_citation_earlier_in_the_same_article_covers_the_measure(ruleset):
    text = _draft("依照《中华人民共和国大气污染防治法》第一百一十八条的规定，露天烧烤造成污染的，由县城市管理局责令改正。拒不改正的，处二千元以上二万元以下的罚款。")
    assert _content_findings(text, ruleset) == []


def test_a_citation_in_another_article_does_not_cover_the_measure(ruleset):
    text = _draft("依照《中华人民共和国大气污染防治法》的规定，县城市管理局负责露天烧烤的监督管理。", "露天烧烤的，处每次200元罚款。")
    assert [f.point for f in _content_findings(text, ruleset)] == ["NORM.NO_PENALTY"]


def test_citing_a_county_document_is_not_an_upper_law_basis(ruleset):
    text = _draft("依照《宣汉县城区占道经营管理办法》第五条的规定，处500元罚款。")
    assert [f.point for f in _content_findings(text, ruleset)] == ["NORM.NO_PENALTY"]


def test_a_subsidy_open_to_all_who_qualify_is_not_selective_but_a_named_company_is(ruleset):
    open_to_all = _draft("符合下列条件的企业，均可申请一次性稳岗补贴，每家5万元。")
    named = _draft("对宣汉县巴山食品有限公司新建生产线给予一次性补贴200万元。")
    assert _content_findings(open_to_all, ruleset) == []
    assert [f.point for f in _content_findings(named, ruleset)] == ["NORM.SELECTIVE_SUBSIDY"]


def test_local_preference_is_flagged_but_equal_treatment_is_not(ruleset):
    assert [f.point for f in _content_findings(_draft("同等条件下，本县企业优先承接政府投资项目。"), ruleset)] == ["NORM.FREE_FLOW"]
    assert _content_findings(_draft("对本地和外地企业一视同仁，不得排斥外地经营者参加本县招标投标。"), ruleset) == []


def test_an_exception_needs_its_term(ruleset):
    bare = _draft("为保障应急保障需要，应急物资储备仅限本县企业供应。")
    termed = _draft("为保障应急保障需要，应急物资储备仅限本县企业供应，实施期限至2027年12月31日。")
    assert "NORM.FCR_EXCEPTION_DOCUMENTED" in {f.point for f in _content_findings(bare, ruleset)}
    assert "NORM.FCR_EXCEPTION_DOCUMENTED" not in {f.point for f in _content_findings(termed, ruleset)}


def test_retroactive_burden_is_flagged_but_retroactive_benefit_is_not(ruleset):
    burden = _draft("本办法施行前已领取补贴的人员，经复查不符合本办法条件的，应当退回已领取的补贴。")
    benefit = _draft("本办法施行前已提交申请、尚未审核的，按照本办法规定的标准执行。")
    assert [f.point for f in _content_findings(burden, ruleset)] == ["NORM.NO_RETROACTIVITY"]
    assert _content_findings(benefit, ruleset) == []


def test_a_department_assigning_other_departments_duties_is_flagged_unless_joint_or_by_the_government(ruleset):
    article = "县公安局交通管理大队、县交通运输局应当配合县住房和城乡建设局对运输车辆进行联合检查。"
    dept = _draft(article, title="宣汉县住房和城乡建设局关于印发《宣汉县城区管理办法》的通知").replace("宣汉县人民政府\n2026", "宣汉县住房和城乡建设局\n2026")
    gov = _draft(article)
    found = _content_findings(dept, ruleset)
    assert [f.point for f in found] == ["NORM.ISSUER_COMPETENCE"]
    assert "县交通运输局" in found[0].message
    assert _content_findings(gov, ruleset) == []


def test_a_leading_group_office_may_not_issue_normative_documents(ruleset):
    text = _draft("城区临街商铺实行门前三包责任制。", title="宣汉县城乡环境综合治理工作领导小组办公室关于印发《宣汉县城区管理办法》的通知")
    assert [f.point for f in _content_findings(text, ruleset)] == ["NORM.ISSUER_COMPETENCE"]


def test_normative3_every_point_found_and_no_false_alarm(ruleset):
    result = evaluate(CORPUS / "normative3", ruleset)
    assert not result.errors
    assert result.total.precision == 1.0, result.false_alarms
    assert result.total.recall >= 0.95, result.misses
