"""Amounts: 大写 vs 小写, instalment shares, unit price × quantity, rate and rent tables."""

from __future__ import annotations

import re

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.engine.pychecks.registry import CONSISTENCY, check
from reviewer.engine.pychecks.tables import _num, _orig_to_norm, _tables


def _fmt_money(v: float) -> str:
    return f"{v:,.2f}元"


@check("amount_upper_lower")
def amount_upper_lower(ctx: Context, params: dict) -> list[Hit]:
    """Every 大写 amount must equal the 小写 amount written beside it: in the same
    sentence, or in another cell of the same table row (大写 | 小写 columns)."""
    money = [q for q in ctx.quantities if q.kind == "money"]
    units: list[list] = []
    for s in ctx.sentences:
        if ctx.doc.blocks[s.block].kind != "cell":
            units.append([q for q in money if s.start <= q.start < s.end])
    rows: dict[tuple, list] = {}
    for q in money:
        b = ctx.doc.blocks[ctx.block_index(q.start)]
        if b.kind == "cell":
            rows.setdefault((b.table, b.row), []).append(q)
    units.extend(rows.values())
    hits = []
    for here in units:
        uppers = [q for q in here if q.extra.get("form") == "upper"]
        lowers = [q for q in here if q.extra.get("form") == "lower"]
        used: set[int] = set()
        # A list "100万元、50万元、20万元（大写：壹佰万元、伍拾万元、贰拾万元）" pairs
        # by value: each 大写 amount equal to some unused 小写 one is accounted for first.
        unmatched = []
        for up in uppers:
            same = next((q for q in lowers if id(q) not in used and abs(q.value - up.value) < 0.005), None)
            if same is not None:
                used.add(id(same))
            else:
                unmatched.append(up)
        for up in unmatched:
            candidates = [q for q in lowers if id(q) not in used]
            if not candidates:
                continue
            low = min(candidates, key=lambda q: min(abs(q.start - up.end), abs(up.start - q.end)))
            used.add(id(low))
            if abs(low.value - up.value) < 0.005:
                continue
            ratio = (up.value / low.value) if low.value else 0
            slip = "（疑为“元”与“万元”单位混用）" if ratio and (abs(ratio - 10000) < 1e-6 or abs(ratio - 1e-4) < 1e-12) else ""
            start, end = min(up.start, low.start), max(up.end, low.end)
            if ctx.block_index(start) != ctx.block_index(end - 1):
                start, end = up.start, up.end  # across cells: point at the 大写 amount
            hits.append(
                Hit(start, end, {"upper": up.text, "lower": low.text, "upper_value": _fmt_money(up.value), "lower_value": _fmt_money(low.value), "slip": slip})
            )
    return hits


_SHARE = re.compile(r"(?:支付|付|拨付)[^。；，,]{0,14}?(?:合同|总价|价款|金额|总额|合同价)[^。；，,0-9]{0,6}?的?\s*(?P<pct>\d+(?:\.\d+)?)\s*%")
_TO = re.compile(r"(?:支付至|付至|累计支付|累计付至|累计达到|达到)[^。；，,0-9]{0,12}?(?P<pct>\d+(?:\.\d+)?)\s*%")
_REST = re.compile(r"(?:剩余|余款|尾款|其余)[^。；，,0-9]{0,10}?(?P<pct>\d+(?:\.\d+)?)\s*%")
_NOT_INSTALMENT = re.compile(r"违约|逾期|利息|扣除|扣减|罚|税率|履约保证金|投标保证金|施工费|措施费|工资")


