"""Tender fairness checks that a pattern alone cannot express (catalogue 3.10): score
items graded by adjectives or by a bare range, the weight of the price score, the
SME price deduction, the draft contract and the 采购需求 of a government tender.

Scoring text is read outside the draft contract and the bidders' forms (a contract's
service appraisal "优秀得90分以上" is not a bid score). All subjective items of one
part of the tender make one finding that quotes every item beside it: an officer
writes one comment on a scoring table, not one per row.
"""

from __future__ import annotations

import re

from reviewer.engine.checks import Hit
from reviewer.engine.pychecks.registry import check
from reviewer.facts.tender_parts import find_parts

_NUM = r"\d+(?:\.\d+)?"
# a score: 得6分, 3-6分, 分值3~5分, 30分≥F≥27分, 0-2.9分
SCORE = re.compile(rf"得\s*{_NUM}\s*分|{_NUM}\s*分?\s*[-~—至]\s*{_NUM}\s*分|分值\s*{_NUM}|分\s*[≥≤><]\s*F|F\s*[≥≤><]")
# grades that say how good, not how much
ADJECTIVE = re.compile(
    r"较为?(好|强|高|合理|完善|完整|全面|清晰|成熟|具体|可行|详细|详实|符合|充分|先进|丰富|新颖|规范|明确|科学|突出|周密|差)"
    r"|一般|不够|欠(合理|完善|佳|妥)|基本(满足|合理|可行|完整|符合|清晰|能)|优良|科学合理|合理可行|切实可行|详实|可行性强"
    r"|(成熟|先进|安全|扩展|合理|可靠|稳定|创新|针对|完整|可行|科学)性|稳定可靠|领先水平|酌情|视情况|综合(评定|评审|考虑|打分|评分)(?!法)"
    r"|优秀|良好(?!的?(商业|信誉|记录|财务|纳税))"
    r"|(^|[，,、；;:：。\s（(\d])(优|良|中|差)的?(得|[:：]|\s*\d)"
)
# the evaluators' discretion named outright, beside any score: "由评委酌情给分（10分）"
DISCRETION = re.compile(r"(酌情|视情况|自由裁量|综合(考虑|打分|给分))[^。；]{0,20}\d+\s*分|\d+\s*分[^。；]{0,30}(酌情|视情况|自由裁量)")
# a bare range: "根据…进行评审，0-10分"
BARE_RANGE = re.compile(
    rf"(评审|评分|打分|评定|计分)[，,。:：\s]*{_NUM}\s*分?\s*[-~—至]\s*{_NUM}\s*分"
    rf"|(评审|评分|打分)[，,]\s*满分\s*{_NUM}\s*分[。；;]?$"  # "根据综合实力进行打分，满分10分"
)
# a quantified item: "每提供1项得1分", "每缺少一项扣7分", or grades the tender defines ("欠缺是指…")
QUANTIFIED = re.compile(
    r"每(提供|有|具有|缺|少|增加|多|一|个|项|小项|份|处|人|台|家|满足|出现|发现)[^。；]{0,24}(得|加|扣|减)"
    r"|(缺|少|漏|无)(一|1|任一)?(项|个|处|份)[^。；]{0,6}(扣|减|不得分)"  # "缺一项扣1.5分": the items are listed before
    r"|各(得|加|扣)\s*\d"
    r"|(是指|指存在|缺陷指|定义为|认定标准)"
)
_NOT_SCORED_PARTS = ("contract", "forms", "bill")


def _scored_blocks(ctx) -> dict[int, str]:
    """Block index -> the heading of the tender part holding it, for the blocks a
    bid score may stand in (outside the draft contract, the forms and the bill)."""
    cached = ctx._pattern_cache.get("__scored_blocks__")
    if cached is not None:
        return cached
    parts = find_parts(ctx.doc)
    where: dict[int, str] = {}
    ctx._pattern_cache["__scored_blocks__"] = where
    if not parts:
        where.update((b.index, "") for b in ctx.doc.blocks)
        return where
    for b in ctx.doc.blocks[: parts[0].start]:
        where[b.index] = ""
    for p in parts:
        if p.kind in _NOT_SCORED_PARTS:
            continue
        for i in range(p.start, p.end):
            where[i] = p.heading
    return where


