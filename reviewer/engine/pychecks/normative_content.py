"""Content limits of a normative document that need the document's facts: a department's
document (issuer fact from reviewer/facts/normative.py) that assigns duties to other
departments, which only the people's government (or a joint document) may do."""

from __future__ import annotations

import re

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.engine.pychecks.registry import check

# 县公安局交通管理大队、县交通运输局应当配合… / 县自然资源局负责…
_ORGAN = r"县[\u4e00-\u9fa5]{2,16}?(?:局|委员会|大队|支队|中队)"
_ASSIGN = re.compile(
    r"(?P<organs>" + _ORGAN + r"(?:[、和及]" + _ORGAN + r")*)"
    r"(?:应当|须|必须|要|负责)(?:积极)?(?:配合|协助|做好|落实|对|开展|承担)"
)
_GOVERNMENT = re.compile(r"人民政府(?:办公室)?$")


def _short(name: str) -> str:
    """宣汉县住房和城乡建设局 -> 住房和城乡建设局 (the part after the county name)."""
    i = name.rfind("县")
    return name[i + 1 :] if i >= 0 else name


@check("nd_department_assigns_others")
def nd_department_assigns_others(ctx: Context, params: dict) -> list[Hit]:
    issuer = ctx.facts.get("issuer")
    if not issuer or _GOVERNMENT.search(str(issuer)):
        return []  # the government (or its office) may assign duties to its departments
    own = {_short(str(issuer))}
    co = ctx.facts.get("co_issuers")
    if co:
        own |= {_short(x) for x in str(co).split("、") if x}
    hits = []
    for s in ctx.sentences_in([]):
        m = _ASSIGN.search(s.text)
        if not m:
            continue
        organs = re.findall(_ORGAN, m.group("organs"))
        others = [o for o in organs if not any(_short(o) == x or _short(o).startswith(x) for x in own)]
        if others:
            hits.append(Hit(s.start + m.start(), s.start + m.end(), {"match": m.group(), "issuer": issuer, "others": "、".join(others)}))
    return hits


_ISSUED_PROOF = re.compile(r"(?P<organ>" + _ORGAN + r")出具的[^。；，]{0,14}(?:证明|证书|意见|确认书|审核表)")


@check("nd_proof_from_itself")
def nd_proof_from_itself(ctx: Context, params: dict) -> list[Hit]:
    """A department asking the applicant for a proof that the department itself issues: it
    can look it up in its own records (a 循环证明)."""
    issuer = ctx.facts.get("issuer")
    if not issuer or _GOVERNMENT.search(str(issuer)):
        return []
    own = _short(str(issuer))
    hits = []
    for s in ctx.sentences_in([]):
        for m in _ISSUED_PROOF.finditer(s.text):
            # asked of the applicant: a list of materials to submit, in the same paragraph before it
            before = ctx.text[max(0, ctx.text.rfind("\n", 0, s.start + m.start())) : s.start + m.start()]
            if _short(m.group("organ")) == own and re.search(r"提交|提供|附|材料", before):
                hits.append(Hit(s.start + m.start(), s.start + m.end(), {"match": m.group(), "issuer": issuer}))
    return hits
