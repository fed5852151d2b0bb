"""Notices and orders in a person's history (the intake screen, the person page, the PVP review) and in the
warnings that follow a record (incidents.safety: the incident, the DASH, the reviews, the MARAC case and the
police agenda)."""

from django.utils import timezone

from incidents.safety import warning_lines_provider
from people.history import HistorySection, history_provider

from .selectors import orders_in_force


@history_provider
def protection_orders(person) -> HistorySection | None:
    lines = orders_in_force([person.pk], today=timezone.localdate()).get(person.pk)
    if not lines:
        return None
    return HistorySection("Protection notices and orders in force", lines)


@warning_lines_provider
def protection_warning_lines(person_ids, now):
    return orders_in_force(person_ids, today=timezone.localdate(now))
