"""The hearing clock: 48 hours from service, disregarding Sundays, Christmas Day, Good Friday and bank holidays in
England and Wales (the days from the holidays library, the tokens from the rules file)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from safeguarding.calendar import add_hours_disregarding, add_working_days, excluded_reason, hearing_deadline
from safeguarding.rules import kind_rules, rules_data

UK = ZoneInfo("Europe/London")


def at(y, m, d, hh=0, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=UK)


# (why, served at, heard by)
HEARING_CASES = [
    ("a Tuesday morning: two whole days", at(2026, 11, 24, 9, 0), at(2026, 11, 26, 9, 0)),
    ("a Friday evening: Sunday is not counted", at(2026, 11, 27, 19, 0), at(2026, 11, 30, 19, 0)),
    ("a Saturday at noon: Sunday skipped", at(2026, 11, 28, 12, 0), at(2026, 12, 1, 12, 0)),
    ("on a Sunday: the clock starts on Monday", at(2026, 11, 29, 15, 0), at(2026, 12, 2, 0, 0)),
    (
        "the day before Good Friday: Good Friday, Easter Sunday and Easter Monday are not counted",
        at(2026, 4, 2, 10, 0),
        at(2026, 4, 7, 10, 0),
    ),
    (
        "Christmas Eve: Christmas Day, Boxing Day, the Sunday and the substitute Monday are not counted",
        at(2026, 12, 24, 9, 0),
        at(2026, 12, 30, 9, 0),
    ),
    (
        "the Friday before the August bank holiday: Sunday and Monday are not counted",
        at(2026, 8, 28, 20, 0),
        at(2026, 9, 1, 20, 0),
    ),
    ("the Friday before the May Day bank holiday", at(2026, 5, 1, 18, 30), at(2026, 5, 5, 18, 30)),
    (
        "across the clocks going back (25 October 2026): 48 real hours, Sunday not counted",
        at(2026, 10, 23, 12, 0),
        at(2026, 10, 26, 12, 0),
    ),
    ("one minute before midnight on Saturday", at(2026, 11, 28, 23, 59), at(2026, 12, 1, 23, 59)),
]


@pytest.mark.parametrize(("why", "served", "due"), HEARING_CASES, ids=[c[0] for c in HEARING_CASES])
@pytest.mark.parametrize("kind", ["dvpn", "dapn"])
def test_the_hearing_is_due_48_hours_from_service_disregarding_the_excluded_days(why, served, due, kind):
    assert hearing_deadline(served, kind).astimezone(UK) == due


def test_the_excluded_days_are_data_in_the_rules_file():
    rules = kind_rules("dvpn", on=date(2026, 12, 1))
    assert rules.hearing_hours == 48
    assert set(rules.hearing_excluded_days) == {"sunday", "christmas_day", "good_friday", "bank_holiday"}
    assert rules_data()["calendar"]["holidays"] == {"country": "GB", "subdivisions": ["ENG", "WLS"]}


def test_without_an_excluded_token_the_day_counts():
    # A clock that excludes only Sundays counts Good Friday: the tokens, not the code, decide.
    assert add_hours_disregarding(at(2026, 4, 2, 10), 48, ["sunday"]).astimezone(UK) == at(2026, 4, 4, 10)


def test_the_bank_holidays_come_from_the_library():
    assert excluded_reason(date(2026, 8, 31), ["bank_holiday"]) == "Late Summer Bank Holiday"
    assert excluded_reason(date(2027, 3, 26), ["good_friday"]) == "Good Friday"
    assert excluded_reason(date(2026, 12, 25), ["christmas_day"]) == "Christmas Day"
    assert excluded_reason(date(2026, 12, 1), ["sunday", "bank_holiday"]) is None


def test_an_unknown_token_is_refused():
    with pytest.raises(ValueError, match="Unknown"):
        excluded_reason(date(2026, 12, 1), ["tuesdays"])


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday -> Monday
        (date(2026, 12, 24), 1, date(2026, 12, 29)),  # Christmas Eve -> Tuesday after the substitute Monday
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # before Good Friday -> the Tuesday after Easter Monday
        (date(2026, 11, 28), 0, date(2026, 11, 30)),  # a Saturday's "today" is the next working day
        (date(2026, 12, 1), 3, date(2026, 12, 4)),
    ],
)
def test_working_days_skip_weekends_and_bank_holidays(start, n, expected):
    assert add_working_days(start, n) == expected
