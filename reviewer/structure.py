"""Structure of a document: clause tree, title, 文号, parties, key dates, amount, kind.

The clause tree is built with a marker-type stack: a marker of a type already on
the stack closes everything below it; a new type opens a deeper level. That follows
whatever nesting order a drafter chose (第X章 > 第X条 > 一、 > （一）> 1. > （1）> ①,
or 一、 > 1.1 > (1), …) without a fixed hierarchy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reviewer.document import Block, Document
from reviewer.text.normalize import norm_text
from reviewer.text.quantities import date_value, find_dates, find_money

_CN = "一二三四五六七八九十百零〇两"
MARKERS: list[tuple[str, re.Pattern]] = [
    ("chapter", re.compile(rf"^第[{_CN}\d]+(?:部分|章|编)")),
    ("section", re.compile(rf"^第[{_CN}\d]+节")),
    ("article", re.compile(rf"^第[{_CN}\d]+条")),
    ("cn", re.compile(rf"^[{_CN}]+[、．.](?!\d)")),
    ("paren_cn", re.compile(rf"^[（(][{_CN}]+[)）]")),
    ("dec3", re.compile(r"^\d+\.\d+\.\d+(?:\.\d+)*(?![\d%])")),
    ("dec2", re.compile(r"^\d+\.\d+(?![\d%.])(?!\s*[元万%])")),
    ("dec1", re.compile(r"^\d+[.、．](?!\d)")),
    ("paren_dec", re.compile(r"^[（(]\d+[)）]")),
    ("circled", re.compile(r"^[①-⑳]")),
]


def marker_of(text: str) -> tuple[str, str] | None:
    t = text.lstrip()
    for kind, pattern in MARKERS:
        m = pattern.match(t)
        if m:
            return kind, m.group().rstrip("、．. ")
    return None


@dataclass
class Clause:
    path: list[str]  # labels from outermost to innermost, e.g. ["第三章", "第十条", "（二）"]; an attachment's name first
    heading: str  # the clause's own heading words, e.g. "付款方式"
    attachment: str = ""  # "附件9" when the clause sits in an attachment (then also path[0])

    @property
    def label(self) -> str:
        """The label a reviewer cites: the article (条) and what is below it,
        after the attachment's name when the clause is in one ("附件9 第三条1")."""
        parts = self.path[1:] if self.attachment else self.path
        inner = ""
        if parts:
            for i, p in enumerate(parts):
                if p.startswith("第") and p.endswith("条"):
                    parts = parts[i:]
                    break
            else:
                parts = [p for p in parts if not (p.startswith("第") and p[-1] in "章编节")] or parts[-1:]
            inner = "".join(parts)
        return f"{self.attachment} {inner}" if self.attachment and inner else self.attachment or inner


_HEADING_END = re.compile(r"[：:。；，,\s]")

# "附件9" / "附件一：设备采购清单" / "附件 2 履约保证金格式" / "附件1-2 价格构成表" opening a block
_ATTACHMENT = re.compile(r"附\s*件\s*(?P<no>[0-9０-９]+(?:\s*[-－—]\s*[0-9０-９]+)?|[一二三四五六七八九十]+)(?![0-9０-９的中和及与或所式份])")
# a table of contents line: "附件1\t投标函\t37", "附件2……39"
_TOC_LINE = re.compile(r"(\t|…|\.{3,}|·{3,})\s*\d+\s*$")


def attachment_of(text: str) -> str:
    """The attachment a heading block opens ("附件9"), or "" if the block is no such heading:
    a sentence that mentions an attachment, a contents line, a list naming several."""
    t = text.strip()
    m = _ATTACHMENT.match(t)
    if not m or len(t) > 50 or re.search(r"[；;。]|[，,]$", t) or _TOC_LINE.search(t) or len(_ATTACHMENT.findall(t)) > 1:
        return ""
    return "附件" + re.sub(r"\s+", "", m.group("no")).replace("－", "-").replace("—", "-")


def _heading_words(text: str, marker: str) -> str:
    rest = text.lstrip()[len(marker) :].lstrip("、．. 　")
    m = _HEADING_END.search(rest)
    head = rest[: m.start()] if m else rest
    return head[:20]


def _marker_number(label: str) -> int | None:
    import cn2an

    digits = re.sub(r"^第|[章编节条部分、．.（）()]", "", label)
    try:
        return int(cn2an.cn2an(digits, "smart")) if digits and "." not in digits else None
    except (ValueError, KeyError):
        return None


