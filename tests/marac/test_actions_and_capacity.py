"""MARAC actions (owner, due date, status; open ones carry forward) and the 12-month flag (capacity: test_capacity)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.roles import Role
from marac.models import MaracAction, MaracReferral
from marac.selectors import open_actions_for, twelve_month_flags
from marac.services import action_add, action_update, referral_create

from ..factories import make_person
from .factories import make_meeting


@pytest.fixture
def case(make_user, world):
    meeting = make_meeting(world, days=2)
    referral = referral_create(
        victim=make_person(),
        perpetrators=[],
        area=world.area,
        referring_agency=world.police,
        user=make_user(Role.PVP_OFFICER),
        criteria=["professional_judgement"],
        judgement_rationale="Escalating",
        information_sharing_basis="Vital interests",
        victim_aware=True,
        idva_offered=True,
    )
    return referral, meeting, make_user(Role.MARAC_CHAIR)


@pytest.mark.parametrize(
    "owner, description, due, error",
    [(None, "Safety visit", 7, "owner_agency"), ("police", "  ", 7, "description"), ("police", "Visit", None, "due")],
)
def test_an_action_needs_an_owner_a_description_and_a_due_date(case, world, owner, description, due, error):
    referral, meeting, chair = case
    with pytest.raises(ValidationError) as exc:
        action_add(
            referral=referral,
            meeting=meeting,
            owner_agency=world.police if owner else None,
            description=description,
            due=timezone.localdate() + timedelta(days=due) if due else None,
            user=chair,
        )
    assert error in exc.value.message_dict and not MaracAction.objects.exists()


def test_not_possible_needs_a_reason_and_open_actions_carry_forward(case, world):
    referral, meeting, chair = case
    done = action_add(
        referral=referral,
        meeting=meeting,
        owner_agency=world.police,
        description="Flag address",
        due=timezone.localdate() + timedelta(days=5),
        user=chair,
    )
    still_open = action_add(
        referral=referral,
        meeting=meeting,
        owner_agency=world.idva_service,
        description="IDVA contact",
        due=timezone.localdate() + timedelta(days=5),
        user=chair,
    )
    with pytest.raises(ValidationError):
        action_update(action=done, status="not_possible", user=chair)
    action_update(action=done, status="done", user=chair)
    later = make_meeting(world, days=30)
    assert list(open_actions_for(referral.victim_id, before_meeting=later)) == [still_open]


def test_a_case_twelve_months_after_its_last_marac_is_flagged(case, world):
    referral, _, chair = case
    today = timezone.localdate()
    assert not twelve_month_flags(chair, today=today).exists()
    MaracReferral.objects.filter(pk=referral.pk).update(referred_at=timezone.now() - timedelta(days=366))
    assert [f["victim_id"] for f in twelve_month_flags(chair, today=today)] == [referral.victim_id]
