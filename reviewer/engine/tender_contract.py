"""A tender's draft contract (第四章 合同条款及格式) reviewed by the contract pack. Its
findings are placed back in the tender and say which part they come from, so the
letter reads "文件第四章合同条款及格式第十条"."""

from __future__ import annotations

import dataclasses
import re

from reviewer.document import Document
from reviewer.engine.loader import RuleSet
from reviewer.engine.run import review
from reviewer.facts import Facts, infer
from reviewer.facts.infer import BLANK_PLACE
from reviewer.facts.model import Fact
from reviewer.facts.tender_parts import contract_part
from reviewer.findings import Finding

# points that concern a contract being signed, not the draft a tender publishes
_NOT_FOR_A_DRAFT = ("MAT.", "PROC.CT.", "AMOUNT.MATCH_AWARD", "CONTRACT.ESSENTIAL.WRITTEN_SIGNED", "CONTRACT.ESSENTIAL.PARTY_CONSISTENCY", "CONTRACT.PAYMENT.BUDGET")
_NOT_FOR_A_DRAFT_RULES = {"DOC.UNFILLED_TEMPLATE"}
# a place the award fills in (服务费每月支付      元), or a choice left open (□向…仲裁): the
# draft is not wrong there, it is unfinished by design
_BLANK = re.compile(BLANK_PLACE.pattern + r"|_{3}|＿{2}|[ \u3000]{4,}|□")  # shorter runs and open choices count in a draft


def contract_part_findings(doc: Document, facts: Facts, ruleset: RuleSet) -> list[Finding]:
    part = contract_part(doc)
    if part is None or part.end - part.start < 3:  # a heading and at least two lines of terms
        return []
    sub = Document(doc.path, doc.format, [dataclasses.replace(b) for b in doc.blocks[part.start : part.end]])
    sub_facts = infer(sub)
    sub_facts.values["kind"] = Fact("contract", "text", part.heading)
    if facts.buyer_name:  # the tender's 采购人 is the contract's buyer (the draft often leaves 甲方 blank)
        sub_facts.buyer_name = facts.buyer_name
        if "buyer_type" in facts.values:
            sub_facts.values["buyer_type"] = facts.values["buyer_type"]
    for key in ("funding", "contract_kind", "budget_amount"):
        if key in facts.values and key not in sub_facts.values:
            sub_facts.values[key] = facts.values[key]
    only = {
        r.id for r in ruleset.rules
        if "contract" in r.applies_to and "tender" not in r.applies_to
        and r.id not in _NOT_FOR_A_DRAFT_RULES and not (r.point or "").startswith(_NOT_FOR_A_DRAFT)
    }
    # a tender often carries only the main terms (合同主要条款), so a term it lacks is not
    # a finding; and what the award fills in is not yet wrong
    found = [f for f in review(sub, sub_facts, ruleset, only=only) if f.location.start is not None and not _BLANK.search(f.excerpt)]
    offset = doc.blocks[part.start].start
    heading = re.sub(r"\s+", "", part.heading)
    for f in found:
        loc = f.location
        if loc.block is not None:
            loc.block += part.start
        for name in ("start", "end", "excerpt_start", "excerpt_end"):
            value = getattr(loc, name)
            if value is not None:
                setattr(loc, name, value + offset)
        if loc.start is not None:
            loc.line = doc.raw.count("\n", 0, loc.start) + 1
            loc.column = loc.start - (doc.raw.rfind("\n", 0, loc.start) + 1) + 1
        f.clause = heading + (f.clause if f.clause.startswith("第") or not f.clause else f" {f.clause}")
    return found
