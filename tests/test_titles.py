"""A document's own title: it flows into the opinion letter's 送审事项, opening and
conclusion, so a wrong one makes the letter unsignable.

The real documents' titles (tests/data/realdoc_titles.toml) were read off their
covers by a person; the small cases below each pin one way a title went wrong."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from conftest import REALDOCS
from reviewer.facts import infer
from reviewer.facts.titles import find_doc_number, find_title
from reviewer.ingest import load, load_text

EXPECTED = tomllib.loads((Path(__file__).parent / "data" / "realdoc_titles.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_real_document_titles(slug):
    if not REALDOCS.is_dir():
        pytest.skip(f"real documents not found at {REALDOCS}")
    if slug.endswith(".doc"):
        from reviewer.ingest.convert import find_soffice

        if find_soffice() is None:
            pytest.skip("LibreOffice is needed to read a .doc")
    assert infer(load(REALDOCS / slug)).title == EXPECTED[slug]


def test_every_real_document_has_an_expected_title():
    if not REALDOCS.is_dir():
        pytest.skip(f"real documents not found at {REALDOCS}")
    files = {p.name for p in REALDOCS.iterdir() if p.suffix in (".docx", ".doc", ".pdf", ".txt")}
    assert files == set(EXPECTED)


def _title(text: str) -> str:
    return infer(load_text(text, name="t")).title


# --- titles set over several lines ---------------------------------------------


def test_a_title_over_three_lines_is_joined():
    text = (
        "浙经信产数〔2025〕282 号\n浙江省经济和信息化厅关于开展 2025 年\n浙江省未来工厂和智能工厂、数字化\n车间评定工作的通知\n"
        "各市、县（市、区）经信局：\n为推进未来工厂梯队建设，现将有关事项通知如下：\n"
    )
    assert _title(text) == "浙江省经济和信息化厅关于开展2025年浙江省未来工厂和智能工厂、数字化车间评定工作的通知"
    assert find_doc_number(load_text(text))[0] == "浙经信产数〔2025〕282 号"


def test_a_notice_that_issues_a_measure():
    text = (
        "宣汉县人民政府办公室文件\n宣府办规〔2026〕3号\n宣汉县人民政府办公室\n关于印发《宣汉县政府投资项目管理办法》\n的通知\n"
        "各乡镇人民政府，县级各部门：\n《宣汉县政府投资项目管理办法》已经县政府同意，现印发给你们，请认真遵照执行。\n"
    )
    assert _title(text) == "宣汉县人民政府办公室关于印发《宣汉县政府投资项目管理办法》的通知"


def test_the_issuer_line_heads_a_title_that_opens_with_guanyu():
    text = "宣汉县人民政府\n关于加强城区犬类管理的通告\n为了加强城区犬类管理，现通告如下：\n一、犬只应当登记。\n"
    assert _title(text) == "宣汉县人民政府关于加强城区犬类管理的通告"


def test_a_tender_title_over_lines_with_its_code_line_between():
    cover = "宣汉县城区道路照明维护\n（项目编号：XH-2026-01）\n服务项目\n竞争性磋商文件\n采购人：宣汉县城市管理局\n目录\n第一章 磋商公告\n"
    assert _title(cover) == "宣汉县城区道路照明维护服务项目竞争性磋商文件"


def test_a_supplementary_agreement_keeps_its_second_line():
    assert find_title(load_text("宣汉县教育局物业服务合同\n补充协议（一）\n甲方：宣汉县教育局\n")) == "宣汉县教育局物业服务合同补充协议（一）"


# --- lines that are never a title ----------------------------------------------


def test_a_numbered_line_is_never_the_title():
    text = (
        "一、项目基本情况\n项目编号：0873-2401HW3L0241\n1.本次招标共15包：\n包号 分包名称 数量\n"
        "北京大学图书馆2024-2025年文献资源建设供应商项目公开招标公告\n项目名称：北京大学图书馆2024-2025年文献资源建设供应商项目\n"
    )
    assert find_title(load_text(text)) == "北京大学图书馆2024-2025年文献资源建设供应商项目公开招标公告"


def test_a_label_line_is_never_the_title():
    cover = "项目编号：310113106251209159568\n采购单位：上海市宝山区罗泾镇综合行政执法队\n罗泾镇综合管理服务项目\n竞 争 性 磋 商 文 件\n地    址：新沙川路 535 号\n目  录\n第一章 竞争性磋商公告\n"
    assert not find_title(load_text(cover)).startswith("采购单位")
    assert _title(cover) == "罗泾镇综合管理服务项目竞争性磋商文件"


def test_the_agency_name_on_a_cover_is_not_the_title():
    cover = "宣汉县公共资源交易中心\n宣汉县第二中学食堂食材采购项目\n公开招标文件\n宣汉县教育局\n二〇二六年五月\n目录\n第一章 招标公告\n投标人须知\n"
    assert _title(cover) == "宣汉县第二中学食堂食材采购项目公开招标文件"
    assert find_title(load_text("宣汉县政府采购中心\n办公设备采购合同\n甲方：宣汉县教育局\n乙方：达州市某公司\n")) == "办公设备采购合同"


def test_a_bare_tender_document_type_is_completed_with_the_project():
    cover = "招标文件\n招标编号：PCMET-2611YG0122\n项目名称：2026年黄浦海关辅助服务采购项目\n招标方：中华人民共和国黄浦海关\n2026年3月\n目录\n第一章 投标邀请\n投标人须知\n"
    assert _title(cover) == "2026年黄浦海关辅助服务采购项目招标文件"


def test_a_templates_name_gives_way_to_the_project_on_the_cover():
    cover = "军队服务类项目公开招标文件（2.0版）\n通用文件\n（试行）\n项目名称：某单位保洁员劳务外包项目\n项目编号：2026-JHYYKZ-F1004\n目录\n第一章 投标供应商须知\n"
    assert _title(cover) == "某单位保洁员劳务外包项目公开招标文件"
    blank = "附件 4\n中华人民共和国\n标准设计招标文件\n（2017 年版）\n使用说明\n一、本文件适用于工程设计招标。\n（项目名称）设计招标文件\n投标人须知\n"
    assert _title(blank) == "中华人民共和国标准设计招标文件（2017年版）"  # no project filled in: the template's own name


def test_a_word_tender_whose_project_also_stands_in_a_table(tmp_path):
    from factory import make_docx, p, table

    body = [
        p("宣汉县峰城镇2026年农村道路提升改造工程"),
        p("施工招标文件"),
        p("招标人：宣汉县峰城镇人民政府"),
        p("第一章 招标公告"),
        table([["项目名称", "宣汉县峰城镇2026年农村道路提升改造工程"], ["招标控制价", "人民币480万元"]]),
        p("投标人须知"),
    ]
    doc = load(make_docx(tmp_path / "t.docx", body, header="宣汉县峰城镇人民政府"))
    assert infer(doc).title == "宣汉县峰城镇2026年农村道路提升改造工程施工招标文件"


def test_a_generic_type_line_above_the_project_line():
    cover = "施工招标文件\n项目名称：宣汉县峰城镇2026年农村道路提升改造工程\n招标人：宣汉县峰城镇人民政府\n第一章 招标公告\n投标人须知\n"
    assert _title(cover) == "宣汉县峰城镇2026年农村道路提升改造工程施工招标文件"


# --- cover layouts: a document type with qualifiers, the project on labelled lines ---


def test_a_qualified_document_type_is_completed_with_the_project():
    # "服务类"/"货物类"/"电子化" say how the tender is classed or published, not what it is
    cover = "货物类公开招标文件\n项目名称：宣汉县第二中学食堂食材采购项目\n项目编号：XH-2026-07宣汉县教育局\n发布日期：2026 年 5 月\n目录\n"
    assert _title(cover) == "宣汉县第二中学食堂食材采购项目公开招标文件"
    cover = "电子化公开招标文件\n项目名称：宣汉县智慧校园建设项目招标编号：XH2026-10采 购 人：宣汉县教育局\n目录\n"
    assert _title(cover) == "宣汉县智慧校园建设项目公开招标文件"


def test_a_method_line_above_the_document_type():
    cover = "项目编号：510722-2026-0031\n邀请招标\n招标文件\n宣汉县城区绿化养护服务\n采购人：宣汉县住房和城乡建设局\n目  录\n第一章 投标邀请\n"
    assert _title(cover) == "宣汉县城区绿化养护服务邀请招标文件"


def test_a_project_name_broken_over_two_lines():
    cover = "公开招标文件\n项目名称：宣汉县税务局非执法类辅助及后\n勤服务项目\n项目编号：XH-2026-11\n采购人：宣汉县税务局\n目录\n"
    assert _title(cover) == "宣汉县税务局非执法类辅助及后勤服务项目公开招标文件"


def test_a_cover_table_of_labels_and_codes(tmp_path):
    from factory import make_docx, p, table

    body = [
        table([["招标编号：0721-XH2026-B28-830/01"]]),
        p("服 务 采 购"),
        p("招标文件"),
        table([["项目名称:", "宣汉县城区污水在线监测设备点检"], ["招标编号:", "0721-XH2026-B28-830/01"], ["招 标 人:", "宣汉县水务局"]]),
        p("2026年5月"),
        p("目录"),
        p("第一章 投标邀请书"),
    ]
    assert infer(load(make_docx(tmp_path / "t.docx", body))).title == "宣汉县城区污水在线监测设备点检招标文件"
    body = [p("招标文件"), table([["项目编号：", "CP-XH-2026-S2-032"], ["项目名称：", "宣汉县人民医院劳务派遣服务项目"]]), p("（投标人盖章）"), p("第一章 投标邀请书")]
    assert infer(load(make_docx(tmp_path / "u.docx", body))).title == "宣汉县人民医院劳务派遣服务项目招标文件"
    # the code run on into the name on one line
    cover = "CP-XH-2026-S2-032宣汉县人民医院劳务派遣服务项目\n招标文件\n招标人：宣汉县人民医院\n第一章 投标邀请书\n"
    assert _title(cover) == "宣汉县人民医院劳务派遣服务项目招标文件"


# --- marks round a title --------------------------------------------------------


def test_an_orders_number_line_is_not_part_of_the_rules_title():
    text = "宣汉县人民政府令\n第 3 号\n--宣汉县城市绿化管理办法\n《宣汉县城市绿化管理办法》已经县政府常务会议通过，现予公布。\n第一章 总则\n"
    assert _title(text) == "宣汉县城市绿化管理办法"
    assert _title("中华人民共和国财政部令第 87 号\n政府采购货物和服务招标投标管理办法\n第一章 总 则\n") == "政府采购货物和服务招标投标管理办法"


def test_fill_in_brackets_are_dropped_and_their_words_kept():
    text = "合同编号：XH-2026-001\n【宣汉县智慧教育平台建设项目】\n软件产品许可及技术服务合同\n【宣汉县教育局】\n（服务接受方）\n"
    assert _title(text) == "宣汉县智慧教育平台建设项目软件产品许可及技术服务合同"


def test_an_edition_mark_belongs_to_the_title():
    assert _title("宣汉县政府投资项目管理办法\n（试行）\n第一条 为了规范政府投资项目管理，制定本办法。\n") == "宣汉县政府投资项目管理办法（试行）"
    # the cover's heading, repeated on the first page with its edition
    text = "建设工程施工合同\n发包单位：\n承包单位：\n建设工程施工合同（结算版）\n发包人（甲方）：宣汉县教育局\n"
    assert _title(text) == "建设工程施工合同（结算版）"
    # a party's role in brackets under the title is not an edition
    assert _title("物业服务合同\n（委托方）\n甲方：宣汉县教育局\n") == "物业服务合同"


# --- PDF running headers and footers --------------------------------------------


def _pdf(path: Path, pages: list[list[tuple[str, int]]], header: str = "", footer: bool = False) -> Path:
    """A PDF whose pages print (text, size) lines from the top, under an optional
    running header and over an optional page-number footer."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))  # A4: 595 x 842
    for number, lines in enumerate(pages, start=1):
        if header:
            c.setFont("STSong-Light", 9)
            c.drawString(330, 805, header)
        if footer:
            c.setFont("STSong-Light", 9)
            c.drawString(290, 40, f"— {number} —")
        y = 740
        for text, size in lines:
            c.setFont("STSong-Light", size)
            c.drawString(70, y, text)
            y -= size * 1.8
        c.showPage()
    c.save()
    return path


