"""Working days (工作日) as the State Council's yearly holiday notices set them: public
holidays off, make-up Saturdays and Sundays (调休上班) on. The calendar comes from the
chinese-calendar package; for a year it does not know yet, weekends alone are off and
`unknown_years` says so, so that every caller can show the warning."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache


@lru_cache(maxsize=4096)
def is_workday(day: dt.date) -> bool:
    from chinese_calendar import is_workday as official

    try:
        return official(day)
    except NotImplementedError:  # a year the package does not cover: weekdays only
        return day.weekday() < 5


@lru_cache(maxsize=64)
def year_known(year: int) -> bool:
    from chinese_calendar import is_workday as official

    try:
        official(dt.date(year, 6, 1))
        return True
    except NotImplementedError:
        return False


def unknown_years(*days: dt.date | None) -> list[int]:
    """The years among `days` (and those between them) the calendar does not cover."""
    known = [d for d in days if d]
    if not known:
        return []
    return [y for y in range(min(known).year, max(known).year + 1) if not year_known(y)]


def warning(years: list[int]) -> str:
    """One Chinese sentence for dates the calendar cannot count exactly ('' when none)."""
    if not years:
        return ""
    shown = "、".join(f"{y}年" for y in years)
    return f"注意：{shown}的法定节假日和调休安排尚未收入本工具，工作日按只休周六、周日计算，请对照国务院办公厅的放假通知核对。"


def between(start: dt.date, end: dt.date, inclusive: bool = False) -> int:
    """Working days after `start` up to and including `end` (and `start` itself when
    `inclusive`); 0 when `end` is not after `start`."""
    first = start if inclusive else start + dt.timedelta(days=1)
    return sum(is_workday(first + dt.timedelta(days=k)) for k in range((end - first).days + 1))


def add(start: dt.date, n: int) -> dt.date:
    """The day `n` working days after `start`."""
    day = start
    while n > 0:
        day += dt.timedelta(days=1)
        n -= is_workday(day)
    return day
