"""The supplier named in the contract against the award notice, the bid and the
business license: the same name and the same 统一社会信用代码
(CONTRACT.ESSENTIAL.PARTY_CONSISTENCY). Names are compared as written, after
normalisation (full-width brackets, spaces), so （ ） against ( ) is no difference."""

from __future__ import annotations

import re

from reviewer.findings import Finding
from reviewer.package.evidence import Place, block_text, comparing_finding, readable, sentences
from reviewer.package.model import ROLES, FileResult, PackageResult
from reviewer.text.normalize import norm_text

_ORG = r"[\u4e00-\u9fa5A-Za-z0-9()（）]{2,40}?(?:有限责任公司|股份有限公司|有限公司|分公司|公司|集团|厂|事务所|研究院|设计院|合作社|商行|经营部|工作室|中心)"
_USCC = re.compile(r"(?:统一社会信用代码|社会信用代码|信用代码)\s*(?:[（(][^）)]{0,10}[）)])?\s*[:：]?\s*(?P<code>[0-9A-Z]{18})(?![0-9A-Za-z])")
_BUYER_LINE = re.compile(r"^\s*(甲方|采购人|发包人|委托方|委托人|买方|需方|招标人|出租方)")
_NAMES = {
    "award": (
        re.compile(rf"(中标|成交|中选)(人|供应商|单位)(名称)?\s*[:：]\s*(?P<name>{_ORG})(?![\u4e00-\u9fa5])"),
        re.compile(rf"^致\s*[:：]?\s*(?P<name>{_ORG})\s*[:：]?\s*$"),
        re.compile(rf"^(?P<name>{_ORG})\s*[:：]\s*$"),  # the addressee line; the issuer's own line has no colon
        re.compile(rf"确定(?P<name>{_ORG})为[^，。；]{{0,8}}(中标|成交|中选)"),
    ),
    "bid": (re.compile(rf"(投标人|供应商|响应人|比选申请人|申请人)(名称)?\s*([（(](盖章|公章|盖单位章|单位盖章)[）)])?\s*[:：]\s*(?P<name>{_ORG})(?![\u4e00-\u9fa5])"),),
    "license": (re.compile(rf"名\s*称\s*[:：]?\s*(?P<name>{_ORG})(?![\u4e00-\u9fa5])"),),
}


def _key(name: str) -> str:
    return re.sub(r"\s+", "", norm_text(name)).replace("（", "(").replace("）", ")")


def named_supplier(f: FileResult, role: str) -> tuple[str, Place] | None:
    """The supplier an award notice, a bid or a license names, and where."""
    for pattern in _NAMES[role]:
        for block, s in sentences(f):
            m = pattern.search(s)
            if m:
                return m.group("name"), Place(f, block, s[:160])
    return None


def code_in(f: FileResult, start: int = 0, stop: int | None = None) -> str:
    for b in f.review.doc.blocks[start:stop]:
        m = _USCC.search(norm_text(b.text))
        if m:
            return m.group("code")
    return ""


def contract_supplier(f: FileResult) -> tuple[str, str, Place] | None:
    """(name, credit code, place) of the contract's supplier: the code is read from
    the supplier's party block, never from the buyer's."""
    facts = f.review.facts
    if not facts.supplier_name:
        return None
    party = next((p for p in facts.parties if p.name == facts.supplier_name), None)
    block = party.block if party is not None else None
    code = ""
    if block is not None:
        blocks = f.review.doc.blocks
        stop = block + 1
        while stop < min(len(blocks), block + 8) and not _BUYER_LINE.match(norm_text(blocks[stop].text)):
            stop += 1
        code = code_in(f, block, stop)
    return facts.supplier_name, code, Place(f, block, block_text(f, block, facts.supplier_name) or facts.supplier_name)


def party_findings(result: PackageResult, contract: FileResult, ruleset) -> list[Finding]:
    ours = contract_supplier(contract)
    if ours is None:
        return []
    name, code, here = ours
    out = []
    for role in ("award", "bid", "license"):
        for other in readable(result, role):
            theirs = named_supplier(other, role)
            if theirs is None:
                continue
            other_name, there = theirs
            other_code = code_in(other) if role != "award" else ""
            problems = []
            if _key(other_name) != _key(name):
                problems.append(f"名称不一致：合同为“{name}”，{ROLES[role]}为“{other_name}”")
            if code and other_code and code != other_code:
                problems.append(f"统一社会信用代码不一致：合同为{code}，{ROLES[role]}为{other_code}")
            if not problems:
                continue
            msg = (
                f"合同《{here.label}》的供应商（乙方）与{ROLES[role]}《{there.label}》不一致——{'；'.join(problems)}。"
                "合同相对方应当是中标（成交）的供应商本身，名称和统一社会信用代码应与中标（成交）通知书、投标（响应）文件和营业执照一致。"
            )
            sug = f"核实供应商的准确名称和统一社会信用代码，按{ROLES[role]}及营业执照更正合同首部和签章页；如确系不同主体，应说明原因并附相关依据。"
            out.append(comparing_finding("PACKAGE.PARTY_CONSISTENCY", "CONTRACT.ESSENTIAL.PARTY_CONSISTENCY", "合同供应商与其他送审材料不一致", msg, sug, here, there, ["CC-490#1", "GPL-43#2", "TBLR-57#1"], ruleset))
    return out
