"""General contract terms: whether the document is a filled-in contract, a clause it
lacks (effectiveness), the signature block and signing date, the price against the
budget, and two clauses naming different kinds of one thing (invoice types)."""

from __future__ import annotations

import re

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.engine.pychecks.award import is_supplement, signed_fact
from reviewer.engine.pychecks.award_price import _PERIODIC, _fmt, _money_after, stated_prices
from reviewer.engine.pychecks.registry import check

_SIGN = re.compile(r"盖章|签章|签字|签名|公章|印章|（章）|\(章\)|签署")
_DATE_LABEL = re.compile(r"(签订|签约|签署|订立)(日期|时间)\s*[:：]?|(^|[\s：:）)])日期\s*[:：]|本合同于")
_BLANK_DATE = re.compile(r"^[\s_＿]*(年)?[\s_＿]*年[\s_＿]*月[\s_＿]*日|^[\s_＿]{2,}$|^\s*$|^[\s_＿]*[（(]?\s*[）)]?\s*$")


def filled_in(ctx: Context) -> bool:
    """A contract whose parties are written in: not a blank template."""
    f = ctx.facts
    return not f.template and bool(f.buyer_name) and bool(f.supplier_name)


@check("missing_in_contract")
def missing_in_contract(ctx: Context, params: dict) -> list[Hit]:
    """params: any (patterns). A filled-in contract that holds none of them."""
    if not filled_in(ctx) or ctx.any_match(params.get("any") or [], ctx.text):
        return []
    return [Hit(values={"missing": params.get("name", "")})]


def _tail_blocks(ctx: Context, n: int):
    """The last n blocks of the contract body: attachments after the signature block
    (a bill of quantities, a declaration) are not where the parties sign."""
    from reviewer.engine.pychecks.award import _body_end, _norm_offset

    end = _body_end(ctx)
    body = [b for b in ctx.doc.blocks if b.kind not in ("header", "footer") and _norm_offset(ctx, b.start) < end]
    return body[-n:]


@check("written_signed")
def written_signed(ctx: Context, params: dict) -> list[Hit]:
    """No signature block for the parties at all; or, in a filled-in contract, a
    signing date left blank."""
    tail = _tail_blocks(ctx, 40)
    hits = []
    has_sign = any(_SIGN.search(b.text) for b in tail)
    # party lines after the last sentence of the body ("出租人（甲方）：　　承租人（乙方）：")
    last_body = max((i for i, b in enumerate(tail) if b.text.rstrip().endswith("。")), default=-1)
    closing = tail[last_body + 1 :]
    parties = re.compile(r"甲方|乙方|发包|承包|采购人|供应商|出租|承租|委托|受托|买方|卖方|供方|需方")
    has_party_lines = sum(len(parties.findall(b.text)) for b in closing if re.match(r"\s*[\u4e00-\u9fa5（）()]{1,12}\s*[:：]", b.text)) >= 2
    has_date_line = any(re.search(r"(签订|签约|签署|订立)(日期|时间|地点)|本合同于", b.text) for b in tail[-15:])
    if not (has_sign or has_party_lines or has_date_line):
        hits.append(Hit(values={"problem": "合同文本没有双方当事人签名、盖章的签署栏"}))
    if not filled_in(ctx) or signed_fact(ctx):
        return hits
    text = ctx.text
    for m in _DATE_LABEL.finditer(text):
        line_end = text.find("\n", m.end())
        rest = text[m.end() : line_end if line_end >= 0 else len(text)]
        rest = re.split(r"\s{3,}|[，。；]", rest.strip(" "))[0] if rest.strip() else ""
        if m.group().startswith("本合同于"):
            rest = re.split(r"在|签订|签署", rest)[0]
        if _BLANK_DATE.match(rest) and not re.search(r"\d", rest):
            label = m.group().strip(" ：:")
            if label in ("日期",) and not any(_SIGN.search(b.text) for b in ctx.doc.blocks[max(0, ctx.block_index(m.start()) - 4) : ctx.block_index(m.start()) + 1]):
                continue  # a blank date elsewhere (交房日期) is not the signing date
            hits.append(Hit(m.start(), m.end(), {"problem": "签订日期空白，合同未载明签订日期"}))
            break
    return hits


_BUDGET = re.compile(
    r"((采购|项目)?预算(批复)?(金额|资金|总额|价|控制数)?|批复(的)?(预算|概算)(总投资|金额|总额)?|最高限价|招标控制价|最高投标限价)"
    r"(（[^（）]{0,12}）|\([^()]{0,12}\))?\s*(均)?\s*(为|是|：|:)\s*(人民币)?"
)


