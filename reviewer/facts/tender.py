"""Facts of a tender (招标/采购/磋商/谈判/询价/比选文件): the procurement method, which
law governs its periods (政府采购 or 工程招投标), the project, the base of relative
limits (预算金额 / 最高限价 / 估算价), the key dates and the deposits.

Key dates are read from labelled statements: a 前附表 row (key in one cell, value in
the next) or a sentence "投标截止时间：2026年3月25日10:00". A date without a year
(3月11日) takes the year of the nearest full date before it; a relative date
("自本公告发布之日起5个工作日") counts from the notice date (民法典第二百零一条: the
first day is not counted). What the text does not state stays unknown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reviewer.document import Document
from reviewer.facts.model import Fact, Facts
from reviewer.text.normalize import norm_text
from reviewer.text.quantities import cn_number, date_value, find_dates, find_money
from reviewer.facts.tender_bonds import validity_and_bonds
from reviewer.workdays import add as add_working_days

METHODS = ("公开招标", "邀请招标", "竞争性谈判", "竞争性磋商", "询价", "比选", "单一来源")
_METHOD_WORDS = (
    ("竞争性磋商", r"竞争性磋商|磋商(文件|公告)"),
    ("竞争性谈判", r"竞争性谈判|谈判(文件|公告)"),
    ("单一来源", r"单一来源"),
    ("询价", r"询价(采购|文件|公告|函|通知)"),
    ("比选", r"比选"),
    ("邀请招标", r"邀请招标"),
    ("公开招标", r"公开招标|招标(公告|文件)"),
)


@dataclass
class Statement:
    """A labelled value: a key cell and the cell beside it, or a sentence (key = value = the sentence)."""

    key: str
    value: str
    block: int


_CACHE: dict[int, tuple[Document, tuple[Statement, ...]]] = {}


def statements(doc: Document) -> tuple[Statement, ...]:
    """Every labelled value of the document (computed once per document)."""
    cached = _CACHE.get(id(doc))
    if cached is None or cached[0] is not doc:
        if len(_CACHE) > 8:
            _CACHE.clear()
        cached = _CACHE[id(doc)] = (doc, _statements(doc))
    return cached[1]


def _statements(doc: Document) -> tuple[Statement, ...]:
    cells = {(b.table, b.row, b.col): b for b in doc.blocks if b.kind == "cell"}
    out: list[Statement] = []
    heading = ""
    for b in doc.blocks:
        t = norm_text(b.text).strip()
        if not t:
            continue
        # "三、获取招标文件" over "时间：2026年4月1日至…": the line reads under its heading
        if heading and b.kind != "cell" and re.match(r"([（(]?[一二三四五六七八九十\d]{1,2}[)）.、．]\s*)?(时间|日期|期限|期间)\s*[:：]", t):
            out.append(Statement(heading + t, heading + t, b.index))
        heading = re.sub(r"^[一二三四五六七八九十\d]+[、.．]\s*", "", t) if len(t) <= 20 and not re.search(r"[:：。；]", t) else ""
        if b.kind == "cell":
            right = cells.get((b.table, b.row, (b.col or 0) + 1))
            if right is not None and len(t) <= 24:
                out.append(Statement(t, norm_text(right.text).strip(), right.index))
        for s in re.split(r"(?<=[。；;])", t):
            s = s.strip()
            if s:
                out.append(Statement(s, s, b.index))
    return tuple(out)


# ----------------------------------------------------------------- dates

_MONTH_DAY = re.compile(r"(?<![年\d.\-/])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")


def dates_in(text: str, year: int | None = None) -> list[tuple[dt.date, int, int]]:
    """Dates in text with their spans; a month and day alone take the year before them."""
    out = []
    for q in find_dates(text):
        d = date_value(q)
        if d and q.extra.get("d"):
            out.append((d, q.start, q.end))
    taken = [(a, b) for _, a, b in out]
    for m in _MONTH_DAY.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        before = [d for d, a, _ in out if a < m.start()]
        y = before[-1].year if before else year
        if y is None:
            continue
        try:
            out.append((dt.date(y, int(m.group("m")), int(m.group("d"))), m.start(), m.end()))
        except ValueError:
            continue
    out.sort(key=lambda x: x[1])
    return out




# ----------------------------------------------------------------- keys

_DEADLINE = re.compile(r"(投标|响应|递交|提交|报价|接收)[^，。；：:]{0,12}截止(时间|日期|时点)?|^截止(时间|日期)|截止时间[（(]开标时间|投标截止")
_NOT_DEADLINE = re.compile(r"获取|发售|报名|领取|下载|澄清|疑问|答疑|保证金|质疑|异议|到账|签到|前[一二三四五六七八九十\d]")
_OPENING = re.compile(r"开标(时间|日期)|开启时间|开标[:：]|开标、|、开标时间")
_NOTICE = re.compile(r"(公告)?发布(时间|日期)|发标(时间|日期)|公告(日期|时间)[:：]|(招标文件|采购文件)?发出(时间|日期)")
_SALE = re.compile(r"(获取|发售|领取|下载|提供|申领|报名|购买)[^，。；：:]{0,12}(时间|期限|期间|日期)|(发售|获取|提供)期[:：]|(获取|发售|领取|购买)(招标|采购|磋商|谈判|询价|比选)文件|(招标|采购|磋商|比选|谈判|询价)(文件|通知书)的?(获取|发售|领取|下载)")
_CLARIFY = re.compile(r"澄清|修改|答疑|疑问")
# a date the result is published (中标/成交结果公告): it cannot come before the deadline
_RESULT = re.compile(r"(中标|成交|中选|比选)(结果|候选人)?(公告|公示)(日期|时间)?")
_CEILING = re.compile(r"(最高投标限价|最高限价|招标控制价|控制价|最高报价|采购限价)(（[^）]{0,6}）)?\s*(为|是|：|:)?")
_ESTIMATE = re.compile(r"估算价\s*(为|是|：|:)?")
_BUYER = re.compile(r"(采购人|招标人|采购单位|比选人|建设单位)(名称)?\s*[:：]\s*(?P<name>[^\s，。；,:：（(]{4,40})")
_PROJECT = re.compile(r"(项目|工程|采购项目)名称\s*[:：]\s*(?P<v>[^。；\n]{2,60}?)(?=\s|$|。|；|，|（|\()")
_NUMBER = re.compile(r"(项目|招标|采购|工程)(编号|代码)\s*[:：]\s*(?P<v>[A-Za-z0-9〔〕\[\]（）()\-_/—]{4,40})")


def _first_date(stmts, key: re.Pattern, exclude: re.Pattern | None, year: int | None):
    for s in stmts:
        m = key.search(s.key)
        if not m or (exclude and exclude.search(s.key[: m.end() + 6])):
            continue
        value = s.value[m.end() :] if s.key == s.value else s.value
        found = dates_in(value[:60], year)
        if found:
            return found[0][0], s, value
    return None


def _method(doc: Document, title: str) -> tuple[str, str] | None:
    for name, words in _METHOD_WORDS:
        if re.search(words, title):
            return name, title
    head = "\n".join(norm_text(b.text) for b in doc.blocks[:120])
    m = re.search(r"(采购|招标|比选)方式\s*[:：为]?\s*(" + "|".join(METHODS) + ")", head)
    if m:
        return m.group(2), m.group()
    for name, words in _METHOD_WORDS:
        m = re.search(words, head)
        if m:
            return name, m.group()
    return None


def _buyer_name(stmts) -> str:
    for s in stmts:
        if s.key != s.value and re.fullmatch(r"(采购人|招标人|采购单位|比选人|建设单位)(名称)?", s.key) and len(s.value) >= 4 and not re.search(r"见|_|（盖", s.value):
            return s.value
        m = _BUYER.search(s.value)
        if m and not re.search(r"见|_|盖", m.group("name")):
            return m.group("name")
    return ""


def _better_buyer(stated: str, facts: Facts) -> bool:
    """The buyer the tender states replaces one read elsewhere only when that one is no
    organisation's name (no 局/院/政府/公司… in it) or is not known at all."""
    current = facts.buyer_name
    if not current:
        return True
    return not re.search(r"局|院|校|中心|政府|委员会|办公室|公司|集团|所|站|队|馆|厂|社|会|部|厅|处|街道|学|园", re.sub(r"[（(].*?[)）]", "", current))


