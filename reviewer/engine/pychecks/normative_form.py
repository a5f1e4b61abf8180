"""The form of a normative document: its name, validity period, effective date and the
upper-law basis its first article cites (facts from reviewer/facts/normative.py)."""

from __future__ import annotations

import re

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.engine.pychecks.registry import check
from reviewer.facts.normative import title_form, years_value
from reviewer.text.quantities import date_value, find_dates

_VALIDITY_YEARS = re.compile(r"有效期(?:为|是)?(?:限)?(?P<n>\d{1,2}|[一二三四五六七八九十两]{1,3})年")
_VALIDITY_UNTIL = re.compile(r"有效期(?:自[^，。；至]{2,20}起)?(?:至|到)(?P<date>[^，。；]{6,16}?日)(?:止)?")
_OPEN_ENDED = re.compile(r"长期有效|永久有效|长期适用|长期执行|无固定期限|不设有效期")
_ANY_VALIDITY = re.compile(r"有效期|试行期|暂行期|施行期限|实施期限|执行期限|(?:施行|实施|执行)至\d{4}年")
_EFFECTIVE = re.compile(r"自\s*(?P<when>[^，。；]{2,24}?)\s*起\s*(?P<after>(?:满)?\d{1,3}日(?:后|之后|以后)?)?\s*(?:施行|实施|执行|生效)")
_ON_ISSUE = re.compile(r"^(?:本?(?:通知|办法|规定|细则|意见|文件)?)?(?:印发|公布|发布|下发|签发|颁布)之日$")
_AFTER_DAYS = re.compile(r"(?:印发|公布|发布|下发|颁布)之日起?(?:满)?(?P<n>\d{1,3}|[一二三四五六七八九十]{1,3})(?:日|天)(?:后|之后|以后)?$")
_FIRST_ARTICLE = re.compile(r"(?m)^\s*第[一1]条[^\n]*")


def _main_title(ctx: Context) -> str:
    return ctx.facts.get("nd_attached_title") or ctx.facts.title or ""


_DRAFT_MARK = re.compile(r"[（(](?:送审稿|征求意见稿|草案|代拟稿|修订稿)[）)]\s*$")


def _title_span(ctx: Context, title: str) -> tuple[int | None, int | None]:
    """Where the title stands in the text: as read, or without its （送审稿） mark, or with
    the line breaks of a title set over two lines."""
    for t in (title, _DRAFT_MARK.sub("", title or "")):
        if t:
            i = ctx.text.find(t)
            if i >= 0:
                return i, i + len(t)
            m = re.search(r"\s*".join(map(re.escape, t.replace(" ", ""))), ctx.text)
            if m:
                return m.start(), m.end()
    return None, None


def _exempt(ctx: Context, params: dict) -> bool:
    pat = params.get("exempt_issuers")
    issuer = ctx.facts.get("issuer") or ""
    head = issuer + (ctx.facts.title or "")
    return bool(pat and re.search(pat, head))


@check("nd_validity_period")
def nd_validity_period(ctx: Context, params: dict) -> list[Hit]:
    """No 有效期 stated, or one longer than the ceiling (暂行/试行 a shorter one)."""
    title = _main_title(ctx)
    provisional = bool(re.search(r"暂行|试行", title))
    ceiling = int(params.get("provisional_max_years", 2) if provisional else params.get("max_years", 5))
    kind_word = "暂行、试行的规范性文件" if provisional else "规范性文件"
    hits = []
    for m in _VALIDITY_YEARS.finditer(ctx.text):
        n = years_value(m.group("n"))
        if n and n > ceiling:
            hits.append(Hit(m.start(), m.end(), {"problem": f"有效期{n}年，超过{kind_word}有效期一般不超过{ceiling}年的要求"}))
    for m in _OPEN_ENDED.finditer(ctx.text):
        hits.append(Hit(m.start(), m.end(), {"problem": f"规定“{m.group()}”，没有确定的有效期（{kind_word}有效期一般不超过{ceiling}年）"}))
    start = ctx.facts.get("effective_on") or ctx.facts.get("dated_on")
    for m in _VALIDITY_UNTIL.finditer(ctx.text):
        end = next((date_value(q) for q in find_dates(m.group("date")) if date_value(q)), None)
        if end and start and (end - start).days > ceiling * 366:
            hits.append(Hit(m.start(), m.end(), {"problem": f"自{start.isoformat()}起至{end.isoformat()}，有效期超过{ceiling}年（{kind_word}）"}))
    if hits or _ANY_VALIDITY.search(ctx.text) or _exempt(ctx, params):
        return hits
    forms = params.get("missing_forms")
    if forms and title_form(title) not in forms:  # a one-off notice or plan is not applied repeatedly
        return hits
    m = None
    for m in _EFFECTIVE.finditer(ctx.text):
        pass
    if m:
        return [Hit(m.start(), m.end(), {"problem": f"未规定有效期（{kind_word}有效期一般不超过{ceiling}年）"})]
    s, e = _title_span(ctx, title)
    return [Hit(s, e, {"problem": f"未规定有效期（{kind_word}有效期一般不超过{ceiling}年）"})]


