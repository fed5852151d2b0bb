"""The documented format of a force's history (README, "Importing a force's history"): each file's columns
and the check of each row, before anything reaches the database.

A row's parser returns the values its staging table takes, in order, or raises RowError with what is wrong
in words; the caller adds the file and line. Nothing here touches the database: references between files
(a victim's id, an incident's id) and the area codes are checked set-based once a file is staged.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from core.periods import force_timezone
from incidents.models import Crime, Incident
from people.models import Person


class RowError(ValueError):
    """What is wrong with one row, in words."""


# A cell that a spreadsheet would run as a formula: refused rather than stored, so that no export or copy of
# the record can carry it on (the same characters core's CSV exports neutralise).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EARLIEST = datetime.date(1900, 1, 1)
# A call's time may run a little ahead of the old system's clock, as at intake.
CLOCK_TOLERANCE = datetime.timedelta(minutes=5)


def text(row: dict, name: str, max_length: int, *, required: bool = False, formula_ok: bool = False) -> str:
    value = row[name].strip()
    if "\x00" in value:
        raise RowError(f"{name} holds a NUL byte")
    if len(value) > max_length:
        raise RowError(f"{name} is longer than {max_length} characters")
    if required and not value:
        raise RowError(f"{name} is missing")
    if not formula_ok and value.startswith(FORMULA_STARTS):
        raise RowError(f"{name} starts with {value[0]!r}, as a spreadsheet formula does")
    return value


def key(row: dict, name: str, *, required: bool = True) -> str:
    """A source-system id: up to 64 characters, no spaces or control characters."""
    value = text(row, name, 64, required=required)
    if value and (not value.isprintable() or " " in value):
        raise RowError(f"{name} must be an id without spaces")
    return value


def key_text(row: dict, name: str, max_length: int) -> str:
    value = key(row, name, required=False)
    if len(value) > max_length:
        raise RowError(f"{name} is longer than {max_length} characters")
    return value


def choice(row: dict, name: str, choices, *, required: bool = True, default: str = "") -> str:
    value = text(row, name, 40, required=required) or default
    allowed = [c for c, _ in choices]
    if value and value not in allowed:
        raise RowError(f"{name} {value[:40]!r} is not one of {', '.join(allowed)}")
    return value


def day(row: dict, name: str, *, today: datetime.date) -> datetime.date | None:
    value = text(row, name, 10)
    if not value:
        return None
    try:
        parsed = datetime.date.fromisoformat(value)
    except ValueError:
        raise RowError(f"{name} {value!r} is not a date (YYYY-MM-DD)") from None
    if not EARLIEST <= parsed <= today:
        raise RowError(f"{name} {value} is not between 1900-01-01 and today")
    return parsed


def moment(row: dict, name: str, *, now: datetime.datetime, required: bool = True) -> datetime.datetime | None:
    """An ISO 8601 time; one without an offset is UK local time (the force's)."""
    value = text(row, name, 40, required=required, formula_ok=True)
    if not value:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise RowError(f"{name} {value!r} is not a date and time (YYYY-MM-DDTHH:MM[:SS][+01:00])") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=force_timezone())
    if parsed.date() < EARLIEST or parsed > now + CLOCK_TOLERANCE:
        raise RowError(f"{name} {value} is not between 1900 and now")
    return parsed


@dataclass(frozen=True)
class Columns:
    """One kind of file: its name in the directory and its columns, in order."""

    kind: str
    file_name: str
    columns: tuple[str, ...]


PEOPLE = Columns(
    "people",
    "people.csv",
    (
        "id",
        "given_name",
        "middle_names",
        "surname",
        "date_of_birth",
        "gender",
        "address_1",
        "address_2",
        "town",
        "postcode",
        "phone",
    ),
)
INCIDENTS = Columns(
    "incidents",
    "incidents.csv",
    (
        "id",
        "received_at",
        "area",
        "channel",
        "relationship",
        "family_relation",
        "abuse_types",
        "location",
        "postcode",
        "summary",
        "victim_id",
        "suspect_id",
        "crime_decision",
        "closed_at",
    ),
)
CRIMES = Columns(
    "crimes",
    "crimes.csv",
    ("id", "incident_id", "crime_number", "category", "recorded_at", "outcome", "outcome_at", "outcome_reason"),
)
ARRESTS = Columns("arrests", "arrests.csv", ("id", "incident_id", "person_id", "arrested_at", "offence"))
KINDS = (PEOPLE, INCIDENTS, CRIMES, ARRESTS)


