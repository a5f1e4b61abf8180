"""`reviewer law` and the statute library behind it: articles by number, versions by date."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewer.engine.basis import load_library
from reviewer.errors import UsageError
from reviewer.case import parse_date
from reviewer.statutes import parse_article_number

CC_585 = "当事人可以约定一方违约时应当根据违约情况向对方支付一定数额的违约金"
SME_2020_9 = "付款期限应当自检验或者验收合格之日起算"  # 2020 text, article 9
SME_2025_9 = "应当自货物、工程、服务交付之日起30日内支付款项"  # 2025 text, article 9


@pytest.fixture(scope="module")
def lib():
    return load_library()


@pytest.mark.parametrize("text", ["585", "５８５", "五百八十五", "第五百八十五条", "第585条", " 585 "])
def test_article_number_written_any_common_way(text):
    assert parse_article_number(text) == 585


@pytest.mark.parametrize("text", ["abc", "0", "第条", "五百八十五款x", ""])
def test_article_number_that_is_not_one(text):
    with pytest.raises(UsageError, match="条号.*无法识别"):
        parse_article_number(text)


def test_dates(lib):
    assert parse_date("2025-06-01", "--on") == parse_date("2025年6月1日", "--on") == parse_date("2025/6/1", "--on") == dt.date(2025, 6, 1)
    with pytest.raises(UsageError, match="--on：日期“2025-02-30”不存在"):
        parse_date("2025-02-30", "--on")


@pytest.mark.parametrize("name", ["民法典", "中华人民共和国民法典", "《中华人民共和国民法典》", "CC", "cc"])
def test_law_by_short_name_title_or_key(lib, name):
    assert lib.find(name) == "CC"


def test_version_in_force_on_a_date(lib):
    name = "保障中小企业款项支付条例"
    assert lib.find(name, dt.date(2025, 5, 31)) == "SMEPAY20"
    assert lib.find(name, dt.date(2025, 6, 1)) == "SMEPAY25"  # in force from that day
    assert lib.find(name) == "SMEPAY25"  # today
    assert lib.find("SMEPAY20") == "SMEPAY20"  # a version named by its key
    assert lib.find("法规规章备案审查条例", dt.date(2020, 1, 1)) == "FILING2001"  # the repealed predecessor
    assert lib.versions("SMEPAY25") == ("SMEPAY20", "SMEPAY25")
    with pytest.raises(UsageError, match="2019-01-01时尚未施行"):
        lib.find("民法典", dt.date(2019, 1, 1))


def test_same_article_number_differs_between_versions(lib):
    assert SME_2020_9 in lib.lookup("SMEPAY20", 9).text and SME_2025_9 not in lib.lookup("SMEPAY20", 9).text
    assert SME_2025_9 in lib.lookup("SMEPAY25", 9).text


def test_unknown_or_ambiguous_law_names_candidates(lib):
    with pytest.raises(UsageError) as err:
        lib.find("招标")
    assert "对应多部法规" in err.value.message and "招标投标法、招标投标法实施条例" in err.value.message
    with pytest.raises(UsageError, match="内置法规库中没有“合同法”"):
        lib.find("合同法")


def test_article_the_library_does_not_hold(lib):
    with pytest.raises(UsageError) as err:
        lib.lookup("CC", 1000)  # 人格权编 is not in the library
    assert "没有第一千条" in err.value.message and "第一条至第九百八十八条、第一千二百五十九条至第一千二百六十条" in err.value.message
    with pytest.raises(UsageError) as err:
        lib.lookup("SMEPAY20", 35)
    assert "只收录第一条至第二十九条" in err.value.message and "2025年修订版本有此条" in err.value.message


# --------------------------------------------------------------------------- the command


def test_law_command_prints_the_article_however_the_number_is_written(cli):
    outs = [cli("law", "民法典", n) for n in ("585", "五百八十五", "第五百八十五条")]
    assert all(r.code == 0 for r in outs), [r.err for r in outs]
    assert outs[0].out == outs[1].out == outs[2].out
    out = outs[0].out
    assert out.startswith("《中华人民共和国民法典》第五百八十五条\n") and "2021-01-01起施行" in out and "民法典-合同编.md" in out
    assert CC_585 in out and "当事人就迟延履行约定违约金的" in out


def test_law_command_picks_the_version_by_date(cli):
    before = cli("law", "保障中小企业款项支付条例", "9", "--on", "2025-03-01")
    after = cli("law", "保障中小企业款项支付条例", "9", "--on", "2025年6月1日")
    assert before.code == after.code == 0
    assert SME_2020_9 in before.out and "2025-06-01起由2025年修订版取代" in before.out
    assert SME_2025_9 in after.out and "2025年修订，2025-06-01起施行" in after.out


def test_law_command_lists_versions_and_the_library(cli):
    r = cli("law", "保障中小企业款项支付条例")
    assert r.code == 0
    for text in ("2020年", "2025年修订", "第一条至第二十九条", "第一条至第三十七条", "2025-06-01"):
        assert text in r.out, text
    r = cli("law")
    assert r.code == 0 and "LawRefBook/Laws 2f4c5c2" in r.out and "民法典" in r.out and "《法规规章备案审查条例》取代" in r.out


@pytest.mark.parametrize(
    "args,message",
    [
        (("合同法", "1"), "错误：内置法规库中没有“合同法”"),
        (("民法典", "1000"), "错误：内置法规库中的《民法典》（2020年）没有第一千条"),
        (("民法典", "abc"), "错误：条号“abc”无法识别"),
        (("民法典", "585", "--on", "2025-13-01"), "错误：--on：日期“2025-13-01”不存在（没有13月）"),
        (("民法典", "585", "--on", "六月一日"), "错误：--on：无法识别日期“六月一日”"),
        (("民法典", "585", "--on", "2020-12-31"), "2020-12-31时尚未施行"),
    ],
)
def test_law_command_bad_input_is_one_chinese_line_and_exit_2(cli, args, message):
    r = cli("law", *args)
    assert r.code == 2 and r.out == ""
    assert message in r.err and len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