def _attachment_headings(doc: Document) -> dict[int, str]:
    """Block index -> attachment name, for headings that open an attachment. Two
    headings in a row are a list of attachments (本合同附件：附件1…附件2…), not one;
    "附件4" atop the first lines marks the whole file as another's attachment."""
    blocks = [b for b in doc.blocks if b.kind not in ("header", "footer", "cell") and b.text.strip()]
    out = {}
    for n, b in enumerate(blocks):
        name = attachment_of(b.display)
        near = [blocks[k].display.strip() for k in (n - 1, n + 1) if 0 <= k < len(blocks)]
        if name and n >= 3 and not any(_ATTACHMENT.match(t) for t in near):
            out[b.index] = name
    return out


def clause_tree(doc: Document) -> list[Clause | None]:
    """One Clause (or None before the first marker) per block.

    Clauses after an attachment's heading are labelled within it ("附件9 第三条"), so
    an attachment's own 第一条 or 1. is never taken for the main text's. The main
    text resumes at the marker that continues it: 第六章 after the attachments of
    第五章 (when the attachment itself never used that kind of marker)."""
    stack: list[tuple[str, str, str]] = []  # (kind, label, heading)
    result: list[Clause | None] = []
    headings = _attachment_headings(doc)
    attachment, main_stack, kinds_seen = "", [], set()
    for block in doc.blocks:
        if block.kind in ("header", "footer"):
            result.append(None)
            continue
        if block.kind == "cell":
            result.append(Clause([f"表格{block.table}"], ""))
            continue
        text = block.display
        if block.index in headings:
            if not attachment:
                main_stack = stack
            attachment, stack, kinds_seen = headings[block.index], [], set()
            title = text.strip()[_ATTACHMENT.match(text.strip()).end() :].lstrip("：:．.、 　\t")
            result.append(Clause([attachment], _HEADING_END.split(title)[0][:20], attachment))
            continue
        found = marker_of(text)
        if found:
            kind, label = found
            if block.label and not block.label.startswith("第") and block.label == label.rstrip("、．."):
                label = block.label
            if attachment and main_stack and kind == main_stack[0][0] and kind not in kinds_seen:
                top, new = _marker_number(main_stack[0][1]), _marker_number(label)
                if top is not None and new == top + 1:
                    attachment, stack = "", main_stack  # the main text goes on after its attachments
            kinds_seen.add(kind)
            kinds = [k for k, _, _ in stack]
            if kind in kinds:
                del stack[kinds.index(kind) :]
            # A chapter closes everything, an article closes all but chapters.
            if kind in ("chapter", "section", "article"):
                order = ["chapter", "section", "article"]
                stack = [s for s in stack if s[0] in order and order.index(s[0]) < order.index(kind)]
            stack.append((kind, label if kind not in ("cn",) else label + "、", _heading_words(text, found[1])))
        if stack:
            path = [lab for _, lab, _ in stack]
            heading = " ".join(h for _, _, h in stack if h)
            result.append(Clause([attachment, *path], heading, attachment) if attachment else Clause(path, heading))
        else:
            result.append(Clause([attachment], "", attachment) if attachment else None)
    return result


# a 文号 as documents write it: 宣府办规〔2026〕3号, loosely bracketed
DOCNO_LOOSE = re.compile(
    r"(?P<org>[\u4e00-\u9fa5]{1,12}?)(?P<open>[〔\[（(【［{])\s*(?P<year>\d{2,4})\s*(?P<close>[〕\]）)】］}])\s*(?P<di>第)?\s*(?P<seq>\d+)\s*号"
)


# ------------------------------------------------------------------ parties

PARTY_ROLES = "甲方|乙方|丙方|采购人|供应商|发包人|承包人|出租人|承租人|出租方|承租方|委托方|受托方|委托人|受托人|买方|卖方|需方|供方|招标人|中标人|用人单位|用工单位|派遣单位|转让方|受让方"
BUYER_ROLES = {"甲方", "采购人", "发包人", "承租人", "承租方", "委托方", "委托人", "买方", "需方", "招标人", "用工单位", "受让方"}
_PARTY_LINE = re.compile(rf"^\s*(?P<role>{PARTY_ROLES})\s*(?:[（(](?P<alias>[^）)]{{1,12}})[）)])?\s*(?:（[^）]{{0,6}}）)?\s*[:：]\s*(?P<name>.*)$")
_FIELD = re.compile(r"^\s*(?P<key>住所|地址|住所地|通讯地址|统一社会信用代码|社会信用代码|信用代码|法定代表人|负责人|委托代理人|联系人|电话|联系电话)\s*(?:（[^）]*）)?\s*[:：]\s*(?P<value>.*)$")


