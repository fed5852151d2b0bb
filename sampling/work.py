"""Dip-sample entries of the "my work" list."""

from django.urls import reverse
from django.utils import timezone

from core.work import WorkItem, WorkSection, provider

from .selectors import items_to_review, practice_issues_for

LIMIT = 10


@provider
def dip_sample_items_to_review(user) -> WorkSection | None:
    if not user.has_perm("sampling.review_dipsample"):
        return None
    items = list(items_to_review(user)[: LIMIT + 1])
    more = len(items) > LIMIT
    section = WorkSection(
        "Dip sample: assessments to review",
        [
            WorkItem(
                f"DASH {i.assessment_id}",
                reverse("sampling:item", args=[i.pk]),
                f"{i.sample.area.name}, period from {i.sample.period_start:%d/%m/%Y}; by {i.assessment.officer}",
            )
            for i in items[:LIMIT]
        ],
        empty_text="No dip-sampled assessment is waiting for review.",
    )
    if more:
        section.items.append(WorkItem("See every sample", reverse("sampling:compliance") + "?status=outstanding"))
    return section


@provider
def dip_sample_practice_issues(user) -> WorkSection | None:
    if not user.has_perm("sampling.acknowledge_practice_issue"):
        return None
    issues = list(practice_issues_for(user)[:LIMIT])
    if not issues:
        return None
    return WorkSection(
        "Dip sample: practice issues for your officers",
        [
            WorkItem(
                f"DASH {i.assessment_id} by {i.assessment.officer}",
                reverse("sampling:issue", args=[i.pk]),
                f"Raised by {i.reviewed_by} on {timezone.localtime(i.reviewed_at):%d/%m/%Y}",
            )
            for i in issues
        ],
    )
