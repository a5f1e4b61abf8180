"""Build the corpus .docx files from their plain-text sources.

    /work/venv/bin/python corpus/tools/build_docx.py            # every src/*.md
    /work/venv/bin/python corpus/tools/build_docx.py NAME ...   # only these

Each ``corpus/tools/src/NAME.md`` becomes ``corpus/<target>/NAME.docx``.
Source markup, one construct per line:

    !target contracts|normative   first line: the output folder (required)
    !header 文本                  page-header (页眉) text
    !restart                      the next "@ " paragraph starts again at 第一条
    # 标题                        document title: centred, bold, larger
    ## 章节                       chapter heading: centred, bold
    @ 条文                        an article that Word numbers automatically as
                                  第一条、第二条…; the label is NOT in the text, it
                                  comes from a numbering definition (numFmt
                                  chineseCounting, lvlText "第%1条") in numbering.xml
    | 甲 | 乙 | 丙                table row; consecutive rows form one table;
                                  cells are separated by " | "
    (blank line)                  ignored
    anything else                 a plain paragraph

The output is deterministic apart from the timestamps python-docx writes into
docProps/core.xml, which we pin so that a rebuild gives identical text.
"""
from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent
SRC = HERE / "src"
TARGETS = {"contracts", "normative"}

ABSTRACT_NUM_ID = 90  # far from anything the default template defines
BODY_FONT = "仿宋"
TITLE_FONT = "宋体"


def _set_font(run_or_style, name: str, size: float | None = None, bold: bool | None = None) -> None:
    font = run_or_style.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = run_or_style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), name)


class ArticleNumbering:
    """One abstractNum "第%1条" (chineseCounting) and a w:num per restart."""

    def __init__(self, document) -> None:
        self.numbering = document.part.numbering_part.element
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{ABSTRACT_NUM_ID}">'
            '<w:multiLevelType w:val="singleLevel"/>'
            '<w:lvl w:ilvl="0">'
            '<w:start w:val="1"/>'
            '<w:numFmt w:val="chineseCounting"/>'
            '<w:suff w:val="space"/>'
            '<w:lvlText w:val="第%1条"/>'
            '<w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="0" w:firstLine="480"/></w:pPr>'
            '<w:rPr><w:b/></w:rPr>'
            "</w:lvl>"
            "</w:abstractNum>"
        )
        # schema order: every w:abstractNum precedes every w:num
        first_num = self.numbering.find(qn("w:num"))
        if first_num is None:
            self.numbering.append(abstract)
        else:
            first_num.addprevious(abstract)
        self.num_id: int | None = None

    def restart(self) -> None:
        self.num_id = None

    def current(self) -> int:
        if self.num_id is None:
            num = self.numbering.add_num(ABSTRACT_NUM_ID)
            override = parse_xml(
                f'<w:lvlOverride {nsdecls("w")} w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
            )
            num.append(override)
            self.num_id = num.numId
        return self.num_id

    def apply(self, paragraph) -> None:
        numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numpr.get_or_add_ilvl().val = 0
        numpr.get_or_add_numId().val = self.current()


def build(src: Path) -> Path:
    lines = src.read_text(encoding="utf-8").splitlines()
    if not lines or not lines[0].startswith("!target "):
        raise SystemExit(f"{src}: first line must be '!target contracts' or '!target normative'")
    target = lines[0].split(None, 1)[1].strip()
    if target not in TARGETS:
        raise SystemExit(f"{src}:1: unknown target {target!r}")

    doc = Document()
    normal = doc.styles["Normal"]
    _set_font(normal, BODY_FONT, 12)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.25
    numbering = ArticleNumbering(doc)
    table_rows: list[list[str]] = []

    def flush_table() -> None:
        if not table_rows:
            return
        width = max(len(r) for r in table_rows)
        table = doc.add_table(rows=len(table_rows), cols=width)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, row in enumerate(table_rows):
            for j in range(width):
                cell = table.cell(i, j)
                cell.text = row[j] if j < len(row) else ""
                if i == 0:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
        table_rows.clear()

    for lineno, raw in enumerate(lines[1:], start=2):
        line = raw.rstrip()
        if line.startswith("| ") or line == "|":
            cells = [c.strip() for c in line[1:].strip().removesuffix("|").split(" | ")]
            table_rows.append(cells)
            continue
        flush_table()
        if not line.strip():
            continue
        if line.startswith("!header "):
            header = doc.sections[0].header.paragraphs[0]
            header.text = line[len("!header "):].strip()
            header.alignment = WD_ALIGN_PARAGRAPH.CENTER
            continue
        if line == "!restart":
            numbering.restart()
            continue
        if line.startswith("!"):
            raise SystemExit(f"{src}:{lineno}: unknown directive {line.split()[0]!r}")
        if line.startswith("# "):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(p.add_run(line[2:].strip()), TITLE_FONT, 18, bold=True)
        elif line.startswith("## "):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(p.add_run(line[3:].strip()), TITLE_FONT, 14, bold=True)
        elif line.startswith("@ "):
            p = doc.add_paragraph(line[2:].strip())
            numbering.apply(p)
        else:
            p = doc.add_paragraph(line.strip())
            p.paragraph_format.first_line_indent = Pt(24)
    flush_table()

    pinned = _dt.datetime(2026, 1, 1, 0, 0, 0)
    doc.core_properties.created = pinned
    doc.core_properties.modified = pinned
    doc.core_properties.last_modified_by = "corpus"
    doc.core_properties.author = "corpus"
    doc.core_properties.title = src.stem

    out = CORPUS / target / f"{src.stem}.docx"
    doc.save(out)
    return out


def main(argv: list[str]) -> int:
    sources = [SRC / f"{name}.md" for name in argv] if argv else sorted(SRC.glob("*.md"))
    for src in sources:
        if not src.exists():
            print(f"no such source: {src}", file=sys.stderr)
            return 2
        out = build(src)
        print(f"{src.relative_to(CORPUS)} -> {out.relative_to(CORPUS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
