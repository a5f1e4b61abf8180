"""A tender's parts and its draft contract reviewed in place."""

from __future__ import annotations

from reviewer.api import review_document
from reviewer.facts.tender_parts import contract_part, find_parts
from reviewer.ingest import load_text

CHAPTERS = (
    "某项目公开招标文件\n目录\n第一章 招标公告\n第二章 投标人须知\n第三章 评标办法\n第四章 合同条款及格式\n"
    "第一章 招标公告\n采购人：宣汉县教育局\n第二章 投标人须知\n投标人须知正文。\n第三章 评标办法\n评分标准正文。\n"
    "第四章 合同条款及格式\n第一条 付款：验收合格后30日内付款。\n第二条 违约责任：按日万分之五计付。\n"
)


def test_the_table_of_contents_opens_no_part():
    parts = find_parts(load_text(CHAPTERS, name="t"))
    assert [p.kind for p in parts] == ["notice", "instructions", "evaluation", "contract"]
    assert parts[0].start > 5  # the body's 第一章, not the contents line


def test_a_short_tender_heads_its_parts_with_numbers():
    text = "某询价文件\n一、询价公告\n内容\n二、供应商须知\n内容\n三、评审办法\n内容\n五、合同草案\n第一条 付款\n第二条 违约\n六、响应文件格式\n内容"
    part = contract_part(load_text(text, name="t"))
    assert part is not None and part.heading == "五、合同草案" and part.end - part.start == 3
    assert contract_part(load_text("某合同\n一、付款方式\n二、违约责任\n", name="t")) is None  # not a tender's parts


def test_the_draft_contract_knows_its_buyer_from_the_tender(ruleset):
    text = (
        "宣汉县某中学课桌椅询价文件\n一、询价公告\n采购人：宣汉县某中学\n二、供应商须知\n内容\n三、评审办法\n内容\n"
        "四、合同草案\n甲方：\n第一条 付款：验收合格后30日内付款。\n第二条 争议解决：协商不成的，向宣汉县人民法院起诉。\n"
    )
    rv = review_document(load_text(text, name="t"), ruleset, kind="tender", use_sidecar=False)
    assert not [f for f in rv.findings if f.point == "DISPUTE.JURISDICTION"]  # the buyer's own county court
    far = text.replace("向宣汉县人民法院起诉", "向三亚市城郊人民法院起诉")
    rv = review_document(load_text(far, name="t"), ruleset, kind="tender", use_sidecar=False)
    hits = [f for f in rv.findings if f.point == "DISPUTE.JURISDICTION"]
    assert hits and hits[0].clause.startswith("四、合同草案")