def subjective_items(ctx) -> list:
    """Sentences of score items graded by adjectives or by a bare range."""
    where = _scored_blocks(ctx)
    out = []
    quantified_blocks = set()
    rows: dict[tuple, list[int]] = {}
    for b in ctx.doc.blocks:
        if b.kind == "cell":
            rows.setdefault((b.table, b.row), []).append(b.index)
    for s in ctx.sentences:
        if s.block in where and QUANTIFIED.search(s.text):
            quantified_blocks.add(s.block)
            b = ctx.doc.blocks[s.block]
            if b.kind == "cell":  # a scoring row whose measure stands in another cell ("每缺一项扣2分" beside "方案完整得10分")
                quantified_blocks.update(rows.get((b.table, b.row), ()))
    for s in ctx.sentences:
        if s.block not in where or s.block in quantified_blocks:
            continue
        text = s.text
        if BARE_RANGE.search(text) or DISCRETION.search(text) or (SCORE.search(text) and ADJECTIVE.search(text)):
            out.append(s)
    return out


@check("tender_scoring_subjective")
def scoring_subjective(ctx, params) -> list[Hit]:
    found = subjective_items(ctx)
    where = _scored_blocks(ctx)
    groups: dict[str, list] = {}
    for s in found:
        groups.setdefault(where.get(s.block, ""), []).append(s)
    hits = []
    for items in groups.values():
        first = items[0]
        related, seen = [], {(first.start, first.end)}
        for block in dict.fromkeys(s.block for s in items):  # the whole item: its name may stand before the grades
            for s in ctx.sentences_of_block(block):
                if (s.start, s.end) not in seen:
                    seen.add((s.start, s.end))
                    related.append((s.start, s.end))
        hits.append(Hit(first.start, first.end, {"count": len(items)}, related=related))
    return hits


# the price score: 价格分值10分, 报价部分（10分）, 价格（权重10%）, 有效最低报价/投标报价*10
PRICE_SCORE = [
    re.compile(rf"(价格|报价)(分|分值|得分|部分|因素|评分)?(满分|分值|权重|占|为|[:：（(]|\s)*(?P<v>{_NUM})\s*(?P<u>分|%)"),
    # a formula: (评标基准价/评标价)×25, （磋商基准价／最后报价）×8, 有效最低报价/投标报价*10
    re.compile(rf"(基准价格?|基准值|最低(评标|投标|有效)?(报价|价格|评标价))\s*[/÷／]\s*[^)）/×*]{{0,8}}?(报价|价格|评标价|投标价|响应价)\s*[)）]?\s*[×*xX]\s*(?P<v>{_NUM})\s*(?P<u>%?)"),
]
_PRICE_FLOOR = {"goods": 30.0, "services": 10.0}


def _price_weights(ctx) -> list[tuple[float, object]]:
    where = _scored_blocks(ctx)
    out = []
    for s in ctx.sentences:
        if s.block not in where or not re.search(r"评分|评审|评标|得分|分值|权重|价格分|基准价", ctx.scope_text(s, "paragraph")):
            continue
        for rx in PRICE_SCORE:
            m = rx.search(s.text)
            if m and (m.group("u") != "分" or float(m.group("v")) <= 100):
                out.append((float(m.group("v")), s))
                break
    # a scoring table row: "价格 | 8分" (the factor in one cell, its weight in the next)
    from reviewer.facts.tender import statements

    for st in statements(ctx.doc):
        if st.key == st.value or st.block not in where or not re.fullmatch(r"(投标|响应|磋商)?(价格|报价)(分|部分|因素|评分)?", st.key):
            continue
        m = re.fullmatch(rf"(?P<v>{_NUM})\s*分?", st.value)
        if m and float(m.group("v")) <= 100:
            s = ctx.sentences_of_block(st.block)
            if s:
                out.append((float(m.group("v")), s[0]))
    return out


