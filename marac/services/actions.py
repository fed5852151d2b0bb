"""MARAC actions: agreed at a meeting for a case, owned by an agency, due by a date."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Agency, User

from ..models import MaracAction, MaracMeeting, MaracReferral
from ..policies import can_update_maracaction


@transaction.atomic
def action_add(
    *,
    referral: MaracReferral,
    meeting: MaracMeeting,
    owner_agency: Agency | None,
    description: str,
    due: date | None,
    user: User,
) -> MaracAction:
    """Record an action agreed for a case: an owner agency attending the meeting, a description and a due date."""
    if owner_agency is None:
        raise ValidationError({"owner_agency": "Every action needs an owner agency."})
    if not description.strip():
        raise ValidationError({"description": "Describe the action."})
    if due is None:
        raise ValidationError({"due": "Give a due date."})
    if due < timezone.localdate(meeting.starts_at):
        raise ValidationError({"due": "The due date cannot be before the meeting."})
    if not meeting.agencies.filter(pk=owner_agency.pk).exists():
        raise ValidationError({"owner_agency": "The owner must be an agency attending the meeting."})
    if (
        referral.meeting_id != meeting.pk
        and not MaracAction.objects.filter(referral=referral, meeting=meeting).exists()
    ):
        raise ValidationError({"meeting": "This case is not on that meeting's agenda."})
    return MaracAction.objects.create(
        referral=referral,
        meeting=meeting,
        owner_agency=owner_agency,
        description=description.strip(),
        due=due,
        created_by=user,
    )


@transaction.atomic
def action_update(*, action: MaracAction, status: str, reason: str = "", user: User) -> MaracAction:
    """Done, not done, or not possible (with the reason): by the owner agency, the chair or the coordinator."""
    action = MaracAction.objects.select_for_update().get(pk=action.pk)
    if not can_update_maracaction(user, action):
        raise PermissionDenied("Only the owner agency, the chair or the coordinator can update this action.")
    if status not in MaracAction.Status.values:
        raise ValidationError({"status": "Choose open, done, not done or not possible."})
    if status == MaracAction.Status.NOT_POSSIBLE and not reason.strip():
        raise ValidationError({"status_reason": "Say why the action is not possible."})
    action.status, action.status_reason = status, reason.strip()
    action.save(update_fields=["status", "status_reason", "updated_at"])
    return action
