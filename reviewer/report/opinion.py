"""The 合法性审查意见书: a Letter built from a Review, then rendered (Markdown here,
Word in opinion_docx.py). The fixed wording comes from rules/opinion.toml."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.case import CaseInfo, working_days
from reviewer.coverage import coverage_of
from reviewer.errors import UsageError
from reviewer.findings import Finding
from reviewer.report.letter_items import LetterItem, item_paragraphs  # noqa: F401  (item_paragraphs: part of this module's interface)

CN_NUM = "一二三四五六七八九十"
RANK_ORDER = {"法律": 0, "行政法规": 1, "司法解释": 2}


def cn_date(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "    年  月  日"


def cn_ordinal(n: int) -> str:
    import cn2an

    return cn2an.an2cn(n)


def load_template(path: Path | None = None) -> dict:
    from reviewer.paths import default_rules_dir

    p = Path(path) if path else default_rules_dir() / "opinion.toml"
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"无法读取意见书模板 {p}（{exc.__class__.__name__}）") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"意见书模板 {p} 格式错误：{exc}") from None
    for key in ("office", "series", "title", "intro", "conclusions", "groups", "kinds", "signature"):
        if key not in data:
            raise UsageError(f"意见书模板 {p} 缺少“{key}”")
    return data


@dataclass
class Letter:
    office: str
    title: str
    number: str
    meta: list[tuple[str, str]]
    salutation: str
    intro: str
    materials: list[str]
    basis_laws: list[str]
    groups: list[tuple[str, list[LetterItem]]]
    no_findings: str
    conclusion_key: str
    conclusion: str
    notes: list[str]
    signature: list[str]  # sign-off lines printed in the letter (none: they go to the internal record)
    date: str
    basis_quotes: list[str] = field(default_factory=list)  # each cited article (款, 项) quoted once
    coverage: str = ""  # what was and was not examined
    coverage_complete: bool = True
    internal: list[str] = field(default_factory=list)  # 审查人/复核人/负责人: the internal record only


def clause_reference(prefix: str, clause: str) -> str:
    """合同第十九条 / 合同第5.2条 / 合同第一部分（二） / 合同附件9第三条 / 合同附表1."""
    clause = clause.strip()
    if not clause:
        return prefix
    if clause.startswith("附件"):
        return prefix + re.sub(r"\s+", "", clause)
    if clause.startswith("第"):
        return prefix + clause
    if clause.startswith("表格"):
        return f"{prefix}所附{clause}"
    # "五、5.2": the dotted number is what the reader finds; the part heading adds nothing
    m = re.match(r"^[一二三四五六七八九十]+、\s*(\d+(?:\.\d+)+)(.*)$", clause)
    if m:
        return f"{prefix}第{m.group(1)}条{m.group(2)}"
    m = re.match(r"^([一二三四五六七八九十]+)、(.*)$", clause)
    if m:
        return f"{prefix}第{m.group(1)}部分{m.group(2)}"
    m = re.match(r"^(\d+(?:\.\d+)*)(.*)$", clause)
    if m:
        return f"{prefix}第{m.group(1)}条{m.group(2)}"
    return f"{prefix}{clause}"


def group_of(point: str | None, rule: str, template: dict) -> str:
    key = point or rule
    for name, prefixes in template["groups"].get("prefixes", {}).items():
        if any(key.startswith(p) or rule.startswith(p) for p in prefixes):
            return name
    return "内容"


def cited_laws(findings: list[Finding], ruleset) -> list[str]:
    """审查依据: the laws actually cited, full names, 法律 before 行政法规 before 司法解释,
    each with the articles cited."""
    laws: dict[str, dict] = {}
    order: list[str] = []
    for f in findings:
        for b in f.basis:
            key = b.key.split("#")[0]
            if b.verified:
                meta = ruleset.basis.law_of(key)
                name = f"《{b.law.replace('《', '〈').replace('》', '〉')}》"
                rank = RANK_ORDER.get(meta.get("rank", ""), 3) if meta else 3
                art = ruleset.basis.articles[key]
                entry = laws.setdefault(name, {"rank": rank, "articles": {}})
                entry["articles"][art["article"]] = art["label"]
            else:
                name = f"《{b.law}》" + (f"（{b.doc_no}）" if b.doc_no else "")
                entry = laws.setdefault(name, {"rank": 4, "articles": {}})
            if name not in order:
                order.append(name)
    # 民法典 leads the laws, as letters customarily cite it first
    ordered = sorted(order, key=lambda n: (laws[n]["rank"], 0 if "民法典》" in n else 1, order.index(n)))
    out = []
    for name in ordered:
        arts = laws[name]["articles"]
        out.append(name + "、".join(arts[k] for k in sorted(arts)))
    return out


def build_letter(rv, ruleset, info: CaseInfo, template: dict, number: str, conclusion_override: str | None = None) -> Letter:
    kind = rv.facts.get("kind") or "other"
    k = template["kinds"].get(kind) or template["kinds"]["other"]
    title = (info.matter or rv.facts.title or Path(rv.file).stem).strip("《》")
    findings = [f for f in rv.findings if not f.rule.startswith("INGEST.")]
    coverage = getattr(rv, "coverage", None) or coverage_of(kind, ruleset, getattr(ruleset, "root", None))
    verb = k.get("verb", "约定")

    groups: dict[str, list[LetterItem]] = {g: [] for g in template["groups"]["order"]}
    for f in findings:
        item = LetterItem(clause_reference(k["prefix"], f.clause), f.excerpt, f.severity, f.message, f.basis, f.suggestion, f.rule, list(f.assumed.values()), verb)
        groups.setdefault(group_of(f.point, f.rule, template), []).append(item)
    breaking = _law_breaking(findings, ruleset, k["prefix"])
    key = conclusion_override or _conclusion_key(findings, breaking, coverage, rv.facts, template)
    conclusions = {**_DEFAULT_CONCLUSIONS, **template["conclusions"]}
    if key not in conclusions:
        raise UsageError(f"审查结论应为 {'、'.join(conclusions)} 之一（收到“{key}”）")
    values = {
        "title": title, "unit": info.unit or "送审单位", "category": k["category"], "action": k["action"],
        "items": "、".join(dict.fromkeys(label for label, _ in breaking)) or "有关条款",
        "laws": "、".join(dict.fromkeys(law for _, law in breaking)) or "有关法律、行政法规",
        "examined": coverage.summary().rstrip("。"),
    }
    conclusion = conclusions[key].format(**values)
    if any(f.severity == "建议修改" for f in findings) and key != "template":
        conclusion += template.get("suggestions_tail", _SUGGESTIONS_TAIL)

    done = info.done or dt.date.today()
    complete = info.complete or (info.received if not info.missing else None)
    meta = [
        ("送审单位", info.unit or ""),
        ("送审事项", f"《{title}》"),
        ("送审类别", k["category"]),
        ("收件日期", cn_date(info.received)),
        ("材料齐全日期", cn_date(complete)),
        ("审查完成日期", cn_date(done)),
    ]
    notes = [n for n in _notes(k, rv.facts, rv.doc)] + [f.message for f in rv.findings if f.rule.startswith("INGEST.")]
    return Letter(
        office=template["office"],
        title=template["title"],
        number=number,
        meta=meta,
        salutation=template.get("salutation", "{unit}：").format(**values) if info.unit else "",
        intro=template["intro"].format(**values),
        materials=_materials_paragraphs(info, title, done),
        basis_laws=cited_laws(findings, ruleset),
        groups=[(g, items) for g, items in groups.items() if items],
        no_findings=template.get("no_findings", ""),
        conclusion_key=key,
        conclusion=conclusion,
        notes=notes,
        signature=[],
        date=cn_date(done),
        basis_quotes=basis_quotes(findings),
        coverage=coverage.summary(),
        coverage_complete=coverage.complete,
        internal=list(template["signature"]),
    )


_DEFAULT_CONCLUSIONS = {  # for an office's own template written before these conclusions existed
    "partial": "经审查，在本次审查范围内未发现《{title}》存在违反法律、法规、规章和国家政策规定的内容。本意见第三部分所述未作审查的事项，请送审单位组织人工审查后再按程序{action}。",
    "template": "经审查，《{title}》尚未填写完整，属于未定稿的范本，本意见仅对其条款文字提出意见，不能作为同意{action}的依据。请填写完整、按本意见修改后再行送审。",
}
_SUGGESTIONS_TAIL = "本意见第三部分所列“建议修改”事项，请送审单位研究采纳。"


def _law_breaking(findings: list[Finding], ruleset, prefix: str) -> list[tuple[str, str]]:
    """(clause, law) of each 必须修改 finding that a law or administrative regulation settles."""
    out = []
    for f in findings:
        if f.severity != "必须修改":
            continue
        for b in f.basis:
            meta = ruleset.basis.law_of(b.key) if b.verified else None
            if meta and meta.get("rank") in ("法律", "行政法规"):
                out.append((clause_reference(prefix, f.clause) if f.clause else prefix, f"《{meta['title']}》"))
                break
    return out


def _conclusion_key(findings: list[Finding], breaking: list, coverage, facts, template: dict) -> str:
    """不合法 when a 必须修改 breaks a law or administrative regulation; 修改 with any other
    必须修改; 合法 only with none and every point of the document's kind examined."""
    fatal = set(template.get("fatal_points", []))
    if getattr(facts, "template", False):
        return "template"
    if breaking or any(f.severity == "必须修改" and (f.point in fatal or f.rule in fatal) for f in findings):
        return "unlawful"
    if any(f.severity == "必须修改" for f in findings):
        return "amend"
    return "lawful" if coverage.complete else "partial"