_SAYS_GOVERNMENT = re.compile(
    r"(本项目|本工程|本次采购|本次比选|该项目)[^。；，]{0,8}(属于|为|系|是)[^。；，]{0,4}政府采购"
    r"|政府采购(项目|计划|实施计划)(编号|文号|备案)|按照?[^。；]{0,6}《(中华人民共和国)?政府采购法》[^。；]{0,20}(组织|实施|进行|开展)"
)


def _regime(doc_text: str, title: str, method: str | None, buyer: str, funding: str) -> tuple[str | None, str]:
    """政府采购 (a 机关/事业单位 buyer, or the text says so), 工程招投标 (a works tender, or a
    tender under the 招标投标法), 其他 (a company's own procurement), or unknown."""
    from reviewer.facts.infer import buyer_type_of

    company = bool(re.search(r"公司|集团|企业|厂$|合作社", buyer))
    works = re.search(r"施工|工程(?!师)", title) or re.search(r"招标控制价|工程量清单", doc_text)
    self_funded = re.search(r"自筹|自有资金|企业自筹", funding or "")
    if re.search(r"(本项目|本次采购|该项目)[^。；，]{0,6}(为|属于|系)?(非政府采购|不属于政府采购)", doc_text):
        return ("工程招投标", "工程招标") if works and not self_funded else ("其他", "文件载明非政府采购")
    if company:
        if (works or re.search(r"招标投标法", doc_text)) and method in (None, "公开招标", "邀请招标") and not self_funded:
            return "工程招投标", f"招标人为企业（{buyer}），按招标投标法"
        return "其他", f"采购人为企业（{buyer}）"
    bt = buyer_type_of(buyer) if buyer else None
    if works and method in (None, "公开招标", "邀请招标") and re.search(r"招标人|招标投标法", doc_text):
        return "工程招投标", "工程招标"
    # a works 比选 (a local form of tendering below the thresholds) is read under the
    # 招标投标 rules unless the document says the project is 政府采购
    if works and method == "比选" and not _SAYS_GOVERNMENT.search(doc_text):
        return "工程招投标", "工程比选"
    if bt in ("机关", "事业单位"):
        return "政府采购", f"采购人为{bt}（{buyer}）"
    if len(re.findall(r"政府采购", doc_text)) >= 3 and not re.search(r"有限公司[^。]{0,10}(采购人|招标人)", doc_text):
        return "政府采购", "文件按政府采购程序编制"
    return None, ""