@check("tender_price_weight")
def price_weight(ctx, params) -> list[Hit]:
    if not re.search(r"综合评分法", ctx.text) or re.search(r"最低评标价法", ctx.text) and not re.search(r"采用综合评分法|评标方法[:：]?\s*综合评分法", ctx.text):
        return []
    if government_procurement(ctx) is not True:
        return []  # 87号令 governs government goods and services tenders
    kind = ctx.facts.get("contract_kind")
    floor = _PRICE_FLOOR.get(kind)
    if floor is None:
        return []
    weights = _price_weights(ctx)
    if not weights or any(v >= floor for v, _ in weights):
        return []  # one statement at or above the floor settles it; several low ones do not contradict it
    v, s = weights[0]
    return [Hit(s.start, s.end, {"value": f"{v:g}", "limit": f"{floor:g}", "kind": "货物" if kind == "goods" else "服务"})]


# SME price deduction (财库〔2022〕19号 levels: goods and services 10%-20%, works 3%-5%)
_DEDUCTION = re.compile(
    rf"(小型|微型|小微|联合体)[^。；]{{0,60}}(价格|报价)[^。；]{{0,12}}给予\s*(?P<v>{_NUM})\s*%\s*的?(价格)?扣除"
    rf"|给予(?P<who>联合体|小型和微型企业|小微企业)\s*(?P<v2>{_NUM})\s*%\s*的?(价格)?扣除"
)
_DEDUCTION_FLOOR = {"construction": 3.0}
_CONSORTIUM_FLOOR = 4.0


@check("tender_sme_deduction")
def sme_deduction(ctx, params) -> list[Hit]:
    kind = ctx.facts.get("contract_kind")
    where = _scored_blocks(ctx)
    found = []
    for s in ctx.sentences:
        if s.block not in where:
            continue
        for m in _DEDUCTION.finditer(s.text):
            v = float(m.group("v") or m.group("v2"))
            consortium = "联合体" in m.group()
            floor = (1.0 if kind == "construction" else _CONSORTIUM_FLOOR) if consortium else _DEDUCTION_FLOOR.get(kind, 10.0)
            if 0 < v < floor:
                found.append((s, m, v, floor))
    if not found:
        return []
    s, m, v, floor = found[0]  # one finding quoting every low deduction (小微企业 and 联合体 alike)
    related = list(dict.fromkeys((x.start, x.end) for x, *_ in found[1:] if x is not s))
    return [Hit(s.start + m.start(), s.start + m.end(), {"match": m.group(), "value": f"{v:g}", "limit": f"{floor:g}", "count": len(related) + 1}, related=related)]


_GOV_MARKER = re.compile(r"政府采购(项目|计划|实施计划|政策)|财政(性)?资金|集中采购机构|政府集中采购")
_NOT_GOV = re.compile(r"军队采购|军队物资|非政府采购")


def government_procurement(ctx) -> bool | None:
    """Whether the tender is 政府采购: the regime the tender facts read, else the
    text speaking of a government procurement project or of 财政资金 (a buyer
    known to be a company is not); None when nothing says."""
    if _NOT_GOV.search(ctx.text):
        return False  # 军队采购 follows its own rules (政府采购法第八十六条)
    regime = ctx.facts.get("procurement_regime")
    if regime:
        return regime == "政府采购"
    buyer = ctx.facts.get("buyer_type")
    if buyer in ("国有企业", "大型企业", "其他"):
        return False
    if _GOV_MARKER.search(ctx.text):
        return True
    return None