def _notes(kind_template: dict, facts, doc) -> list[str]:
    """其他说明: a note with `when` prints only where it applies (the 政府采购 filing note
    not for a private company's contract)."""
    out = []
    for note in kind_template.get("notes", []):
        if isinstance(note, str):
            out.append(note)
        elif _note_applies(note.get("when", ""), facts, doc):
            out.append(note["text"])
    return out


def _note_applies(when: str, facts, doc) -> bool:
    if when == "government_procurement":
        from reviewer.facts.truth import truth

        said = "政府采购" in (doc.norm.text if doc is not None else "")
        public_buyer = truth(facts, "buyer_type", ["机关", "事业单位", "团体组织"])
        return said or public_buyer is not False
    return True


def _materials_paragraphs(info: CaseInfo, title: str, done: dt.date) -> list[str]:
    received = info.materials or [f"《{title}》"]
    out = ["已收材料：" + "；".join(f"{i}.{m}" for i, m in enumerate(received, 1)) + "。"]
    if info.missing:
        out.append(f"经审查，送审材料缺少{'、'.join(info.missing)}，请予补充。")
    if info.due:
        start = info.complete or info.received
        if start:
            days = working_days(start, info.due)
            if days < 5:
                out.append(f"送审单位要求于{cn_date(info.due)}前出具意见，审查时间不足5个工作日（实有{days}个工作日），本意见仅就送审文本提出，未能对其他事项进行核实。")
    return out


