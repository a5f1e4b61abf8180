"""Fact values, their sources, and the user's overrides.

Sources, strongest first: `--fact key=value`, a `<file>.facts.toml` beside the
document, the text itself. A fact is three-valued, as SQL's NULL: known (one
value), narrowed (a set of possible values, e.g. a company buyer is a 国有企业, a
大型企业 or 其他 but never a 机关), or unknown (every value of its domain). A rule
waits only on a fact known to contradict it; on an unknown one it states what it
assumed (see reviewer/facts/truth.py).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.errors import InputError, UsageError

FACT_KEYS = {
    "kind": "文件类型",
    "buyer_type": "采购方（甲方）性质",
    "supplier_size": "供应商（乙方）企业规模",
    "signed_on": "合同签订日期",
    "contract_amount": "合同金额（元）",
    "funding": "资金来源",
    "contract_kind": "合同类型",
    "dated_on": "成文（印发）日期",
    "effective_on": "施行日期",
    "award_on": "中标（成交）通知书日期",
    "award_amount": "中标（成交）金额（元）",
    "budget_amount": "预算金额（元）",
    # tender facts (reviewer/facts/tender.py)
    "procurement_method": "采购方式",
    "procurement_regime": "适用程序（政府采购或工程招投标）",
    "project_name": "项目名称",
    "project_number": "项目编号",
    "ceiling_amount": "最高限价（招标控制价）（元）",
    "estimate_amount": "估算价（元）",
    "limit_base": "比例限额的计算基数",
    "notice_on": "公告发布（招标文件发出）日期",
    "sale_from": "招标文件发售（获取）开始日期",
    "sale_to": "招标文件发售（获取）截止日期",
    "clarify_by": "澄清（修改）截止日期",
    "bid_deadline": "投标（响应）截止日期",
    "opening_on": "开标日期",
    "bid_validity_days": "投标有效期（日）",
    "bid_bond_amount": "投标保证金金额（元）",
    "bid_bond_percent": "投标保证金比例（%）",
    "bid_bond_validity_days": "投标保证金有效期（日）",
    "performance_bond": "履约保证金",
    "sme_reserved": "专门面向中小企业",
    # normative-document facts (reviewer/facts/normative.py)
    "nd_form": "规范性文件的文种（办法、规定、细则、意见、通知等）",
    "nd_attached_title": "印发通知所附文件的标题",
    "nd_provisional": "暂行或者试行",
    "issuer": "制定机关",
    "co_issuers": "联合制定机关",
    "article_count": "条文数",
    "validity_years": "有效期（年）",
    "expires_on": "有效期截止日期",
    "effective_text": "施行日期的表述",
    "cited_laws": "制定依据引用的法律法规",
    "basis_cited": "写明制定依据",
    # from the filing register, with `check --register` (reviewer/register/crosscheck.py)
    "register_status": "文号在登记簿中的情况",
    "register_entry": "登记簿中使用该文号的文件",
}
DOMAINS: dict[str, tuple[str, ...]] = {
    "kind": ("contract", "tender", "normative", "other"),
    "buyer_type": ("机关", "事业单位", "国有企业", "大型企业", "其他"),
    "supplier_size": ("大型", "中型", "小型", "微型"),
    "funding": ("财政资金", "政府投资", "自有资金"),
    "contract_kind": ("goods", "services", "construction", "lease", "technology", "investment", "labor_dispatch", "other"),
    "procurement_method": ("公开招标", "邀请招标", "竞争性谈判", "竞争性磋商", "询价", "比选", "单一来源"),
    "procurement_regime": ("政府采购", "工程招投标", "其他"),
    "limit_base": ("预算金额", "最高限价", "估算价"),
    "sme_reserved": ("是", "否"),
    "nd_provisional": ("是", "否"),
    "basis_cited": ("是", "否"),
    "register_status": ("已登记", "未登记", "他文已用", "已作废"),
}
ALLOWED = {k: set(v) for k, v in DOMAINS.items()}
DATE_KEYS = ("signed_on", "dated_on", "effective_on", "award_on", "notice_on", "sale_from", "sale_to", "clarify_by", "bid_deadline", "opening_on", "expires_on")
AMOUNT_KEYS = ("contract_amount", "award_amount", "budget_amount", "ceiling_amount", "estimate_amount", "bid_bond_amount")
NUMBER_KEYS = ("bid_validity_days", "bid_bond_percent", "bid_bond_validity_days", "validity_years", "article_count")


@dataclass
class Fact:
    value: object  # the value when known exactly; None when only narrowed
    source: str  # text | user | sidecar
    evidence: str = ""
    possible: frozenset | None = None  # the values still possible when `value` is None
    block: int | None = None  # the block (paragraph / cell) that states the fact, when known


@dataclass
class Facts:
    values: dict[str, Fact] = field(default_factory=dict)
    title: str = ""
    doc_number: str = ""
    parties: list = field(default_factory=list)
    signature: object = None  # the first Block of the signature block, if any
    buyer_name: str = ""
    supplier_name: str = ""
    template: bool = False  # an unfilled template: parties, prices or dates left blank

    def get(self, key: str):
        f = self.values.get(key)
        return f.value if f else None

    def source(self, key: str) -> str | None:
        f = self.values.get(key)
        return f.source if f else None

    def possible(self, key: str) -> frozenset:
        """The values the fact may still take: one when known, the domain when unknown."""
        f = self.values.get(key)
        if f is not None and f.value is not None:
            return frozenset([f.value])
        if f is not None and f.possible is not None:
            return f.possible
        return frozenset(DOMAINS.get(key, ()))

    def to_dict(self) -> dict:
        out = {}
        for k, f in self.values.items():
            v = f.value.isoformat() if isinstance(f.value, dt.date) else f.value
            entry = {"value": v, "source": f.source, "evidence": f.evidence}
            if f.value is None and f.possible is not None:
                entry["possible"] = sorted(f.possible)
            out[k] = entry
        return out


def parse_value(key: str, raw: str, origin: str):
    if key not in FACT_KEYS:
        raise UsageError(f"{origin}：不认识的事实项 {key}（可用：{'、'.join(FACT_KEYS)}）")
    raw = str(raw).strip()
    if key in DATE_KEYS:
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise UsageError(f"{origin}：{key} 应为日期，如 2026-03-01") from None
    if key in AMOUNT_KEYS:
        try:
            return float(raw.replace(",", ""))
        except ValueError:
            raise UsageError(f"{origin}：{key} 应为以元计的数字") from None
    if key in NUMBER_KEYS:
        try:
            return float(raw)
        except ValueError:
            raise UsageError(f"{origin}：{key} 应为数字") from None
    if key in ALLOWED and raw not in ALLOWED[key]:
        raise UsageError(f"{origin}：{key} 的取值应为 {'、'.join(sorted(ALLOWED[key]))} 之一")
    return raw


def sidecar_facts(doc_path: str) -> dict[str, object]:
    p = Path(doc_path)
    side = p.with_name(p.stem + ".facts.toml")
    if not side.exists():
        side = p.with_name(p.name + ".facts.toml")
    if not side.exists():
        return {}
    try:
        data = tomllib.loads(side.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise InputError(str(side), f"事实文件格式错误（{exc}）", "请按 key = \"value\" 的 TOML 格式填写") from None
    out: dict[str, object] = {}
    for key, value in data.items():
        out[key] = value if isinstance(value, dt.date) and key in FACT_KEYS else parse_value(key, value, str(side))
    return out


def apply_overrides(facts: Facts, overrides: dict[str, object], source: str) -> None:
    for key, value in overrides.items():
        facts.values[key] = Fact(value, source, "")
