"""What a user may do to one DASH assessment, or to an incident by way of a DASH (see core/policies.py)."""

from accounts.reach import reach
from core.policies import Decision, policy
from incidents.policies import can_view_incident


@policy("view_assessment")
def can_view_assessment(user, assessment) -> Decision:
    found = reach(user, "risk.view_assessment")
    if found is None:
        return Decision.FORBIDDEN
    return Decision.of(found.covers(assessment.area_id), otherwise=Decision.HIDDEN)


@policy("start_assessment")
def can_start_assessment(user, incident) -> Decision:
    if not user.has_perm("risk.add_assessment"):
        return Decision.FORBIDDEN
    return can_view_incident(user, incident)
