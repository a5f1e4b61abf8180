"""The document model every later stage reads: blocks in reading order, one text.

`Document.raw` is the blocks' texts joined by newlines; every offset in the engine
points into it (or into its normalised twin, which maps back), so a finding can
always be traced to a block (paragraph, table cell, PDF page line) a person can find.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(slots=True)
class Block:
    index: int
    kind: str  # paragraph | cell | header | footer | line (text file) | page-paragraph (pdf)
    text: str  # the text as the reader sees it, without Word's automatic number
    label: str = ""  # Word's automatic numbering, rendered ("第一条", "1.", "（一）")
    page: int | None = None  # 1-based PDF page
    table: int | None = None  # 1-based table number for cells
    row: int | None = None
    col: int | None = None
    style: str = ""
    start: int = 0  # offset of `text` in Document.raw
    # .docx only: (ordinal of the w:p in the body in document order, length of its text)
    # for each paragraph that makes up the block (a table cell may hold several)
    sources: tuple = ()

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def display(self) -> str:
        """The line as Word shows it: automatic label, then the text."""
        return f"{self.label} {self.text}" if self.label else self.text

    def where(self) -> str:
        """A Chinese description of where to find the block."""
        if self.kind == "cell":
            return f"表格{self.table}第{self.row}行第{self.col}列"
        if self.kind in ("header", "footer"):
            return "页眉" if self.kind == "header" else "页脚"
        if self.page:
            return f"第{self.page}页"
        return f"第{self.index + 1}段"


@dataclass(slots=True)
class IngestNote:
    """Something the reader noticed while reading the file (reported as 提示)."""

    code: str
    message: str


@dataclass
class Document:
    path: str
    format: str  # docx | pdf | txt | md | converted:<from>
    blocks: list[Block]
    notes: list[IngestNote] = field(default_factory=list)
    encoding: str | None = None
    pages: int | None = None

    def __post_init__(self) -> None:
        offset = 0
        for i, block in enumerate(self.blocks):
            block.index = i
            block.start = offset
            offset += len(block.text) + 1
        self._starts = [b.start for b in self.blocks]

    @cached_property
    def raw(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    @cached_property
    def norm(self):
        from reviewer.text.normalize import normalize

        return normalize(self.raw)

    def block_at(self, offset: int) -> Block | None:
        if not self.blocks:
            return None
        i = bisect_right(self._starts, offset) - 1
        return self.blocks[max(i, 0)]

    @property
    def char_count(self) -> int:
        return len(self.raw)
