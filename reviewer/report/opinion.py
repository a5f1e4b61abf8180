"""The 合法性审查意见书: a Letter built from a Review, then rendered (Markdown here,
Word in opinion_docx.py). The fixed wording comes from rules/opinion.toml."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.case import CaseInfo, working_days
from reviewer.errors import UsageError
from reviewer.findings import BasisRef, Finding

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
class LetterItem:
    label: str  # 合同第十九条 / 合同 (whole document)
    excerpt: str
    severity: str
    message: str
    bases: list[BasisRef]
    suggestion: str
    rule: str
    assumed: list[str] = field(default_factory=list)  # what the finding assumed, said in the letter


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
    signature: list[str]
    date: str


def clause_reference(prefix: str, clause: str) -> str:
    """合同第十九条 / 合同第5.2条 / 合同第一部分（二） / 合同附表1."""
    if not clause:
        return prefix
    if clause.startswith("第"):
        return prefix + clause
    if clause.startswith("表格"):
        return f"{prefix}所附{clause}"
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
    values = {"title": title, "unit": info.unit or "送审单位", "category": k["category"], "action": k["action"]}

    findings = [f for f in rv.findings if not f.rule.startswith("INGEST.")]
    groups: dict[str, list[LetterItem]] = {g: [] for g in template["groups"]["order"]}
    for f in findings:
        item = LetterItem(clause_reference(k["prefix"], f.clause), f.excerpt, f.severity, f.message, f.basis, f.suggestion, f.rule, list(f.assumed.values()))
        groups.setdefault(group_of(f.point, f.rule, template), []).append(item)
    fatal = set(template.get("fatal_points", []))
    if conclusion_override:
        key = conclusion_override
    elif any(f.severity == "必须修改" and (f.point in fatal or f.rule in fatal) for f in findings):
        key = "unlawful"
    elif any(f.severity == "必须修改" for f in findings):
        key = "amend"
    else:
        key = "lawful"
    if key not in template["conclusions"]:
        raise UsageError(f"审查结论应为 {'、'.join(template['conclusions'])} 之一（收到“{key}”）")

    done = info.done or dt.date.today()
    meta = [
        ("送审单位", info.unit or ""),
        ("送审事项", f"《{title}》"),
        ("送审类别", k["category"]),
        ("收件日期", cn_date(info.received) if info.received else ""),
        ("材料齐全日期", cn_date(info.complete) if info.complete else ""),
        ("审查完成日期", cn_date(done)),
    ]
    materials = _materials_paragraphs(info, title, done)
    notes = list(k.get("notes", [])) + [f.message for f in rv.findings if f.rule.startswith("INGEST.")]
    return Letter(
        office=template["office"],
        title=template["title"],
        number=number,
        meta=meta,
        salutation=template.get("salutation", "{unit}：").format(**values) if info.unit else "",
        intro=template["intro"].format(**values),
        materials=materials,
        basis_laws=cited_laws(findings, ruleset),
        groups=[(g, items) for g, items in groups.items() if items],
        no_findings=template.get("no_findings", ""),
        conclusion_key=key,
        conclusion=template["conclusions"][key].format(**values),
        notes=notes,
        signature=list(template["signature"]),
        date=cn_date(done),
    )


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
    lines += ["  ".join(letter.signature), "", f"<p align=\"right\">{letter.office}<br>{letter.date}</p>", ""]
    return "\n".join(lines)


def item_paragraphs(n: int, item: LetterItem) -> list[str]:
    excerpt = item.excerpt.rstrip("。；;，,")
    head = f"{n}. {item.label}" + (f"“{excerpt}”" if excerpt else "") + f"。【{item.severity}】"
    paras = [head, item.message]
    if item.assumed:  # a finding that rests on an unstated fact says so, with how to settle it
        said = [re.sub(r"[；;，,]\s*可用 --fact[^）)]*", "", a).rstrip("。") for a in item.assumed]  # command hints are for the reviewer, not the letter
        paras.append("本项意见" + "；".join(said) + "，请送审单位核实。")
    for b in item.bases:
        if b.verified:
            paras.append(f"{b.citation}规定：“{b.quote}”")
        else:
            paras.append(f"{b.citation}。")
    if item.suggestion:
        paras.append("建议" + ("" if item.suggestion.startswith("建议") else "：") + item.suggestion.removeprefix("建议"))
    return paras


def sections(letter: Letter) -> list[tuple[str, list[str]]]:
    opinions: list[str] = []
    if not letter.groups:
        opinions.append(letter.no_findings)
    for g, (name, items) in enumerate(letter.groups, 1):
        opinions.append(f"（{cn_ordinal(g)}）{name}")
        for n, item in enumerate(items, 1):
            opinions.extend(item_paragraphs(n, item))
    return [
        ("送审材料情况", letter.materials),
        ("审查依据", ["、".join(letter.basis_laws) + "。" if letter.basis_laws else "有关法律、法规、规章和国家政策。"]),
        ("审查意见", opinions),
        ("审查结论", [letter.conclusion]),
        ("其他说明", [f"{i}. {t}" for i, t in enumerate(letter.notes, 1)]),
    ]

