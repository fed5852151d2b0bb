"""Reads for the auditor's pages."""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from pghistory.models import Events

from .models import AccessLog


def accesses_to_person(person_id: int) -> QuerySet[AccessLog]:
    """Every consultation of any record holding this person's data."""
    return AccessLog.objects.filter(person_ids__contains=[person_id]).select_related("content_type")


def accesses_by_user(user_id: int) -> QuerySet[AccessLog]:
    """Every record one user opened."""
    return AccessLog.objects.filter(user_id=user_id).select_related("content_type")


def changes_by_user(user_id: int) -> QuerySet:
    """Every create, change and delete the user made, newest first (from pghistory's events)."""
    return Events.objects.filter(pgh_context__user=user_id).order_by("-pgh_created_at")


CONFIDENTIAL = "(confidential address)"


def redact_confidential_addresses(events: Iterable[Any]) -> list:
    """The events, with the values of every change to a confidential address (a refuge) withheld.

    Which addresses are confidential is the person index's one rule (Address.objects.protected()); an event
    whose own data says confidential is withheld too, whatever the address is now.
    """
    from people.models import Address

    events = list(events)
    ids = {e.pgh_obj_id for e in events if e.pgh_obj_model == "people.Address"}
    protected = {str(pk) for pk in Address.objects.protected().filter(pk__in=ids).values_list("pk", flat=True)}
    for event in events:
        if event.pgh_obj_model == "people.Address" and (
            str(event.pgh_obj_id) in protected or (event.pgh_data or {}).get("confidential")
        ):
            event.pgh_diff = {field: CONFIDENTIAL for field in (event.pgh_diff or event.pgh_data or {})}
    return events
