"""The award and the dates around it: what the contract says happened when (tender
notice, bid opening, award notice, signing, start and completion of works) and the
signing window after the award. The price against the award is in award_price.py,
a supplementary agreement's share in supplements.py.

Dates are read where the text ties them to an event ("于2025年6月5日向乙方发出中标
通知书", "签订日期：…", "计划开工日期为…"), in the body of the contract only (an
attached 声明函 or 授权委托书 carries its own dates). A date that the inferred facts
state differently (award_on, signed_on read from the text) makes the event
uncertain: a 必须修改 must be right, so an uncertain event is not compared. A fact
the user stated (--fact, facts file) is taken as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.engine.pychecks.registry import check
from reviewer.text.quantities import Quantity, date_value

_SIGN_WORDS = re.compile(r"盖章|签章|签字|签名|公章|（章）|\(章\)")
_ATTACHMENT = re.compile(r"^\s*附\s*件")
_CUT = re.compile(r"[，,。；;\n]")

# label before the date ("签订日期：") or words after it ("向乙方发出中标通知书")
_LABELS: list[tuple[str, re.Pattern, re.Pattern]] = [
    (
        "award",
        re.compile(r"(中标|成交)(结果)?通知书(（[^（）]{0,30}）|\([^()]{0,30}\))?[^，。；\d]{0,8}(日期|时间)?\s*[:：为于]?\s*$"),
        re.compile(r"^[^，。；\d]{0,16}?(发出|发放|签发|送达|印发|出具)?的?\s*(中标|成交)(结果)?通知书"),
    ),
    (
        "signed",
        re.compile(r"(签订|签约|签署|订立)(日期|时间)\s*[:：为]?\s*$"),
        re.compile(r"^\s*((由|经)?(甲乙)?(双方|各方|三方)?(共同)?\s*(在|于)[^，。；\d]{1,20}|(由|经)?(甲乙)?(双方|各方|三方)(共同)?)?(正式)?(签订|签署|签约|订立)(?!后|之日|前|的)"),
    ),
    (
        "notice",
        re.compile(r"(招标|采购|资格预审|比选|磋商|谈判|询价)(公告|文件)[^，。；\d]{0,10}(日期|时间)?\s*[:：为于]?\s*$"),
        re.compile(r"^[^，。；\d]{0,16}?(发布|刊登|发出|发售|公告)(?!.{0,4}通知书)"),
    ),
    (
        "deadline",
        re.compile(r"(开标|投标截止|递交[^，。；\d]{0,8}截止|提交[^，。；\d]{0,8}截止)(日期|时间)?\s*[:：为于]?\s*$"),
        re.compile(r"^[^，。；\d]{0,4}(开标|投标截止|截止递交|截止提交)"),
    ),
    (
        "start",
        re.compile(r"(开工|进场)(日期|时间)\s*[:：为]?\s*$"),
        re.compile(r"^[^，。；\d]{0,2}(正式)?开工"),
    ),
    (
        "completion",
        re.compile(r"(竣工|完工|交工)(日期|时间)\s*[:：为]?\s*$"),
        re.compile(r"^[^，。；\d]{0,2}(竣工|完工|交工)(?!验收|结算|资料|图)"),
    ),
]
_NOTICE_SUBJECT = re.compile(r"(招标|采购|资格预审|比选|磋商|谈判|询价)(公告|文件)")
_PLANNED = re.compile(r"计划|预计|拟")


@dataclass
class Event:
    kind: str
    day: dt.date
    q: Quantity
    sentence: str


def _body_end(ctx: Context) -> int:
    """Normalised offset where the attachments begin: the first block starting with
    附件 after a signature line (the contract's own dates end there)."""
    doc = ctx.doc
    signed_seen = False
    for b in doc.blocks:
        if _SIGN_WORDS.search(b.text) and re.search(r"甲方|乙方|发包|承包|采购人|供应商|出租|承租|委托|受托|买方|卖方|供方|需方", b.text):
            signed_seen = True
            continue
        if signed_seen and _ATTACHMENT.match(b.text):
            return _norm_offset(ctx, b.start)
    return len(ctx.text)


def _norm_offset(ctx: Context, orig: int) -> int:
    from reviewer.engine.pychecks.tables import _orig_to_norm

    return _orig_to_norm(ctx.doc.norm, orig)


def _signature_date(ctx: Context, q: Quantity, left: str) -> bool:
    """"日期：2025年11月3日" standing in the signature block."""
    if not re.search(r"(^|[\s：:])日期\s*[:：]?\s*$", left):
        return False
    block = ctx.block_index(q.start)
    near = range(max(0, block - 4), block + 1)
    return any(_SIGN_WORDS.search(ctx.doc.blocks[i].text) for i in near)


def timeline(ctx: Context) -> list[Event]:
    cached = getattr(ctx, "_award_timeline", None)
    if cached is not None:
        return cached
    text = ctx.text
    end = _body_end(ctx)
    dates = [q for q in ctx.quantities if q.kind == "date" and q.extra.get("d") and q.start < end]
    events: list[Event] = []
    for i, q in enumerate(dates):
        day = date_value(q)
        if day is None:
            continue
        s = ctx.sentence_at(q.start)
        s_start = s.start if s else 0
        s_end = s.end if s else len(text)
        prev_end = dates[i - 1].end if i > 0 and dates[i - 1].end > s_start else s_start
        nxt = dates[i + 1].start if i + 1 < len(dates) and dates[i + 1].start < s_end else s_end
        left = text[prev_end : q.start]
        cut = max((m.end() for m in _CUT.finditer(left)), default=0)
        left = left[cut:]
        right = text[q.end : nxt]
        m = _CUT.search(right)
        right = right[: m.start()] if m else right
        if re.match(r"\s*(前|以前|之前|止|截止)", right):
            continue  # "于2025年9月30日前完成" is a time limit, not an event
        kind = None
        for name, before, after in _LABELS:
            if before.search(left) or after.search(right):
                if name == "notice" and not (_NOTICE_SUBJECT.search(left) or _NOTICE_SUBJECT.search(right[:12])):
                    continue
                kind = name
                break
        if kind is None and _signature_date(ctx, q, left):
            kind = "signed"
        if kind:
            events.append(Event(kind, day, q, s.text if s else ""))
    ctx._award_timeline = events  # type: ignore[attr-defined]
    return events


def _one(ctx: Context, kind: str, fact: str | None = None) -> tuple[dt.date | None, Event | None]:
    """The date of an event when the text settles it: one date in the timeline,
    agreeing with the inferred fact; the user's fact wins."""
    found = [e for e in timeline(ctx) if e.kind == kind]
    if fact and ctx.facts.get(fact) and ctx.facts.source(fact) in ("user", "sidecar"):
        day = ctx.facts.get(fact)
        return day, next((e for e in found if e.day == day), None)
    days = {e.day for e in found}
    if fact and ctx.facts.get(fact) and not fact_in_attachment(ctx, fact):
        days.add(ctx.facts.get(fact))
    if len(days) != 1:
        return None, None
    day = days.pop()
    return day, next((e for e in found if e.day == day), None)


def fact_in_attachment(ctx: Context, key: str) -> bool:
    """An inferred fact read from an attachment (the date of an attached 声明函 is not
    the contract's signing date): its evidence stands only after the contract body."""
    f = ctx.facts.values.get(key)
    if f is None or f.source != "text" or not f.evidence:
        return False
    probe = f.evidence.strip()[:20]
    at = [m.start() for m in re.finditer(re.escape(probe), ctx.text)] if probe else []
    return bool(at) and min(at) >= _body_end(ctx)


def signed_fact(ctx: Context):
    """The signing date the facts state, unless it was read from an attachment."""
    if fact_in_attachment(ctx, "signed_on"):
        return None
    return ctx.facts.get("signed_on")


_SUPPLEMENT = re.compile(r"补充(合同|协议)|变更(合同|协议)|(合同|协议)变更|续签|续期")


def is_supplement(ctx: Context) -> bool:
    """A supplementary (or amending, renewing) agreement: the award, its price and
    its 30-day window belong to the original contract, not to this document."""
    head = "\n".join([ctx.facts.title or ""] + [b.text for b in ctx.doc.blocks[:3] if len(b.text) <= 40])
    return bool(_SUPPLEMENT.search(head))


def _hit_at(e: Event | None, values: dict) -> Hit:
    return Hit(e.q.start, e.q.end, values) if e else Hit(values=values)


@check("sign_after_award")
def sign_after_award(ctx: Context, params: dict) -> list[Hit]:
    """The contract is signed within 30 days of the award notice, never before it."""
    if is_supplement(ctx):
        return []
    award, award_e = _one(ctx, "award", "award_on")
    signed, signed_e = _one(ctx, "signed", "signed_on")
    if not (award and signed):
        return []
    days = (signed - award).days
    limit = int(params.get("days", 30))
    values = {"award": _cn(award), "signed": _cn(signed), "days": abs(days)}
    if days > limit:
        values["problem"] = f"中标（成交）通知书于{_cn(award)}发出，合同于{_cn(signed)}签订，相隔{days}日，超过{limit}日"
        return [_hit_at(signed_e, values)]
    if days < 0:
        values["problem"] = f"合同签订日期（{_cn(signed)}）早于中标（成交）通知书发出日期（{_cn(award)}）"
        return [_hit_at(signed_e or award_e, values)]
    return []


@check("bid_period")
def bid_period(ctx: Context, params: dict) -> list[Hit]:
    """Tendering: from the tender notice to the bid deadline (opening) at least 20 days."""
    short = _short_bid_period(ctx, int(params.get("days", 20)))
    if not short:
        return []
    notice, deadline, days, minimum = short
    problem = f"招标公告于{_cn(notice.day)}发布，{_cn(deadline.day)}即开标（投标截止），相隔{days}日，少于{minimum}日"
    return [Hit(deadline.q.start, deadline.q.end, {"problem": problem})]


_OTHER_METHOD = re.compile(r"磋商|谈判|询价|比选|单一来源|资格预审|更正|变更")


def _short_bid_period(ctx: Context, minimum: int = 20):
    """(notice, deadline, days, minimum) when a tender's bid period is too short. A
    notice counts when its sentence names 招标, or when it is the 采购公告 of a
    procurement the document calls 公开招标/邀请招标."""
    if not re.search(r"招标公告|公开招标|邀请招标|开标", ctx.text):
        return None  # 竞争性磋商、谈判、询价、比选 have other (shorter) periods
    tendered = re.search(r"(公开|邀请)招标", ctx.text) is not None
    events = timeline(ctx)
    notices = [e for e in events if e.kind == "notice" and (re.search(r"招标", e.sentence) or (tendered and not _OTHER_METHOD.search(e.sentence)))]
    deadlines = [e for e in events if e.kind == "deadline"]
    if not notices or not deadlines:
        return None
    notice = min(notices, key=lambda e: e.day)
    deadline = min(deadlines, key=lambda e: e.day)
    days = (deadline.day - notice.day).days
    return (notice, deadline, days, minimum) if days < minimum else None


@check("date_order")
def date_order(ctx: Context, params: dict) -> list[Hit]:
    """Events in the order they must happen: opening before award, signing before
    the start of works, start before completion."""
    hits = []
    events = timeline(ctx)
    deadline = min((e for e in events if e.kind == "deadline"), key=lambda e: e.day, default=None)
    award, award_e = _one(ctx, "award", "award_on")
    broken = _short_bid_period(ctx) is not None
    if deadline and award and award < deadline.day:
        hits.append(_hit_at(award_e, {"problem": f"中标（成交）通知书发出日期（{_cn(award)}）早于开标日期（{_cn(deadline.day)}）"}))
        broken = True
    signed, signed_e = _one(ctx, "signed", "signed_on")
    # award -> signing: the first link out of order in the procurement is the one
    # reported (the signing window itself is PROC.CT.SIGN_AFTER_AWARD's); the finding
    # sits on the award notice, the event out of place against the signing
    window = int(params.get("days", 30))
    if award and signed and not broken and not is_supplement(ctx):
        gap = (signed - award).days
        if gap < 0:
            hits.append(_hit_at(award_e or signed_e, {"problem": f"中标（成交）通知书于{_cn(award)}发出，晚于合同签订日期（{_cn(signed)}），先签合同后发通知书"}))
        elif gap > window:
            hits.append(_hit_at(award_e or signed_e, {"problem": f"中标（成交）通知书于{_cn(award)}发出，合同迟至{_cn(signed)}才签订，相隔{gap}日，超过{window}日"}))
    if signed and not is_supplement(ctx):
        late = _deadline_before(ctx, signed)
        if late:
            q, what = late
            hits.append(Hit(q.start, q.end, {"problem": f"约定{_cn(date_value(q))}前{what}，履行期限早于合同签订日期（{_cn(signed)}），无法履行"}))
    starts = [e for e in events if e.kind == "start"]
    ends = [e for e in events if e.kind == "completion"]
    start = min(starts, key=lambda e: e.day, default=None)
    if signed and start and start.day < signed and not is_supplement(ctx) and _PLANNED.search(start.sentence + ctx.text[max(0, start.q.start - 12) : start.q.start]):
        hits.append(Hit(start.q.start, start.q.end, {"problem": f"约定的开工日期（{_cn(start.day)}）早于合同签订日期（{_cn(signed)}）"}))
    if start and ends:
        end = max(ends, key=lambda e: e.day)
        if end.day < start.day:
            hits.append(Hit(end.q.start, end.q.end, {"problem": f"竣工（完工）日期（{_cn(end.day)}）早于开工日期（{_cn(start.day)}）"}))
    return hits


_PERFORM = re.compile(r"^\s*(以前|之前|前)[^。；\n]{0,20}?(?P<w>(完成|交付|交货|供货|送货|安装|调试|竣工|完工|交工|运抵|送达|投入使用|验收)[^。；，,\n]{0,16})")
_NOT_PERFORMANCE = re.compile(r"准备|进场|提交|报送|递交|缴纳|交纳|报名|申请|通知|提出|确认|保证金|保函|方案|计划|资料")


def _deadline_before(ctx: Context, signed: dt.date):
    """(date, what) of the first time limit for performing the contract (…前完成全部设
    备的供货、安装) that falls before the contract is signed: a deadline that cannot be
    met. Preparations (进场准备, 提交保证金) may be due before signing; things already
    done (已…) are the PERFORMED_BEFORE_SIGNING rule's."""
    end = _body_end(ctx)
    for q in ctx.quantities:
        if q.kind != "date" or not q.extra.get("d") or q.start >= end:
            continue
        day = date_value(q)
        if day is None or day >= signed:
            continue
        m = _PERFORM.match(ctx.text[q.end : q.end + 60])
        s = ctx.sentence_at(q.start)
        if not m or _NOT_PERFORMANCE.search(m.group()) or (s and re.search(r"已|业已|曾", s.text)):
            continue
        return q, re.split(r"[，,]", m.group("w"))[0]
    return None


def _cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
