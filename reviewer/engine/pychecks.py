"""Named Python checks: the escape hatch for what rule data cannot express.

Each function takes (ctx, params) and returns hits. Register with @check("name");
a rule names it as `check: {kind: python, function: name}`.
"""

from __future__ import annotations

import re
from typing import Callable

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.text.quantities import date_value, find_dates

REGISTRY: dict[str, Callable[[Context, dict], list[Hit]]] = {}


def check(name: str):
    def register(fn):
        REGISTRY[name] = fn
        return fn

    return register


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
        for up in uppers:
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


CONSISTENCY = {"upper_lower": amount_upper_lower}

_RANGE = re.compile(r"(?:自|从)?\s*(?P<a>\S{6,16}?[日号])\s*(?:起)?\s*(?:至|到|—|－|-|~|～)\s*(?P<b>\S{6,16}?[日号])")


@check("date_valid")
def date_valid(ctx: Context, params: dict) -> list[Hit]:
    """Dates that do not exist (2月30日, 13月), and periods that end before they start."""
    hits = []
    for q in ctx.quantities:
        if q.kind != "date":
            continue
        y, m, d = q.extra["y"], q.extra["m"], q.extra["d"]
        if not (1900 <= y <= 2100):
            continue
        if d is None:
            if not 1 <= m <= 12:
                hits.append(Hit(q.start, q.end, {"date": q.text, "problem": f"不存在{m}月"}))
            continue
        if date_value(q) is None:
            problem = f"不存在{m}月" if not 1 <= m <= 12 else f"{y}年{m}月没有{d}日"
            hits.append(Hit(q.start, q.end, {"date": q.text, "problem": problem}))
    for s in ctx.sentences:
        if not re.search(r"至|到|—|－|~|～|-", s.text):
            continue
        dates = [q for q in ctx.quantities_in(s.start, s.end, "date") if q.extra["d"]]
        for a, b in zip(dates, dates[1:]):
            between = ctx.text[a.end : b.start]
            if not re.fullmatch(r"\s*(起)?\s*(至|到|—|－|-|~|～)\s*", between):
                continue
            da, db = date_value(a), date_value(b)
            if da and db and db < da:
                hits.append(Hit(a.start, b.end, {"date": f"{a.text}至{b.text}", "problem": "终止日期早于起始日期"}))
    hits.extend(_period_days(ctx))
    return hits


_START = re.compile(r"(开工|开始|起始|服务开始)日期\s*[:：为]?\s*")
_END = re.compile(r"(完工|竣工|结束|终止|交工)日期\s*[:：为]?\s*")
_TOTAL = re.compile(r"(总工期|工期|服务期限?)[^。；，\d]{0,8}(?P<n>\d+)\s*(个)?(日历天|天|日)")


def _date_after(ctx: Context, pattern: re.Pattern, verb: str):
    """开工日期：2026年7月20日 — or — 2026年7月20日开工."""
    m = pattern.search(ctx.text)
    if m:
        for q in ctx.quantities_in(m.end(), m.end() + 20, "date"):
            if q.start - m.end() <= 2:
                return date_value(q)
    for q in ctx.quantities:
        if q.kind == "date" and q.extra["d"] and re.match(rf"\s*(前)?({verb})", ctx.text[q.end : q.end + 4]):
            return date_value(q)
    return None


def _period_days(ctx: Context) -> list[Hit]:
    """总工期 N 日历天 must match the planned start and finish dates (both days counted)."""
    total = _TOTAL.search(ctx.text)
    start, end = _date_after(ctx, _START, "开工|开始施工"), _date_after(ctx, _END, "完工|竣工|交工")
    if not (total and start and end) or end < start:
        return []
    n = int(total.group("n"))
    span = (end - start).days
    if n in (span, span + 1):
        return []
    return [Hit(total.start(), total.end(), {"date": total.group(), "problem": f"按开工日期{start.isoformat()}至完工日期{end.isoformat()}计算为{span + 1}日历天（含首尾），与约定的{n}日历天不符"})]


