"""What a user may do to one DASH assessment, or to an incident by way of a DASH (see core/policies.py)."""

from accounts.reach import area_reach
from core.policies import Decision, policy
from incidents.policies import can_view_incident


@policy("view_assessment")
def can_view_assessment(user, assessment) -> Decision:
    reach = area_reach(user, "risk.view_assessment")
    if reach is None:
        return Decision.FORBIDDEN
    return Decision.of(reach.covers(assessment.area), otherwise=Decision.HIDDEN)


@policy("start_assessment")
def can_start_assessment(user, incident) -> Decision:
    if not user.has_perm("risk.add_assessment"):
        return Decision.FORBIDDEN
    return can_view_incident(user, incident)


@policy("change_assessment")
def can_change_assessment(user, assessment) -> Decision:
    """A draft is answered, and submitted, by the officer completing it; once submitted no one changes it."""
    if not user.has_perm("risk.change_assessment"):
        return Decision.FORBIDDEN
    decision = can_view_assessment(user, assessment)
    if decision and (assessment.officer_id != user.pk or assessment.status != assessment.Status.DRAFT):
        return Decision.FORBIDDEN
    return decision


@policy("review_assessment")
def can_review_assessment(user, assessment) -> Decision:
    """A sergeant reviews a submitted DASH of their own areas, never one they completed themselves."""
    if not user.has_perm("risk.review_as_sergeant"):
        return Decision.FORBIDDEN
    decision = can_view_assessment(user, assessment)
    if decision and (
        assessment.status != assessment.Status.SUBMITTED
        or assessment.officer_id == user.pk
        or assessment.area_id not in user.area_ids
    ):
        return Decision.FORBIDDEN
    return decision
