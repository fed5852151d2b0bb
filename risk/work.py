"""Risk entries of the "my work" list: drafts to finish, assessments to review, PVP items held."""

from django.urls import reverse
from django.utils import timezone

from core.work import WorkItem, WorkSection, provider

from .models import Assessment, PvpQueueItem
from .selectors import is_overdue_for_sergeant, pvp_counts, sergeant_queue


@provider
def my_drafts(user) -> WorkSection | None:
    if not user.has_perm("risk.add_assessment"):
        return None
    drafts = (
        Assessment.objects.visible_to(user)
        .filter(officer=user, status=Assessment.Status.DRAFT)
        .select_related("victim")[:10]
    )
    if not drafts:
        return None
    return WorkSection(
        "DASH assessments to finish",
        [
            WorkItem(
                f"DASH for {a.victim.full_name}",
                reverse("risk:section", args=[a.pk, 1]),
                f"started {a.started_at:%d/%m %H:%M}",
            )
            for a in drafts
        ],
    )


@provider
def assessments_to_review(user) -> WorkSection | None:
    if not user.has_perm("risk.review_as_sergeant"):
        return None
    now = timezone.now()
    queue = list(sergeant_queue(user)[:10])
    return WorkSection(
        "Assessments awaiting your review",
        [
            WorkItem(
                f"{a.victim.full_name} ({a.get_officer_grade_display()})",
                a.get_absolute_url(),
                f"submitted {a.submitted_at:%d/%m %H:%M} by {a.officer}",
                overdue=is_overdue_for_sergeant(a, now),
            )
            for a in queue
        ],
        empty_text="No assessment is waiting for you.",
    )


@provider
def pvp_work(user) -> WorkSection | None:
    if not user.has_perm("risk.review_in_pvp_queue"):
        return None
    held = (
        PvpQueueItem.objects.visible_to(user)
        .filter(claimed_by=user, completed_at__isnull=True)
        .select_related("assessment__victim")
    )
    counts = pvp_counts(user)
    items = [
        WorkItem(
            f"Review {i.assessment.victim.full_name}",
            reverse("risk:pvp_review", args=[i.pk]),
            f"claimed {i.claimed_at:%d/%m %H:%M}",
        )
        for i in held[:10]
    ]
    items.append(WorkItem(f"{counts.unclaimed} unclaimed in the PVP queue", reverse("risk:pvp_queue")))
    return WorkSection("PVP review", items)