@check("nd_effective_soon")
def nd_effective_soon(ctx: Context, params: dict) -> list[Hit]:
    """施行 on the issue date, or within `min_days` of it, for a document touching market
    entities, with no reason stated beside it (urgency, public safety). A document whose
    title says it supports or rewards (促进、扶持、奖补…) imposes no burden to adapt to."""
    min_days = int(params.get("min_days", 30))
    from_days = int(params.get("from_days", 0))  # a second rule reports short periods apart from none at all
    if params.get("touches") and not re.search(params["touches"], ctx.text):
        return []
    title = _main_title(ctx)
    if params.get("favourable_titles") and re.search(params["favourable_titles"], title) and not re.search(params.get("regulating_titles") or "$^", title):
        return []
    issued = ctx.facts.get("dated_on")
    hits = []
    for m in _EFFECTIVE.finditer(ctx.text):
        when = re.sub(r"\s", "", m.group("when"))
        gap = None
        if m.group("after") and _ON_ISSUE.match(when):
            gap = years_value(re.search(r"\d+", m.group("after")).group())
        elif _ON_ISSUE.match(when):
            gap = 0
        else:
            a = _AFTER_DAYS.search(when)
            if a:
                gap = years_value(a.group("n"))
            else:
                day = next((date_value(q) for q in find_dates(when) if date_value(q)), None)
                if day and issued:
                    gap = (day - issued).days
        if params.get("reasons") and any(re.search(params["reasons"], s) for s in _about_taking_effect(ctx.text, m)):
            continue
        if gap is not None and from_days <= gap < min_days:
            hits.append(Hit(m.start(), m.end(), {"match": m.group(), "gap": "当日" if gap == 0 else f"{gap}日后"}))
    return hits[:1]


def _about_taking_effect(text: str, m: re.Match) -> list[str]:
    """The 施行 clause itself and any sentence that speaks of taking effect: a reason for
    taking effect at once is given there; the same words elsewhere (a document about
    公共安全 or 应急) are not such a reason."""
    clause = text[text.rfind("\n", 0, m.start()) + 1 : (text.find("\n", m.end()) + 1 or len(text) + 1) - 1]
    return [clause, *(s for s in re.split(r"[。\n]", text) if "施行" in s)]


@check("nd_expiry_before_effect")
def nd_expiry_before_effect(ctx: Context, params: dict) -> list[Hit]:
    """The 有效期 ends before the document takes effect (or before it is issued)."""
    start = ctx.facts.get("effective_on") or ctx.facts.get("dated_on")
    if not start:
        return []
    hits = []
    for m in _VALIDITY_UNTIL.finditer(ctx.text):
        end = next((date_value(q) for q in find_dates(m.group("date")) if date_value(q)), None)
        if end and end < start:
            hits.append(Hit(m.start(), m.end(), {"match": m.group(), "expires": end.isoformat(), "effective": start.isoformat()}))
    return hits


@check("nd_naming")
def nd_naming(ctx: Context, params: dict) -> list[Hit]:
    """A normative document named with a form reserved for laws and regulations (法, 条例)."""
    reserved = params.get("reserved", ["条例", "法"])
    title = _main_title(ctx)
    form = title_form(title)
    if form not in reserved:
        return []
    s, e = _title_span(ctx, title)
    return [Hit(s, e, {"title": title, "form": form})]


_AREA = re.compile(r"[\u4e00-\u9fa5]{1,8}(?:省|市|县|区|州|盟|旗)|本(?:省|市|县|区)")


@check("nd_naming_area")
def nd_naming_area(ctx: Context, params: dict) -> list[Hit]:
    """A local normative document whose name does not say where it applies (河道采砂管理实施细则
    rather than 松桥县河道采砂管理实施细则); the State Council's and ministries' are exempt."""
    title = _DRAFT_MARK.sub("", _main_title(ctx)).strip()
    if not title or _exempt(ctx, params) or title_form(title) not in params.get("forms", []):
        return []
    if _AREA.search(title):
        return []
    s, e = _title_span(ctx, title)
    return [Hit(s, e, {"title": title})]


@check("nd_basis_cited")
def nd_basis_cited(ctx: Context, params: dict) -> list[Hit]:
    """A document of articles whose first article names no upper-law basis (根据《…》)."""
    if ctx.facts.get("basis_cited") != "否":
        return []
    form = ctx.facts.get("nd_form") or ""
    if params.get("forms") and form not in params["forms"]:
        return []
    m = _FIRST_ARTICLE.search(ctx.text)
    if not m:
        return []
    return [Hit(m.start(), m.end(), {"match": m.group().strip(), "form": form or "文件"})]


@check("nd_register")
def nd_register(ctx: Context, params: dict) -> list[Hit]:
    """The document's own 文号 against the filing register (facts from `check --register`):
    a finding when its status is one of `statuses`, pointing at the number."""
    status = ctx.facts.get("register_status")
    number = ctx.facts.doc_number
    if status not in params.get("statuses", []) or not number:
        return []
    at = ctx.text.find(number)
    start, end = (at, at + len(number)) if at >= 0 else (0, 0)
    said = {"他文已用": "已登记给另一件文件", "已作废": "已经作废"}.get(status, status)
    return [Hit(start, end, {"number": number, "status": said, "entry": ctx.facts.get("register_entry") or ""})]
