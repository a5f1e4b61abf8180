"""Text layer: normalisation with offsets, quantities, structure, tokens."""

from __future__ import annotations

import pytest

from reviewer.ingest import load_text
from reviewer.facts.titles import find_doc_number, find_title
from reviewer.structure import clause_tree, find_parties
from reviewer.text.normalize import normalize
from reviewer.text.quantities import date_value, find_all, find_dates, find_durations, find_money, find_percents


def test_normalize_maps_back_to_original():
    original = "甲  方(盖章)：付款１００％，于３０日内"
    n = normalize(original)
    assert n.text == "甲方（盖章）：付款100%，于30日内"
    for i, ch in enumerate(n.text):
        src = original[n.to_orig(i)]
        assert src == ch or normalize(src).text == ch or {"(": "（", ")": "）"}.get(src) == ch


@pytest.mark.parametrize(
    "text,value",
    [("5%", 5), ("５％", 5), ("百分之五", 5), ("5‰", 0.5), ("千分之五", 0.5), ("万分之五", 0.05), ("百分之十二点五", 12.5)],
)
def test_percent_forms(text, value):
    qs = find_percents(normalize(text).text)
    assert len(qs) == 1 and abs(qs[0].value - value) < 1e-9


@pytest.mark.parametrize(
    "text,value,unit",
    [("90日", 90, "日"), ("九十天", 90, "日"), ("30个工作日", 30, "工作日"), ("3个月", 3, "月"), ("两年", 2, "年"), ("2周", 2, "周")],
)
def test_duration_forms(text, value, unit):
    qs = find_durations(text)
    assert [(q.value, q.unit) for q in qs] == [(value, unit)]


@pytest.mark.parametrize(
    "text,value",
    [
        ("人民币壹拾贰万元整", 120000),
        ("壹拾贰万叁仟肆佰伍拾陆元柒角捌分", 123456.78),
        ("¥120,000.00", 120000),
        ("12万元", 120000),
        ("1.5亿元", 150000000),
        ("人民币300元", 300),
    ],
)
def test_money_forms(text, value):
    qs = find_money(normalize(text).text)
    assert len(qs) == 1 and abs(qs[0].value - value) < 0.005


@pytest.mark.parametrize(
    "text,ymd",
    [("2026年3月1日", (2026, 3, 1)), ("2026-03-01", (2026, 3, 1)), ("2026.3.1", (2026, 3, 1)), ("二〇二六年三月一日", (2026, 3, 1)), ("2025年2月30日", (2025, 2, 30))],
)
def test_date_forms(text, ymd):
    qs = find_dates(text)
    assert [(q.extra["y"], q.extra["m"], q.extra["d"]) for q in qs] == [ymd]


def test_impossible_date_has_no_value_and_codes_are_not_dates():
    assert date_value(find_dates("2025年2月30日")[0]) is None
    assert find_dates("招标编号：JSH2023-15-35-103") == []


def test_durations_do_not_swallow_dates():
    kinds = [(q.kind, q.text) for q in find_all("自2026年3月1日起90日内")]
    assert kinds == [("date", "2026年3月1日"), ("duration", "90日")]


def test_clause_labels_follow_the_drafters_nesting():
    doc = load_text("第一章 总则\n第一条 合同标的\n（一）课桌椅\n1. 规格\n第二条 付款方式\n甲方应付款。\n第二章 其他\n第三条 争议")
    labels = [c.label if c else None for c in clause_tree(doc)]
    assert labels == ["第一章", "第一条", "第一条（一）", "第一条（一）1", "第二条", "第二条", "第二章", "第三条"]


def test_title_number_and_parties():
    doc = load_text(
        "宣汉县人民政府办公室\n宣府办规〔2026〕3号\n宣汉县教育局办公家具采购合同\n甲方（采购人）：宣汉县教育局\n统一社会信用代码：11511722008661234X\n乙方：达州市某家具有限公司\n"
    )
    assert find_title(doc) == "宣汉县教育局办公家具采购合同"
    assert find_doc_number(doc)[0] == "宣府办规〔2026〕3号"
    parties = find_parties(doc)
    assert [(x.role, x.alias, x.name) for x in parties] == [("甲方", "采购人", "宣汉县教育局"), ("乙方", "", "达州市某家具有限公司")]
    assert parties[0].fields["统一社会信用代码"] == "11511722008661234X"


def test_tokenizer_backends_agree_with_user_dictionary():
    from reviewer.text.tokens import Tokenizer, read_user_dict
    from reviewer.engine.loader import default_rules_dir

    words = read_user_dict(default_rules_dir() / "dict.txt")
    fast, ref = Tokenizer("rjieba", words), Tokenizer("jieba", words)
    for s in ["乙方应在收到履约保证金后五个工作日内退还质量保证金", "甲方应当自验收合格之日起30日内支付合同价款", "不得强制要求以审计机关的审计结果作为结算依据"]:
        assert fast.cut(s) == ref.cut(s)
    assert "履约保证金" in fast.cut("乙方应缴纳履约保证金")


def test_quick_numeral_parser_agrees_with_cn2an():
    import random

    import cn2an

    from reviewer.text.quantities import _integer_numeral

    rng = random.Random(7)
    for n in list(range(0, 1200)) + [rng.randint(0, 10**10) for _ in range(3000)]:
        for mode in ("low", "up"):
            text = cn2an.an2cn(n, mode)
            assert _integer_numeral(text) == n, text


def test_signature_block():
    from reviewer.structure import find_signature

    doc = load_text("某合同\n第一条 标的\n第九条 争议解决：向甲方所在地人民法院起诉。\n甲方（盖章）：宣汉县教育局\n法定代表人（签字）：\n乙方（盖章）：某公司\n签订日期：2026年1月15日")
    assert find_signature(doc).text == "甲方（盖章）：宣汉县教育局"
    assert find_signature(load_text("某通知\n各乡镇：\n请按时报送。")) is None


def test_filled_in_blanks_are_read_around():
    from reviewer.text.normalize import normalize

    assert normalize("人民币___2___万元").text == "人民币2万元"
    assert normalize("代码：____91511722MA6").text == "代码：91511722MA6"
    assert normalize("合同总价【30】%的违约金").text == "合同总价30%的违约金"
    assert normalize("签订日期：____年__月__日").text == "签订日期：____年__月__日"  # an empty blank stays
    assert normalize("宣府规【26】3号").text == "宣府规【26】3号"  # brackets that are the defect stay
    n = normalize("人民币___2___万元")
    assert "人民币___2___万元"[n.to_orig(3)] == "2"