def _amount_after(stmts, key: re.Pattern):
    for s in stmts:
        m = key.search(s.key)
        if not m or re.search(r"例如|计算公式|示例|[×xX*]\s*\d", s.value):
            continue
        value = s.value[m.end() : m.end() + 50] if s.key == s.value else s.value
        money = [q for q in find_money(value) if q.value and q.value >= 1000]
        if money:
            return money[0].value, s
    return None


def infer_tender(doc: Document, facts: Facts) -> None:
    """Add the tender's facts to `facts` (only what the text states)."""
    stmts = statements(doc)
    text = doc.norm.text
    put = facts.values.__setitem__

    def fact(value, s: Statement, evidence: str | None = None) -> Fact:
        return Fact(value, "text", (evidence or s.value)[:40], block=s.block)

    method = _method(doc, facts.title)
    if method:
        put("procurement_method", Fact(method[0], "text", method[1][:40]))
    stated = _buyer_name(stmts)
    buyer = facts.buyer_name or stated
    if stated and stated != facts.buyer_name and _better_buyer(stated, facts):
        # the tender names its buyer (采购人/招标人/比选人：…); a party read from a bidder's
        # form (a reference table "发包人 | 合同金额（万元）") is not the buyer
        from reviewer.facts.infer import _buyer_type

        buyer = facts.buyer_name = stated
        bt = _buyer_type(stated, stated)
        if bt:
            facts.values["buyer_type"] = bt
        else:
            facts.values.pop("buyer_type", None)
    elif buyer and not facts.buyer_name:
        facts.buyer_name = buyer
    funding = next((s.value for s in stmts if "资金来源" in s.key), "")
    regime, why = _regime(text, facts.title, method[0] if method else None, buyer, funding)
    if regime:
        put("procurement_regime", Fact(regime, "text", why[:40]))
    for s in stmts:
        if s.key != s.value and re.fullmatch(r"(项目|工程)名称", s.key) and "project_name" not in facts.values:
            put("project_name", fact(s.value, s))
        m = _PROJECT.search(s.value)
        if m and "project_name" not in facts.values and not re.search(r"_|见", m.group("v")):
            put("project_name", fact(m.group("v").strip(), s))
        m = _NUMBER.search(s.value)
        if m and "project_number" not in facts.values:
            put("project_number", fact(m.group("v"), s))
    years = [d.year for d, _, _ in dates_in(text[:20000]) if 2000 <= d.year <= 2100]
    year = max(set(years), key=years.count) if years else None

    deadline = _first_date(stmts, _DEADLINE, _NOT_DEADLINE, year) or _prose_deadline(stmts, year)
    if deadline:
        put("bid_deadline", fact(deadline[0], deadline[1]))
        year = deadline[0].year
    opening = _first_date(stmts, _OPENING, None, year)
    if opening:
        put("opening_on", fact(opening[0], opening[1]))
    notice = _first_date(stmts, _NOTICE, re.compile(r"结果|中标|成交"), year) or _signed_notice(doc, stmts)
    if notice:
        put("notice_on", fact(notice[0], notice[1]))
        if not deadline:  # "投标截止时间为公告发布之日起第20日": counted from the notice (民法典第二百零一条)
            relative = _relative_deadline(stmts, notice[0])
            if relative:
                put("bid_deadline", fact(relative[0], relative[1]))
    result = _first_date(stmts, _RESULT, re.compile(r"之日|起|后|媒介|网站|期限"), year)
    if result:
        put("result_on", fact(result[0], result[1]))
    _sale(stmts, facts, year)
    for s in stmts:
        m = _CLARIFY.search(s.key)
        if not m or not re.search(r"截止|前", s.value):
            continue
        found = dates_in(s.value, year)
        if found and "clarify_by" not in facts.values and not _DEADLINE.search(s.value[: found[0][1]][-14:]):
            put("clarify_by", fact(found[0][0], s))
    validity_and_bonds(stmts, facts)
    for key, pattern in (("ceiling_amount", _CEILING), ("estimate_amount", _ESTIMATE)):
        found = _amount_after(stmts, pattern)
        if found:
            put(key, fact(found[0], found[1]))
    base = next((facts.values[k] for k in ("budget_amount", "ceiling_amount", "estimate_amount") if k in facts.values), None)
    if base:  # the base the document states ("预算金额：" may be read from a 招标控制价 line)
        label = "最高限价" if re.search(r"控制价|限价", base.evidence) else "估算价" if "估算" in base.evidence else "预算金额"
        put("limit_base", Fact(label, "text", base.evidence, block=base.block))
        facts.values.setdefault("contract_amount", Fact(base.value, "text", base.evidence, block=base.block))
    sme = re.search(r"(?P<neg>不|非)?(专门)?面向中小(微)?企业(采购)?|预留[^。；]{0,12}中小(微)?企业", text)
    if sme and not re.search(r"如|若", text[max(0, sme.start() - 6) : sme.start()]):
        put("sme_reserved", Fact("否" if sme.group("neg") else "是", "text", sme.group()))