@dataclass
class Party:
    role: str
    alias: str
    name: str
    block: int
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def is_buyer(self) -> bool:
        return self.role in BUYER_ROLES or self.alias in BUYER_ROLES


def find_parties(doc: Document) -> list[Party]:
    """The parties named in the heading (the signature block is read separately)."""
    parties: list[Party] = []
    current: Party | None = None
    signature = find_signature(doc)
    end = signature.index if signature is not None and signature.index > 2 else 80
    for b in doc.blocks[: min(end, 80)]:
        if b.kind not in ("paragraph", "line", "cell"):
            continue
        for line in b.text.split("\n"):
            m = _PARTY_LINE.match(line)
            if m:
                name = re.sub(r"[（(]?(盖章|签章|公章)[）)]?$", "", m.group("name").strip()).strip(" _")
                if current and current.role == m.group("role"):
                    if not current.name and name:
                        current.name = name
                    continue
                alias = m.group("alias") or ""
                if re.search(r"盖章|签章|签字|公章|印章", alias):
                    alias = ""
                current = Party(m.group("role"), alias, name, b.index)
                if not any(current.role in (p.role, p.alias) for p in parties):
                    parties.append(current)
                else:
                    current = None
                continue
            f = _FIELD.match(line)
            if f and current:
                current.fields.setdefault(f.group("key"), f.group("value").strip())
    return [p for p in parties if p.name and not re.fullmatch(r"[_\s]*", p.name)]


# ------------------------------------------------------------------ signature block

_SIGN = re.compile(r"盖章|签章|签字|签名|公章|法定代表人|委托代理人|授权代表|签订日期|签约日期|签订地点")


def find_signature(doc: Document) -> Block | None:
    """The first block of the closing signature block (甲方（盖章）… 签订日期…)."""
    body = [b for b in doc.blocks if b.kind not in ("header", "footer")]
    first = None
    misses = 0
    for b in reversed(body[-40:]):
        if _SIGN.search(b.text):
            first, misses = b, 0
        elif first is not None:
            misses += 1
            if misses > 3:
                break
    return first


# ------------------------------------------------------------------ key dates, amount

_SIGNED = re.compile(r"(签订|签约|签署|签字|订立)(日期|时间)")
_ISSUED = re.compile(r"印发|发布|公布|成文")
_EFFECTIVE = re.compile(r"自\s*(?P<date>[^，。；]{6,16}?)\s*起\s*(施行|实施|生效|执行)")
_NOT_THE_PRICE = re.compile(r"收费标准|代理服务费|中标服务费|计算公式|例如|[×xX]\s*\d+(\.\d+)?\s*%")
# Labels of the contract price, strongest first: the price itself, a stated fee
# total, and last the award price a recital cites (a contract may differ from it).
_AMOUNT_LABELS = (
    re.compile(r"(合同(总)?(金额|价款|总价|价格)|签约合同价|固定总价|总价款|合同价|(经费|报酬|费用|价款|租金)及?[^，。；]{0,4}(合计|总额|总计)|(监理费|设计费|服务费|咨询费|勘察费)[^，。；]{0,30}暂定为)"),
    re.compile(r"(本合同|本项目)?(监理服务费|技术服务费|服务费总额|服务费|监理费|设计费|咨询费|勘察费|养护费|托管费|租金总额|总租金)(总额|合计|总计)?\s*(为|是|：|:)"),
    re.compile(r"(中标|成交)(价|金额)"),
)
_AMOUNT_LABEL = _AMOUNT_LABELS[0]


def key_dates(doc: Document) -> dict[str, tuple[object, Block]]:
    out: dict = {}
    for b in doc.blocks:
        t = norm_text(b.text)  # "___2024___年__6__月" is read around its blanks
        signed = _SIGNED.search(t) if "signed_on" not in out else None
        if signed:
            for q in find_dates(t[signed.start() :]):
                d = date_value(q)
                if d and q.extra["d"]:
                    out["signed_on"] = (d, b)
                    break
        m = _EFFECTIVE.search(t)
        if m and "effective_on" not in out:
            for q in find_dates(m.group("date")):
                d = date_value(q)
                if d:
                    out["effective_on"] = (d, b)
    # A normative document's 成文 date stands alone on its line, under the signature
    # of the notice; a notice that carries the 办法 after it has that line mid-way.
    for b in doc.blocks:
        t = b.text.strip().strip("（）()")
        qs = find_dates(t)
        if qs and qs[0].extra["d"] and len(t) <= len(qs[0].text) + 4:
            d = date_value(qs[0])
            if d:
                out["dated_on"] = (d, b)
                break
    return out


