"""A click help formatter for Chinese text.

click measures and wraps help by characters, but a Chinese character takes two columns
on a terminal: its help pages came out up to twice as wide as the window, the option
column did not line up after a Chinese metavar ("--output 文件"), and two lines of a
Chinese paragraph were joined with a stray space. This formatter measures in columns,
breaks between any two Chinese characters (never before a closing punctuation mark),
and uses a full-width colon after headings.
"""

from __future__ import annotations

import re
import unicodedata

import click

# One token is a single wide character, a run of other non-space characters, or spaces.
_WIDE = "\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
_TOKEN = re.compile(f"[{_WIDE}]|[^\\s{_WIDE}]+|\\s+")
_NO_LINE_START = set("，。、；：？！）》」』”’…％")
_NO_LINE_END = set("（《「『“‘")


def cells(text: str) -> int:
    """Terminal columns a string takes (wide and full-width characters count two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in click.unstyle(text))


def _is_wide(char: str) -> bool:
    return bool(char) and unicodedata.east_asian_width(char) in "WF"


def _unit_start(line: str, start: int) -> int:
    """Where the last unbreakable piece of `line` begins: one wide character or one word."""
    i = len(line) - 1
    if _is_wide(line[i]):
        return i
    while i > start and not line[i - 1].isspace() and not _is_wide(line[i - 1]):
        i -= 1
    return i


def wrap(text: str, width: int, initial: str = "", subsequent: str = "") -> str:
    """Fill one paragraph to `width` columns, indents included. A closing mark never
    starts a line and an opening one never ends it: the piece before it moves down too."""
    lines, line, start, gap = [], initial, len(initial), False
    for token in _TOKEN.findall(text):
        if token.isspace():
            gap = len(line) > start
            continue
        piece = (" " if gap else "") + token
        gap = False
        if len(line) == start or cells(line) + cells(piece) <= width:
            line += piece
            continue
        cut = len(line)
        if token[0] in _NO_LINE_START:
            while cut > start + 1 and line[cut - 1] in _NO_LINE_START:
                cut -= 1
            cut = _unit_start(line[:cut], start)
        while cut > start + 1 and line[cut - 1] in _NO_LINE_END:
            cut -= 1
        if cut <= start:  # nothing to move down: let the line run over rather than split a word
            line += piece
            continue
        lines.append(line[:cut].rstrip())
        rest = line[cut:].lstrip()
        line, start = subsequent + rest + (piece if rest else piece.lstrip()), len(subsequent)
    lines.append(line.rstrip())
    return "\n".join(lines)


def _join(lines: list[str]) -> str:
    """Join the source lines of one paragraph; no space between two Chinese characters."""
    out = ""
    for line in lines:
        if out and not (_is_wide(out[-1]) and _is_wide(line[:1])):
            out += " "
        out += line
    return out


def wrap_paragraphs(text: str, width: int, indent: str = "") -> str:
    """click's paragraph rules (blank line between paragraphs, a "\\b" line before a block
    that must not be rewrapped, a paragraph keeps its first line's indent), by columns."""
    paragraphs, block = [], []
    for line in text.expandtabs().splitlines() + [""]:
        if line.strip():
            block.append(line)
            continue
        if block:
            paragraphs.append(block)
            block = []
    out = []
    for block in paragraphs:
        if block[0].strip() == "\b":
            out.append("\n".join(indent + line for line in block[1:]))
            continue
        lead = indent + " " * (len(block[0]) - len(block[0].lstrip()))
        out.append(wrap(_join([line.strip() for line in block]), width, lead, lead))
    return "\n\n".join(out)


class ChineseHelpFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        head = " " * self.current_indent + (prefix if prefix is not None else "用法：") + prog
        self.write(wrap(args, self.width, head + " ", " " * (cells(head) + 1)) + "\n" if args else head + "\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        self.write(wrap_paragraphs(text, self.width, " " * self.current_indent) + "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(row[0], row[1] if len(row) > 1 else "") for row in rows]
        first_col = min(max((cells(first) for first, _ in rows), default=0), col_max) + col_spacing
        pad = " " * (first_col + self.current_indent)
        for first, second in rows:
            self.write(" " * self.current_indent + first)
            if not second:
                self.write("\n")
                continue
            if cells(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cells(first)))
            else:
                self.write("\n" + pad)
            lines = wrap_paragraphs(second, max(self.width - first_col - self.current_indent, 10)).splitlines() or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write((pad + line if line else "") + "\n")
