"""A tender's parts (第一章 招标公告, 第二章 投标人须知 … 第五章 合同条款及格式), found
from its chapter headings. The table of contents lists the same headings; an entry
there is followed by the next entry (or carries a page number), never by text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewer.document import Document

_CHAPTER = re.compile(r"^\s*第\s*[一二三四五六七八九十\d]+\s*(章|部分|篇)\s*(?P<name>\S.{0,40})$")
# a short tender heads its parts "一、采购公告 … 六、合同草案" instead of chapters
_NUMBERED = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*(?P<name>[^\s，。；：:]{2,16})\s*$")
_TOC_PAGE = re.compile(r"(\t|\.{3,}|…{2,}|\s{2,})\s*\d+\s*$")

# part kind -> words of its heading, tried in this order
PART_KINDS: list[tuple[str, re.Pattern]] = [
    ("forms", re.compile(r"(投标|响应|磋商|谈判|比选|报价)文件.{0,4}(格式|组成|构成)|文件格式|格式附件")),
    ("contract", re.compile(r"合同(?!.*实质性要求)")),
    ("notice", re.compile(r"公告|邀请")),
    ("instructions", re.compile(r"须知")),
    ("qualification", re.compile(r"资格")),
    ("evaluation", re.compile(r"评标|评审|评分|评定|定标|磋商程序|谈判程序")),
    ("bill", re.compile(r"工程量清单|控制价|最高投标限价")),
    ("requirements", re.compile(r"需求|要求|技术|标准|服务内容|采购内容|供货|规格")),
]
PART_NAMES = {
    "notice": "招标（采购）公告", "instructions": "投标人（供应商）须知", "qualification": "资格条件",
    "evaluation": "评标（评审）办法", "requirements": "采购需求和技术要求", "contract": "合同条款",
    "forms": "投标（响应）文件格式", "bill": "工程量清单和最高限价", "other": "其他部分",
}


@dataclass
class Part:
    kind: str  # notice | instructions | qualification | evaluation | requirements | contract | forms | bill | other
    heading: str  # 第四章 合同条款及格式
    start: int  # first block (the heading)
    end: int  # one past the last block


def _kind(name: str) -> str:
    return next((kind for kind, words in PART_KINDS if words.search(name)), "other")


def find_parts(doc: Document) -> list[Part]:
    blocks = doc.blocks
    heads = [b for b in blocks if b.kind != "cell" and len(b.text.strip()) <= 44 and _is_heading(b.text.strip())]
    # headings with no text between them are a table of contents, except the last of the
    # run when it begins its chapter (no later heading of the same name outside such a run)
    runs: list[list] = []
    for a, b in zip(heads, heads[1:]):
        if not any(x.text.strip() for x in blocks[a.index + 1 : b.index]):
            if runs and runs[-1][-1] is a:
                runs[-1].append(b)
            else:
                runs.append([a, b])
    in_run = {b.index for run in runs for b in run}
    toc = {b.index for run in runs for b in run[:-1]}
    for run in runs:
        last = run[-1]
        if any(_name(h) == _name(last) and h.index > last.index and h.index not in in_run for h in heads):
            toc.add(last.index)
    body = [b for b in heads if b.index not in toc and not _TOC_PAGE.search(b.text)]
    parts = []
    for i, b in enumerate(body):
        end = body[i + 1].index if i + 1 < len(body) else len(blocks)
        heading = re.sub(r"\s+", " ", b.text.strip())
        parts.append(Part(_kind(_CHAPTER.match(heading).group("name")), heading, b.index, end))
    return parts


def _name(block) -> str:
    return re.sub(r"\s+", "", _TOC_PAGE.sub("", block.text))


def _is_heading(text: str) -> bool:
    m = _CHAPTER.match(text)
    # "第二章“投标人须知”第1.4.3项规定的…" cites a chapter; it does not begin one
    return bool(m) and not re.match(r"[“\"「《]", m.group("name")) and not re.search(r"[。；，]|规定|中的", m.group("name"))


def numbered_parts(doc: Document) -> list[Part]:
    """Parts headed "一、采购公告" … "六、合同草案" when the tender has no chapters: only
    headings that name a tender part count, and at least three of them."""
    heads = [(b, m.group("name")) for b in doc.blocks if b.kind != "cell" and (m := _NUMBERED.match(b.text))]
    heads = [(b, name) for b, name in heads if _kind(name) != "other"]
    if len(heads) < 3:
        return []
    parts = []
    for i, (b, name) in enumerate(heads):
        end = heads[i + 1][0].index if i + 1 < len(heads) else len(doc.blocks)
        parts.append(Part(_kind(name), b.text.strip(), b.index, end))
    return parts


def contract_part(doc: Document) -> Part | None:
    """The draft contract a tender carries (the largest part headed as one)."""
    found = [p for p in (find_parts(doc) or numbered_parts(doc)) if p.kind == "contract"]
    return max(found, key=lambda p: p.end - p.start) if found else None
