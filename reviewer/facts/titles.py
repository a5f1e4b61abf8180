"""A tender's own title, as its cover states it (the project name and the document
type), never the agency's name, a running page header or a bare "招标文件"."""

from __future__ import annotations

import re

from reviewer.document import Document
from reviewer.text.normalize import norm_text

_GENERIC_TITLE = re.compile(r"^(公开|邀请)?(招标|采购|竞争性磋商|竞争性谈判|磋商|谈判|比选|询价|遴选)(采购)?(文件|公告)$")
_DOC_TYPE = re.compile(r"(公开|邀请)?(招标|竞争性磋商|竞争性谈判|磋商|谈判|比选|询价|遴选)?(采购)?(招标)?(文件|公告)(（[^）]{0,12}）)?$")
_PROJECT = re.compile(r"(项目名称|采购项目名称|招标项目名称|工程名称)\s*[:：]\s*(?P<name>[^\s，。；:：]{4,60}?(项目|工程|服务|采购))(?=[\s，。；]|项目编号|采购编号|$)")
_COVER_NOISE = re.compile(r"^(项目编号|采购编号|招标编号|编号|采\s*购\s*人|招\s*标\s*人|采购单位|采购代理|招标代理|代理机构|集采机构|编\s*制\s*单\s*位|地\s*址|日\s*期|联系)|^[（(].*[）)]$|^中国|^\d{4}\s*年\s*\d{1,2}\s*月|^[二〇○零一]{4}年|有限公司$|^目\s*录")
_COVER_END = re.compile(r"^目\s*录|^第[一二三四五六七八九十]+章")


def tender_title(doc: Document, title: str) -> str:
    """A tender's own title as its cover states it: the project name (over one or
    more lines) and the document type, never the agency, a running header or a
    generic "招标文件" alone."""
    counts: dict[str, int] = {}
    for b in doc.blocks[:200]:
        key = re.sub(r"\s", "", b.text)
        if 4 <= len(key) <= 40:
            counts[key] = counts.get(key, 0) + 1
    parts: list[str] = []
    for b in doc.blocks[:14]:
        t = re.sub(r"\s", "", norm_text(b.text))
        if _COVER_END.match(t):
            break
        t = re.sub(r"^附件\d*", "", t)
        t = re.sub(r"^项目编号[:：][A-Za-z0-9\-]+", "", t)
        t = re.sub(r"^(项目名称|采购项目名称)[:：]", "", t)
        t = re.sub(r"[（(][^（）()]*编号[:：][^）)]*[）)]?", "", t)
        t = re.sub(r"(招标|采购)?编号[:：][A-Za-z0-9\-]+", "", t)
        t = re.split(r"(采购人|招标人|采购单位)(（章）)?[:：]", t)[0]
        if not t or counts.get(t, 0) > 1 or _COVER_NOISE.search(t) or b.kind in ("header", "footer"):
            continue
        if _GENERIC_TITLE.match(t) and not parts:
            continue  # "招标文件" above the project name
        parts.append(t)
        if _DOC_TYPE.search(t):
            break
    cover = "".join(parts)
    if cover and not _GENERIC_TITLE.match(cover) and len(cover) <= 90:
        return cover if _DOC_TYPE.search(cover) else cover + "招标文件"
    bare = re.sub(r"\s", "", title)
    if _GENERIC_TITLE.match(bare):
        for b in doc.blocks[:300]:
            m = _PROJECT.search(norm_text(b.text))
            if m:
                return m.group("name") + bare
    return title
