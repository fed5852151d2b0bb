"""incidents_create: many calls at once (the demo seed's batch), each as incident_create would log it."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.roles import Role
from incidents.models import Answer, Checklist, Incident, Party
from incidents.services import PartyInput, incidents_create
from marac.models import MaracReferral, MaracRepeat
from people.models import MatchKey, Person
from people.services import PersonInput

from ..factories import make_person
from ..marac.factories import refer
from .helpers import CLEAR_CHECKLIST
from .test_intake_service import _input


@pytest.fixture
def handler(make_user):
    return make_user(Role.CALL_HANDLER)


def _victim(person=None, **new) -> PartyInput:
    return PartyInput(
        role=Party.Role.VICTIM,
        person=person,
        new_person=PersonInput(**new) if new else None,
        location_known=Answer.YES,
        location="At home",
    )


def _suspect(person) -> PartyInput:
    return PartyInput(role=Party.Role.SUSPECT, person=person, location_known=Answer.NOT_KNOWN, location_reason="Left")


def test_a_batch_logs_each_call_as_incident_create_does(handler, world, django_assert_max_num_queries):
    known = make_person(surname="Okafor")
    data = [_input(world, [_victim(known)], received_at=timezone.now() - timedelta(hours=n)) for n in range(20)]
    data.append(_input(world, [_victim(surname="Nguyen", given_name="Lan")], family_relation="child"))
    with django_assert_max_num_queries(40):
        incidents = incidents_create(data=data, user=handler)
    assert len(incidents) == 21
    for incident in Incident.objects.filter(pk__in=[i.pk for i in incidents]):
        assert incident.reference == f"INC-{incident.received_at:%Y}-{incident.pk:07d}"
        assert incident.status == Incident.Status.OPEN and incident.created_by == handler
    assert Checklist.objects.count() == Party.objects.count() == 21
    new = Person.objects.get(surname="Nguyen")
    assert new.created_by == handler and MatchKey.objects.filter(person=new).exists()
    assert Incident.objects.get(pk=incidents[-1].pk).family_relation == ""  # cleaned: not a family matter


def test_the_recorded_signal_runs_for_each_call_so_repeats_are_flagged(handler, world, make_user):
    victim, suspect = make_person(), make_person(given_name="Sid")
    refer(world, make_user(Role.PVP_OFFICER), victim=victim, perpetrators=[suspect])
    MaracReferral.objects.update(referred_at=timezone.now() - timedelta(days=30))
    incidents_create(data=[_input(world, [_victim(victim), _suspect(suspect)]) for _ in range(2)], user=handler)
    assert MaracRepeat.objects.count() == 2


@pytest.mark.parametrize(
    "bad",
    [
        {"parties": []},  # no victim
        {"received_at": timezone.now() + timedelta(days=1)},
        {"checklist": {**CLEAR_CHECKLIST, "injuries": "yes"}},  # no severity given
        {"abuse_types": []},
    ],
)
def test_one_bad_call_refuses_the_whole_batch(handler, world, bad):
    good = _input(world, [_victim(surname="First")])
    wrong = _input(world, bad.pop("parties", [_victim(make_person())]), **bad)
    with pytest.raises(ValidationError):
        incidents_create(data=[good, wrong], user=handler)
    assert not Incident.objects.exists() and not Person.objects.filter(surname="First").exists()
