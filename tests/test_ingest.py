"""Reading real formats: Word numbering, tracked changes, tables, PDFs, encodings."""

from __future__ import annotations

import pytest
from factory import make_docx, make_pdf, numbering, p, table

from reviewer.ingest import load
from reviewer.ingest.docx import format_number


def test_word_automatic_numbering_is_rendered_as_the_reader_sees_it(tmp_path):
    num = numbering([("chineseCounting", "第%1条"), ("decimal", "%1.%2")])
    doc = load(
        make_docx(
            tmp_path / "n.docx",
            [p("合同标的", num=(1, 0)), p("交货地点：宣汉县。", num=(1, 1)), p("交货时间：签订后30日内。", num=(1, 1)), p("付款方式", num=(1, 0)), p("验收合格后付款。", num=(1, 1))],
            numbering_xml=num,
        )
    )
    # Word renders each %n in its own level's format (no isLgl here), as Word itself shows it
    assert [b.label for b in doc.blocks] == ["第一条", "一.1", "一.2", "第二条", "二.1"]
    assert doc.blocks[0].text == "合同标的"  # the label is not typed into the text
    assert doc.blocks[3].display == "第二条 付款方式"


@pytest.mark.parametrize(
    "n,fmt,expected",
    [(11, "chineseCounting", "十一"), (3, "chineseLegalSimplified", "叁"), (2, "decimalEnclosedCircle", "②"), (28, "upperLetter", "BB"), (4, "lowerRoman", "iv"), (2, "ideographTraditional", "乙")],
)
def test_number_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_tracked_changes_read_as_accepted_with_a_note(tmp_path):
    raw = (
        '<w:r><w:t>付款期限为验收合格后</w:t></w:r>'
        '<w:del w:id="1" w:author="a"><w:r><w:delText>90</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>30</w:t></w:r></w:ins>'
        '<w:r><w:t>日内。</w:t></w:r>'
    )
    doc = load(make_docx(tmp_path / "t.docx", [p(raw=raw)], comments=["请核对"]))
    assert doc.blocks[0].text == "付款期限为验收合格后30日内。"
    codes = {n.code for n in doc.notes}
    assert codes == {"tracked_changes", "comments"}


def test_tables_headers_and_locations(tmp_path):
    doc = load(make_docx(tmp_path / "t.docx", [p("报价表"), table([["名称", "单价"], ["课桌", "300元"]])], header="宣汉县教育局"))
    cells = [b for b in doc.blocks if b.kind == "cell"]
    assert [(b.row, b.col, b.text) for b in cells] == [(1, 1, "名称"), (1, 2, "单价"), (2, 1, "课桌"), (2, 2, "300元")]
    assert cells[-1].where() == "表格1第2行第2列"
    assert doc.blocks[-1].kind == "header" and doc.blocks[-1].text == "宣汉县教育局"
    # every block's text sits at its offset in the document text
    for b in doc.blocks:
        assert doc.raw[b.start : b.end] == b.text


def test_pdf_text_with_pages(tmp_path):
    doc = load(make_pdf(tmp_path / "a.pdf", [["第一条 合同总价为人民币壹拾贰万元整。"], ["第二条 乙方应于2026年3月1日前交货。"]]))
    assert doc.format == "pdf" and doc.pages == 2
    assert [(b.page, b.text) for b in doc.blocks] == [(1, "第一条 合同总价为人民币壹拾贰万元整。"), (2, "第二条 乙方应于2026年3月1日前交货。")]


def test_pdf_lines_are_joined_into_paragraphs(tmp_path):
    lines = ["第一条 甲方应当在验收合格之日起三十日内向乙方支付", "合同价款，逾期支付的按照中国人民银行同期贷款市场报价", "利率支付利息。", "第二条 乙方应当按期交货。"]
    doc = load(make_pdf(tmp_path / "b.pdf", [lines]))
    assert doc.blocks[0].text.startswith("第一条") and doc.blocks[0].text.endswith("支付利息。")
    assert doc.blocks[1].text == "第二条 乙方应当按期交货。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_text_encodings(tmp_path, encoding):
    text = "宣汉县教育局办公家具采购合同\n甲方：宣汉县教育局\n合同总价：人民币壹拾贰万元整（￥120,000.00）。\n"
    f = tmp_path / "c.txt"
    f.write_bytes(text.encode(encoding))
    doc = load(f)
    assert doc.blocks[0].text == "宣汉县教育局办公家具采购合同"
    assert "壹拾贰万元整" in doc.raw


def test_content_decides_not_extension(tmp_path):
    src = make_docx(tmp_path / "x.docx", [p("第一条 合同标的")])
    renamed = tmp_path / "合同.bin"
    renamed.write_bytes(src.read_bytes())
    doc = load(renamed)
    assert doc.format == "docx" and any(n.code == "extension" for n in doc.notes)


def test_one_megabyte_single_line(tmp_path):
    f = tmp_path / "long.txt"
    f.write_text("甲方应于验收合格后付款。" * 90000, encoding="utf-8")  # ~1 MB, one line
    doc = load(f)
    assert len(doc.blocks) == 1 and doc.char_count > 1_000_000 // 3


