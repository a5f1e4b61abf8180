"""Parties and identifiers: 发文字号 format, 统一社会信用代码 check digit, heading vs signing party."""

from __future__ import annotations

import re

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.engine.pychecks.registry import CONSISTENCY, check
from reviewer.engine.pychecks.tables import _orig_to_norm


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


_SIGN_LINE = re.compile(r"^\s*(?P<role>甲方|乙方|丙方|采购人|供应商|发包人|承包人|出租人|承租人|出租方|承租方|委托方|受托方|买方|卖方|需方|供方)\s*(?:[（(][^）)]{0,12}[）)]\s*)*[:：]\s*(?P<name>[^\s（(]{4,40})")
_HEAD_LINE = re.compile(r"^\s*[\u4e00-\u9fa5]{2,10}[（(](?P<role>甲方|乙方|丙方)[）)]\s*[:：]\s*(?P<name>[^\s（(，。；]{4,40})")
_SEAL = re.compile(r"[（(]?(盖章|签章|公章|合同专用章|签字|印章)[）)]?")


def _same_party(a: str, b: str) -> bool:
    a, b = _SEAL.sub("", a).strip(" _"), _SEAL.sub("", b).strip(" _")
    return not a or not b or a in b or b in a


def _head_names(ctx: Context, end: int | None) -> dict[str, str]:
    """Heading parties under any label: 研究开发方（乙方）：…, 监理人（乙方）：…"""
    named: dict[str, str] = {}
    for b in ctx.doc.blocks[: min(end if end is not None else 60, 60)]:
        for _, line in _lines(b.text):
            h = _HEAD_LINE.match(line)
            if h:
                named.setdefault(h.group("role"), _SEAL.sub("", h.group("name")).strip(" _"))
    return named


@check("party_names")
def party_names(ctx: Context, params: dict) -> list[Hit]:
    """The party named in the heading must be the party that signs."""
    sig = ctx.facts.signature
    if sig is None:
        return []
    named = {}
    for p in ctx.facts.parties:
        if p.block is not None and p.block >= sig.index:
            continue  # read from the signature block itself: nothing to compare with
        named.setdefault(p.role, p.name)
        if p.alias:
            named.setdefault(p.alias, p.name)  # 供应商（乙方）signs as 乙方
    for role, name in _head_names(ctx, sig.index).items():
        named.setdefault(role, name)
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


_PAYEE = re.compile(r"(?:户名|账户名称|账户名|开户名称|开户名|收款人名称|收款单位|收款人)\s*[:：为]?[\s_]*(?P<name>[\u4e00-\u9fa5（）()]{4,40}?(?:有限责任公司|股份有限公司|有限公司|公司|合作社|事务所|研究院|中心|厂|店))")


@check("payee_name")
def payee_name(ctx: Context, params: dict) -> list[Hit]:
    """A bank account named in the contract must belong to a party: a payee whose name
    matches neither party is paid at the payer's risk."""
    sig = ctx.facts.signature
    parties = [p.name for p in ctx.facts.parties if p.name] + [n for n in (ctx.facts.buyer_name, ctx.facts.supplier_name) if n]
    parties += list(_head_names(ctx, sig.index if sig is not None else None).values())
    if not parties:
        return []
    hits = []
    for m in _PAYEE.finditer(ctx.text):
        name = m.group("name").strip("（）() ")
        if len(name) < 6 or any(_same_party(p, name) for p in parties):
            continue
        hits.append(Hit(m.start("name"), m.end("name"), {"payee": name, "party": ctx.facts.supplier_name or parties[-1]}))
    return hits