_DOCNO = re.compile(
    r"(?P<org>[\u4e00-\u9fa5]{1,12}?)(?P<open>[〔\[（(【［{])\s*(?P<year>\d{2,4})\s*(?P<close>[〕\]）)】］}])\s*(?P<di>第)?\s*(?P<seq>\d+)\s*号"
)


_ORG_CUT = re.compile(r".*(?:按照|依照|依据|根据|符合|参照|执行|印发|转发|见|和|及|与|的|按|照|据|是|为)")


def _org_code(org: str) -> str:
    """The issuing-organ code of a cited number: 建市 in "资质内容按照建市[2014]159号"."""
    return _ORG_CUT.sub("", org) or org


@check("docno_format")
def docno_format(ctx: Context, params: dict) -> list[Hit]:
    """发文字号 = 机关代字〔四位年份〕顺序号号: 六角括号, no 第, no leading zero, full year."""
    hits = []
    own = ctx.facts.doc_number
    dated = ctx.facts.get("dated_on")
    for m in _DOCNO.finditer(ctx.text):
        problems = []
        if m.group("open") != "〔" or m.group("close") != "〕":
            problems.append(f"年份应用六角括号“〔〕”，不应用“{m.group('open')}{m.group('close')}”")
        if len(m.group("year")) != 4:
            problems.append("年份应写全四位")
        if m.group("di"):
            problems.append("顺序号前不加“第”字")
        if m.group("seq").startswith("0"):
            problems.append("顺序号不编虚位（如“3号”不写作“03号”）")
        is_own = own and m.group().strip() == own
        if is_own and dated and len(m.group("year")) == 4 and int(m.group("year")) != dated.year:
            problems.append(f"文号年份{m.group('year')}与成文日期年份{dated.year}不一致")
        if problems:
            org = _org_code(m.group("org"))
            seq = str(int(m.group("seq")))
            year = m.group("year") if len(m.group("year")) == 4 else ""
            fixed = f"{org}〔{year or '四位年份'}〕{seq}号"
            start = m.start("org") + len(m.group("org")) - len(org)
            hits.append(Hit(start, m.end(), {"number": ctx.text[start : m.end()], "problems": "；".join(problems), "fixed": fixed}))
    return hits


_USCC = re.compile(r"(?:统一社会信用代码|社会信用代码|信用代码)\s*(?:[（(][^）)]{0,10}[）)])?\s*[:：]?\s*(?P<code>[0-9A-Za-z]{15,20})(?![0-9A-Za-z])")


@check("uscc_checksum")
def uscc_checksum(ctx: Context, params: dict) -> list[Hit]:
    """A 统一社会信用代码 must pass its check digit (GB 32100-2015), via python-stdnum."""
    from stdnum.cn import uscc
    from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

    hits = []
    for m in _USCC.finditer(ctx.text):
        code = m.group("code").upper()
        try:
            uscc.validate(code)
            continue
        except InvalidChecksum:
            problem = f"校验码错误（按 GB 32100-2015 计算，末位应为“{uscc.calc_check_digit(code[:-1])}”）"
        except InvalidLength:
            problem = f"位数不对（应为18位，实为{len(code)}位）"
        except (InvalidFormat, InvalidComponent):
            problem = "含有统一社会信用代码不允许的字符（不使用 I、O、S、V、Z）"
        hits.append(Hit(m.start("code"), m.end("code"), {"code": code, "problem": problem}))
    return hits


# ------------------------------------------------------------------ arithmetic

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


_NUM = re.compile(r"^\s*[¥￥]?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(元)?\s*$")


def _num(cell: str) -> float | None:
    m = _NUM.match(cell.replace(" ", ""))
    if not m:
        return None
    return float(m.group(1).replace(",", "") + (("." + m.group(2)) if m.group(2) else ""))


