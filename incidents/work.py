"""Incident entries of the "my work" list."""

from django.urls import reverse

from core.work import WorkItem, WorkSection, provider

from .models import Incident
from .selectors import audits_to_score, sign_off_queue


@provider
def incidents_to_sign_off(user) -> WorkSection | None:
    if not user.has_perm("incidents.sign_off_incident"):
        return None
    queue = list(sign_off_queue(user)[:10])
    return WorkSection(
        "Incidents awaiting your sign-off",
        [
            WorkItem(i.reference, i.get_absolute_url() + "#closure", f"{i.area.name}; logged by {i.created_by}")
            for i in queue
        ],
        empty_text="Nothing is waiting for sign-off.",
    )


@provider
def my_open_incidents(user) -> WorkSection | None:
    if not user.has_perm("incidents.add_incident"):
        return None
    # Only those still within reach: a handler moved to another force must not be offered links that 404.
    mine = (
        Incident.objects.visible_to(user)
        .filter(created_by=user, status=Incident.Status.OPEN)
        .select_related("area")[:10]
    )
    return WorkSection(
        "Your open incidents",
        [
            WorkItem(
                i.reference,
                i.get_absolute_url(),
                f"{i.area.name}; received {i.received_at:%d/%m %H:%M}",
                overdue=bool(i.sign_off_note),
            )
            for i in mine
        ],
        empty_text="You have no open incidents.",
    )


@provider
def calls_to_audit(user) -> WorkSection | None:
    if not user.has_perm("incidents.audit_call"):
        return None
    audits = list(audits_to_score(user)[:10])
    if not audits:
        return None
    return WorkSection(
        "Calls to audit",
        [
            WorkItem(
                a.incident.reference, reverse("incidents:call_audit_score", args=[a.pk]), f"handled by {a.handler}"
            )
            for a in audits
        ],
    )