@check("budget_exceeded")
def budget_exceeded(ctx: Context, params: dict) -> list[Hit]:
    """The contract price is above the budget stated in the same document."""
    if is_supplement(ctx):
        return supplement_over_budget(ctx)  # its own amount is only what it adds
    budget = ctx.facts.get("budget_amount")
    where = None
    for s in ctx.sentences:
        for m in _BUDGET.finditer(s.text):
            q = _money_after(s.text, m.end())
            if q is None:
                continue
            window = s.text[max(0, m.start() - 16) : m.end() + q.end + 4]
            if _PERIODIC.search(re.sub(r"[0-9〇零一二三四五六七八九]{4}\s*年度?", "", window)):  # "2025年度部门预算" names the fiscal year
                return []  # a budget per year is not the whole contract's
            if budget is None or abs(q.value - budget) < 0.5:
                budget = budget or q.value
                where = where or (s.start + m.start(), s.start + m.end() + q.end)
    if not budget:
        return []
    prices = [v for v, _, _ in stated_prices(ctx)]
    fact = ctx.facts.get("contract_amount")
    if fact and ctx.facts.source("contract_amount") not in ("user", "sidecar") and re.search(r"预算|最高限价|控制价", str(ctx.facts.values["contract_amount"].evidence or "")):
        fact = None  # read from the budget sentence: the budget, not the price
    price, related, label = (max(prices) if prices else fact), [], None
    if not price and where and _WHOLE_TERM.search(ctx.text[max(0, where[0] - 24) : where[1]]):
        by_rate = _rate_times_term(ctx)  # only against a budget for the whole term (三年期…预算总额)
        if by_rate:
            price, start, end, label = by_rate
            related = [(start, end)]
    if not price or price <= budget + 0.5:
        return []
    values = {"contract": label or _fmt(price), "budget": _fmt(budget), "diff": _fmt(price - budget)}
    return [Hit(where[0], where[1], values, related=related) if where else Hit(values=values, related=related)]


_RATE = re.compile(r"(?P<u>年|月|季度)(租金|服务费|费用|管理费|承包费)(标准)?\s*(为|是|：|:)?\s*(人民币)?$|每(?P<u2>年|月|季度)(的)?(租金|服务费|费用|管理费|承包费)?(标准)?\s*(为|是|：|:)?\s*(人民币)?$")
_MONTHS_PER = {"年": 12, "月": 1, "季度": 3}
_WHOLE_TERM = re.compile(r"[0-9一二两三四五六七八九十]+\s*(个)?(年|月)(期|内|间)|(租赁|服务|合同|履约|承包)(期|期限|期间)(内)?(的)?|总额|合计|总预算")


def _rate_times_term(ctx: Context) -> tuple | None:
    """A contract priced by the year (month, quarter) with no stated total: the rate
    over the shortest term the document states (年租金 × 租赁期限)."""
    from reviewer.engine.pychecks.price_adjustment import _term_months_all

    terms = [t for t in _term_months_all(ctx) if t >= 1]
    if not terms:
        return None
    for s in ctx.sentences:
        for q in ctx.quantities_in(s.start, s.end, "money"):
            m = _RATE.search(ctx.text[max(s.start, q.start - 16) : q.start])
            if m and q.value and q.value >= 100:
                unit = m.group("u") or m.group("u2")
                months = round(min(terms))
                total = q.value * months / _MONTHS_PER[unit]
                return total, q.start, q.end, f"按每{unit}{_fmt(q.value)}、期限{months}个月计为{_fmt(total)}"
    return None


_ADD_ON_FUNDS = re.compile(r"(原|本)?(项目|采购)?预算(资金)?中?(列支|支出|安排|解决)|从[^。；，]{0,10}预算")


def supplement_over_budget(ctx: Context) -> list[Hit]:
    """A supplement: the original contract plus what it adds against the budget the
    document states, at the sentence saying where the money comes from."""
    from reviewer.engine.pychecks.supplements import _added_amount, _original_amount

    budget, original, added = ctx.facts.get("budget_amount"), _original_amount(ctx), _added_amount(ctx)
    if not (budget and original and added) or original + added[0] <= budget + 0.5:
        return []
    values = {"contract": f"原合同{_fmt(original)}加本次追加{_fmt(added[0])}，合计{_fmt(original + added[0])}", "budget": _fmt(budget), "diff": _fmt(original + added[0] - budget)}
    related = [(added[1], added[2])]
    b = ctx.fact_sentence("budget_amount")
    if b is not None:
        related.append((b.start, b.end))
    for s in ctx.sentences:
        m = _ADD_ON_FUNDS.search(s.text)
        if m:
            return [Hit(s.start + m.start(), s.start + m.end(), values, related=related)]
    return [Hit(b.start, b.end, values, related=related[:1])] if b is not None else [Hit(values=values)]


