"""Facts of a normative document (行政规范性文件): its form, issuers, validity, articles
and the upper-law basis its first article cites.

Called from the normative branch of `infer`; every fact is three-valued (absent when
the text does not state it), with the block that states it as evidence.
"""

from __future__ import annotations

import re

from reviewer.document import Document
from reviewer.facts.model import Fact, Facts
from reviewer.text.normalize import norm_text
from reviewer.text.quantities import date_value, find_dates

# 关于印发《宣汉县…办法》的通知 -> the attached document's title
_ATTACHED = re.compile(r"(?:印发|转发|发布|公布)\s*《(?P<inner>[^》]{4,60})》")
# the form of a title: its last form word (办法/规定/细则/意见/通知/条例/法…)
# 现将《宣汉县…办法》印发给你们
_NOW_ISSUED = re.compile(r"现将《(?P<inner>[^》]{4,60})》(?:印发|转发|发布|公布)")
_FORMS = ("实施细则", "细则", "暂行办法", "试行办法", "办法", "暂行规定", "规定", "规则", "实施意见", "指导意见", "意见",
          "决定", "通告", "公告", "通知", "方案", "若干措施", "措施", "条例", "规程", "标准", "制度", "纲要", "规划", "法")
_FORM_END = re.compile(r"(?P<form>" + "|".join(_FORMS) + r")(?:（(?:暂行|试行|修订|征求意见稿|送审稿|草案)[^）]*）)?\s*$")
_PROVISIONAL = re.compile(r"暂行|试行")
# issuers named at the head of a title: 宣汉县人民政府办公室 宣汉县财政局关于…
_ORGAN = r"[\u4e00-\u9fa5]{2,30}?(?:人民政府办公室|人民政府|办公室|委员会|局|厅|委|办|中心|管委会|政府|院|署|部)"
_TITLE_ISSUERS = re.compile(r"^(?P<issuers>(?:" + _ORGAN + r"[\s、，,和及]*)+)关于")
_YEARS = r"(?P<n>\d{1,2}|[一二三四五六七八九十两]{1,3})"
_VALIDITY_YEARS = re.compile(r"有效期(?:为|是)?(?:限)?" + _YEARS + r"年")
_VALIDITY_UNTIL = re.compile(r"有效期(?:自[^，。；至]{2,20}起)?(?:至|到)(?P<date>[^，。；]{6,16}?[日])")
_EFFECTIVE = re.compile(r"自\s*(?P<when>[^，。；]{2,24}?)\s*起\s*(?P<after>(?:满)?\d{1,3}日(?:后|之后|以后)?)?\s*(?:施行|实施|执行|生效)")
_ARTICLE = re.compile(r"^\s*第[一二三四五六七八九十百零〇\d]{1,5}条")
_FIRST_ARTICLE = re.compile(r"^\s*第[一1]条")
_CITED = re.compile(r"《(?P<law>[^《》]{2,50})》")
_BASIS_WORD = re.compile(r"根据|依据|依照|按照|遵照|贯彻")
_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def years_value(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN.get(s[1:], 0)
    if s.endswith("十"):
        return _CN.get(s[0], 0) * 10
    if "十" in s:
        a, b = s.split("十", 1)
        return _CN.get(a, 0) * 10 + _CN.get(b, 0)
    return _CN.get(s)


def title_form(title: str) -> str | None:
    m = _FORM_END.search(title.strip())
    if not m:
        return None
    form = m.group("form")
    if form == "法" and re.search(r"(办|方|做|算|用|说|手|写)法$", title[: m.end("form")]):
        return None
    return form


def attached_title(title: str, texts: list[str]) -> str:
    """The document a 印发通知 carries: from the title, else the first 《…》 of a 印发 sentence."""
    m = _ATTACHED.search(title)
    if m:
        return m.group("inner")
    for t in texts[:12]:
        m = _NOW_ISSUED.search(t)
        if m and title_form(m.group("inner")) not in (None, "通知"):
            return m.group("inner")
    return ""


def issuers_of(title: str, texts: list[str], signature_text: str = "") -> list[str]:
    m = _TITLE_ISSUERS.match(title.strip())
    out: list[str] = []
    if m:
        # co-issuers are separated by a space or 、 (宣汉县财政局 宣汉县教育局关于…)
        out = [o for o in re.split(r"[\s、，,]+", m.group("issuers")) if len(o) >= 3]
        # a normalised title drops the space: 宣汉县财政局宣汉县教育局 splits where the place name recurs
        split: list[str] = []
        for o in out:
            place = re.match(r"^[\u4e00-\u9fa5]{1,8}?(?:省|市|县|区|州)", o)
            split += [x for x in re.split(f"(?={place.group()})", o) if x] if place else [o]
        out = split
    if not out:
        # masthead (文件头): "宣汉县人民政府办公室文件" or the signature lines
        for t in texts[:4]:
            mm = re.match(r"^\s*(?P<o>" + _ORGAN + r")\s*文件\s*$", t)
            if mm:
                out = [mm.group("o")]
                break
    if not out and signature_text:
        out = re.findall(r"^\s*(" + _ORGAN + r")\s*$", signature_text, flags=re.M)
    return [o.strip() for o in out if o.strip()]


def _first_article(texts: list[str]) -> tuple[int, str] | None:
    for i, t in enumerate(texts):
        if _FIRST_ARTICLE.match(t):
            return i, t
    return None


def infer_normative(doc: Document, facts: Facts) -> None:
    texts = [norm_text((b.label + " " if b.label.startswith("第") else "") + b.text) for b in doc.blocks]
    title = facts.title or ""
    attached = attached_title(title, texts)
    main_title = attached or title
    form = title_form(main_title)
    if attached:
        facts.values["nd_attached_title"] = Fact(attached, "text", title)
    if form:
        facts.values["nd_form"] = Fact(form, "text", main_title)
    if _PROVISIONAL.search(main_title):
        facts.values["nd_provisional"] = Fact("是", "text", main_title)
    sig_text = ""
    if facts.signature is not None:
        idx = getattr(facts.signature, "index", None)
        if idx is not None:
            sig_text = "\n".join(b.text for b in doc.blocks[idx : idx + 6])
    if not sig_text:
        # no signature block found: the 落款 is among the last lines, above the date
        sig_text = "\n".join(b.text for b in doc.blocks[-6:])
    issuers = issuers_of(title, texts, sig_text)
    if issuers:
        facts.values["issuer"] = Fact(issuers[0], "text", title if _TITLE_ISSUERS.match(title.strip()) else issuers[0])
        if len(issuers) > 1:
            facts.values["co_issuers"] = Fact("、".join(issuers[1:]), "text", title)
    articles = sum(1 for t in texts if _ARTICLE.match(t))
    if articles:
        facts.values["article_count"] = Fact(float(articles), "text", f"共{articles}条")
    for i, t in enumerate(texts):
        m = _VALIDITY_YEARS.search(t)
        if m and "validity_years" not in facts.values:
            n = years_value(m.group("n"))
            if n:
                facts.values["validity_years"] = Fact(float(n), "text", t[:60], block=doc.blocks[i].index)
        m = _VALIDITY_UNTIL.search(t)
        if m and "expires_on" not in facts.values:
            d = next((date_value(q) for q in find_dates(m.group("date")) if date_value(q)), None)
            if d:
                facts.values["expires_on"] = Fact(d, "text", t[:60], block=doc.blocks[i].index)
        m = _EFFECTIVE.search(t)
        if m and "effective_text" not in facts.values:
            facts.values["effective_text"] = Fact(m.group("when") + (m.group("after") or ""), "text", t[:60], block=doc.blocks[i].index)
    first = _first_article(texts)
    if first:
        i, t = first
        laws = [m.group("law") for m in _CITED.finditer(t)]
        if laws:
            facts.values["cited_laws"] = Fact("、".join(f"《{x}》" for x in dict.fromkeys(laws)), "text", t[:80], block=doc.blocks[i].index)
            facts.values["basis_cited"] = Fact("是", "text", t[:80], block=doc.blocks[i].index)
        elif _BASIS_WORD.search(t) and re.search(r"(法律|法规|规章|规定|精神|要求|决定|意见|通知)", t):
            facts.values["basis_cited"] = Fact("是", "text", t[:80], block=doc.blocks[i].index)
        else:
            facts.values["basis_cited"] = Fact("否", "text", t[:80], block=doc.blocks[i].index)