@check("tender_sme_absent")
def sme_absent(ctx, params) -> list[Hit]:
    if government_procurement(ctx) is not True or re.search(r"中小企业|小微企业|小型、微型|小型和微型", ctx.text):
        return []
    return [Hit(values={"missing": ""})]


_CONTRACT_HEADING = re.compile(r"合同(文本|条款|格式|草案|范本|样本|主要条款|书)")


@check("tender_contract_text")
def contract_text(ctx, params) -> list[Hit]:
    """A government 招标文件 must include the contract to be signed (GPLR-32 ¶2)."""
    if government_procurement(ctx) is not True or not re.search(r"公开招标|邀请招标|招标文件", ctx.text):
        return []
    parts = find_parts(ctx.doc)
    if len(parts) < 3 or any(p.kind == "contract" for p in parts):
        return []  # a notice alone is not the whole 招标文件
    for b in ctx.doc.blocks:
        if b.kind != "cell" and len(b.text.strip()) <= 30 and _CONTRACT_HEADING.search(b.text):
            return []
    return [Hit(values={"missing": ""})]


_SPEC = re.compile(
    r"(技术|服务|性能|质量)(参数|指标|要求|标准)|规格|型号|数量|工程量清单|服务内容|服务范围|工作内容|工作职责|采购清单|采购内容"
    r"|\d+\s*(名|人|套|台|件|个|项|批|米|平方米|吨|辆|册)"
)
_ACCEPTANCE = re.compile(r"验收")


@check("tender_requirements_complete")
def requirements_complete(ctx, params) -> list[Hit]:
    """The 采购需求 states what is bought and how much (GPLR-15 ¶2); the acceptance
    standard may stand in the draft contract, so it is looked for in the whole file."""
    parts = find_parts(ctx.doc)
    if len(parts) < 3:
        return []
    req = [p for p in parts if p.kind in ("requirements", "bill") and p.end - p.start >= 3]  # a bare heading points to an annex
    if req:
        text = "\n".join(b.text for p in req for b in ctx.doc.blocks[p.start : p.end])
    elif any(p.kind in ("requirements", "bill") for p in parts):
        return []
    else:
        text = ctx.text
    missing = [name for name, rx, where in (("规格、数量或服务内容", _SPEC, text), ("验收标准", _ACCEPTANCE, ctx.text)) if not rx.search(where)]
    if not missing or missing == ["验收标准"] and len(text) > 300:
        return []
    first = next((x for p in req for i in range(p.start + 1, p.end) for x in ctx.sentences_of_block(i)), None) if req else None
    if first is None:
        return [Hit(values={"missing": "、".join(missing)})]
    return [Hit(first.start, first.end, {"missing": "、".join(missing)})]


@check("tender_grouped_forbid")
def grouped_forbid(ctx, params) -> list[Hit]:
    """A `forbid` check whose hits make one finding that quotes every place: a tender
    repeats its conditions (公告, 须知前附表, 资格审查表), and a discriminatory
    condition is one problem to correct wherever it is restated. `government: true`
    reads only 政府采购 documents, `false` only the others (招标投标, 比选)."""
    from reviewer.engine.checks import run_forbid
    from reviewer.engine.schema import ForbidCheck

    params = dict(params)
    government = params.pop("government", None)  # the rule reads 政府采购 (true) or 招标投标 (false) documents
    kinds = params.pop("kinds", None)  # only these kinds of document (a tender rule on a contract point)
    if kinds and ctx.facts.get("kind") not in kinds:
        return []
    if government is not None and government != (government_procurement(ctx) is True):
        return []
    hits = run_forbid(ForbidCheck(kind="forbid", **params), ctx)
    if not hits:
        return []
    first, rest = hits[0], hits[1:]
    seen = {ctx.sentence_at(first.start).start}
    related = []
    for h in rest:
        s = ctx.sentence_at(h.start)
        if s.start not in seen:
            seen.add(s.start)
            related.append((s.start, s.end))
    return [Hit(first.start, first.end, {**first.values, "count": len(related) + 1}, related=related)]
