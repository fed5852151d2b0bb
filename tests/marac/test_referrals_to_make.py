"""'MARAC referrals to make' on a PVP officer's work: a victim already referred by any agency and waiting to be
heard is not listed as needing a referral; the page says who referred and when."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.work import my_work
from marac.models import MaracReferral
from marac.services import partner_referral_create
from people.services import PersonInput
from risk.services import reviews

from ..factories import make_person
from ..risk.factories import in_pvp_queue
from .factories import make_meeting, move_to, refer

SECTION = "MARAC referrals to make"


def _decide(personas, world, victim):
    """A high-risk DASH for the victim, reviewed by the PVP officer, who decides on a MARAC referral."""
    item = in_pvp_queue(
        officer=personas.officer,
        handler=personas.handler,
        sergeant=personas.sergeant,
        area=world.area,
        yes=14,
        grade="high",
        victim=victim,
    )
    reviews.pvp_claim(item=item, user=personas.pvp_officer)
    reviews.pvp_complete(
        item=item, user=personas.pvp_officer, grade="high", rationale="", refer_to_marac=True, refer_to_idva=True
    )
    return item


def _items(user):
    return {s.title: s for s in my_work(user)}.get(SECTION)


def _day(dt) -> str:
    return f"{timezone.localtime(dt):%d/%m/%Y}"


def test_a_victim_the_idva_already_put_on_the_agenda_is_not_listed_as_overdue(personas, world):
    victim = make_person(given_name="Ivy", surname="Agenda", date_of_birth=date(1988, 4, 2))
    meeting = make_meeting(world, days=9)
    by_idva = refer(world, personas.idva, victim=victim, referring_agency=world.idva_service)
    assert by_idva.meeting == meeting
    _decide(personas, world, victim)
    [item] = _items(personas.pvp_officer).items
    assert not item.overdue and "Refer" not in item.label and "already referred" in item.label
    assert item.detail == (
        f"Already referred by IDVA Service on {_day(by_idva.referred_at)}, "
        f"on the MARAC of {_day(meeting.starts_at)} ({by_idva.reference})"
    )
    assert item.url == by_idva.get_absolute_url()


def test_a_partners_referral_of_the_same_name_and_birth_date_answers_the_decision(personas, world):
    victim = make_person(given_name="Pia", surname="Twice", date_of_birth=date(1990, 2, 3))
    _decide(personas, world, victim)
    assert _items(personas.pvp_officer).items[0].overdue
    # The IDVA describes her anew (partners cannot search the index): a second record, not yet merged.
    by_idva = partner_referral_create(
        victim=PersonInput(given_name="PIA", surname="twice", date_of_birth=date(1990, 2, 3)),
        perpetrators=[],
        area=world.area,
        user=personas.idva,
        criteria=["professional_judgement"],
        judgement_rationale="Threats to kill",
        information_sharing_basis="Consent",
        victim_aware=True,
    )
    assert by_idva.victim_id != victim.pk and by_idva.meeting is None
    [item] = _items(personas.pvp_officer).items
    assert not item.overdue
    assert item.detail.startswith(f"Already referred by IDVA Service on {_day(by_idva.referred_at)}, waiting")
    # Following the old link would invite a duplicate: the service refuses it and says where the case is.
    with pytest.raises(ValidationError, match="already referred"):
        refer(world, personas.pvp_officer, victim=victim)
    assert MaracReferral.objects.count() == 1


def test_same_name_without_a_birth_date_is_not_taken_for_the_victim(personas, world):
    victim = make_person(given_name="Nell", surname="Nodate")
    refer(
        world,
        personas.idva,
        victim=make_person(given_name="Nell", surname="Nodate"),
        referring_agency=world.idva_service,
    )
    _decide(personas, world, victim)
    [item] = _items(personas.pvp_officer).items
    assert item.overdue and item.label == f"Refer {victim.full_name} to MARAC"
    assert item.url == reverse("marac:refer") + f"?assessment={victim.assessments.get().pk}"


def test_a_case_heard_before_the_decision_does_not_answer_it_and_one_heard_since_does(personas, world):
    victim = make_person(given_name="Olga", surname="Old")
    old = refer(world, personas.idva, victim=victim, referring_agency=world.idva_service)
    move_to(old, make_meeting(world, days=-60))
    MaracReferral.objects.filter(pk=old.pk).update(referred_at=timezone.now() - timedelta(days=70))
    item = _decide(personas, world, victim)
    assert _items(personas.pvp_officer).items[0].overdue
    # Heard after the review: the decision is answered, nothing is left to make or to show.
    move_to(old, make_meeting(world, days=-1))
    type(item).objects.filter(pk=item.pk).update(completed_at=timezone.now() - timedelta(days=2))
    assert _items(personas.pvp_officer) is None


def test_the_officers_own_referral_since_the_review_clears_the_list(personas, world):
    victim = make_person(given_name="Rae", surname="Own")
    _decide(personas, world, victim)
    make_meeting(world, days=5)
    refer(world, personas.pvp_officer, victim=victim)
    assert _items(personas.pvp_officer) is None
