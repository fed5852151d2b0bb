"""Where Clare's Law, bail and release and the Victims' Code show themselves outside their own pages: a person's
history (the intake screen and the person page), the warnings and flags that follow a record (the incident,
the DASH, the reviews, the MARAC case and agenda, police only) and "my work". Imported by the app's ready()."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from core.work import WorkItem, WorkSection, provider
from incidents.safety import warning_lines_provider
from people.history import HistorySection, history_provider

from . import case_policies  # noqa: F401  (registers the policies)
from .case_selectors import custody_lines, disclosure_lines, safeguarding_lines
from .models.custody import RiskReviewTask
from .models.victims_code import VictimUpdate
from .services import case_clocks  # noqa: F401  (registers the clock sources)

LIMIT = 10


@history_provider
def custody_history(person) -> HistorySection | None:
    """Current bail and custody, with the conditions: the call handler sees them as soon as the person is chosen."""
    lines = custody_lines([person.pk])[person.pk]
    return HistorySection("Bail and custody", lines) if lines else None


@history_provider
def disclosure_history(person) -> HistorySection | None:
    lines = disclosure_lines([person.pk])[person.pk]
    return HistorySection("Clare's Law", lines) if lines else None


@warning_lines_provider
def custody_and_disclosure_lines(person_ids: list[int], now) -> dict[int, list[str]]:
    """Bail conditions and Clare's Law cases follow each person onto every police page the warnings reach."""
    return safeguarding_lines(person_ids)


@provider
def risk_reviews_due(user) -> WorkSection | None:
    if not user.has_perm("safeguarding.complete_riskreviewtask"):
        return None
    today = timezone.localdate()
    tasks = list(
        RiskReviewTask.objects.open()
        .filter(assignee=user, due_date__lte=today + timedelta(days=1))
        .select_related("status__incident")
        .order_by("due_date", "pk")[:LIMIT]
    )
    if not tasks:
        return None
    return WorkSection(
        "Risk reviews after bail or custody changes",
        [
            WorkItem(
                f"Review the risk: {t.status.get_kind_display().lower()}",
                reverse("safeguarding:custody", args=[t.status.incident_id]) + "#reviews",
                f"Incident {t.status.incident.reference}; due {t.due_date:%d/%m/%Y}",
                overdue=t.due_date < today,
            )
            for t in tasks
        ],
    )


@provider
def victims_code_due(user) -> WorkSection | None:
    if not user.has_perm("safeguarding.add_victimcontact"):
        return None
    today = timezone.localdate()
    updates = list(
        VictimUpdate.objects.open()
        .filter(responsible=user, due_on__lte=today + timedelta(days=1))
        .select_related("incident")
        .order_by("due_on", "pk")[:LIMIT]
    )
    if not updates:
        return None
    return WorkSection(
        "Victims' Code updates to give",
        [
            WorkItem(
                f"Update the victim: {u.get_event_display().lower()}",
                reverse("safeguarding:custody", args=[u.incident_id]) + "#victims-code",
                f"Incident {u.incident.reference}; by the end of {u.due_on:%d/%m/%Y}",
                overdue=u.due_on < today,
            )
            for u in updates
        ],
    )
