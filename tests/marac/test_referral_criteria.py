"""MARAC referral criteria: computed and suggested by the system, confirmed by the referrer (a table of cases)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from marac.models import Criterion, MaracReferral
from marac.services import referral_create, referral_criteria

from ..factories import make_person
from ..incidents.helpers import log_incident
from ..risk.factories import submitted
from .factories import make_meeting


def _met(checks) -> set[str]:
    return {c.criterion for c in checks if c.met}


@pytest.mark.parametrize(
    "yes, incidents, expected",
    [
        (14, 1, {Criterion.VISIBLE_HIGH_RISK}),
        (13, 1, set()),
        (5, 3, {Criterion.POTENTIAL_ESCALATION}),
        (16, 4, {Criterion.VISIBLE_HIGH_RISK, Criterion.POTENTIAL_ESCALATION}),
        (2, 2, set()),
    ],
)
def test_criteria_are_computed_from_the_records(personas, world, yes, incidents, expected):
    victim, suspect = make_person(given_name="Vera"), make_person(given_name="Sid")
    for n in range(incidents - 1):
        log_incident(
            user=personas.handler,
            area=world.area,
            victim=victim,
            suspect=suspect,
            received_at=timezone.now() - timedelta(days=30 * (n + 1)),
        )
    assessment = submitted(
        officer=personas.officer,
        handler=personas.handler,
        area=world.area,
        yes=yes,
        grade="high" if yes >= 14 else "medium" if yes >= 10 else "standard",
        victim=victim,
        rationale="x" if 10 <= yes < 14 else "",
    )
    checks = referral_criteria(victim=victim, perpetrator_ids=[suspect.pk], area=world.area, assessment=assessment)
    assert _met(checks) == expected
    assert all(c.reason for c in checks)


def test_the_escalation_threshold_is_the_forces(personas, world):
    victim = make_person()
    for n in range(2):
        log_incident(
            user=personas.handler, area=world.area, victim=victim, received_at=timezone.now() - timedelta(days=n + 1)
        )
    assert Criterion.POTENTIAL_ESCALATION not in _met(
        referral_criteria(victim=victim, perpetrator_ids=[], area=world.area)
    )
    world.force.marac_escalation_incidents = 2
    world.force.save()
    world.area.refresh_from_db()
    assert Criterion.POTENTIAL_ESCALATION in _met(referral_criteria(victim=victim, perpetrator_ids=[], area=world.area))


def test_a_new_incident_with_the_same_perpetrator_after_a_referral_is_a_repeat(personas, world):
    victim, suspect, other = make_person(), make_person(given_name="Sid"), make_person(given_name="Other")
    referral_create(
        victim=victim,
        perpetrators=[suspect],
        area=world.area,
        referring_agency=world.police,
        user=personas.pvp_officer,
        criteria=["professional_judgement"],
        judgement_rationale="Threats to kill",
        information_sharing_basis="Vital interests",
        victim_aware=True,
    )
    MaracReferral.objects.update(referred_at=timezone.now() - timedelta(days=60))
    log_incident(user=personas.handler, area=world.area, victim=victim, suspect=other)
    assert Criterion.REPEAT not in _met(referral_criteria(victim=victim, perpetrator_ids=[suspect.pk], area=world.area))
    log_incident(user=personas.handler, area=world.area, victim=victim, suspect=suspect)
    assert Criterion.REPEAT in _met(referral_criteria(victim=victim, perpetrator_ids=[suspect.pk], area=world.area))
    # Naming the new incident's suspect on a new referral is not enough: they must be the last referral's too.
    newcomer = make_person(given_name="Newcomer")
    log_incident(user=personas.handler, area=world.area, victim=victim, suspect=newcomer)
    assert Criterion.REPEAT not in _met(
        referral_criteria(victim=victim, perpetrator_ids=[newcomer.pk], area=world.area)
    )


@pytest.mark.parametrize(
    "criteria, rationale, error",
    [
        ([], "", "criteria"),
        (["visible_high_risk"], "", "criteria"),  # not met: no assessment
        (["professional_judgement"], "", "judgement_rationale"),
        (["made_up"], "", "criteria"),
        (["professional_judgement"], "Strangulation and new pregnancy", None),
    ],
)
def test_referral_rules(personas, world, criteria, rationale, error):
    victim = make_person()
    call = lambda: referral_create(  # noqa: E731
        victim=victim,
        perpetrators=[],
        area=world.area,
        referring_agency=world.police,
        user=personas.pvp_officer,
        criteria=criteria,
        judgement_rationale=rationale,
        information_sharing_basis="Crime prevention",
        victim_aware=False,
    )
    if error is None:
        assert call().criteria == criteria
    else:
        with pytest.raises(ValidationError) as exc:
            call()
        assert error in exc.value.message_dict
        assert not MaracReferral.objects.exists()


def test_a_referral_goes_to_the_next_meeting_with_room(personas, world):
    soon = make_meeting(world, days=3, capacity=1)
    later = make_meeting(world, days=17)
    refs = [
        referral_create(
            victim=make_person(given_name=f"V{n}"),
            perpetrators=[],
            area=world.area,
            referring_agency=world.police,
            user=personas.pvp_officer,
            criteria=["professional_judgement"],
            judgement_rationale="Escalating",
            information_sharing_basis="Vital interests",
            victim_aware=True,
        )
        for n in range(2)
    ]
    assert [r.meeting for r in refs] == [soon, later]