@check("instalments")
def instalments(ctx: Context, params: dict) -> list[Hit]:
    """Instalment shares of the price must add up to 100%; "X%，即N元" must equal X% of the price.

    Shares are read in order: "支付合同价款的30%" adds 30; "支付至90%" is cumulative
    (adds 90 minus what came before); "剩余5%" adds 5. A retention (质保金 5%)
    stated apart from the schedule closes the gap it names.
    """
    hits: list[Hit] = []
    # Shares are summed per article: an EPC contract schedules equipment and civil
    # works separately, each adding up to 100% on its own.
    groups: dict[str, list] = {}
    for s in ctx.sentences_in(["payment"]):
        if _NOT_INSTALMENT.search(s.text):
            continue
        if re.search(r"预留|扣留|保证金|质保金", s.text) and not _REST.search(s.text):
            continue  # a retention is closed by the gap check below, not counted as a payment
        clause = ctx.clause_of(s.block)
        key = clause.path[0] if clause and clause.path else ""
        found = [(m, "share") for m in _SHARE.finditer(s.text)]
        found += [(m, "to") for m in _TO.finditer(s.text)]
        found += [(m, "rest") for m in _REST.finditer(s.text)]
        priority = {"to": 0, "rest": 1, "share": 2}  # "支付至90%" is cumulative, not a share
        taken: set[tuple[int, int]] = set()
        for m, how in sorted(found, key=lambda x: (x[0].start("pct"), priority[x[1]])):
            span = (m.start("pct"), m.end("pct"))
            if span not in taken:
                taken.add(span)
                groups.setdefault(key, []).append((float(m.group("pct")), how, s.start + m.start("pct"), s.start + m.end()))
    remainders = {k for k, v in _remainder_keys(ctx).items() if v}
    # Works contracts pay shares of different bases (合同价, 已完工程价款, 结算价):
    # their schedules are not a list of shares of one price.
    if ctx.facts.get("contract_kind") == "construction":
        groups = {}
    for key, items in groups.items():
        if key in remainders:
            continue  # "结算后付清余款" closes the schedule without a percentage
        running = 0.0
        listed: list[str] = []
        for pct, how, a, b in items:
            share = pct - running if how == "to" else pct
            if share > 0:
                running += share
                listed.append(f"{share:g}%")
                last = (a, b)
        if len(listed) < 2 or abs(running - 100) <= 0.01:
            continue
        gap = round(100 - running, 4)
        retained = any(
            abs(q.value - gap) < 0.01
            for x in ctx.sentences
            if re.search(r"质量保证金|质保金|保修金", x.text)
            for q in ctx.quantities_in(x.start, x.end, "percent")
        )
        if not retained:
            hits.append(Hit(last[0], last[1], {"problem": f"各期付款比例 {'＋'.join(listed)}＝{running:g}%，不等于100%"}))
    base = ctx.facts.get("contract_amount")
    if base:
        for s in ctx.sentences_in(["payment"]):
            for m in re.finditer(r"(合同(总)?(价|价款|金额|总价)|总价|签约合同价)[^。；，\d]{0,4}的?\s*(?P<pct>\d+(?:\.\d+)?)\s*%\s*[，,]?\s*即", s.text):
                amounts = [q for q in ctx.quantities_in(s.start + m.end(), s.end, "money")]
                if not amounts or re.search(r"剩余|余款|已付|扣除", s.text[: m.start()]):
                    continue
                want = base * float(m.group("pct")) / 100
                got = amounts[0].value
                if abs(want - got) > max(1.0, want * 0.0005):
                    hits.append(Hit(s.start + m.start(), amounts[0].end, {"problem": f"{m.group('pct')}%×合同金额{base:,.2f}元＝{want:,.2f}元，文中写为{got:,.2f}元"}))
    return hits


_PRODUCT = re.compile(r"(?P<a>\d[\d,]*(?:\.\d+)?)\s*[\u4e00-\u9fa5]{0,3}\s*[×xX*]\s*(?P<b>\d[\d,]*(?:\.\d+)?)\s*[^\d＝=，。；]{0,6}[＝=]")


def _inline_products(ctx: Context) -> list[Hit]:
    """"320亩×180元/亩＝人民币伍万陆仟柒佰元整" written out in a sentence."""
    hits = []
    for m in _PRODUCT.finditer(ctx.text):
        if re.search(r"[万亿%％‰]", m.group()):
            continue  # "100万元×1.5%＝1.5万元": scaled units, not a plain product
        a, b = float(m.group("a").replace(",", "")), float(m.group("b").replace(",", ""))
        stated = next((q for q in ctx.quantities_in(m.end(), m.end() + 40, "money")), None)
        if stated is not None and abs(a * b - stated.value) > max(0.01, 0.0005 * stated.value):
            hits.append(Hit(m.start(), stated.end, {"problem": f"{m.group('a')}×{m.group('b')}＝{a * b:,.2f}元，文中写为{stated.value:,.2f}元"}))
    return hits


