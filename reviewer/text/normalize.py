"""Normalisation of Chinese legal text, with a map back to the original offsets.

What changes:
- full-width digits, Latin letters and ASCII-range symbols become half-width, except
  the punctuation Chinese text uses as its own (，。：；！？（）), which stays;
- ASCII parentheses, colon, semicolon and comma between Chinese become their
  full-width forms, so rules need to know only one spelling;
- runs of spaces between two Chinese characters are dropped ("甲  方" -> "甲方"),
  which PDF extraction and hand-aligned forms produce;
- the underscores of a filled-in blank are dropped where they touch the value
  ("人民币___2___万元" -> "人民币2万元", "代码：____9111…" -> "代码：9111…"), so
  quantities and codes are read around the blank, never into it; so are the
  brackets of a filled-in 【30】. A blank left empty ("______", "【】") stays.
Everything else (line breaks included) is kept, so most offsets are unchanged;
`NormText.to_orig` maps any offset back.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

_KEEP_FULLWIDTH = set("，。：；！？（）")

_TABLE: dict[int, str] = {}
for _cp in range(0xFF01, 0xFF5F):
    _ch = chr(_cp)
    if _ch not in _KEEP_FULLWIDTH:
        _TABLE[_cp] = chr(_cp - 0xFEE0)
_TABLE.update(
    {
        0x3000: " ",  # ideographic space
        0x00A0: " ",
        0x2002: " ",
        0x2003: " ",
        0x2009: " ",
        0x200B: " ",  # zero-width space (kept 1:1 as a space)
        0xFEFF: " ",
        0x2018: "‘",
        0x2212: "-",  # minus sign
        0x2014: "—",
        0xFFE5: "¥",  # full-width yen sign used for RMB
        0x00A5: "¥",
        0x3007: "〇",
    }
)
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}，。：；、（）“”])[ \t]+(?=[{_CJK}，。：；、（）“”])")
_FILL_UNDERSCORES = re.compile(r"_+(?=[0-9A-Z])|(?<=[0-9A-Z])_+|【\s*(?=[0-9.]+\s*】\s*[%‰元万日天个年月周])|(?<=[0-9])\s*】(?=\s*[%‰元万日天个年月周])")
_REMOVED = re.compile(f"{_SPACE_BETWEEN_CJK.pattern}|{_FILL_UNDERSCORES.pattern}")
_ASCII_PUNCT_IN_CJK = re.compile(rf"(?<=[{_CJK}）”])[(),:;]|[(),:;](?=[{_CJK}])")
_TO_FULL = {"(": "（", ")": "）", ",": "，", ":": "：", ";": "；"}


@dataclass(slots=True)
class NormText:
    text: str
    # piecewise-linear map: normalised offset seg_norm[k] corresponds to seg_orig[k]
    seg_norm: list[int]
    seg_orig: list[int]

    def to_orig(self, i: int) -> int:
        k = bisect_right(self.seg_norm, i) - 1
        return self.seg_orig[k] + (i - self.seg_norm[k])


def normalize(text: str) -> NormText:
    t = text.translate(_TABLE)
    # Keep ASCII commas inside numbers (1,000.00) as they are.
    t = _ASCII_PUNCT_IN_CJK.sub(lambda m: _TO_FULL[m.group()], t)
    seg_norm, seg_orig = [0], [0]
    pieces: list[str] = []
    last = 0
    removed = 0
    for m in _REMOVED.finditer(t):
        pieces.append(t[last : m.start()])
        removed += m.end() - m.start()
        last = m.end()
        seg_norm.append(m.start() - (removed - (m.end() - m.start())))
        seg_orig.append(m.end())
    pieces.append(t[last:])
    return NormText("".join(pieces), seg_norm, seg_orig)


@lru_cache(maxsize=8192)
def norm_text(text: str) -> str:
    """The normalised text alone (cached: facts read the same blocks several times)."""
    return normalize(text).text


_SENTENCE_END = re.compile(r"[。；;！？!?\n]")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (ended by 。；！？ or a line break) that holds text[start:end]."""
    left = max(text.rfind(ch, 0, start) for ch in "。；;！？!?\n") + 1
    m = _SENTENCE_END.search(text, max(end - 1, start))
    right = m.end() if m else len(text)
    if right > left and text[right - 1] == "\n":
        right -= 1
    return left, right