def person_row(row: dict, *, today: datetime.date, **_) -> list:
    phone = text(row, "phone", 30, formula_ok=True)
    if phone and not all(c.isdigit() or c in " +()-" for c in phone):
        raise RowError("phone may hold only digits, spaces, + ( ) and -")
    return [
        key(row, "id"),
        text(row, "given_name", 100),
        text(row, "middle_names", 100),
        text(row, "surname", 100, required=True),
        day(row, "date_of_birth", today=today),
        choice(row, "gender", Person.Gender.choices, required=False, default=Person.Gender.UNKNOWN),
        text(row, "address_1", 150),
        text(row, "address_2", 150),
        text(row, "town", 80),
        text(row, "postcode", 10).upper(),
        phone,
    ]


def incident_row(row: dict, *, now: datetime.datetime, areas: dict[str, int], **_) -> list:
    area_code = text(row, "area", 20, required=True)
    if area_code not in areas:
        raise RowError(f"area {area_code!r} is not an area of this force")
    relationship = choice(row, "relationship", Incident.Relationship.choices)
    family = choice(row, "family_relation", Incident.FamilyRelation.choices, required=False)
    if relationship == Incident.Relationship.FAMILY and not family:
        raise RowError("family_relation is missing: say which family relationship")
    if relationship != Incident.Relationship.FAMILY:
        family = ""
    abuse = sorted({t.strip() for t in text(row, "abuse_types", 300).split(";") if t.strip()})
    allowed = {c for c, _ in Incident.AbuseType.choices}
    if not abuse:
        raise RowError("abuse_types is missing: at least one type of abuse, separated by ;")
    if unknown := [t for t in abuse if t not in allowed]:
        raise RowError(f"abuse_types {unknown[0][:40]!r} is not one of {', '.join(sorted(allowed))}")
    victim = key(row, "victim_id", required=False)
    if not victim:
        raise RowError("victim_id is missing: every domestic-abuse incident has a victim")
    suspect = key(row, "suspect_id", required=False)
    if suspect == victim:
        raise RowError("suspect_id is the victim's id")
    received = moment(row, "received_at", now=now)
    closed = moment(row, "closed_at", now=now, required=False)
    if closed is not None and closed < received:
        raise RowError("closed_at is before received_at")
    return [
        key(row, "id"),
        received,
        areas[area_code],
        choice(row, "channel", Incident.Channel.choices),
        relationship,
        family,
        "{" + ",".join(abuse) + "}",
        text(row, "location", 200),
        text(row, "postcode", 10).upper(),
        text(row, "summary", 10_000),
        victim,
        suspect or None,
        choice(row, "crime_decision", Incident.CrimeDecision.choices, required=False, default="pending"),
        closed,
    ]


def crime_row(row: dict, *, now: datetime.datetime, **_) -> list:
    outcome = choice(row, "outcome", Crime.Outcome.choices, required=False, default=Crime.Outcome.PENDING)
    reason = text(row, "outcome_reason", 2_000)
    if outcome == Crime.Outcome.NO_FURTHER_ACTION and not reason:
        raise RowError("outcome_reason is missing: say why there is no further action")
    recorded = moment(row, "recorded_at", now=now)
    outcome_at = moment(row, "outcome_at", now=now, required=False)
    if outcome_at is not None and outcome_at < recorded:
        raise RowError("outcome_at is before recorded_at")
    return [
        key(row, "id"),
        key(row, "incident_id"),
        key_text(row, "crime_number", 30) or None,
        choice(row, "category", Crime.Offence.choices),
        recorded,
        outcome,
        outcome_at,
        reason,
    ]


def arrest_row(row: dict, *, now: datetime.datetime, **_) -> list:
    return [
        key(row, "id"),
        key(row, "incident_id"),
        key(row, "person_id"),
        moment(row, "arrested_at", now=now),
        text(row, "offence", 200, required=True),
    ]


PARSERS: dict[str, Callable[..., list]] = {
    "people": person_row,
    "incidents": incident_row,
    "crimes": crime_row,
    "arrests": arrest_row,
}