# ------------------------------------------------------------------ Markdown

def render_md(letter: Letter) -> str:
    lines = [f"# {letter.office}", "", f"## {letter.title}", "", f"<p align=\"right\">{letter.number}</p>", ""]
    for k, v in letter.meta:
        lines.append(f"- {k}：{v}")
    lines.append("")
    if letter.salutation:
        lines += [letter.salutation, ""]
    lines += [letter.intro, ""]
    for n, (heading, body) in enumerate(sections(letter), 1):
        lines += [f"### {cn_ordinal(n)}、{heading}", ""]
        for para in body:
            lines += [para, ""]
    if letter.signature:
        lines += ["  ".join(letter.signature), ""]
    lines += [f"<p align=\"right\">{letter.office}<br>{letter.date}</p>", ""]
    return "\n".join(lines)


def basis_quotes(findings: list[Finding]) -> list[str]:
    """Each cited article, paragraph or item quoted once, in the order first cited. An
    item is quoted with its paragraph's lead-in so that it reads as a sentence."""
    seen: dict[str, str] = {}
    for f in findings:
        for b in f.basis:
            if not b.verified or not b.quote or b.key in seen:
                continue
            law = b.law.replace("《", "〈").replace("》", "〉")
            quote = f"{b.lead}……{b.quote}" if b.lead else b.quote
            seen[b.key] = f"《{law}》{b.article or ''}：“{quote}”"
    # a whole article quoted makes its own paragraphs and items redundant
    whole = {k for k in seen if "#" not in k}
    return [q for k, q in seen.items() if k.split("#")[0] not in whole or "#" not in k]


def sections(letter: Letter) -> list[tuple[str, list[str]]]:
    opinions: list[str] = []
    if letter.coverage:
        opinions.append(letter.coverage)
    if not letter.groups:
        opinions.append(letter.no_findings if letter.coverage_complete else "在上述审查范围内，未发现需要修改的问题。")
    for g, (name, items) in enumerate(letter.groups, 1):
        opinions.append(f"（{cn_ordinal(g)}）{name}")
        for n, item in enumerate(items, 1):
            opinions.extend(item_paragraphs(n, item))
    basis = ["、".join(letter.basis_laws) + "。" if letter.basis_laws else "有关法律、法规、规章和国家政策。"]
    if letter.basis_quotes:
        basis.append("本意见所引条文如下：")
        basis += [f"{i}. {q}" for i, q in enumerate(letter.basis_quotes, 1)]
    return [
        ("送审材料情况", letter.materials),
        ("审查依据", basis),
        ("审查意见", opinions),
        ("审查结论", [letter.conclusion]),
        ("其他说明", [f"{i}. {t}" for i, t in enumerate(letter.notes, 1)]),
    ]
