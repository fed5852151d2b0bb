"""'Within N months' (core/periods.py): calendar months by local date in the force's time zone, at the edges."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.periods import (
    add_months,
    first_date_within,
    force_timezone,
    local_date,
    window_end,
    window_start,
    within_months,
)

UK = ZoneInfo("Europe/London")


def uk(*args) -> datetime:
    return datetime(*args, tzinfo=UK)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_force_counts_in_uk_time():
    assert force_timezone() == UK


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # no 29 February: the month's last day
        (date(2023, 2, 28), 12, date(2024, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 12, 15), 1, date(2025, 1, 15)),
        (date(2025, 1, 15), -13, date(2023, 12, 15)),
        (date(2024, 5, 10), 0, date(2024, 5, 10)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    "earlier, later, within",
    [
        # The same date twelve months on counts at any hour, even an hour earlier in the day than the first.
        (uk(2025, 3, 10, 15, 0), uk(2026, 3, 10, 14, 0), True),
        (uk(2025, 3, 10, 9, 0), uk(2026, 3, 10, 23, 59), True),
        (uk(2025, 3, 10, 23, 59), uk(2026, 3, 11, 0, 0), False),
        # Twelve months from 29 February end on 28 February.
        (uk(2024, 2, 29, 12, 0), uk(2025, 2, 28, 23, 0), True),
        (uk(2024, 2, 29, 12, 0), uk(2025, 3, 1, 0, 5), False),
        # Across 29 February: twelve calendar months are 366 days.
        (uk(2023, 3, 1, 18, 0), uk(2024, 3, 1, 9, 0), True),
        (uk(2023, 3, 1, 18, 0), uk(2024, 3, 2, 0, 0), False),
        # Not before the first.
        (uk(2025, 3, 10, 15, 0), uk(2025, 3, 10, 14, 0), False),
    ],
)
def test_within_twelve_months_by_local_date(earlier, later, within):
    assert within_months(earlier, later, 12, UK) is within


def test_summer_time_dates_are_the_local_ones_not_utc():
    # 00:30 BST on 10 June is 23:30 UTC on 9 June: the date is the 10th, so the 12 months run to 10 June.
    referral = utc(2025, 6, 9, 23, 30)
    assert local_date(referral, UK) == date(2025, 6, 10)
    assert within_months(referral, utc(2026, 6, 10, 22, 59), 12, UK)  # 23:59 BST on 10 June
    assert not within_months(referral, utc(2026, 6, 10, 23, 0), 12, UK)  # 00:00 BST on 11 June
    assert window_end(referral, 12, UK) == utc(2026, 6, 10, 23, 0)


def test_the_clocks_going_back_around_midnight():
    # 00:30 on 27 October 2024 was still BST (the clocks went back at 02:00): 23:30 UTC on the 26th.
    earlier = utc(2024, 10, 26, 23, 30)
    assert local_date(earlier, UK) == date(2024, 10, 27)
    # By 27 October 2025 the UK is on GMT: local midnight is midnight UTC.
    assert within_months(earlier, utc(2025, 10, 27, 23, 59), 12, UK)
    assert not within_months(earlier, utc(2025, 10, 28, 0, 0), 12, UK)
    assert window_end(earlier, 12, UK) == utc(2025, 10, 28, 0, 0)
    # Looking back from a GMT date to a BST one: the window opens at local midnight, 23:00 UTC the day before.
    assert window_start(utc(2025, 6, 10, 12, 0), 12, UK) == utc(2024, 6, 9, 23, 0)
    assert window_start(utc(2025, 12, 10, 12, 0), 12, UK) == utc(2024, 12, 10, 0, 0)


@pytest.mark.parametrize("months", [1, 3, 12, 18])
def test_the_query_boundaries_agree_with_within_months_on_every_date(months):
    """window_start and window_end are within_months turned into timestamps, over three years of dates."""
    days = [date(2023, 1, 1) + timedelta(days=n) for n in range(3 * 366)]
    for later in days[600:]:
        first = first_date_within(later, months)
        assert add_months(first, months) >= later
        assert add_months(first - timedelta(days=1), months) < later
    for day in days[::7]:
        later = uk(day.year, day.month, day.day, 12, 0)
        start = window_start(later, months, UK)
        for moment in (start - timedelta(seconds=1), start):
            assert within_months(moment, later, months, UK) is (moment >= start)
        end = window_end(later, months, UK)
        for moment in (end - timedelta(seconds=1), end):
            assert within_months(later, moment, months, UK) is (moment < end)
