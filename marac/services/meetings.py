"""MARAC meetings: arranging them, moving cases between them, and what each agency shares about a case."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Agency, Area, User
from accounts.reach import works_in
from accounts.roles import Role
from core.services import version_bump, version_check

from ..models import AGENDA_ORDER, InformationShare, MaracMeeting, MaracReferral
from ..policies import attends
from .referrals import has_room


def _check_people(area: Area, chair: User, coordinator: User) -> None:
    if chair is not None and not (chair.has_role(Role.MARAC_CHAIR) and works_in(chair, area)):
        raise ValidationError({"chair": "The chair must be a MARAC chair of the area."})
    if coordinator is not None and not (coordinator.has_role(Role.MARAC_COORDINATOR) and works_in(coordinator, area)):
        raise ValidationError({"coordinator": "The coordinator must be a MARAC coordinator of the area."})


def _check_constraints(meeting: MaracMeeting) -> None:
    """The model's own checks (minutes per case in range), reported beside the field they concern."""
    try:
        meeting.validate_constraints(exclude={"area", "starts_at"})
    except ValidationError as exc:
        raise ValidationError({"minutes_per_case": exc.messages}) from exc


# MARACs meet monthly or so and arrange their dates a year or so ahead: a date further out is a typing mistake.
MEETING_HORIZON = timedelta(days=2 * 365)


def _check_time(starts_at: datetime) -> None:
    if starts_at is None:
        raise ValidationError({"starts_at": "Give the date and time of the meeting."})
    now = timezone.now()
    if starts_at <= now:
        raise ValidationError({"starts_at": "A meeting cannot be arranged in the past."})
    if starts_at > now + MEETING_HORIZON:
        raise ValidationError({"starts_at": "A meeting cannot be arranged more than two years ahead."})


@transaction.atomic
def meeting_create(
    *,
    area: Area,
    starts_at: datetime,
    chair: User,
    coordinator: User,
    agencies: Iterable[Agency],
    user: User,
    capacity: int = 20,
    location: str = "",
    minutes_per_case: int = 15,
) -> MaracMeeting:
    """Arrange a meeting of the area: in the future, one at a time, with its chair, coordinator and agencies."""
    _check_time(starts_at)
    _check_people(area, chair, coordinator)
    if capacity is None or capacity < 1:
        raise ValidationError({"capacity": "A meeting hears at least one case."})
    if not agencies:
        raise ValidationError({"agencies": "Choose the agencies attending."})
    if MaracMeeting.objects.filter(area=area, starts_at=starts_at).exists():
        raise ValidationError({"starts_at": "The area already has a meeting at that time."})
    meeting = MaracMeeting(
        area=area,
        starts_at=starts_at,
        chair=chair,
        coordinator=coordinator,
        capacity=capacity,
        location=location.strip(),
        minutes_per_case=minutes_per_case,
    )
    _check_constraints(meeting)
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError as exc:  # the same time taken a moment ago by someone else
        raise ValidationError({"starts_at": "The area already has a meeting at that time."}) from exc
    meeting.agencies.set(agencies)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: MaracMeeting,
    starts_at: datetime,
    chair: User,
    coordinator: User,
    agencies: Iterable[Agency],
    capacity: int,
    location: str,
    user: User,
    version: int | None = None,
    minutes_per_case: int | None = None,
) -> MaracMeeting:
    """Change a coming meeting; its capacity cannot fall below the cases already on it. A change made from an
    older version of the meeting (someone saved in between) is refused."""
    meeting = MaracMeeting.objects.select_for_update().get(pk=meeting.pk)
    version_check(record=meeting, version=version, what="meeting")
    if meeting.is_past:
        raise ValidationError("The meeting has taken place; it can no longer be changed.")
    _check_time(starts_at)
    _check_people(meeting.area, chair, coordinator)
    if not agencies:
        raise ValidationError({"agencies": "Choose the agencies attending."})
    booked = meeting.referrals.count()
    if capacity is None or capacity < max(booked, 1):
        raise ValidationError({"capacity": f"{booked} cases are already on this meeting; move some first."})
    if MaracMeeting.objects.filter(area=meeting.area, starts_at=starts_at).exclude(pk=meeting.pk).exists():
        raise ValidationError({"starts_at": "The area already has a meeting at that time."})
    meeting.starts_at, meeting.chair, meeting.coordinator = starts_at, chair, coordinator
    meeting.capacity, meeting.location = capacity, location.strip()
    if minutes_per_case is not None:
        meeting.minutes_per_case = minutes_per_case
    _check_constraints(meeting)
    version_bump(record=meeting)
    meeting.agencies.set(agencies)
    return meeting