@check("unit_price")
def unit_price(ctx: Context, params: dict) -> list[Hit]:
    """In a price table: 数量 × 单价 = 合价 on each row, and the rows add up to 合计;
    and N×单价＝合价 written out in a sentence."""
    hits: list[Hit] = _inline_products(ctx)
    tables, norm = _tables(ctx)
    for rows in tables.values():
        ordered = [rows[k] for k in sorted(rows)]
        hits.extend(_rate_table(ordered, norm, ctx))
        header = next((i for i, r in enumerate(ordered) if any("单价" in c for c, _ in r) and any(re.search(r"数量|工程量", c) for c, _ in r)), None)
        if header is None:
            continue
        names = [c for c, _ in ordered[header]]
        qi = next(i for i, c in enumerate(names) if re.search(r"数量|工程量", c))
        pi = next(i for i, c in enumerate(names) if "单价" in c)
        ti = next((i for i, c in enumerate(names) if re.search(r"合价|金额|小计|总价|合计", c) and i != pi), None)
        if ti is None:
            continue
        total_sum = corrected_sum = 0.0
        for row in ordered[header + 1 :]:
            if len(row) <= max(qi, pi, ti):
                continue
            label = "".join(c for c, _ in row[:2])
            t = _num(row[ti][0])
            if re.search(r"合计|总计|总价", label):
                if t is not None and total_sum and abs(t - total_sum) > 0.01 and abs(t - corrected_sum) > 0.01:
                    a = _orig_to_norm(norm, row[ti][1])
                    hits.append(Hit(a, a + len(row[ti][0]), {"problem": f"各行合价之和为{total_sum:,.2f}元，合计栏写为{t:,.2f}元"}))
                continue
            q, p = _num(row[qi][0]), _num(row[pi][0])
            if t is None:
                continue
            total_sum += t
            corrected_sum += q * p if q is not None and p is not None else t
            if q is not None and p is not None and abs(q * p - t) > max(0.01, 0.005 * q):
                a = _orig_to_norm(norm, row[ti][1])
                hits.append(Hit(a, a + len(row[ti][0]), {"problem": f"数量{q:g}×单价{p:,.2f}＝{q * p:,.2f}元，合价栏写为{t:,.2f}元"}))
    return hits


def _remainder_keys(ctx: Context) -> dict[str, bool]:
    out: dict[str, bool] = {}
    for s in ctx.sentences_in(["payment"]):
        clause = ctx.clause_of(s.block)
        key = clause.path[0] if clause and clause.path else ""
        if re.search(r"(付清|结清|支付)[^。；]{0,6}(余款|剩余款项|尾款|全部剩余)|(余款|尾款|剩余款项)[^。；]{0,10}(付清|结清|支付)|多退少补", s.text) and not _REST.search(s.text):
            out[key] = True
    return out


def _rate_table(ordered: list, norm, ctx: Context) -> list[Hit]:
    """Tables of instalments (比例 | 金额) and of rent (月租金 | 年租金): each row's
    amount must equal its share of the contract price, or twelve months' rent."""
    hits: list[Hit] = []
    header = next((i for i, r in enumerate(ordered) if any("比例" in c for c, _ in r) and any(re.search(r"金额|（元）|元）", c) for c, _ in r)), None)
    base = ctx.facts.get("contract_amount")
    if header is not None:
        names = [c for c, _ in ordered[header]]
        ri = next(i for i, c in enumerate(names) if "比例" in c)
        ai = next(i for i, c in enumerate(names) if re.search(r"金额|（元）|元）", c) and i != ri)
        shares = []
        for row in ordered[header + 1 :]:
            if len(row) <= max(ri, ai) or re.search(r"合计|总计", row[0][0]):
                continue
            m = re.search(r"(\d+(?:\.\d+)?)\s*[%％]", row[ri][0])
            amount = _num(row[ai][0])
            if not m:
                continue
            pct = float(m.group(1))
            shares.append(pct)
            if base and amount is not None and abs(base * pct / 100 - amount) > max(1.0, amount * 0.0005):
                a = _orig_to_norm(norm, row[ri][1])
                hits.append(Hit(a, a + len(row[ri][0]), {"problem": f"{pct:g}%×合同金额{base:,.2f}元＝{base * pct / 100:,.2f}元，表中写为{amount:,.2f}元"}))
        if len(shares) >= 2 and abs(sum(shares) - 100) > 0.01:
            row = ordered[header + len(shares)]
            a = _orig_to_norm(norm, row[ri][1])
            hits.append(Hit(a, a + len(row[ri][0]), {"problem": f"表中各期比例合计为{sum(shares):g}%，不等于100%"}))
    header = next((i for i, r in enumerate(ordered) if any(re.search(r"月租金|每月租金|月租", c) for c, _ in r) and any(re.search(r"年租金|年度租金|全年", c) for c, _ in r)), None)
    if header is not None:
        names = [c for c, _ in ordered[header]]
        mi = next(i for i, c in enumerate(names) if re.search(r"月租金|每月租金|月租", c))
        yi = next(i for i, c in enumerate(names) if re.search(r"年租金|年度租金|全年", c))
        for row in ordered[header + 1 :]:
            if len(row) <= max(mi, yi):
                continue
            month, year = _num(row[mi][0]), _num(row[yi][0])
            if month is not None and year is not None and abs(month * 12 - year) > 0.01:
                a = _orig_to_norm(norm, row[yi][1])
                hits.append(Hit(a, a + len(row[yi][0]), {"problem": f"月租金{month:,.2f}元×12＝{month * 12:,.2f}元，年租金栏写为{year:,.2f}元"}))
    return hits


