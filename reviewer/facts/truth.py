"""A rule's condition on a fact, answered True, False or None (unknown), and the
sentence that states what was assumed when the answer is unknown."""

from __future__ import annotations

from reviewer.facts.model import Facts

_KIND_NAMES = {
    "goods": "货物买卖合同", "services": "服务合同", "construction": "建设工程合同", "lease": "租赁合同",
    "technology": "技术合同", "investment": "投资合作协议", "labor_dispatch": "劳务派遣协议", "other": "其他合同",
}
_SIZE_GROUPS = {frozenset(("中型", "小型", "微型")): "中小企业", frozenset(("小型", "微型")): "小型或微型企业"}


def truth(facts: Facts, key: str, wanted) -> bool | None:
    possible = facts.possible(key)
    wanted = frozenset(wanted)
    if possible and possible <= wanted:
        return True
    if not (possible & wanted):
        return False
    return None


def _either(values) -> str:
    values = list(values)
    return values[0] if len(values) == 1 else "、".join(values[:-1]) + "或" + values[-1]


def _describe(key: str, wanted: frozenset, order: tuple) -> str:
    ordered = [v for v in order if v in wanted]
    if key == "supplier_size":
        return _SIZE_GROUPS.get(wanted) or _either(v + "企业" for v in ordered)
    if key == "contract_kind":
        return _either(_KIND_NAMES[v] for v in ordered)
    return _either(ordered)


def _party(name: str, role: str) -> str:
    return f"{role}（{name}）" if name else role


def assumption(facts: Facts, key: str, wanted) -> tuple[str, str]:
    """(label, sentence) for the report: what the rule assumed and how to settle it."""
    from reviewer.facts.model import DOMAINS

    order = DOMAINS.get(key, ())
    wanted = frozenset(wanted)
    possible = facts.possible(key)
    confirm = next(v for v in order if v in wanted and v in possible)
    exclude = next((v for v in reversed(order) if v not in wanted), None)
    hint = f"可用 --fact {key}={confirm} 确认" + (f"，或 --fact {key}={exclude} 排除" if exclude else "")
    what = _describe(key, wanted & possible, order)
    if key == "supplier_size":
        return "乙方规模", f"假定{_party(facts.supplier_name, '乙方')}为{what}（文中未载明企业规模；{hint}）"
    if key == "buyer_type":
        return "甲方性质", f"假定{_party(facts.buyer_name, '甲方')}为{what}（文中未载明或无法从名称判断；{hint}）"
    if key == "contract_kind":
        return "合同类型", f"假定本合同为{what}（无法从标题和标的判断；{hint}）"
    if key == "funding":
        return "资金来源", f"假定资金来源为{what}（文中未载明；{hint}）"
    return key, f"假定{key}为{what}（{hint}）"
