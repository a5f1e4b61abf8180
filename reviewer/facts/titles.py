"""A document's own title and 文号. A tender's title is its cover's (the project name
and the document type), never the agency's name, a running page header or a bare "招标文件"."""

from __future__ import annotations

import re

from reviewer.document import Block, Document
from reviewer.structure import DOCNO_LOOSE
from reviewer.text.normalize import norm_text

_GENERIC_TITLE = re.compile(r"^(公开|邀请)?(招标|采购|竞争性磋商|竞争性谈判|磋商|谈判|比选|询价|遴选)(采购)?(文件|公告)$")
_DOC_TYPE = re.compile(r"(公开|邀请)?(招标|竞争性磋商|竞争性谈判|磋商|谈判|比选|询价|遴选)?(采购)?(招标)?(文件|公告)(（[^）]{0,12}）)?$")
_PROJECT = re.compile(r"(项目名称|采购项目名称|招标项目名称|工程名称)\s*[:：]\s*(?P<name>[^\s，。；:：]{4,60}?(项目|工程|服务|采购))(?=[\s，。；]|项目编号|采购编号|$)")
_COVER_NOISE = re.compile(r"^(项目编号|采购编号|招标编号|编号|采\s*购\s*人|招\s*标\s*人|采购单位|采购代理|招标代理|代理机构|集采机构|编\s*制\s*单\s*位|地\s*址|日\s*期|联系)|^[（(].*[）)]$|^中国|^\d{4}\s*年\s*\d{1,2}\s*月|^[二〇○零一]{4}年|有限公司$|^目\s*录")
_COVER_END = re.compile(r"^目\s*录|^第[一二三四五六七八九十]+章")


_TITLE_WORDS = re.compile(r"合同|协议|办法|规定|细则|通知|意见|决定|方案|招标|采购|磋商|谈判|比选|询价|文件|章程|公告|规则|制度|函|书$")


def find_title(doc: Document) -> str:
    candidates = [b for b in doc.blocks[:15] if b.kind in ("paragraph", "line") and 2 <= len(b.text.strip()) <= 60]
    for b in candidates:
        t = re.sub(r"^(标题|文件名称|项目名称)[:：]\s*", "", b.text.strip())
        if DOCNO_LOOSE.search(t) or re.match(r"^(合同编号|项目编号|编号|采购编号|甲方|乙方)", t):
            continue
        if re.fullmatch(r"[\u4e00-\u9fa5]{2,30}(人民政府|办公室|委员会|局|厅)(办公室)?文件", t):
            continue  # the masthead (发文机关标志), not the title
        if _TITLE_WORDS.search(t) and not re.search(r"[。；]$", t):
            t = re.sub(r"\s+", "", t) if re.search(r"[\u4e00-\u9fa5]\s+[\u4e00-\u9fa5]", t) else t
            # "宣汉县人民政府" / "关于印发…的通知": the issuer is the first line of the title
            prev = doc.blocks[b.index - 1].text.strip() if b.index > 0 else ""
            if t.startswith("关于") and re.fullmatch(r"[\u4e00-\u9fa5]{2,30}(人民政府|办公室|委员会|局|厅|院)", prev):
                t = prev + t
            # a title set on two lines: "…采购项目" / "政府采购合同"
            nxt = doc.blocks[b.index + 1].text.strip() if b.index + 1 < len(doc.blocks) else ""
            if not re.search(r"合同|协议|办法|通知|文件", t) and re.fullmatch(r"[\u4e00-\u9fa5（）]{2,14}(合同|协议|协议书|合同书)", nxt):
                t += nxt
            elif re.fullmatch(r"(补充|变更)(协议|合同)(书)?([（(][^）)]{1,4}[）)])?", nxt):
                t += nxt  # "…服务合同" / "补充协议（一）"
            return t
    return candidates[0].text.strip() if candidates else ""


def find_doc_number(doc: Document) -> tuple[str, Block] | None:
    for b in doc.blocks[:30]:
        m = DOCNO_LOOSE.search(b.text)
        # the document's own number stands on its own line, not inside a sentence that cites another
        if m and len(b.text.strip()) <= 40 and m.start() <= len(b.text) - len(b.text.lstrip()) + 6:
            return m.group().strip(), b
    return None


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
