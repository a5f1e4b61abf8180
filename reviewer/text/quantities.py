"""Quantities in Chinese legal text, with their spans in the normalised text.

Numbers come as 90, 九十, 玖拾; percentages as 5%, 百分之五, 5‰, 千分之五, 万分之五;
durations as 日/天/工作日/个月/年/周; money as 元/万元/亿元, ¥, 人民币壹拾贰万元整;
dates as 2026年3月1日, 2026-03-01, 2026.3.1, 二〇二六年三月一日.
Input is normalised text (full-width digits already half-width).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

CN_DIGITS = "零〇○Ｏ一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
UPPER_DIGITS = "零壹贰叁肆伍陆柒捌玖拾佰仟万亿"
_NUM = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|[{CN_DIGITS}]+(?:点[{CN_DIGITS}]+)?)"


@dataclass(slots=True)
class Quantity:
    kind: str  # money | percent | duration | date | number
    value: float | None  # money in 元, percent as a percentage (5 for 5%), duration count, date: None
    unit: str  # 元 | % | 日 | 工作日 | 月 | 年 | 周 | date
    start: int
    end: int
    text: str
    extra: dict = field(default_factory=dict)


@lru_cache(maxsize=4096)
def cn_number(text: str) -> float | None:
    """90 / 1,000.5 / 九十 / 玖拾 / 二〇二六 -> number; None when it is not one."""
    t = text.replace(",", "").strip()
    if not t:
        return None
    try:
        return float(t)
    except ValueError:
        pass
    t = t.replace("两", "二").replace("〇", "零").replace("○", "零").replace("Ｏ", "零")
    if re.fullmatch(r"[零一二三四五六七八九]+", t) and len(t) >= 2:
        return float("".join(str("零一二三四五六七八九".index(c)) for c in t))  # 二〇二六 style
    quick = _integer_numeral(t)
    if quick is not None:
        return float(quick)
    try:
        import cn2an

        return float(cn2an.cn2an(t, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
_SMALL_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNIT = {"万": 10_000, "亿": 100_000_000}


def _integer_numeral(text: str) -> int | None:
    """Whole Chinese numerals (九十, 壹拾贰万叁仟) without importing cn2an.

    cn2an costs ~0.2 s to import, a fifth of the start-up budget; it stays the
    reference (the tests compare this against it) and handles everything else.
    """
    total = section = 0
    digit: int | None = None  # the digit waiting for its unit; None: "十" alone means 10
    for ch in text:
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        elif ch in _SMALL_UNIT:
            section += (1 if digit is None else digit) * _SMALL_UNIT[ch]
            digit = 0
        elif ch in _BIG_UNIT:
            section += digit or 0
            total = (total + section) * _BIG_UNIT[ch] if ch == "亿" else total + section * _BIG_UNIT[ch]
            section, digit = 0, 0
        else:
            return None
    return total + section + (digit or 0)


# --------------------------------------------------------------- money

_UPPER_AMOUNT = re.compile(
    rf"(?P<body>[{UPPER_DIGITS}]+(?:[元圆](?:[{UPPER_DIGITS}]角)?(?:[{UPPER_DIGITS}]分)?|[角][{UPPER_DIGITS}]分|角|分)?)(?P<tail>整|正)?"
)
_LOWER_AMOUNT = re.compile(
    r"(?P<cur>¥|￥|RMB|人民币|CNY)?\s*(?P<num>\d+(?:,\d{3})*(?:\.\d+)?|[零一二两三四五六七八九十百千万亿]+(?:点[零一二三四五六七八九]+)?)\s*(?P<unit>亿元|万元|元|万)?"
)


def parse_upper_amount(body: str) -> float | None:
    """人民币大写: 壹拾贰万叁仟元伍角 -> 123000.5."""
    yuan_part, _, rest = body.partition("元") if "元" in body else body.partition("圆")
    if not _ and not rest and ("角" in body or "分" in body):
        yuan_part, rest = "", body
    total = 0.0
    if yuan_part:
        value = cn_number(yuan_part.rstrip("零"))
        if value is None:
            return None
        total = value
    m = re.search(rf"([{UPPER_DIGITS}])角", rest)
    if m:
        total += (cn_number(m.group(1)) or 0) / 10
    m = re.search(rf"([{UPPER_DIGITS}])分", rest)
    if m:
        total += (cn_number(m.group(1)) or 0) / 100
    return round(total, 2)


_FORMAL_DIGITS = set("壹贰叁肆伍陆柒捌玖拾佰仟")


def find_money(text: str) -> list[Quantity]:
    out: list[Quantity] = []
    for m in _UPPER_AMOUNT.finditer(text):
        body = m.group("body")
        # 大写 needs the formal digits and a money unit; "万元" alone is a lower-case amount.
        if not (_FORMAL_DIGITS & set(body)) or not re.search(r"[元圆角分]", body):
            continue
        value = parse_upper_amount(body)
        if value is not None:
            out.append(Quantity("money", value, "元", m.start(), m.end(), m.group(), {"form": "upper"}))
    taken = [(q.start, q.end) for q in out]
    for m in _LOWER_AMOUNT.finditer(text):
        cur, unit = m.group("cur"), m.group("unit")
        if not cur and not unit:
            continue
        if unit == "万" and not cur:
            continue
        if any(s <= m.start("num") < e for s, e in taken):
            continue
        num = m.group("num")
        if not re.search(r"\d", num) and not unit:
            continue
        value = cn_number(num)
        if value is None:
            continue
        scale = {"亿元": 1e8, "万元": 1e4, "万": 1e4}.get(unit or "", 1)
        out.append(
            Quantity("money", round(value * scale, 2), "元", m.start() if cur else m.start("num"), m.end(), m.group().strip(), {"form": "lower", "unit": unit or "元", "currency": cur or ""})
        )
    out.sort(key=lambda q: q.start)
    return out


# --------------------------------------------------------------- percent

_PERCENT = re.compile(
    rf"(?P<a>\d+(?:\.\d+)?)\s*(?P<sign>%|‰|‱)|(?P<word>百分之|千分之|万分之)(?P<b>{_NUM})"
)


def find_percents(text: str) -> list[Quantity]:
    out = []
    for m in _PERCENT.finditer(text):
        if m.group("a"):
            value = float(m.group("a"))
            scale = {"%": 1, "‰": 0.1, "‱": 0.01}[m.group("sign")]
        else:
            v = cn_number(m.group("b"))
            if v is None:
                continue
            value = v
            scale = {"百分之": 1, "千分之": 0.1, "万分之": 0.01}[m.group("word")]
        out.append(Quantity("percent", round(value * scale, 6), "%", m.start(), m.end(), m.group()))
    return out


# --------------------------------------------------------------- dates

_YEAR_CN = "〇零○Ｏ一二三四五六七八九"
_DATE = re.compile(
    rf"(?P<y>\d{{4}}|[{_YEAR_CN}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月(?:\s*(?P<d>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*[日号])?"
    r"|(?<![A-Za-z0-9\-./])(?P<y2>(?:19|20)\d{2})(?P<sep>[-./])(?P<m2>0?[1-9]|1[0-2])(?P=sep)(?P<d2>0?[1-9]|[12]\d|3[01])(?![\d\-./])"
)


def find_dates(text: str) -> list[Quantity]:
    out = []
    for m in _DATE.finditer(text):
        if m.group("y"):
            y, mo, d = m.group("y"), m.group("m"), m.group("d")
        else:
            y, mo, d = m.group("y2"), m.group("m2"), m.group("d2")
        year, month = cn_number(y), cn_number(mo)
        day = cn_number(d) if d else None
        if year is None or month is None:
            continue
        out.append(
            Quantity("date", None, "date", m.start(), m.end(), m.group(), {"y": int(year), "m": int(month), "d": int(day) if day is not None else None})
        )
    return out


def date_value(q: Quantity):
    """A datetime.date, or None when the date does not exist (2月30日)."""
    import datetime as dt

    try:
        return dt.date(q.extra["y"], q.extra["m"], q.extra["d"] or 1)
    except (ValueError, TypeError):
        return None


# --------------------------------------------------------------- durations

_DURATION = re.compile(
    rf"(?P<n>{_NUM})\s*(?P<unit>个工作日|工作日|个日历天|日历天|个自然日|自然日|天|日|个月|月|年|周|个星期|星期)"
)
_UNIT = {"个工作日": "工作日", "工作日": "工作日", "个日历天": "日", "日历天": "日", "个自然日": "日", "自然日": "日", "天": "日", "日": "日", "个月": "月", "月": "月", "年": "年", "周": "周", "个星期": "周", "星期": "周"}


def find_durations(text: str, dates: list[Quantity] | None = None) -> list[Quantity]:
    dates = find_dates(text) if dates is None else dates
    spans = [(q.start, q.end) for q in dates]
    out = []
    for m in _DURATION.finditer(text):
        if any(s <= m.start() < e or s < m.end() <= e for s, e in spans):
            continue
        unit = _UNIT[m.group("unit")]
        n = cn_number(m.group("n"))
        if n is None:
            continue
        # "3月" without 个 is a month name in a date, not a duration; "2026年" is a year.
        if m.group("unit") == "月" or (unit == "年" and n >= 1900) or (m.group("unit") == "日" and text[m.start() - 1 : m.start()] == "月"):
            continue
        out.append(Quantity("duration", n, unit, m.start(), m.end(), m.group()))
    return out


def find_all(text: str) -> list[Quantity]:
    dates = find_dates(text)
    items = dates + find_money(text) + find_percents(text) + find_durations(text, dates)
    items.sort(key=lambda q: (q.start, q.end))
    return items
