"""Who the parties are: the heading's party block first, then a recital
("宣汉县教育局（以下简称甲方）"), a table of parties, and the signature block.

A placeholder ("（以下简称甲方）", "________") is not a name."""

from __future__ import annotations

import re

from reviewer import structure
from reviewer.document import Document
from reviewer.structure import BUYER_ROLES, PARTY_ROLES, Party
from reviewer.text.normalize import norm_text

_ROLE = rf"(?:{PARTY_ROLES}|采购单位|建设单位|服务方|分包人|总承包人)"
_RECITAL = re.compile(
    rf"(?P<name>[\u4e00-\u9fa5A-Za-z0-9（）()]{{4,40}}?)\s*[（(]\s*(?:以下|下文)?(?:简称|称)\s*[“\"「『]?(?P<role>{_ROLE})[”\"」』]?\s*[）)]"
)
_SIGN_NAME = re.compile(
    rf"^\s*(?P<role>{_ROLE})\s*(?:[（(][^）)]{{0,12}}[）)]\s*)*[:：]?\s*(?P<name>[\u4e00-\u9fa5A-Za-z0-9（）()]{{4,40}}?)\s*(?:[（(]?(?:盖章|签章|公章|合同专用章|印章)[）)]?)?\s*$"
)
_NAME_SEAL = re.compile(r"^\s*(?P<name>[\u4e00-\u9fa5（）()]{4,40}?)\s*[（(](?:盖章|签章|公章|合同专用章|印章)[）)]\s*$")
_CELL_NAME = re.compile(r"^(名称|单位名称|全称)$")
_PLACEHOLDER = re.compile(r"^[\s_＿\-—…·.（）()【】]*$|以下简称|^[（(]?(盖章|签章|签字|公章)")
_LEADING = re.compile(r"^(本合同由|本协议由|由|经|甲乙双方|双方|根据|依据|现|兹)")
_NOT_NAME = re.compile(r"法定代表人|委托代理人|授权代表|联系人|地址|电话|开户|账号|日期|签字|负责人|经办人")


_FIELD_LABELS = "采购代理机构|代理机构|招标代理|地址|住所|联系人|联系电话|电话|法定代表人|负责人|统一社会信用代码|信用代码|邮编|邮政编码|开户行|开户银行|账号|传真|项目名称|身份证号"
_NEXT_FIELD = re.compile(rf"\s*({_FIELD_LABELS})\s*(（[^）]{{0,4}}）)?\s*(?:[:：]|$)")
_NAME_LABEL = re.compile(r"^(名称|单位名称|单位|全称)\s*[:：]\s*")
_NOT_A_NAME = re.compile(rf"^({PARTY_ROLES}|(招标|采购)?代理机构|身份证号?|证件号码|姓名|名称|地址|住所)$|^({PARTY_ROLES})[（(]|[；。，、]|\{{\{{|\}}\}}|^[A-Za-z_\s{{}}]+$|盖.{{0,2}}章|年\s*月\s*日|^[（(].*[）)]$|^\d")
_ROLE_HEADING = re.compile(rf"^\s*(?:\d+(?:\.\d+)*\s*|[一二三四五六七八九十]+[、.．]\s*)?(?P<role>{_ROLE})\s*(?:[（(][^）)]{{1,12}}[）)])?\s*[:：]?\s*$")
_INLINE_SEAL = re.compile(rf"(?P<role>{_ROLE})\s*[（(](?:盖章|签章|公章|盖单位章)[）)]\s*[:：]\s*(?P<name>[^\s:：]{{4,40}})")


def _clean(name: str) -> str:
    """The name as written, cut at the next field of the line ("…税务局采购代理机构：…")."""
    name = _NAME_LABEL.sub("", name.strip())
    if _NEXT_FIELD.match(name):
        return ""  # "身份证号：" where the name should be
    name = re.split(r"\s{2,}|　", name)[0]
    cut = _NEXT_FIELD.search(name)
    if cut:
        name = name[: cut.start()]
    name = re.sub(r"[（(]?(盖章|签章|公章|合同专用章|印章)[）)]?$", "", name.strip()).strip(" _＿:：")
    name = _LEADING.sub("", name)
    name = re.sub(r"(招标|采购|比选|磋商)$", "", name) if len(name) > 6 else name
    if _PLACEHOLDER.search(name) or _NOT_A_NAME.search(name) or not 4 <= len(name) <= 40:
        return ""
    return name


def _role_is_buyer(role: str) -> bool:
    return role in BUYER_ROLES or role in ("采购单位", "建设单位")


def _from_recitals(doc: Document, limit: int) -> list[Party]:
    out = []
    for b in doc.blocks[:limit]:
        for m in _RECITAL.finditer(b.text):
            name = _clean(re.split(r"[，,。；与和及同]", m.group("name"))[-1])
            if name and len(name) >= 4:
                out.append(Party(m.group("role"), "", name, b.index))
    return out