def _tables(ctx: Context):
    """Rows of cells with their normalised offsets: Word tables and pipe-separated text lines."""
    doc, norm = ctx.doc, ctx.doc.norm
    tables: dict[object, dict[int, list]] = {}
    for b in doc.blocks:
        if b.kind == "cell":
            tables.setdefault(b.table, {}).setdefault(b.row, []).append((b.text, b.start))
    current: list = []
    key = 0
    for b in doc.blocks:
        line = b.text.replace("｜", "|")  # a full-width bar separates cells too
        if b.kind in ("line", "paragraph") and line.count("|") >= 3:
            cells, pos = [], b.start
            for part in line.split("|"):
                cells.append((part.strip(), pos + (len(part) - len(part.lstrip()))))
                pos += len(part) + 1
            current.append(cells)
        elif current:
            key += 1
            tables[f"t{key}"] = dict(enumerate(current, 1))
            current = []
    if current:
        tables[f"t{key + 1}"] = dict(enumerate(current, 1))
    return tables, norm


def _orig_to_norm(norm, orig: int) -> int:
    # inverse of the piecewise map: find the segment whose original start is <= orig
    from bisect import bisect_right

    k = bisect_right(norm.seg_orig, orig) - 1
    return norm.seg_norm[k] + (orig - norm.seg_orig[k])


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


CONSISTENCY.update({"instalments": instalments, "unit_price": unit_price})

_SIGN_LINE = re.compile(r"^\s*(?P<role>甲方|乙方|丙方|采购人|供应商|发包人|承包人|出租人|承租人|出租方|承租方|委托方|受托方|买方|卖方|需方|供方)\s*(?:[（(][^）)]{0,12}[）)]\s*)*[:：]\s*(?P<name>[^\s（(]{4,40})")
_SEAL = re.compile(r"[（(]?(盖章|签章|公章|合同专用章|签字|印章)[）)]?")


def _same_party(a: str, b: str) -> bool:
    a, b = _SEAL.sub("", a).strip(" _"), _SEAL.sub("", b).strip(" _")
    return not a or not b or a in b or b in a


@check("party_names")
def party_names(ctx: Context, params: dict) -> list[Hit]:
    """The party named in the heading must be the party that signs."""
    sig = ctx.facts.signature
    if sig is None:
        return []
    named = {}
    for p in ctx.facts.parties:
        named.setdefault(p.role, p.name)
        if p.alias:
            named.setdefault(p.alias, p.name)  # 供应商（乙方）signs as 乙方
    hits = []
    norm = ctx.doc.norm
    for b in ctx.doc.blocks[sig.index :]:
        for line_start, line in _lines(b.text):
            m = _SIGN_LINE.match(line)
            if not m or m.group("role") not in named:
                continue
            name = _SEAL.sub("", m.group("name")).strip(" _")
            if len(name) >= 4 and not _same_party(named[m.group("role")], name):
                a = _orig_to_norm(norm, b.start + line_start + m.start("name"))
                hits.append(Hit(a, a + len(m.group("name")), {"role": m.group("role"), "head": named[m.group("role")], "sign": name}))
    return hits


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


CONSISTENCY["party_names"] = party_names


_CHOOSE = re.compile(r"(申请方|申请人|提起方|任何一方|任一方|一方|起诉方|守约方|甲方|乙方)[^。；]{0,6}(选定|选择|自行选择|择一)")


@check("arb_or_litigation_choice")
def arb_or_litigation_choice(ctx: Context, params: dict) -> list[Hit]:
    """"由申请方选定的方式解决：（1）仲裁（2）诉讼" leaves arbitration or court to a
    party's later choice: the arbitration agreement is void, as with 或裁或诉."""
    hits = []
    for s in ctx.sentences_in(["dispute"]):
        m = _CHOOSE.search(s.text)
        if not m:
            continue
        window = ctx.text[s.start : s.end + 200]
        if re.search(r"仲裁", window) and re.search(r"诉讼|起诉|人民法院", window):
            hits.append(Hit(s.start + m.start(), s.start + m.end(), {"match": m.group()}))
    return hits


# ------------------------------------------------------------------ breach

