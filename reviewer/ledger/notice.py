"""The 退回补充材料通知 of a returned case, as a Word file in the house layout of the
opinion letter (GB/T 9704 fonts, page numbers, office and date closing): the helpers of
reviewer/report/opinion_docx.py are reused, not copied, so the two documents stay alike."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from reviewer.report.opinion import cn_date

TITLE = "退回补充材料通知"


def paragraphs(case: dict, office: str, on: dt.date) -> dict:
    """The notice's text, apart from the layout (also what the tests read)."""
    received = dt.date.fromisoformat(case["received_on"])
    matter = f"《{case['title']}》" if case.get("title") else f"{case['kind']}送审材料"
    missing = [m for m in (case.get("missing") or "").split("、") if m]
    body = [
        f"你单位于{cn_date(received)}报送的{matter}（案号：{case['number']}）收悉。经审查，送审材料不齐全，缺少下列材料：",
        *[f"{i}.{m}" for i, m in enumerate(missing, 1)],
        "请补齐上述材料后重新报送。合法性审查期限自材料齐全之日起计算，材料补齐前暂不计入审查时间。",
    ]
    return {"office": office, "title": TITLE, "number": case["number"], "salutation": f"{case['unit']}：", "body": body, "date": cn_date(on)}


def render_notice(case: dict, path, office: str, on: dt.date | None = None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from reviewer.report import opinion_docx as house

    text = paragraphs(case, office, on or dt.date.today())
    doc = house._new_document()
    house._page_numbers(doc)
    house._para(doc, text["office"], house.TITLE_FONT, house.SIZE_2, WD_ALIGN_PARAGRAPH.CENTER, indent=False, keep_next=True)
    house._para(doc, text["title"], house.TITLE_FONT, house.SIZE_2, WD_ALIGN_PARAGRAPH.CENTER, indent=False, keep_next=True)
    house._para(doc, text["number"], align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    house._para(doc, indent=False)
    house._para(doc, text["salutation"], indent=False, keep_next=True)
    last = None
    for line in text["body"]:
        last = house._para(doc, line, keep_next=line.endswith("："))
    # _closing reads office, date and (optionally) signature: the notice carries no sign-off lines
    house._closing(doc, SimpleNamespace(office=text["office"], date=text["date"], signature=[]), last)
    house._properties(doc, f"关于{case.get('title') or case['number']}的{TITLE}", TITLE, text["office"], case["number"])
    doc.save(path)