def _from_tables(doc: Document) -> list[Party]:
    """A parties table: a row "甲方 | 名称 | 宣汉县…" or "采购人名称 | 宣汉县…"."""
    rows: dict[tuple, list] = {}
    for b in doc.blocks:
        if b.kind == "cell" and b.table is not None:
            rows.setdefault((b.table, b.row), []).append(b)
    out = []
    # Column layout: "项目 | 甲方（购买主体） | 乙方（承接主体）" over "名称 | 宣汉县… | …".
    for (table, row), cells in rows.items():
        heads = {c.col: m.group("role") for c in cells if (m := re.fullmatch(rf"(?P<role>{_ROLE})\s*([（(][^）)]{{0,8}}[）)])?", c.text.strip()))}
        if len(heads) < 2:
            continue
        for r in range((row or 0) + 1, (row or 0) + 4):
            below = rows.get((table, r), [])
            if below and _CELL_NAME.match(min(below, key=lambda c: c.col or 0).text.strip()):
                for c in below:
                    name = _clean(c.text) if c.col in heads else ""
                    if name:
                        out.append(Party(heads[c.col], "", name, c.index))
                break
    for cells in rows.values():
        cells.sort(key=lambda c: c.col or 0)
        texts = [c.text.strip() for c in cells]
        for i, t in enumerate(texts[:-1]):
            m = re.fullmatch(rf"(?P<role>{_ROLE})\s*(名称|单位名称|全称)?\s*[（(]?[^）)]{{0,8}}[）)]?", t)
            if not m:
                continue
            j = i + 1
            if j < len(texts) - 1 and _CELL_NAME.match(texts[j]):
                j += 1
            name = _clean(texts[j])
            if name and not _NOT_NAME.search(name):
                out.append(Party(m.group("role"), "", name, cells[j].index))
    return out


def _from_role_headings(doc: Document, limit: int) -> list[Party]:
    """"2.1 发包人（甲方）" on its own line, then "单位：江西…有限公司 地址：…"."""
    out = []
    blocks = doc.blocks[:limit]
    for b, nxt in zip(blocks, blocks[1:]):
        m = _ROLE_HEADING.match(b.text)
        if m and _NAME_LABEL.match(nxt.text.strip()):
            name = _clean(nxt.text)
            if name:
                out.append(Party(m.group("role"), "", name, nxt.index))
    return out


def _from_signature(doc: Document, signature) -> list[Party]:
    if signature is None:
        return []
    inline = []
    for b in doc.blocks[signature.index :]:
        for m in _INLINE_SEAL.finditer(b.text):
            name = _clean(m.group("name"))
            if name:
                inline.append(Party(m.group("role"), "", name, b.index))
    start = max(0, signature.index - 3)
    blocks = [b for b in doc.blocks[start:] if b.kind not in ("header", "footer")]
    out = []
    pending: str | None = None
    for b in blocks:
        for line in b.text.split("\n"):
            m = _SIGN_NAME.match(line)
            if m and not _NOT_NAME.search(m.group("name")):
                name = _clean(m.group("name"))
                if name:
                    out.append(Party(m.group("role"), "", name, b.index))
                    pending = None
                    continue
            role_only = re.match(rf"^\s*(?P<role>{_ROLE})\s*(?:[（(][^）)]{{0,12}}[）)])?\s*[:：]?\s*$", line)
            if role_only:
                pending = role_only.group("role")
                continue
            n = _NAME_SEAL.match(line)
            if pending and n:
                name = _clean(n.group("name"))
                if name:
                    out.append(Party(pending, "", name, b.index))
                pending = None
    return out + inline


_TENDER_BUYER = re.compile(r"(?P<role>采购人|招标人|采购单位|比选人)(?:（[^）]{0,4}）)?(?:名\s*称|信息)?\s*[:：]\s*(?:名\s*称\s*[:：]\s*)?(?P<name>[^\s:：，。；]{4,40})")


def _tender_buyer(doc: Document) -> list[Party]:
    """A tender names its buyer inline ("采购人（章）：温岭市…局采购代理机构（章）：…")."""
    blocks = doc.blocks[:400]
    for b in blocks:  # "2.3 “采购人”系指上海市公安局宝山分局。" is the definition
        m = re.search(r"[“\"]?\s*(采购人|招标人)\s*[”\"]?\s*(系指|是指|为)\s*(?P<name>[^\s，。；、“”]{4,40}?)[。；，]", norm_text(b.text))
        if m and _clean(m.group("name")) and not re.search(r"依法|进行|组织|单位$|机构$|人$", m.group("name")):
            return [Party("采购人", "", _clean(m.group("name")), b.index)]
    for b, nxt in zip(blocks, blocks[1:] + blocks[:1]):
        if re.search(r"(采购人|招标人)信息\s*$", b.text):
            m = re.match(r"\s*名\s*称\s*[:：]\s*(?P<name>\S{4,40})", nxt.text)
            if m and _clean(m.group("name")):
                return [Party("采购人", "", _clean(m.group("name")), nxt.index)]
        for m in _TENDER_BUYER.finditer(norm_text(b.text)):
            name = _clean(m.group("name"))
            if name and not re.search(r"^(是指|应当|的|有权)", name):
                return [Party(m.group("role"), "", name, b.index)]
    return []


def resolve_parties(doc: Document, signature) -> tuple[list[Party], Party | None, Party | None]:
    parties = structure.find_parties(doc)
    for p in parties:
        p.name = _clean(p.name)
    parties = [p for p in parties if p.name]
    limit = signature.index if signature is not None and signature.index > 2 else 60
    for extra in (_from_role_headings(doc, min(limit, 60)), _from_recitals(doc, min(limit, 60)), _from_tables(doc), _from_signature(doc, signature)):
        for p in extra:
            if not any(p.role in (q.role, q.alias) for q in parties):
                parties.append(p)
    if not any(p.is_buyer or _role_is_buyer(p.role) for p in parties):
        parties += _tender_buyer(doc)
    # In a lease the tenant pays: "出租方（甲方）" is never the buyer.
    tenant = next((p for p in parties if p.role in ("承租方", "承租人")), None)
    buyer = tenant or next((p for p in parties if (p.is_buyer or _role_is_buyer(p.role)) and p.role not in ("出租方", "出租人")), None)
    supplier = next((p for p in parties if p is not buyer and not (p.is_buyer or _role_is_buyer(p.role))), None)
    return parties, buyer, supplier


__all__ = ["resolve_parties"]