_DAILY = re.compile(r"每(?:逾期|迟延|延误|延迟)?(?:一|1)?(?:日|天)|按日|日(?:万分之|千分之|百分之)")
_CAP = re.compile(r"(?:累计|最高|总额|合计|上限|总计)[^。；]{0,12}(?:不超过|不得超过|不高于|以[^。；]{0,10}为限)|不超过[^。；]{0,10}(?:合同|总价|价款)[^。；]{0,6}的?\s*\d")


@check("penalty_level")
def penalty_level(ctx: Context, params: dict) -> list[Hit]:
    """Liquidated damages likely to be cut as excessive: a fixed share above 30% of the
    price, or a daily rate above 千分之一 with no cap."""
    hits = []
    # an overall cap anywhere ("违约金累计不超过合同价款的20%") covers every clause
    doc_cap = any(
        re.search(r"违约金|扣款|扣减", x.text) and re.search(r"(累计|合计|总额)[^。；]{0,10}不(得)?超过", x.text) and not re.search(r"本条|本款|前款|前[一二三两]项|上述|第（|每次|每日|每天|每逾期|每发现|每项", x.text)
        for x in ctx.sentences
    )
    for s in ctx.sentences_in(["breach"]):
        if not re.search(r"违约金|赔偿金|滞纳金|扣款|扣减|扣罚|罚款", s.text):
            continue
        same_block = ctx.sentences_of_block(s.block)
        clause_text = "".join(x.text for x in same_block)
        capped = bool(_CAP.search(clause_text)) or doc_cap
        uncapped = re.search(r"不设上限|不封顶|无上限|上不封顶", clause_text)
        if uncapped:  # the comment goes on the sentence that says so
            where = next(x for x in same_block if uncapped.group() in x.text)
            at = where.start + where.text.find(uncapped.group())
            hits.append(Hit(at, at + len(uncapped.group()), {"problem": f"违约金（扣款）约定“{uncapped.group()}”"}))
            continue
        daily = _DAILY.search(s.text)
        for q in ctx.quantities_in(s.start, s.end, "percent"):
            if daily and q.value > 0.1 + 1e-9 and not capped:
                hits.append(Hit(q.start, q.end, {"problem": f"按日计算的违约金比例为{q.text}（折合年化约{q.value * 365:g}%），且未约定累计上限"}))
                break
            if not daily and q.value > 30 + 1e-9 and re.search(r"合同(总)?(价|金额|价款|总额)|总价", s.text):
                hits.append(Hit(q.start, q.end, {"problem": f"违约金为合同价款的{q.text}，明显高于一般损失水平"}))
                break
    return hits


_LOW_RATE = re.compile(r"活期存款利率|不(?:计|支付|承担)[^。；]{0,6}(?:利息|资金占用费)|免(?:除|予|收)?[^。；]{0,4}利息|利息[^。；]{0,6}(?:不予|不作|不)支付")


@check("late_payment_interest")
def late_payment_interest(ctx: Context, params: dict) -> list[Hit]:
    """The buyer's late-payment interest may not be waived or set below the 1-year LPR."""
    import datetime as dt

    from reviewer.text.quantities import find_percents

    day = ctx.facts.get("signed_on") or dt.date.today()
    lpr = _lpr_on(day, params.get("lpr", []))
    hits = []
    for s in ctx.sentences:
        if not re.search(r"(逾期|迟延|延期|拖延)[^。；]{0,8}(付款|支付|拨付)|(付款|支付)[^。；]{0,4}逾期", s.text):
            continue
        m = _LOW_RATE.search(s.text)
        if m:
            hits.append(Hit(s.start + m.start(), s.start + m.end(), {"problem": f"约定“{m.group()}”"}))
            continue
        if lpr is None or not re.search(r"利息|资金占用费", s.text):
            continue
        for pattern, per_year in ((_ANNUAL, 1), (_DAILY_RATE, 365)):
            r = pattern.search(s.text)
            if not r:
                continue
            rates = find_percents(r.group("rate"))
            if rates and rates[0].value * per_year < lpr - 1e-9:
                annual = rates[0].value * per_year
                hits.append(Hit(s.start + r.start("rate"), s.start + r.end("rate"), {"problem": f"约定利率“{r.group('rate')}”（折合年利率约{annual:.2f}%），低于合同订立时1年期贷款市场报价利率{lpr:.2f}%"}))
                break
    return hits