_PROSE_DEADLINE = re.compile(
    r"\s*(上午|下午)?\s*(\d{1,2}\s*[时:：点]\s*(\d{1,2}\s*分?)?)?\s*(整)?\s*(前|之前|以前)[^。；]{0,16}"
    r"((递交|提交|上传|送达|送至|递至)[^。；]{0,10}(投标|响应|报价|比选申请|申请|磋商响应)文件"
    r"|(投标|响应|报价|比选申请|申请|磋商响应)文件[^。；]{0,6}(递交|提交|上传|送达|送至|递至))"
)


def _prose_deadline(stmts, year: int | None):
    """"供应商应于2026年12月14日9时30分前将响应文件递交至…": the deadline in a sentence."""
    for s in stmts:
        if s.key != s.value:
            continue
        for d, a, b in dates_in(s.value, year):
            if _PROSE_DEADLINE.match(s.value, b) and not re.search(r"澄清|疑问|保证金|获取|报名|质疑|异议|样品", s.value[:a]):
                return d, s, s.value
    return None


def _signed_notice(doc: Document, stmts):
    """The date standing alone at the foot of the 招标公告 (under the agency's name)."""
    from reviewer.facts.tender_parts import find_parts

    part = next((p for p in find_parts(doc) if p.kind == "notice"), None)
    if part is None:
        return None
    for b in reversed(doc.blocks[part.start : part.end]):
        t = norm_text(b.text).strip()
        found = dates_in(t)
        if found and len(t) <= found[0][2] - found[0][1] + 2:
            s = next((x for x in stmts if x.block == b.index), None)
            return (found[0][0], s, t) if s else None
    return None


