"""Builds each tender NAME.docx of this folder from its NAME.src.txt source: run with the
project's venv. Lines starting with "| " form a table (cells split by " | "); "# " a
centred bold title; "## " a chapter heading; other lines are paragraphs."""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

HERE = Path(__file__).parent


def build(source: Path) -> Path:
    doc = Document()
    rows: list[list[str]] = []

    def flush():
        if not rows:
            return
        table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        table.style = "Table Grid"
        for i, r in enumerate(rows):
            for j, cell in enumerate(r):
                table.cell(i, j).text = cell
        rows.clear()

    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("| "):
            rows.append([c.strip() for c in line[2:].split(" | ")])
            continue
        flush()
        if line.startswith("# "):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(line[2:]).bold = True
        elif line.startswith("## "):
            doc.add_paragraph().add_run(line[3:]).bold = True
        elif line.strip():
            doc.add_paragraph(line)
    flush()
    out = source.with_name(source.name.replace(".src.txt", ".docx"))
    doc.save(out)
    return out


if __name__ == "__main__":
    for src in sorted(HERE.glob("*.src.txt")):
        print(build(src))