_COURT = re.compile(r"(?P<place>[\u4e00-\u9fa5]{2,14}?)人民法院")
# "甲方所在地" names a party's seat; "乙方母公司所在地" does not.
_RELATIVE_PLACE = re.compile(
    r"(甲方|乙方|原告|被告|采购人|供应商|发包人|承包人|出租人|承租人|出租方|承租方|买方|卖方|委托人|受托人)(所在地|住所地)"
    r"|合同签订地|签订地|履行地|工程所在地|项目所在地|房屋所在地|不动产所在地|标的物所在地"
)


def _place_stem(place: str) -> str:
    place = re.split(r"[向由在至交归到的]", place)[-1]
    parts = re.findall(r"[\u4e00-\u9fa5]+?(?:自治州|自治县|省|市|县|区|州|旗)", place)
    if not parts:
        return ""  # "起诉人民法院" names no place
    last = parts[-1]
    return re.sub(r"(自治州|自治县|省|市|县|区|州|旗)$", "", last)


@check("jurisdiction")
def jurisdiction(ctx: Context, params: dict) -> list[Hit]:
    """A chosen court must have a real connection with the dispute; construction and
    real-property lease disputes belong to the court where the property lies."""
    hits = []
    exclusive = ctx.facts.get("contract_kind") == "construction" or (
        ctx.facts.get("contract_kind") == "lease" and re.search(r"房屋|用房|厂房|场地|门面|商铺", ctx.facts.title or "")
    )
    for s in ctx.sentences_in(["dispute"]):
        if not re.search(r"起诉|诉讼|管辖", s.text):
            continue
        for m in _COURT.finditer(s.text):
            before = s.text[max(0, m.start() - 4) : m.start() + len(m.group("place"))]
            relative = _RELATIVE_PLACE.search(before)
            if exclusive and relative and re.search(r"(所在地|住所地)$", relative.group()) and not re.search(r"工程|项目|房屋|不动产|标的物", relative.group()):
                hits.append(Hit(s.start + m.start(), s.start + m.end(), {"court": m.group(), "problem": "本合同纠纷属于专属管辖，应由工程（不动产）所在地人民法院管辖，不能约定由一方住所地法院管辖"}))
                continue
            if relative or re.search(r"有管辖权|当地", m.group("place")):
                continue
            stem = _place_stem(m.group("place"))
            if len(stem) < 2:
                continue
            rest = ctx.text[: s.start] + ctx.text[s.end :]
            if exclusive:
                site = re.search(r"(工程|项目|建设|房屋|租赁物|坐落)(地点|地址|位置|坐落)?[^。；\n]{0,6}[:：为于在]\s*(?P<where>[^。；\n]{2,40})", ctx.text)
                where = site.group("where") if site else ctx.facts.title
                if stem not in (where or ""):
                    hits.append(Hit(s.start + m.start(), s.start + m.end(), {"court": m.group(), "problem": "本合同纠纷属于专属管辖，应由工程（不动产）所在地人民法院管辖"}))
                continue
            if stem not in rest:
                hits.append(Hit(s.start + m.start(), s.start + m.end(), {"court": m.group(), "problem": "约定的法院所在地与双方住所地、合同签订地、履行地等均无实际联系"}))
    return hits


# ------------------------------------------------------------------ deposits

_DEPOSIT_KINDS = {"履约保证金": r"履约保证金|履约保函|履约担保", "质量保证金": r"质量保证金|质保金|保修金"}


_RETURN = re.compile(r"(退还|返还|退回|释放)(?!的)")
# "按合同约定应退还的质量保证金" refers to a return term; a return term says within how many days.
_WHEN = re.compile(r"(\d+|[一二三四五六七八九十]+)\s*(个)?(工作日|日|天)(以)?内")