_RELATIVE = re.compile(r"(公告|招标文件|采购文件|文件)[^，。；]{0,4}(发布|发出|刊登)之日起第?(?P<n>\d+|[一二三四五六七八九十]+)\s*(?P<unit>个工作日|日|天)")


def _relative_deadline(stmts, notice: dt.date):
    for s in stmts:
        m = _DEADLINE.search(s.key)
        if not m or _NOT_DEADLINE.search(s.key[: m.end() + 6]):
            continue
        r = _RELATIVE.search(s.value)
        if r:
            n = int(cn_number(r.group("n")) or 0)
            end = add_working_days(notice, n) if "工作日" in r.group("unit") else notice + dt.timedelta(days=n)
            return end, s
    return None


def _sale(stmts, facts: Facts, year: int | None) -> None:
    deadline = facts.get("bid_deadline")
    notice = facts.get("notice_on")
    for s in stmts:
        m = _SALE.search(s.key)
        if not m or re.search(r"保证金|结果|中标|成交|澄清|质疑", s.key[: m.end() + 4]):
            continue
        value = s.value[m.end() :] if s.key == s.value else s.value
        value = value[:90]
        found = [f for f in dates_in(value, year) if not re.match(r"(?!\s*(至|到|－|-|~|—))[^，。；至到]{0,14}(递交|提交|投标|截止|开标)", value[f[2] :])]
        until_deadline = re.search(r"至[^，。；]{0,4}(投标|响应|递交|提交)?[^，。；]{0,4}截止", value)
        rel = re.search(r"(自|从)[^，。；]{0,10}(公告|文件)[^，。；]{0,6}(发布|发出|刊登)之日起[^，。；]{0,4}?(?P<n>\d+|[一二三四五六七八九十]+)\s*(?P<unit>个工作日|日|天)", value)
        start = end = None
        if found:
            start = found[0][0]
            if len(found) > 1:
                end = found[1][0]
            elif until_deadline and deadline:
                end = deadline
            elif re.search(r"截止|止$", s.key) or re.search(r"^\s*[^至起]{0,30}止", value):
                start, end = None, found[0][0]
        elif rel and notice:
            n = int(cn_number(rel.group("n")) or 0)
            start = notice
            end = add_working_days(notice, n - 1) if "工作日" in rel.group("unit") else notice + dt.timedelta(days=n - 1)
        elif rel:  # "自本公告发布之日起3日内" with no date for the notice: the length alone is known
            n = int(cn_number(rel.group("n")) or 0)
            unit = "工作日" if "工作日" in rel.group("unit") else "日"
            facts.values["sale_days"] = Fact(f"{n}{unit}", "text", s.value[:40], block=s.block)
            return
        if start is None and end is None:
            continue
        if start:
            facts.values["sale_from"] = Fact(start, "text", s.value[:40], block=s.block)
        if end:
            facts.values["sale_to"] = Fact(end, "text", s.value[:40], block=s.block)
        return
