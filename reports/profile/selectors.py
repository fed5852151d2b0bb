"""The problem profile of a scope and period: the queries run, the figures built."""

from datetime import date, timedelta

from ..policies import Scope
from ..selectors import day_start
from .figures import LISTED, ProblemProfile, build
from .harm import harm_index
from .queries import run


def trend_start(end: date) -> date:
    """The first day of the 24 months that end with the month of ``end``."""
    month = end.year * 12 + end.month - 1 - 23
    return date(month // 12, month % 12 + 1, 1)


def problem_profile(scope: Scope, *, start: date, end: date) -> ProblemProfile:
    harm = harm_index()
    first = trend_start(end)
    rows = run(
        scope,
        since=day_start(start),
        until=day_start(end + timedelta(days=1)),
        trend_since=day_start(first),
        harm=harm,
        listed=LISTED,
    )
    return build(scope, start=start, end=end, trend_start=first, rows=rows, harm=harm)
