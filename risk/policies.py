"""What a user may do to one DASH assessment, or to an incident by way of a DASH (see core/policies.py)."""

from accounts.models import User
from accounts.reach import reach
from core.policies import Decision, granted, policy
from incidents.models import Incident
from incidents.policies import can_view_incident
from risk.models import Assessment


@policy("view_assessment")
def can_view_assessment(user: User, assessment: Assessment) -> Decision:
    found = reach(user, "risk.view_assessment")
    if found is None:
        return Decision.FORBIDDEN
    return Decision.of(found.covers(assessment.area_id), otherwise=Decision.HIDDEN)


@policy("start_assessment")
def can_start_assessment(user: User, incident: Incident) -> Decision:
    return granted(user, incident, permission="risk.add_assessment", seen=can_view_incident)


@policy("change_assessment")
def can_change_assessment(user: User, assessment: Assessment) -> Decision:
    """A draft is answered, and submitted, by the officer completing it; once submitted no one changes it."""
    own_draft = assessment.officer_id == user.pk and assessment.status == assessment.Status.DRAFT
    return granted(user, assessment, permission="risk.change_assessment", seen=can_view_assessment, only_if=own_draft)


@policy("review_assessment")
def can_review_assessment(user: User, assessment: Assessment) -> Decision:
    """A sergeant reviews a submitted DASH of their own areas, never one they completed themselves."""
    sergeant = reach(user, "risk.review_as_sergeant")
    submitted = assessment.status == assessment.Status.SUBMITTED
    in_their_queue = submitted and sergeant is not None and sergeant.works_in(assessment.area_id)
    ok = in_their_queue and assessment.officer_id != user.pk
    return granted(user, assessment, permission="risk.review_as_sergeant", seen=can_view_assessment, only_if=ok)