def test_legacy_doc_through_libreoffice(tmp_path):
    import shutil
    import subprocess

    from reviewer.ingest.convert import find_soffice

    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; .doc conversion not exercised")
    src = make_docx(tmp_path / "合同.docx", [p("宣汉县教育局办公家具采购合同"), p("第一条 合同总价为人民币壹拾贰万元整（¥102,000.00）。")])
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc", "--outdir", str(tmp_path / "out"), str(src)], capture_output=True, timeout=180, check=True)
    legacy = tmp_path / "out" / "合同.doc"
    assert legacy.exists() and legacy.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    doc = load(legacy)
    assert doc.format == "doc→docx"
    assert any("壹拾贰万元整" in b.text for b in doc.blocks)
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)


# ------------------------------------------------------------ clause labels a reader finds in Word


def _clause_labels(doc):
    from reviewer.structure import clause_tree

    return {b.text: (c.label if c else "") for b, c in zip(doc.blocks, clause_tree(doc))}


def test_clauses_in_an_attachment_are_labelled_within_it(tmp_path):
    doc = load(
        make_docx(
            tmp_path / "a.docx",
            [
                p("设备采购合同"),
                p("第一条 合同标的为课桌椅。"),
                p("第三条 付款方式：验收合格后30日内付款。"),
                p("附件9 安全管理协议"),
                p("第一条 适用范围"),
                p("第三条 违约责任"),
                p("1. 乙方违反本协议的，甲方有权扣留全部履约保证金。"),
            ],
        )
    )
    labels = _clause_labels(doc)
    assert labels["第三条 付款方式：验收合格后30日内付款。"] == "第三条"  # the main text as before
    assert labels["附件9 安全管理协议"] == "附件9"
    assert labels["第一条 适用范围"] == "附件9 第一条"
    assert labels["1. 乙方违反本协议的，甲方有权扣留全部履约保证金。"] == "附件9 第三条1"


def test_a_finding_in_an_attachment_cites_the_attachment(tmp_path):
    from reviewer.api import check_file

    path = make_docx(
        tmp_path / "a.docx",
        [
            p("设备采购合同"),
            p("甲方：宣汉县教育局"),
            p("第一条 合同标的为课桌椅。"),
            p("附件 2 履约保证金格式"),
            p("第三条 违约责任"),
            p("1. 乙方违约的，依据《中华人民共和国合同法》处理。"),
        ],
    )
    clauses = {f.rule: f.clause for f in check_file(str(path)).findings}
    assert clauses["NORM.CITATIONS_CURRENT"] == "附件2 第三条1"


@pytest.mark.parametrize(
    "heading",
    ["附件一：设备采购清单", "附件 2 履约保证金格式", "附件1-2 价格构成表", "附件2．工作任务、流程及要求", "附件十一："],
)
def test_attachment_headings(heading):
    from reviewer.structure import attachment_of

    assert attachment_of(heading).startswith("附件")


@pytest.mark.parametrize(
    "line",
    [
        "附件1\t投标函\t37",  # a contents line
        "附件13的内容若未提供将视为未实质性响应招标文件，为无效标。",
        "附件1  投标函（格式）；",  # an item of a list
        "附件 1：技术方案说明书 附件 2：工程总承包分项价格表",
        "本合同附件是本合同不可分割的一部分。",
        "附件一式两份",
    ],
)
def test_lines_that_only_mention_attachments(line):
    from reviewer.structure import attachment_of

    assert attachment_of(line) == ""


def test_a_list_of_attachments_opens_none_and_the_main_text_resumes(tmp_path):
    doc = load(
        make_docx(
            tmp_path / "a.docx",
            [
                p("招标文件"),
                p("第五章 投标文件格式"),
                p("本章附件如下："),
                p("附件1 投标函"),
                p("附件2 开标一览表"),
                p("一、投标人应按格式填写。"),
                p("附件1 投标函"),
                p("一、我方同意招标文件的全部条款。"),
                p("第六章 评标办法"),
                p("一、评标委员会依法组建。"),
            ],
        )
    )
    from reviewer.structure import clause_tree

    labels = [c.label if c else "" for c in clause_tree(doc)]
    assert labels[3:6] == ["第五章", "第五章", "一、"]  # 附件1 and 附件2 listed one after the other: a list
    assert labels[6:8] == ["附件1", "附件1 一、"]
    assert labels[8:] == ["第六章", "一、"]  # 第六章 continues the main text's 第五章


def test_woler_labels_are_the_ones_word_shows(realdocs):
    doc = load(realdocs / "goods-equipment-purchase-woler.docx")
    labels = _clause_labels(doc)
    by_start = {text[:16]: label for text, label in labels.items()}
    assert by_start["甲方将于项目整体完工且设备正式投"] == "五、5.2"  # was reported as 五、4.2
    assert by_start["乙方应对本合同项下设备的安装、调"] == "六、6.2"
    assert by_start["乙方在收款前应向甲方开具正规的{"] == "七、7.4"
    assert by_start["乙方迟延交货（发错货、缺漏货视为"] == "九、9.1"
    assert labels["附件一：设备采购清单"] == "附件一"


def test_a_cell_holding_a_content_control_is_read(tmp_path):
    cell = "<w:tbl><w:tr><w:tc><w:sdt><w:sdtContent>" + p("合同金额：人民币12万元") + "</w:sdtContent></w:sdt></w:tc></w:tr></w:tbl>"
    doc = load(make_docx(tmp_path / "c.docx", [cell]))
    assert [(b.kind, b.text) for b in doc.blocks] == [("cell", "合同金额：人民币12万元")]