@check("deposit_return")
def deposit_return(ctx: Context, params: dict) -> list[Hit]:
    """Every deposit the contract takes needs a term for giving it back."""
    hits = []
    for name, kind in _DEPOSIT_KINDS.items():
        taken = next(
            (m for m in re.finditer(rf"(缴纳|提交|交纳|预留|收取|扣留|提供)[^。；]{{0,10}}({kind})|({kind})[^。；]{{0,8}}(为|按|金额|比例)", ctx.text)
             if not re.search(r"(不|无需|免|不再|不另行)\S{0,3}$", ctx.text[max(0, m.start() - 5) : m.start()])),
            None,
        )
        if not taken:
            continue
        block = ctx.block_index(taken.start())
        returns = [x for x in ctx.sentences if _RETURN.search(x.text) and (re.search(kind, x.text) or x.block == block)]
        if any(_WHEN.search(x.text) for x in returns):
            continue
        # a return term without a time limit is the place to comment; else where it is taken
        at = (returns[0].start, returns[0].end) if returns else (taken.start(), taken.end())
        hits.append(Hit(at[0], at[1], {"deposit": name}))
    return hits


# ------------------------------------------------------------------ normative documents

_EFFECTIVE = re.compile(r"自\s*(?P<when>[^，。；]{6,16}?)\s*起\s*(施行|实施|执行)")


@check("nd_validity_window")
def nd_validity_window(ctx: Context, params: dict) -> list[Hit]:
    """A normative document should not take effect before the date it is issued."""
    issued = ctx.facts.get("dated_on")
    if not issued:
        return []
    hits = []
    for m in _EFFECTIVE.finditer(ctx.text):
        dates = [date_value(q) for q in find_dates(m.group("when"))]
        day = next((d for d in dates if d), None)
        if day and day < issued:
            hits.append(Hit(m.start(), m.end(), {"effective": day.isoformat(), "issued": issued.isoformat()}))
    return hits


# ------------------------------------------------------------------ price adjustment

_FIXED_PRICE = re.compile(r"(价格|单价|综合单价|合同价|总价|价款|费用|服务费)[^。；]{0,10}(不作|不予|不再|均不|一律不)[^。；]{0,6}调整|不因[^。；]{0,10}(价格|市场)[^。；]{0,10}(波动|变化|涨跌)[^。；]{0,4}(作|进行)?(任何)?调整")


_NO_ADJUSTMENT_AT_ALL = re.compile(r"不因[^。；]{0,10}(价格|市场)[^。；]{0,10}(波动|变化|涨跌)[^。；]{0,4}(作|进行)?(任何)?调整|不作任何调整")


@check("adjustment_clause")
def adjustment_clause(ctx: Context, params: dict) -> list[Hit]:
    """A works contract needs a price-adjustment mechanism; the finding sits on its
    "不作调整" clause when there is one, else on the document."""
    if any(ctx.any_match(params.get("mechanism", []), x.text) and not _NO_ADJUSTMENT_AT_ALL.search(x.text) for x in ctx.sentences):
        return []
    m = _FIXED_PRICE.search(ctx.text)
    return [Hit(m.start(), m.end())] if m else [Hit()]


# ------------------------------------------------------------------ late-payment interest vs LPR

_ANNUAL = re.compile(r"年(利)?率[^。；\d百千万]{0,4}(?P<rate>\d+(?:\.\d+)?\s*%|百分之[零一二三四五六七八九十点]+)")
_DAILY_RATE = re.compile(r"(每日|按日|日(利)?率|每天)[^。；\d百千万]{0,6}(?P<rate>万分之[零一二三四五六七八九十点\d.]+|千分之[零一二三四五六七八九十点\d.]+|\d+(?:\.\d+)?\s*‱|\d+(?:\.\d+)?\s*‰)")


def _lpr_on(day, table: list) -> float | None:
    import datetime as dt

    rate = None
    for since, value in sorted((dt.date.fromisoformat(str(a)), float(b)) for a, b in table):
        if since <= day:
            rate = value
    return rate
