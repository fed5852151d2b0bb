"""Supervision: sign-off before closure (inspection finding 2) and call audits."""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import User

from ..models import CallAudit, Incident
from ..models.supervision import CALL_STANDARD
from ..selectors import closure_problems
from .response import _open_for_changes


@transaction.atomic
def incident_submit_for_sign_off(*, incident: Incident, user: User) -> Incident:
    """Ask a control-room supervisor to sign the incident off; refused while anything required is missing."""
    incident = _open_for_changes(incident)
    if incident.status != Incident.Status.OPEN:
        raise ValidationError("This incident is already awaiting sign-off.")
    problems = closure_problems(incident)
    if problems:
        raise ValidationError(problems)
    incident.status = Incident.Status.AWAITING_SIGN_OFF
    incident.submitted_for_sign_off_at = timezone.now()
    incident.save(update_fields=["status", "submitted_for_sign_off_at"])
    return incident


def _awaiting(incident: Incident, supervisor: User) -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.status != Incident.Status.AWAITING_SIGN_OFF:
        raise ValidationError("This incident is not awaiting sign-off (someone may have dealt with it already).")
    if incident.created_by_id == supervisor.pk:
        raise ValidationError("A supervisor cannot sign off an incident they logged themselves.")
    return incident


@transaction.atomic
def incident_sign_off(*, incident: Incident, supervisor: User, note: str = "") -> Incident:
    """Close the incident with the supervisor's sign-off."""
    incident = _awaiting(incident, supervisor)
    incident.status = Incident.Status.CLOSED
    incident.signed_off_by, incident.signed_off_at, incident.sign_off_note = supervisor, timezone.now(), note.strip()
    incident.save(update_fields=["status", "signed_off_by", "signed_off_at", "sign_off_note"])
    return incident


@transaction.atomic
def incident_return(*, incident: Incident, supervisor: User, note: str) -> Incident:
    """Send the incident back to the control room with what must be put right."""
    if not note.strip():
        raise ValidationError({"note": "Say what must be put right before sign-off."})
    incident = _awaiting(incident, supervisor)
    incident.status = Incident.Status.OPEN
    incident.sign_off_note = note.strip()
    incident.submitted_for_sign_off_at = None
    incident.save(update_fields=["status", "sign_off_note", "submitted_for_sign_off_at"])
    return incident


@transaction.atomic
def call_audit_draw(*, auditor: User, month: date, per_handler: int = 2, seed: int | None = None) -> list[CallAudit]:
    """Draw, at random, up to ``per_handler`` not-yet-audited calls of each handler for the month, among the
    calls within the auditor's reach (their force's, for the control room).

    Handlers already at the quota for the month get no more; drawing again changes nothing.
    """
    if per_handler < 1:
        raise ValidationError({"per_handler": "Draw at least one call per handler."})
    month = month.replace(day=1)
    # One draw per month at a time, so that two supervisors drawing at once cannot exceed the quota.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('call_audit_draw'), %s)", [month.toordinal()])
    next_month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    calls = Incident.objects.visible_to(auditor).filter(
        received_at__date__gte=month, received_at__date__lt=next_month, call_audit__isnull=True
    )
    already = {
        row["handler"]: row["n"]
        for row in CallAudit.objects.filter(month=month).values("handler").annotate(n=Count("id"))
    }
    rng = random.Random(seed)  # noqa: S311 - a sample for quality audit, not a secret
    drawn = []
    handler_ids = calls.values_list("created_by", flat=True).distinct().order_by("created_by")
    User = get_user_model()
    for handler_id in handler_ids:
        wanted = per_handler - already.get(handler_id, 0)
        if wanted <= 0:
            continue
        pool = list(calls.filter(created_by_id=handler_id).values_list("pk", flat=True).order_by("pk"))
        for incident_id in rng.sample(pool, min(wanted, len(pool))):
            drawn.append(CallAudit(incident_id=incident_id, handler=User(pk=handler_id), auditor=auditor, month=month))
    CallAudit.objects.bulk_create(drawn)
    return list(CallAudit.objects.filter(month=month, incident_id__in=[a.incident_id for a in drawn]).order_by("pk"))


@transaction.atomic
def call_audit_score(*, audit: CallAudit, auditor: User, scores: dict[str, int], comments: str = "") -> CallAudit:
    """Score the call against every criterion of the written standard (0, 1 or 2 each)."""
    audit = CallAudit.objects.select_for_update().get(pk=audit.pk)
    errors = {}
    for key in CALL_STANDARD:
        if scores.get(key) not in (0, 1, 2):
            errors[key] = "Score 0, 1 or 2."
    unknown = set(scores) - set(CALL_STANDARD)
    if unknown:
        errors["scores"] = f"Not part of the standard: {', '.join(sorted(unknown))}"
    if errors:
        raise ValidationError(errors)
    audit.scores = {k: scores[k] for k in CALL_STANDARD}
    audit.total = sum(audit.scores.values())
    audit.comments, audit.auditor, audit.scored_at = comments.strip(), auditor, timezone.now()
    audit.save(update_fields=["scores", "total", "comments", "auditor", "scored_at"])
    return audit
