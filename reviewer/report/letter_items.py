"""One item of the letter's 审查意见, worded as an officer writes it: the clause and
its whole sentence quoted once, what is wrong, the law by name (its text is quoted
once, in 二、审查依据), what was assumed, and how to fix it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reviewer.findings import BasisRef

# "合同约定“…”，" / "违约责任条款中" / "送审稿规定“…”": the subject and verb a rule's message
# opens with before quoting the matched words; the letter quotes the whole sentence instead
_OPENING = re.compile(r"^(?:合同|本合同|付款条款|违约金|仲裁条款|争议解决条款|不可抗力条款|送审稿|文件|文中|合同中)?(?:约定|规定|要求缴纳|引用)?“(?P<quoted>[^”]{1,200})”")
_LABEL_TAIL = re.compile(r"^[\u4e00-\u9fa5]{1,4}：")  # "付款：" left over after the quote
_COMMAND_HINT = re.compile(r"[；;，,]\s*可用 --fact[^）)]*")
_ESCALATE = re.compile(r"。?如属实，本项应为“(?P<severity>[^”]+)”")


@dataclass
class LetterItem:
    label: str  # 合同第十九条 / 合同 (whole document)
    excerpt: str
    severity: str
    message: str
    bases: list[BasisRef]
    suggestion: str
    rule: str
    assumed: list[str] = field(default_factory=list)  # what the finding assumed, said in the letter
    verb: str = "约定"  # 约定 for contracts, 规定 for normative documents and tenders


def _plain(text: str) -> str:
    return re.sub(r"[\s\u3000]", "", text)


def opening(item: LetterItem) -> str:
    """The item's first sentence: the clause, its words, and what is wrong with them."""
    excerpt = item.excerpt.strip().rstrip("。；;，,")
    message = item.message.strip()
    if not excerpt:  # a finding about the whole document: its message says what is missing
        return message
    m = _OPENING.match(message)
    if m and _plain(m.group("quoted")) in _plain(excerpt):
        rest = message[m.end():]
        rest = "，" + rest[m2.end():] if (m2 := _LABEL_TAIL.match(rest)) else rest
        return f"{item.label}{item.verb}“{excerpt}”{rest}"
    return f"{item.label}{item.verb}“{excerpt}”。{message}"


def citations(bases: list[BasisRef]) -> str:
    """《民法典》第六条、第四百九十七条、《…条例》第十条第二款: a law named once, its articles after it."""
    laws: dict[str, list[str]] = {}
    for b in bases:
        law = b.law.replace("《", "〈").replace("》", "〉")
        name = f"《{law}》" + (f"（{b.doc_no}）" if b.doc_no and not b.verified else "")
        articles = laws.setdefault(name, [])
        if (b.article or "") not in articles:
            articles.append(b.article or "")
    return "、".join(name + "、".join(a for a in arts if a) for name, arts in laws.items())


def law_sentence(item: LetterItem) -> str:
    """Why, by name: the quoted text stands once in 二、审查依据."""
    verified = [b for b in item.bases if b.verified]
    other = [b for b in item.bases if not b.verified]
    out = []
    if verified:
        if item.severity == "必须修改":
            out.append(f"该约定不符合{citations(verified)}的规定（条文见本意见第二部分）。")
        else:
            out.append(f"相关规定见{citations(verified)}（条文见本意见第二部分）。")
    if other:
        out.append(f"{'另请' if verified else '请'}参照{citations(other)}的有关规定。")
    return "".join(out)


def assumption_sentence(assumed: list[str]) -> str:
    """"本项意见假定…；…。如属实，本项应为“必须修改”。请送审单位核实。" — each assumption
    once, without the command hints that are meant for the reviewer."""
    said, escalate = [], ""
    for a in assumed:
        m = _ESCALATE.search(a)
        if m:
            escalate = m.group("severity")
            a = a[: m.start()]
        for part in _COMMAND_HINT.sub("", a).split("；"):
            part = part.strip().rstrip("。")
            if re.match(r"^\d{4}-\d{2}-\d{2}（文中未载明", part):
                part = "合同订立日期按审查当日计（文中未载明签订日期）"
            if part and part not in said:
                said.append(part)
    if not said:
        return ""
    text = "本项意见" + "；".join(said) + "。"
    if escalate:
        text += f"如属实，本项应为“{escalate}”。"
    return text + "请送审单位核实。"


def item_paragraphs(n: int, item: LetterItem) -> list[str]:
    head = opening(item).rstrip("。") + "。" + f"【{item.severity}】"
    paras = [f"{n}. {head}"]
    why = law_sentence(item)
    if why:
        paras.append(why)
    assumed = assumption_sentence(item.assumed)
    if assumed:
        paras.append(assumed)
    if item.suggestion:
        s = item.suggestion.strip()
        paras.append(s if s.startswith(("建议", "请")) else "建议" + s)
    return paras
