"""Periods in calendar months, counted by local date in the force's time zone (PRODUCT.md, domain rules).

"Within 12 months" is never 365 x 24 hours from a timestamp: an incident on the same date twelve months
earlier counts at any hour, and twelve months from 29 February end on 28 February. Every rule that says
"months" (the repeat victim, MARAC escalation, the repeat MARAC criterion and flag, the 12-month MARAC flag)
asks ``within_months``, or, to filter a query, the boundary it implies (``window_start``, ``window_end``),
computed here once so the database compares timestamps and nothing else.
"""

import calendar
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from django.conf import settings


def force_timezone(force=None) -> tzinfo:
    """The time zone whose dates a force's rules count in. Every force in England and Wales keeps UK time
    (settings.TIME_ZONE, Europe/London); this is the one place that would read a force's own."""
    return ZoneInfo(settings.TIME_ZONE)


def add_months(day: date, months: int) -> date:
    """The same date ``months`` calendar months on (back, when negative); the month's last day where that
    date does not exist (31 January + 1 month is 28 or 29 February; 29 February + 12 months, 28 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def local_date(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()


def local_midnight(day: date, tz: tzinfo) -> datetime:
    """The moment the date starts in ``tz`` (UK clocks change at 01:00 or 02:00, never at midnight)."""
    return datetime.combine(day, time.min, tzinfo=tz)


def within_months(earlier: datetime, later: datetime, months: int, tz: tzinfo) -> bool:
    """``later`` is not before ``earlier`` and falls on or before the date ``months`` calendar months after
    ``earlier``'s local date: the one definition of "within N months"."""
    return earlier <= later and local_date(later, tz) <= add_months(local_date(earlier, tz), months)


def first_date_within(day: date, months: int) -> date:
    """The earliest date from which ``day`` is still within ``months`` (see within_months)."""
    first = add_months(day, -months)
    if add_months(first, months) < day:
        # ``day`` is a month's 29th-31st that ``first``'s month lacks: that month's last day reaches only its
        # own last day of the later month, the next month's first reaches beyond ``day``.
        first += timedelta(days=1)
    return first


def window_start(later: datetime, months: int, tz: tzinfo) -> datetime:
    """The first moment within ``months`` before ``later``: a query keeps ``at >= window_start(...)``."""
    return local_midnight(first_date_within(local_date(later, tz), months), tz)


def window_end(earlier: datetime, months: int, tz: tzinfo) -> datetime:
    """The first moment no longer within ``months`` after ``earlier``: a query keeps ``at < window_end(...)``."""
    return local_midnight(add_months(local_date(earlier, tz), months) + timedelta(days=1), tz)