CONSISTENCY.update({"upper_lower": amount_upper_lower, "instalments": instalments, "unit_price": unit_price})


_FEE = r"(?P<fee>服务费|租金|管理费|托管费|运维费|维护费|养护费|承包费)"
_RATE = re.compile(_FEE + r"(?:标准)?[^。；\d]{0,16}?每(?P<unit>个月|月|季度|季|年)(?:人民币)?\s*$|每(?P<unit2>个月|月|季度|季|年)的?" + _FEE.replace("fee>", "fee2>") + r"(?:为)?(?:人民币)?\s*$")
_TOTAL = re.compile(_FEE + r"[^。；，\d]{0,4}(?:合计|共计|总计|总额|总价|总金额)(?:为)?(?:人民币)?\s*$|(?:合计|共计|总计)" + _FEE.replace("fee>", "fee2>") + r"(?:为)?(?:人民币)?\s*$")
_PER_MONTHS = {"个月": 1, "月": 1, "季度": 3, "季": 3, "年": 12}


def _money_after(ctx: Context, s, pattern: re.Pattern):
    """The first amount in the sentence that the pattern leads up to: (match, quantity)."""
    for q in ctx.quantities_in(s.start, s.end, "money"):
        m = pattern.search(ctx.text[s.start : q.start])
        if m and q.value:
            return m, q
    return None, None


@check("periodic_total")
def periodic_total(ctx: Context, params: dict) -> list[Hit]:
    """服务费每月X元 over the contract's term against 服务费合计Y元 stated next to it: a
    total that is no whole number of periods and matches no stated term is miscalculated."""
    from reviewer.engine.pychecks.price_adjustment import _term_months_all

    terms = [float(round(n)) if abs(n - round(n)) < 0.15 else n for n in _term_months_all(ctx) if n]
    if not terms:
        return []
    sentences = ctx.sentences
    hits = []
    for i, s in enumerate(sentences):
        rate, q = _money_after(ctx, s, _RATE)
        if rate is None:
            continue
        fee, unit = rate.group("fee") or rate.group("fee2"), rate.group("unit") or rate.group("unit2")
        x, months = q.value, _PER_MONTHS[unit]
        for t in sentences[i : i + 4]:
            total, tq = _money_after(ctx, t, _TOTAL)
            if total is None or tq.start <= q.start or (total.group("fee") or total.group("fee2")) != fee:
                continue
            # a total that also counts other items (含…培训费, 另加…) is not rate × term
            if re.search(r"(含|包括|包含|另加|加上|以及)[^。；]{0,12}(费|金|款)", t.text):
                break
            y = tq.value
            periods = y / x
            if abs(periods - round(periods)) < 1e-6 or any(abs(x * n / months - y) < 0.5 for n in terms):
                break
            n = min(terms, key=lambda n: abs(x * n / months - y))
            hits.append(Hit(tq.start, tq.end, {"problem": f"按每{unit}{_fmt_money(x)}计，{n:g}个月应为{_fmt_money(x * n / months)}，合计写为{_fmt_money(y)}（不是整数个计费期）"}))
            break
    return hits
