"""Word's automatic numbering (numbering.xml + styles.xml) rendered as the reader sees it."""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewer.ingest.wordml import w
from reviewer.text.numerals import cn_number


def _cn(n: int) -> str:
    if 0 < n < 10000:
        return cn_number(n)
    import cn2an

    return cn2an.an2cn(n)


_UPPER_CN = dict(zip("0123456789", "零壹贰叁肆伍陆柒捌玖"))
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


def _letters(n: int) -> str:
    # Word repeats the letter: 27 -> AA
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("decimal", "decimalZero") or not fmt:
        return f"{n:02d}" if fmt == "decimalZero" and n < 10 else str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting", "koreanCounting"):
        return _cn(n)
    if fmt == "chineseLegalSimplified":
        import cn2an

        return cn2an.an2cn(n, "up")
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt == "decimalFullWidth":
        return str(n).translate({ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789"})
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    legal: bool = False  # isLgl: all levels shown as decimal


@dataclass
class Numbering:
    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    style_numpr: dict[str, tuple[str | None, int | None, str | None]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def load(cls, numbering_xml, styles_xml) -> "Numbering":
        nb = cls()
        if numbering_xml is not None:
            for an in numbering_xml.iter(w("abstractNum")):
                levels: dict[int, _Level] = {}
                for lvl in an.iter(w("lvl")):
                    ilvl = int(lvl.get(w("ilvl"), "0"))
                    lev = _Level()
                    e = lvl.find(w("numFmt"))
                    if e is not None:
                        lev.fmt = e.get(w("val"), "decimal")
                    e = lvl.find(w("lvlText"))
                    if e is not None:
                        lev.text = e.get(w("val"), "")
                    e = lvl.find(w("start"))
                    if e is not None:
                        lev.start = int(e.get(w("val"), "1") or 1)
                    lev.legal = lvl.find(w("isLgl")) is not None
                    levels[ilvl] = lev
                nb.abstract[an.get(w("abstractNumId"))] = levels
            for num in numbering_xml.iter(w("num")):
                absid = num.find(w("abstractNumId"))
                overrides = {}
                for ov in num.iter(w("lvlOverride")):
                    so = ov.find(w("startOverride"))
                    if so is not None:
                        overrides[int(ov.get(w("ilvl"), "0"))] = int(so.get(w("val"), "1"))
                if absid is not None:
                    nb.nums[num.get(w("numId"))] = (absid.get(w("val")), overrides)
        if styles_xml is not None:
            for st in styles_xml.iter(w("style")):
                sid = st.get(w("styleId"))
                numpr = st.find(f"{w('pPr')}/{w('numPr')}")
                based = st.find(w("basedOn"))
                num_id = ilvl = None
                if numpr is not None:
                    e = numpr.find(w("numId"))
                    num_id = e.get(w("val")) if e is not None else None
                    e = numpr.find(w("ilvl"))
                    ilvl = int(e.get(w("val"), "0")) if e is not None else None
                nb.style_numpr[sid] = (num_id, ilvl, based.get(w("val")) if based is not None else None)
        return nb

    def _style_num(self, style: str | None) -> tuple[str | None, int]:
        seen = 0
        while style and seen < 8:
            num_id, ilvl, based = self.style_numpr.get(style, (None, None, None))
            if num_id:
                return num_id, ilvl or 0
            style, seen = based, seen + 1
        return None, 0

    def label_for(self, ppr, style: str | None) -> str:
        num_id, ilvl = None, 0
        numpr = ppr.find(w("numPr")) if ppr is not None else None
        if numpr is not None:
            e = numpr.find(w("numId"))
            num_id = e.get(w("val")) if e is not None else None
            e = numpr.find(w("ilvl"))
            ilvl = int(e.get(w("val"), "0")) if e is not None else 0
        if num_id is None:
            num_id, ilvl = self._style_num(style)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        absid, overrides = self.nums[num_id]
        levels = self.abstract.get(absid, {})
        if ilvl not in levels:
            return ""
        # Lists sharing an abstract definition continue each other unless restarted.
        key = num_id if overrides else f"a{absid}"
        counters = self.counters.setdefault(key, {})
        if ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = overrides.get(ilvl, levels[ilvl].start)
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        lev = levels[ilvl]
        if lev.fmt == "bullet":
            return ""
        text = lev.text
        for k in range(ilvl, -1, -1):
            if f"%{k + 1}" in text:
                ref = levels.get(k, _Level())
                value = counters.get(k, ref.start)
                fmt = "decimal" if lev.legal and k != ilvl else ref.fmt
                text = text.replace(f"%{k + 1}", format_number(value, fmt))
        return text.strip()
