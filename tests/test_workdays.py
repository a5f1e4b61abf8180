"""Working days against the State Council's holiday notices for 2025 and 2026 (春节、国庆
with their make-up working days), and the warning for a year the calendar does not know."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewer import workdays

D = dt.date

# From the State Council notices on the 2025 and 2026 holiday arrangements: days off
# and the weekend days worked instead.
OFF = {
    "2025 春节": [D(2025, 1, 28) + dt.timedelta(days=k) for k in range(8)],  # 1月28日至2月4日
    "2025 国庆": [D(2025, 10, 1) + dt.timedelta(days=k) for k in range(8)],  # 10月1日至8日
    "2026 春节": [D(2026, 2, 15) + dt.timedelta(days=k) for k in range(9)],  # 2月15日至23日
    "2026 国庆": [D(2026, 10, 1) + dt.timedelta(days=k) for k in range(7)],  # 10月1日至7日
}
MAKE_UP = [D(2025, 1, 26), D(2025, 2, 8), D(2025, 9, 28), D(2025, 10, 11), D(2026, 2, 14), D(2026, 2, 28), D(2026, 9, 20), D(2026, 10, 10)]


@pytest.mark.parametrize("name", OFF)
def test_holidays_are_off(name):
    assert not any(workdays.is_workday(d) for d in OFF[name])


def test_make_up_weekend_days_are_worked():
    assert all(d.weekday() >= 5 and workdays.is_workday(d) for d in MAKE_UP)


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (D(2025, 1, 24), D(2025, 2, 10), 7),   # Fri -> Mon: 26, 27 Jan, 5, 6, 7, 8, 10 Feb
        (D(2026, 2, 13), D(2026, 3, 2), 7),    # 14 Feb, 24-28 Feb, 2 Mar
        (D(2025, 9, 26), D(2025, 10, 13), 7),  # 28, 29, 30 Sep, 9, 10, 11, 13 Oct
        (D(2026, 9, 18), D(2026, 10, 12), 12),  # 20-24 Sep, 中秋 25 Sep off, 28-30 Sep, 8-10 Oct, 12 Oct
        (D(2026, 3, 2), D(2026, 3, 2), 0),
        (D(2026, 3, 6), D(2026, 3, 9), 1),     # Fri -> Mon
    ],
)
def test_counts_across_the_festivals(start, end, expected):
    assert workdays.between(start, end) == expected


def test_adding_working_days_skips_the_festival():
    assert workdays.add(D(2026, 2, 12), 5) == D(2026, 2, 26)  # 13, 14 Feb, 24, 25, 26 Feb
    assert workdays.add(D(2025, 9, 30), 1) == D(2025, 10, 9)


def test_a_year_the_calendar_does_not_know_counts_weekdays_and_says_so():
    assert workdays.unknown_years(D(2026, 12, 20), D(2027, 1, 10)) == [2027]
    assert workdays.unknown_years(D(2026, 3, 1)) == []
    assert workdays.between(D(2027, 9, 30), D(2027, 10, 4)) == 2  # 1 Oct (Fri) and 4 Oct (Mon): no holiday known
    text = workdays.warning([2027])
    assert "2027年" in text and "周六、周日" in text
    assert workdays.warning([]) == ""
