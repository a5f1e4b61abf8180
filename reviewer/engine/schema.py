"""The rule-file schema (pydantic, unknown keys rejected).

A rule pack is one YAML file:

    schema_version: 1
    pack: contract
    rules:
      - id: CONTRACT.PAYMENT.NO_AUDIT_SETTLEMENT   # stable, never reused
        point: CONTRACT.PAYMENT.NO_AUDIT_SETTLEMENT # catalogue point id, or null
        ...

Check kinds are a closed set (require, forbid, threshold, consistency, conditional)
plus one named escape hatch (python) for what data cannot express.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = 1

Severity = Literal["必须修改", "建议修改", "提示"]
DocKind = Literal["contract", "tender", "normative", "other"]
BuyerType = Literal["机关", "事业单位", "国有企业", "大型企业", "其他"]
SupplierSize = Literal["大型", "中型", "小型", "微型"]
ContractKind = Literal["goods", "services", "construction", "lease", "technology", "investment", "labor_dispatch", "other"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _compile_all(patterns: list[str]) -> list[str]:
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise ValueError(f"正则表达式无效：{p!r}（{exc}）") from None
    return patterns


Patterns = Annotated[list[str], Field(default_factory=list)]


class When(_Strict):
    """Preconditions on facts. A rule is silenced only by a fact known to contradict
    them; where a fact is unknown it still runs, says what it assumed, and (by
    default) reports one level lower: `if_unknown` = lower | keep | skip."""

    buyer_type: list[BuyerType] | None = None
    supplier_size: list[SupplierSize] | None = None
    contract_kind: list[ContractKind] | None = None
    funding: list[Literal["财政资金", "政府投资", "自有资金"]] | None = None
    signed_from: dt.date | None = None  # contract signed on or after (inclusive)
    signed_before: dt.date | None = None  # contract signed before (exclusive)
    document_has: Patterns  # the document must contain one of these
    document_lacks: Patterns  # the document must contain none of these
    if_unknown: Literal["lower", "keep", "skip"] = "lower"

    _v = field_validator("document_has", "document_lacks")(classmethod(lambda cls, v: _compile_all(v)))


class ForbidCheck(_Strict):
    """A pattern that must not appear (in a sentence of the given topics)."""

    kind: Literal["forbid"]
    patterns: list[str] = Field(min_length=1)
    near: Patterns  # one of these must also be in the same sentence
    unless: Patterns  # a sentence holding one of these is an exception (negation, lawful wording)
    unless_document: Patterns  # the whole document is exempt when it holds one of these
    unless_in: Literal["sentence", "paragraph", "article", "document"] = "sentence"  # where `unless` is looked for
    topics: list[str] = Field(default_factory=list)  # only sentences in clauses of these topics

    _v = field_validator("patterns", "near", "unless", "unless_document")(classmethod(lambda cls, v: _compile_all(v)))


class RequireItem(_Strict):
    name: str
    any: list[str] = Field(min_length=1)
    _v = field_validator("any")(classmethod(lambda cls, v: _compile_all(v)))


class RequireCheck(_Strict):
    """A clause, topic or phrase that must be present; one finding per missing item."""

    kind: Literal["require"]
    any: Patterns  # the document must contain one of these …
    topics: list[str] = Field(default_factory=list)  # … or a clause of one of these topics
    items: list[RequireItem] = Field(default_factory=list)  # each must be present ({missing} names it)
    combine: bool = False  # one finding naming all missing items instead of one per item

    _v = field_validator("any")(classmethod(lambda cls, v: _compile_all(v)))


class ThresholdCheck(_Strict):
    """An extracted quantity in a sentence about X, against a limit (absolute or relative)."""

    kind: Literal["threshold"]
    find: list[str] = Field(min_length=1)  # the sentence must mention the subject
    unless: Patterns
    topics: list[str] = Field(default_factory=list)
    quantity: Literal["percent", "money", "duration"]
    relative_to: Literal["contract_amount"] | None = None  # money becomes a percentage of this base
    max: float | None = None  # a value above max is a hit (以内/以下/不超过 include the number)
    min: float | None = None  # a value below min is a hit
    after: Patterns  # the quantity must follow one of these within the sentence (e.g. 验收合格)
    followed_by: Patterns  # the text right after the quantity must match one of these (e.g. 内…支付)
    unless_in: Literal["sentence", "paragraph", "article", "document"] = "sentence"  # where `unless` is looked for

    _v = field_validator("find", "unless", "after", "followed_by")(classmethod(lambda cls, v: _compile_all(v)))


class ConsistencyCheck(_Strict):
    """Values that must agree with each other."""

    kind: Literal["consistency"]
    of: Literal["upper_lower", "instalments", "unit_price", "party_names"]


class ConditionalCheck(_Strict):
    """If a sentence (or the document) says X, it must also say Y."""

    kind: Literal["conditional"]
    if_: list[str] = Field(alias="if", min_length=1)
    then: list[str] = Field(min_length=1)
    scope: Literal["sentence", "clause", "article", "document"] = "sentence"  # where `then` may settle the matter
    topics: list[str] = Field(default_factory=list)

    _v = field_validator("if_", "then")(classmethod(lambda cls, v: _compile_all(v)))


class PythonCheck(_Strict):
    """A registered function (reviewer/engine/pychecks/) for what data cannot express."""

    kind: Literal["python"]
    function: str
    params: dict = Field(default_factory=dict)


Check = Annotated[
    Union[ForbidCheck, RequireCheck, ThresholdCheck, ConsistencyCheck, ConditionalCheck, PythonCheck],
    Field(discriminator="kind"),
]


class Example(_Strict):
    text: str
    facts: dict[str, str] = Field(default_factory=dict)


class Examples(_Strict):
    hit: list[str | Example] = Field(min_length=1)
    clean: list[str | Example] = Field(min_length=1)


class Escalate(_Strict):
    """A different severity when more facts hold (e.g. 必须修改 where the supplier is an SME)."""

    severity: Severity
    when: When


class Rule(_Strict):
    id: str = Field(pattern=r"^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)+$")
    point: str | None
    title: str
    applies_to: list[DocKind] = Field(min_length=1)
    when: When = When()
    check: Check
    severity: Severity
    escalate: Escalate | None = None
    basis: list[str] = Field(default_factory=list)
    message: str
    suggestion: str = ""
    why: str = ""  # for `reviewer explain`: why the rule exists, in plain Chinese
    examples: Examples
    quotes_facts: list[str] = Field(default_factory=list)  # a finding also quotes where these facts are stated (signed_on, award_on…)

    @field_validator("quotes_facts")
    @classmethod
    def _known_facts(cls, v: list[str]) -> list[str]:
        from reviewer.facts.model import FACT_KEYS

        unknown = [k for k in v if k not in FACT_KEYS]
        if unknown:
            raise ValueError(f"quotes_facts 中有不认识的事实项：{'、'.join(unknown)}（可用：{'、'.join(FACT_KEYS)}）")
        return v
    effective_from: dt.date | None = None  # the law behind the rule is in force from …
    effective_to: dt.date | None = None  # … until (exclusive)


class RulePack(_Strict):
    schema_version: Literal[1]
    pack: str
    description: str = ""
    rules: list[Rule]
