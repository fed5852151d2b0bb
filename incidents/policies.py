"""What a user may do to one incident (see core/policies.py)."""

from accounts.models import User
from accounts.reach import reach
from core.policies import Decision, granted, policy
from incidents.models import Evidence, Incident


def _in_reach(user: User, incident: Incident, permission: str) -> Decision:
    found = reach(user, permission)
    if found is None:
        return Decision.FORBIDDEN
    return Decision.of(found.covers(incident.area_id), otherwise=Decision.HIDDEN)


@policy("view_incident")
def can_view_incident(user: User, incident: Incident) -> Decision:
    return _in_reach(user, incident, "incidents.view_incident")


@policy("view_evidence")
def can_view_evidence(user: User, evidence: Evidence) -> Decision:
    """A photograph opens for whoever may see its incident; other evidence is a reference, not a file."""
    decision = can_view_incident(user, evidence.incident)
    if decision and not (evidence.kind == evidence.Kind.PHOTOGRAPH and evidence.image):
        return Decision.HIDDEN
    return decision


@policy("sign_off_incident")
def can_sign_off_incident(user: User, incident: Incident) -> Decision:
    """A control-room supervisor signs off an incident waiting for it, never one they logged themselves."""
    waiting = incident.status == incident.Status.AWAITING_SIGN_OFF and incident.created_by_id != user.pk
    return granted(user, incident, permission="incidents.sign_off_incident", seen=can_view_incident, only_if=waiting)