def test_a_running_header_is_not_the_title_nor_body_text(tmp_path):
    header = "房建市政施工招标示范文本（2023 年版）"
    body = [("第一章 招标公告", 16), ("1.1 项目名称：2025 官亭镇玉兰路市政道路建设项目", 11), ("1.2 招标人：肥西县官亭镇人民政府", 11)]
    cover = [("2025 官亭镇玉兰路市政道路建设项目", 16), ("（招标项目编号：2025AEEGZ50014）", 14), ("招 标 文 件", 28), ("招 标 人：肥西县官亭镇人民政府", 14)]
    doc = load(_pdf(tmp_path / "t.pdf", [cover, body, body, body], header=header, footer=True))
    assert infer(doc).title == "2025官亭镇玉兰路市政道路建设项目招标文件"
    paragraphs = [b for b in doc.blocks if b.kind == "paragraph"]
    assert not any("示范文本" in b.text or "—" in b.text for b in paragraphs)
    assert [(b.kind, b.text) for b in doc.blocks if b.kind in ("header", "footer")] == [("header", header)]  # kept once; page numbers dropped


def test_a_header_on_a_few_pages_only_stays_text(tmp_path):
    lines = [("第一条 甲方应当在验收合格之日起三十日内付款。", 11)]
    doc = load(_pdf(tmp_path / "t.pdf", [lines, lines], header="宣汉县教育局办公家具采购合同"))
    assert [b.kind for b in doc.blocks].count("header") == 0  # two pages are too few to call a line running


def test_a_cover_title_in_large_type_is_its_own_paragraph(tmp_path):
    cover = [("北京市政府采购项目", 26), ("公开招标文件示范文本", 26), ("项目名称：森林防火队员综合保障项目餐饮服务", 14), ("采购代理机构：北京国际招标有限公司", 14)]
    body = [("第一章 投标邀请", 16), ("2.项目名称：森林防火队员综合保障项目餐饮服务", 11)]
    doc = load(_pdf(tmp_path / "t.pdf", [cover, body]))
    texts = [b.text for b in doc.blocks]
    assert texts[:2] == ["北京市政府采购项目", "公开招标文件示范文本"]  # not run on into the smaller lines below
    assert texts[2].startswith("项目名称：森林防火队员综合保障项目餐饮服务")
    assert infer(doc).title == "森林防火队员综合保障项目餐饮服务公开招标文件"
