"""Reads for the auditor's pages."""

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
