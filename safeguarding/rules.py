"""The protection rules as versioned data (safeguarding/data/protection_rules.json), read once.

Nothing here branches on a kind of notice: the act, the rank that authorises, the minimum age, the hearing
clock and its excluded days, an order's shortest and longest term and its notification requirements all
come from the file. A notice keeps the version it was drafted under (``rules_version``)."""

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).parent / "data" / "protection_rules.json"


@dataclass(frozen=True)
class KindRules:
    kind: str
    version: str
    label: str
    act: str
    authorising_rank: str | None = None
    minimum_age: int | None = None
    hearing_hours: int | None = None
    hearing_excluded_days: tuple[str, ...] = ()
    order_kind: str | None = None
    order_min_days: int | None = None
    order_max_days: int | None = None
    notification_requirement_days: int | None = None


@cache
def rules_data() -> dict:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


def calendar_rules() -> dict:
    return rules_data()["calendar"]


def versions() -> list[dict]:
    return sorted(rules_data()["versions"], key=lambda v: v["effective_from"])


def version_on(day: date) -> dict:
    """The version in force on ``day`` (the latest whose effective_from is on or before it)."""
    chosen = None
    for v in versions():
        if date.fromisoformat(v["effective_from"]) <= day:
            chosen = v
    if chosen is None:
        raise LookupError(f"No protection rules in force on {day:%d/%m/%Y}.")
    return chosen


def kind_rules(kind: str, *, version: str | None = None, on: date | None = None) -> KindRules:
    """The rules of one kind of notice or order, by version (as a notice keeps it) or by the day."""
    if version is not None:
        data = next((v for v in versions() if v["version"] == version), None)
        if data is None:
            raise LookupError(f"No protection rules version {version!r}.")
    else:
        data = version_on(on or date.today())
    raw = data["kinds"][kind]
    known = {k: v for k, v in raw.items() if k in KindRules.__dataclass_fields__}
    known["hearing_excluded_days"] = tuple(known.get("hearing_excluded_days", ()))
    return KindRules(kind=kind, version=data["version"], **known)


def current_version() -> str:
    return version_on(date.today())["version"]
