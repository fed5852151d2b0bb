"""Non-working days in England and Wales and the clocks counted over them.

The bank holidays come from the ``holidays`` library (GB, subdivisions England and Wales, as the rules file
names them); which days a clock disregards is data too: the rules file lists, for each notice kind, the
tokens of its excluded days, and the working days' excluded tokens. Tokens: a weekday's English name
("sunday"), "christmas_day" (25 December), "good_friday", "bank_holiday" (every England-and-Wales holiday
the library lists, substitute days included).

Times are aware; days are local days in the force's time zone (UK time), so a clock crossing a change of the
clocks counts the real hours elapsed.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import cache

import holidays as holidays_lib
from django.utils import timezone

from core.periods import force_timezone

from .rules import calendar_rules, kind_rules

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TOKENS = frozenset(WEEKDAYS) | {"christmas_day", "good_friday", "bank_holiday"}


@cache
def _holidays_of(year: int) -> dict[date, str]:
    spec = calendar_rules()["holidays"]
    days: dict[date, str] = {}
    for subdivision in spec["subdivisions"]:
        for day, name in holidays_lib.country_holidays(spec["country"], subdiv=subdivision, years=year).items():
            days.setdefault(day, name)
    return days


def bank_holidays(year: int) -> dict[date, str]:
    """England-and-Wales bank holidays of ``year``: date -> name."""
    return dict(_holidays_of(year))


def excluded_reason(day: date, excluded: Iterable[str]) -> str | None:
    """Why ``day`` is disregarded under the ``excluded`` tokens ("Sunday", "Good Friday"...), or None."""
    excluded = set(excluded)
    unknown = excluded - TOKENS
    if unknown:
        raise ValueError(f"Unknown excluded-day tokens: {sorted(unknown)}")
    weekday = WEEKDAYS[day.weekday()]
    if weekday in excluded:
        return weekday.capitalize()
    if "christmas_day" in excluded and (day.month, day.day) == (12, 25):
        return "Christmas Day"
    name = _holidays_of(day.year).get(day)
    if name and "good_friday" in excluded and name == "Good Friday":
        return "Good Friday"
    if name and "bank_holiday" in excluded:
        return name
    return None


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=force_timezone())


def add_hours_disregarding(start: datetime, hours: float, excluded: Iterable[str]) -> datetime:
    """``start`` plus ``hours`` of time that falls on days not excluded (time on an excluded day is not
    counted; a start on an excluded day counts from the next day that is not)."""
    excluded = tuple(excluded)
    remaining = timedelta(hours=hours)
    at = start
    for _ in range(3660):  # ten years of days: a guard, never reached with the real tokens
        day = timezone.localtime(at, force_timezone()).date()
        next_midnight = _local_midnight(day + timedelta(days=1))
        if excluded_reason(day, excluded) is None:
            if at + remaining <= next_midnight:
                return at + remaining
            remaining -= next_midnight - at
        at = next_midnight
    raise ValueError("Every day is excluded.")


def disregarded_days(start: datetime, end: datetime, excluded: Iterable[str]) -> list[tuple[date, str]]:
    """The days between ``start`` and ``end`` the clock disregarded, with why (for the page's explanation)."""
    out, day = [], timezone.localtime(start, force_timezone()).date()
    while day <= timezone.localtime(end, force_timezone()).date():
        reason = excluded_reason(day, excluded)
        if reason:
            out.append((day, reason))
        day += timedelta(days=1)
    return out


def hearing_deadline(served_at: datetime, kind: str = "dvpn", *, version: str | None = None) -> datetime:
    """When the order application must be heard: the kind's hearing hours from service, disregarding its
    excluded days (48 hours disregarding Sundays, Christmas Day, Good Friday and bank holidays)."""
    rules = kind_rules(kind, version=version, on=timezone.localtime(served_at, force_timezone()).date())
    if rules.hearing_hours is None:
        raise ValueError(f"A {rules.label} has no hearing clock.")
    return add_hours_disregarding(served_at, rules.hearing_hours, rules.hearing_excluded_days)


def is_working_day(day: date) -> bool:
    return excluded_reason(day, calendar_rules()["working_days_excluded"]) is None


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` (n=0: ``start`` itself if it is a working day, else the next)."""
    if n < 0:
        raise ValueError("n must be 0 or more.")
    day = start
    if n == 0:
        while not is_working_day(day):
            day += timedelta(days=1)
        return day
    while n:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_deadline(at: datetime, n: int) -> datetime:
    """The end (local midnight after it) of the ``n``-th working day after the local day of ``at``."""
    return _local_midnight(add_working_days(timezone.localtime(at, force_timezone()).date(), n) + timedelta(days=1))
