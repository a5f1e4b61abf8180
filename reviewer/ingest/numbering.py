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


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_TRADITIONAL = str.maketrans("贰叁陆万亿", "貳參陸萬億")


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
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand", "koreanCounting"):
        return _cn(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        import cn2an

        upper = cn2an.an2cn(n, "up")
        return upper.translate(_TRADITIONAL) if fmt == "ideographLegalTraditional" else upper
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt == "decimalFullWidth":
        return str(n).translate({ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789"})
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
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
    legal: bool = False  # isLgl: every number in the label shown as decimal
    restart: int | None = None  # lvlRestart: restart after a level above this (1-based); 0 never; None any


def _val(el, tag: str, default: str | None = None) -> str | None:
    e = el.find(w(tag))
    return e.get(w("val"), default) if e is not None else default


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _level(lvl) -> _Level:
    restart = _val(lvl, "lvlRestart")
    return _Level(
        fmt=_val(lvl, "numFmt", "decimal") or "decimal",
        text=_val(lvl, "lvlText", "") or "",
        start=_int(_val(lvl, "start"), 1),
        legal=lvl.find(w("isLgl")) is not None and _val(lvl, "isLgl", "1") not in ("0", "false"),
        restart=_int(restart, 0) if restart is not None else None,
    )


@dataclass
class _Num:
    abstract: str
    starts: dict[int, int]  # lvlOverride/startOverride: this list restarts there
    levels: dict[int, _Level]  # lvlOverride/lvl: levels redefined for this list only


@dataclass
class Numbering:
    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # abstractNum with numStyleLink -> the numbering style
    nums: dict[str, _Num] = field(default_factory=dict)
    style_numpr: dict[str, tuple[str | None, int | None, str | None]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    restarted: set[str] = field(default_factory=set)  # lists whose start override has taken effect

    @classmethod
    def load(cls, numbering_xml, styles_xml) -> "Numbering":
        nb = cls()
        if numbering_xml is not None:
            for an in numbering_xml.iter(w("abstractNum")):
                aid = an.get(w("abstractNumId"))
                nb.abstract[aid] = {_int(lvl.get(w("ilvl")), 0): _level(lvl) for lvl in an.iter(w("lvl"))}
                link = _val(an, "numStyleLink")
                if link:
                    nb.links[aid] = link
            for num in numbering_xml.iter(w("num")):
                absid = _val(num, "abstractNumId")
                if absid is None:
                    continue
                starts, levels = {}, {}
                for ov in num.iter(w("lvlOverride")):
                    ilvl = _int(ov.get(w("ilvl")), 0)
                    so = _val(ov, "startOverride")
                    if so is not None:
                        starts[ilvl] = _int(so, 1)
                    lvl = ov.find(w("lvl"))
                    if lvl is not None:
                        levels[ilvl] = _level(lvl)
                        levels[ilvl].restart = None  # Word ignores lvlRestart in an override (MS-OI29500)
                        if so is None and lvl.find(w("start")) is not None:
                            starts[ilvl] = levels[ilvl].start
                nb.nums[num.get(w("numId"))] = _Num(absid, starts, levels)
        if styles_xml is not None:
            for st in styles_xml.iter(w("style")):
                numpr = st.find(f"{w('pPr')}/{w('numPr')}")
                num_id = ilvl = None
                if numpr is not None:
                    num_id = _val(numpr, "numId")
                    ilvl = _int(_val(numpr, "ilvl"), 0) if numpr.find(w("ilvl")) is not None else None
                nb.style_numpr[st.get(w("styleId"))] = (num_id, ilvl, _val(st, "basedOn"))
        return nb

    def _resolve(self, absid: str) -> str:
        """Follow numStyleLink -> numbering style -> its num -> the abstractNum that holds the levels."""
        for _ in range(4):
            link = self.links.get(absid)
            if link is None:
                break
            num_id, _ = self._style_num(link)
            num = self.nums.get(num_id or "")
            if num is None or num.abstract == absid:
                break
            absid = num.abstract
        return absid

    def _style_num(self, style: str | None) -> tuple[str | None, int | None]:
        seen = 0
        while style and seen < 10:
            num_id, ilvl, based = self.style_numpr.get(style, (None, None, None))
            if num_id is not None:
                return num_id, ilvl
            style, seen = based, seen + 1
        return None, None

    def label_for(self, ppr, style: str | None) -> str:
        num_id = ilvl = None
        numpr = ppr.find(w("numPr")) if ppr is not None else None
        if numpr is not None:
            num_id = _val(numpr, "numId")
            if numpr.find(w("ilvl")) is not None:
                ilvl = _int(_val(numpr, "ilvl"), 0)
        if num_id is None:
            num_id, style_ilvl = self._style_num(style)
            ilvl = style_ilvl if ilvl is None else ilvl
        ilvl = ilvl or 0
        # numId 0 switches numbering off, also one a style would give
        num = self.nums.get(num_id or "")
        if num is None:
            return ""
        absid = self._resolve(num.abstract)
        levels = {**self.abstract.get(absid, {}), **num.levels}
        if ilvl not in levels:
            return ""
        # Lists sharing an abstract definition are one list: they continue each
        # other. A list that overrides a start value restarts it where it is first
        # used, and the shared count goes on from there (as LibreOffice renders it).
        counters = self.counters.setdefault(absid, {})
        if num.starts and num_id not in self.restarted:
            self.restarted.add(num_id)
            for k in list(counters):
                if k >= min(num.starts):
                    del counters[k]
        # A level never shown before counts as shown once at its start value when a
        # deeper item appears: "1.1" with no "1" above it, so the next top item is 2.
        for k in range(ilvl):
            if k not in counters and k in levels:
                counters[k] = num.starts.get(k, levels[k].start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else num.starts.get(ilvl, levels[ilvl].start)
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or ilvl < restart:
                del counters[deeper]
        lev = levels[ilvl]
        if lev.fmt == "bullet":
            return ""
        text = lev.text
        for k in range(ilvl, -1, -1):
            if f"%{k + 1}" in text:
                ref = levels.get(k, _Level())
                value = counters.get(k, ref.start)
                text = text.replace(f"%{k + 1}", format_number(value, "decimal" if lev.legal and ref.fmt != "none" else ref.fmt))
        return text.strip()