@check("conflicting_labels")
def conflicting_labels(ctx: Context, params: dict) -> list[Hit]:
    """params: find, unless, labels ({name: pattern}). Two sentences about the same
    thing that each name one label, and different ones: one finding quoting both."""
    find = params.get("find") or []
    unless = params.get("unless") or []
    labels: dict = params.get("labels") or {}
    subject = params.get("subject")
    seen: list[tuple] = []
    for s in ctx.sentences:
        if not ctx.any_match(find, s.text) or (unless and ctx.any_match(unless, s.text)):
            continue
        named = {name for name, pattern in labels.items() if ctx.regex(pattern).search(s.text)}
        if len(named) != 1:
            continue  # none, or a sentence that itself offers a choice
        name = named.pop()
        m = ctx.regex(labels[name]).search(s.text)
        things = {x.group() for x in ctx.regex(subject).finditer(s.text)} if subject else set()
        for other_name, other_s, other_m, other_things in seen:
            if other_name == name or (things and other_things and not (things & other_things)):
                continue  # the same label, or two supplies each with its own invoice (服务费 / 水费)
            clause = ctx.clause_of(other_s.block)
            where = clause.label if clause and clause.label else "前文"
            return [Hit(s.start + m.start(), s.start + m.end(), {"value": m.group(), "other": other_m.group(), "other_clause": where}, related=[(other_s.start, other_s.end)])]
        seen.append((name, s, m, things))
    return []


_RATE_BEFORE = re.compile(r"(税率|征收率|税)\s*(为|是|：|:|按)?\s*$")
_RATE_AFTER = re.compile(r"^\s*(的)?\s*(增值税|税率|税)")


@check("tax_rate_conflict")
def tax_rate_conflict(ctx: Context, params: dict) -> list[Hit]:
    """Two sentences each stating one tax rate for the price or the invoice, and
    different ones: one finding quoting both. Only a percentage tied to 税率/增值税
    counts ("支付至结算价款的95%" in an invoice sentence is a payment share)."""
    unless = params.get("unless") or []
    first = None
    for s in ctx.sentences:
        if unless and ctx.any_match(unless, s.text):
            continue
        rates = []
        for q in ctx.quantities_in(s.start, s.end, "percent"):
            before = ctx.text[max(s.start, q.start - 8) : q.start]
            after = ctx.text[q.end : min(s.end, q.end + 6)]
            if _RATE_BEFORE.search(before) or _RATE_AFTER.match(after):
                rates.append(q)
        if len({round(q.value, 4) for q in rates}) != 1:
            continue  # none, or a sentence that lists several rates for several parts
        q = rates[0]
        if first is None:
            first = (q, s)
        elif round(q.value, 4) != round(first[0].value, 4):
            clause = ctx.clause_of(first[1].block)
            where = clause.label if clause and clause.label else "前文"
            return [Hit(q.start, q.end, {"value": q.text, "other": first[0].text, "other_clause": where})]
    return []


@check("standard_form_exemption")
def standard_form_exemption(ctx: Context, params: dict) -> list[Hit]:
    """A standard form (格式条款) whose exemptions the drafter never pointed out: one
    finding for the document, on a clause that waives the duty to point them out
    (无需另行提示或说明) when there is one, otherwise on the first exemption."""
    if ctx.any_match(params.get("unless_document") or [], ctx.text):
        return []
    patterns, unless = params.get("patterns") or [], params.get("unless") or []
    first = None
    for s in ctx.sentences_in([]):
        m = ctx.any_match(patterns, s.text)
        if m and not ctx.any_match(unless, s.text):
            first = (s, m)
            break
    if first is None:
        return []
    s, m = first
    lo = max(s.text.rfind(c, 0, m.start()) for c in "，,：:") + 1
    cut = re.search(r"[，,。；;]", s.text[m.end() :])
    quote = s.text[lo : m.end() + (cut.start() if cut else len(s.text))].strip()  # the clause, not the bare words
    for w_s in ctx.sentences_in([]):
        w = ctx.any_match(params.get("waiver") or [], w_s.text)
        if w:
            return [Hit(w_s.start + w.start(), w_s.start + w.end(), {"match": quote, "waiver": f"，反而约定“{w.group()}”，排除了提示说明义务"})]
    return [Hit(s.start + m.start(), s.start + m.end(), {"match": quote, "waiver": ""})]
