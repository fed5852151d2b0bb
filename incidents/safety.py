"""Officer-safety warnings and flags of the people on a record, wherever a police user acts on it.

The intake panel shows a person's markers and flags as the call comes in; the same facts must follow the
incident to its page, the DASH, the sergeant's and PVP reviews, the MARAC case and the agenda. Each flag is
worked out by the functions the intake panel uses (incidents.selectors), for all the record's people at
once: four queries whatever their number, and a fixed few per feature adding lines (warning_lines_provider).
Partners never see these: callers show them to police only.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from people.models import Marker, Person

from .models import Incident, Party
from .selectors import (
    active_markers,
    is_repeat_victim,
    is_serial_perpetrator,
    repeat_window_start,
    serial_victim_counts,
    victim_incident_counts,
)

# Lines other features add to each person's warnings (safeguarding: the notices and orders in force), by person
# id; a provider reads everyone at once (one query). Registered with ``@warning_lines_provider``.
WarningLines = Callable[[list[int], datetime], dict[int, list[str]]]
_WARNING_LINES: list[WarningLines] = []


def warning_lines_provider(func: WarningLines) -> WarningLines:
    _WARNING_LINES.append(func)
    return func


@dataclass
class PersonWarnings:
    """One person's markers and flags, and the parts they play on the record (victim, suspect...)."""

    person: Person
    roles: list[str] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    incidents_last_window: int = 0
    window_months: int = 0
    victims_as_suspect: int = 0
    orders: list[str] = field(default_factory=list)  # notices and orders in force (warning_lines_provider)

    @property
    def is_repeat_victim(self) -> bool:
        return is_repeat_victim(self.incidents_last_window)

    @property
    def is_serial_perpetrator(self) -> bool:
        return is_serial_perpetrator(self.victims_as_suspect)

    @property
    def officer_safety(self) -> list[Marker]:
        """Warning markers (weapons, violence...) first: they are what an officer must know before acting."""
        return [m for m in self.markers if m.kind == Marker.Kind.WARNING]

    @property
    def flags(self) -> list[str]:
        found = []
        if self.is_serial_perpetrator:
            found.append(f"Serial perpetrator: {self.victims_as_suspect} unconnected victims")
        if self.is_repeat_victim:
            found.append(
                f"Repeat victim: {self.incidents_last_window} domestic-abuse incidents in the last "
                f"{self.window_months} months"
            )
        return found

    @property
    def lines(self) -> list[str]:
        """Every warning, marker and flag as plain text: warnings first, then flags, then other markers."""
        ordered = self.officer_safety + [m for m in self.markers if m.kind != Marker.Kind.WARNING]
        markers = [
            f"{m.get_kind_display()}: {m.get_code_display()}" + (f" — {m.detail}" if m.detail else "") for m in ordered
        ]
        warnings = markers[: len(self.officer_safety)]
        return warnings + self.orders + self.flags + markers[len(self.officer_safety) :]

    @property
    def role_label(self) -> str:
        return ", ".join(self.roles)

    def __bool__(self) -> bool:
        return bool(self.markers) or bool(self.orders) or self.is_repeat_victim or self.is_serial_perpetrator


def warnings_for(
    people: Iterable[tuple[Person, str]], *, force, now: datetime | None = None
) -> dict[int, PersonWarnings]:
    """Markers, flags and (from the features) orders of each (person, role) given, by person id; five queries.

    A person named twice (a victim who is also a witness) appears once with both roles.
    """
    now = now or timezone.now()
    months = force.repeat_victim_window_months
    found: dict[int, PersonWarnings] = {}
    for person, role in people:
        entry = found.setdefault(person.pk, PersonWarnings(person=person, window_months=months))
        if role and role not in entry.roles:
            entry.roles.append(role)
    if not found:
        return found
    # The same window as the intake panel's (person_history), for the same answer on every page.
    recent = victim_incident_counts(found, repeat_window_start(force, now), now + timedelta(minutes=5))
    serial = serial_victim_counts(found, now=now)
    markers = active_markers(found)
    for pk, entry in found.items():
        entry.incidents_last_window, entry.victims_as_suspect, entry.markers = recent[pk], serial[pk], markers[pk]
    for provider in _WARNING_LINES:
        for pk, lines in provider(list(found), now).items():
            found[pk].orders.extend(lines)
    return found


def shown(warnings: dict[int, PersonWarnings]) -> list[PersonWarnings]:
    """Those with something to show, people with officer-safety warnings first."""
    return sorted((w for w in warnings.values() if w), key=lambda w: not (w.officer_safety or w.orders))


def incident_warnings(incident: Incident, *, force=None, now: datetime | None = None) -> list[PersonWarnings]:
    """The warnings of everyone on the incident (victims, suspects, children, witnesses); six queries.

    ``force``: the force whose repeat-victim window applies, when the caller has it already (else the incident's).
    """
    parties = Party.objects.filter(incident_id=incident.pk).select_related("person").order_by("pk")
    people = [(p.person, p.get_role_display()) for p in parties]
    return shown(warnings_for(people, force=force or incident.area.force, now=now))