@transaction.atomic
def referral_move(*, referral: MaracReferral, meeting: MaracMeeting, user: User) -> MaracReferral:
    """Move a case to another coming meeting of its area that has room (or put an unscheduled case on one)."""
    referral = MaracReferral.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=referral.pk)
    if meeting.area_id != referral.area_id:
        raise ValidationError({"meeting": "Choose a meeting of the case's area."})
    if meeting.is_past:
        raise ValidationError({"meeting": "That meeting has taken place."})
    if referral.meeting_id == meeting.pk:
        raise ValidationError({"meeting": "The case is already on that meeting."})
    if referral.meeting is not None and referral.meeting.is_past:
        raise ValidationError("The case has been heard; refer the victim again for a new meeting.")
    if MaracReferral.objects.filter(meeting=meeting, victim_id=referral.victim_id).exists():
        raise ValidationError({"meeting": "The victim is already on that meeting."})
    if not has_room(meeting=meeting):
        raise ValidationError({"meeting": f"That meeting is full (capacity {meeting.capacity})."})
    referral.meeting = meeting
    referral.agenda_position = None  # it joins the end of its new meeting's agenda
    version_bump(record=referral, fields=["meeting", "agenda_position"])
    return referral


@transaction.atomic
def meeting_case_move(*, referral: MaracReferral, places: int, user: User) -> MaracReferral:
    """Move a case up (places < 0) or down the agenda of its coming meeting; every case is then numbered 1..n.

    The meeting row is locked, so two people ordering the same agenda at once each see the other's order.
    """
    if referral.meeting_id is None:
        raise ValidationError("The case is not on a meeting.")
    meeting = MaracMeeting.objects.select_for_update().get(pk=referral.meeting_id)
    if meeting.is_past:
        raise ValidationError("The meeting has taken place; its agenda can no longer be changed.")
    cases = list(MaracReferral.objects.filter(meeting=meeting).order_by(*AGENDA_ORDER))
    index = next(i for i, case in enumerate(cases) if case.pk == referral.pk)
    target = min(max(index + places, 0), len(cases) - 1)
    cases.insert(target, cases.pop(index))
    for position, case in enumerate(cases, start=1):
        case.agenda_position = position
    MaracReferral.objects.bulk_update(cases, ["agenda_position"])
    return cases[target]


@transaction.atomic
def share_add(*, referral: MaracReferral, stage: str, text: str, user: User) -> InformationShare:
    """Record what the user's agency shares about a case on a meeting it attends, before or at the meeting."""
    meeting = referral.meeting
    if meeting is None:
        raise ValidationError("The case is not on a meeting yet.")
    if not attends(meeting, user):
        raise PermissionDenied("Your agency does not attend this meeting.")
    if stage not in InformationShare.Stage.values:
        raise ValidationError({"stage": "Before or at the meeting."})
    if stage == InformationShare.Stage.BEFORE and meeting.is_past:
        raise ValidationError({"stage": "The meeting has started: record what was shared at it."})
    if stage == InformationShare.Stage.AT and not meeting.day_has_come:
        raise ValidationError({"stage": "The meeting has not taken place yet: share before it."})
    if not text.strip():
        raise ValidationError({"text": "Write what your agency shares."})
    assert user.agency_id is not None  # attends() asked for one
    return InformationShare.objects.create(
        referral=referral, meeting=meeting, agency_id=user.agency_id, stage=stage, text=text.strip(), recorded_by=user
    )
