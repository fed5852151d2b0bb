"""Reads for the review queues: the sergeant's queue and the PVP queue, each in a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.reach import reach
from incidents.models import Party

from .models import Assessment, PvpQueueItem


def sergeant_queue(user: User) -> QuerySet[Assessment]:
    """Submitted assessments in the sergeant's own areas, oldest first."""
    found = reach(user, "risk.review_as_sergeant")
    if found is None:
        return Assessment.objects.none()
    return (
        found.own(Assessment.objects.visible_to(user))
        .filter(status=Assessment.Status.SUBMITTED)
        .select_related("victim", "officer", "area__force", "incident")
        .order_by("submitted_at", "pk")
    )


def is_overdue_for_sergeant(assessment: Assessment, now: datetime | None = None) -> bool:
    """Not reviewed within the force's shift length (default 8 hours) of submission."""
    if assessment.submitted_at is None:  # a draft waits for no sergeant
        return False
    hours = assessment.area.force.sergeant_review_hours
    return assessment.submitted_at + timedelta(hours=hours) < (now or timezone.now())


def pvp_pending(user: User) -> QuerySet[PvpQueueItem]:
    """Items not yet reviewed in the user's areas, oldest first."""
    return (
        PvpQueueItem.objects.visible_to(user)
        .pending()
        .select_related("assessment__victim", "assessment__officer", "claimed_by", "area")
        .defer("assessment__victim__match_data")
        .order_by("entered_at", "pk")
    )


@dataclass
class QueueCounts:
    pending: int
    unclaimed: int
    oldest: datetime | None
    holders: list[tuple[str, int]]


def pvp_counts(user: User) -> QueueCounts:
    """How many wait, how many are unclaimed, the oldest, and who holds how many (two queries)."""
    pending = PvpQueueItem.objects.visible_to(user).pending()
    totals = pending.aggregate(
        pending=Count("pk"), unclaimed=Count("pk", filter=Q(claimed_by__isnull=True)), oldest=Min("entered_at")
    )
    holders = (
        pending.filter(claimed_by__isnull=False)
        .values("claimed_by__first_name", "claimed_by__last_name", "claimed_by__username")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return QueueCounts(
        pending=totals["pending"],
        unclaimed=totals["unclaimed"],
        oldest=totals["oldest"],
        holders=[
            (f"{h['claimed_by__first_name']} {h['claimed_by__last_name']}".strip() or h["claimed_by__username"], h["n"])
            for h in holders
        ],
    )


def abuser_names(assessment: Assessment) -> str:
    """The suspects of the assessment's incident by name, as the questions read them out ("" when none)."""
    names = list(
        dict.fromkeys(
            p.person.full_name
            for p in Party.objects.filter(incident_id=assessment.incident_id, role=Party.Role.SUSPECT)
            .select_related("person")
            .order_by("pk")
        )
    )
    if len(names) <= 1:
        return "".join(names)
    # "Has A or B ever ...": each question asks whether any of them did it.
    return f"{', '.join(names[:-1])} or {names[-1]}"