def contract_amount(doc: Document) -> tuple[float, Block] | None:
    """The contract price: the first amount in a sentence that names it (or on the
    line under a heading that names it), never a fee scale, formula or example."""
    texts = [norm_text(b.text) for b in doc.blocks]
    for label in _AMOUNT_LABELS:
        found = _labelled_amount(doc, texts, label)
        if found:
            return found
    return total_row(doc)


def _labelled_amount(doc: Document, texts: list[str], label: re.Pattern) -> tuple[float, Block] | None:
    for b in doc.blocks:
        text = texts[b.index]
        if _NOT_THE_PRICE.search(text):
            continue
        for m in label.finditer(text):
            if re.search(r"(施工|工程|总承包|其他|原|月|每|日)$", text[max(0, m.start() - 3) : m.start()]) or "预算" in m.group():
                continue  # "施工合同价" in a supervision contract is another contract's price
            tail = re.split(r"[。；]", text[m.end() : m.end() + 80])[0]
            heading_only = len(text.strip()) <= 20 and not text[m.end() :].strip(" ：:")
            if heading_only and b.index + 1 < len(texts):
                # "9.1 合同总价" over "人民币壹拾亿…": the amount must open the next line
                nxt = re.split(r"[。；]", texts[b.index + 1][:80])[0]
                opening = [q for q in find_money(nxt) if q.value and q.value >= 100][:1]
                if opening and re.fullmatch(r"[\s：:为是人民币（(]*|(合同)?(总价|总金额|价款|金额)(为|是|：|:)[\s人民币]*", nxt[: opening[0].start]):
                    tail = nxt
            amounts = [q for q in find_money(tail) if q.value and q.value >= 100]
            # "按照估算投资3100万元…计算，为固定总价人民币…": the amount the price "is"
            stated = [q for q in amounts if re.search(r"(为|是|：|:|总价|合计)[^，,0-9]{0,8}$", tail[: q.start])]
            first = (stated or amounts or [None])[0]
            if amounts and re.fullmatch(r"[\s：:为是人民币（(]*", tail[: amounts[0].start]):
                first = amounts[0]  # the amount right after the label, before any breakdown
            # "合同总价的30%，即…" names a share of the price, not the price itself
            if first is not None and not re.search(r"[%％的]|百分之|每(月|年|季度|日|天|次)", tail[: first.start]):
                return first.value, b
    return None


def total_row(doc: Document) -> tuple[float, Block] | None:
    """No sentence names the price: the 合计 row of a price or rent table does."""
    for b in doc.blocks:
        t = b.text.replace("｜", "|")
        if re.match(r"^\s*(合计|总计|合同总价)", t) and ("|" in t or b.kind == "cell" or re.match(r"^\s*(合计|总计)\s*[:：]", t)):
            numbers = [float(x.replace(",", "")) for x in re.findall(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d{2}", t)]
            if numbers and max(numbers) >= 100:
                return max(numbers), b
    return None


# ------------------------------------------------------------------ kind

_NORMATIVE_TITLE = re.compile(r"(办法|规定|细则|规则|意见|决定|通知|通告|方案|制度|规程|措施|规范)(（[^）]*）)?$")
_TENDER_TITLE = re.compile(r"招标|采购文件|磋商|谈判文件|比选|询价|遴选|采购项目")
_CONTRACT_TITLE = re.compile(r"合同|协议|契约")


def detect_kind(doc: Document, title: str) -> str:
    head = "\n".join(b.text for b in doc.blocks[:80])
    contractish = re.search(r"(甲方|采购人|发包人|出租方|需方)\s*[（(:：]", head) and re.search(r"(乙方|供应商|承包人|承租方|供方)\s*[（(:：]", head)
    if _NORMATIVE_TITLE.search(title) and not re.search(r"(合同|协议)(书)?$", title):
        return "normative"  # "…关于印发《政府合同管理办法》的通知" is a normative document
    if _TENDER_TITLE.search(title) and not re.search(r"合同(书)?$|协议(书)?$", title):
        return "tender"
    if _CONTRACT_TITLE.search(title):
        return "contract"
    if re.search(r"投标人须知|供应商须知|磋商须知|谈判须知|评标办法|评分标准|响应文件|投标文件格式", head):
        return "tender"
    if contractish:
        return "contract"
    if DOCNO_LOOSE.search(head) and re.search(r"人民政府|办公室|局|委员会", head):
        return "normative"
    return "other"
