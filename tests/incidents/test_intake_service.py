"""Logging an incident: all or nothing, the checklist enforced, parties matched or created."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.roles import Role
from incidents.models import Answer, Checklist, Incident, Party
from incidents.services import IncidentInput, PartyInput, incident_create
from people.models import MatchKey, Person
from people.services import PersonInput

from ..factories import make_person
from .helpers import CLEAR_CHECKLIST, log_incident


@pytest.fixture
def handler(make_user):
    return make_user(Role.CALL_HANDLER)


def _input(world, parties, **overrides) -> IncidentInput:
    values = dict(
        area_id=world.area.pk,
        channel=Incident.Channel.EMERGENCY,
        received_at=timezone.now(),
        location="2 Mill Lane",
        relationship=Incident.Relationship.FORMER_PARTNER,
        summary="Threats by text.",
        checklist=dict(CLEAR_CHECKLIST),
        parties=parties,
        abuse_types=[Incident.AbuseType.STALKING],
    )
    values.update(overrides)
    return IncidentInput(**values)


def test_incident_is_logged_with_a_reference_parties_and_checklist(handler, world):
    victim = make_person(surname="Okafor", given_name="Ada")
    incident = log_incident(user=handler, area=world.area, victim=victim)
    assert incident.reference == f"INC-{incident.received_at:%Y}-{incident.pk:07d}"
    assert [p.person for p in incident.parties.all()] == [victim]
    assert incident.checklist.victim_safe_now == Answer.YES
    assert incident.status == Incident.Status.OPEN


def test_new_people_are_created_in_the_index_with_match_keys(handler, world):
    party = PartyInput(
        role=Party.Role.VICTIM,
        new_person=PersonInput(surname="Nguyen", given_name="Lan"),
        location_known=Answer.YES,
        location="Neighbour's flat",
    )
    incident = incident_create(data=_input(world, [party]), user=handler)
    person = incident.parties.get().person
    assert person.created_by == handler
    assert MatchKey.objects.filter(person=person).exists()


@pytest.mark.parametrize(
    "answers, field",
    [
        ({"injuries": Answer.NOT_KNOWN}, "injuries_reason"),
        ({"medical_help": Answer.NOT_KNOWN}, "medical_help_reason"),
        ({"weapons": Answer.NOT_KNOWN}, "weapons_reason"),
        ({"children_present": Answer.NOT_KNOWN}, "children_present_reason"),
        ({"children_present": Answer.YES, "children_safe": Answer.NOT_KNOWN}, "children_safe_reason"),
        ({"victim_safe_now": Answer.NOT_KNOWN}, "victim_safe_reason"),
        ({"injuries": Answer.YES}, "injury_severity"),
        ({"children_present": Answer.YES}, "children_safe"),
    ],
)
def test_checklist_refuses_incomplete_answers_and_writes_nothing(handler, world, answers, field):
    victim = make_person()
    party = PartyInput(role=Party.Role.VICTIM, person=victim, location_known=Answer.YES, location="Home")
    with pytest.raises(ValidationError) as exc:
        incident_create(data=_input(world, [party], checklist={**CLEAR_CHECKLIST, **answers}), user=handler)
    assert field in exc.value.message_dict
    assert not Incident.objects.exists() and not Checklist.objects.exists()


def test_not_known_with_a_reason_is_accepted(handler, world):
    incident = log_incident(
        user=handler,
        area=world.area,
        victim=make_person(),
        checklist={"weapons": Answer.NOT_KNOWN, "weapons_reason": "Caller could not see into the kitchen"},
    )
    assert incident.checklist.weapons == Answer.NOT_KNOWN


@pytest.mark.parametrize(
    "party, message",
    [
        (dict(role=Party.Role.SUSPECT, location_known=Answer.NO), "Add the victim"),
        (dict(role=Party.Role.VICTIM, location_known=Answer.YES, location=""), "Say where this person is."),
        (dict(role=Party.Role.VICTIM, location_known=Answer.NOT_KNOWN), "Say why their location is not known."),
    ],
)
def test_bad_parties_are_refused_and_no_person_is_left_behind(handler, world, party, message):
    people_before = Person.objects.count()
    new = PartyInput(new_person=PersonInput(surname="Left", given_name="Behind"), **party)
    with pytest.raises(ValidationError, match=message):
        incident_create(data=_input(world, [new]), user=handler)
    assert Person.objects.count() == people_before
    assert not Incident.objects.exists()


def test_call_received_in_the_future_is_refused(handler, world):
    party = PartyInput(role=Party.Role.VICTIM, person=make_person(), location_known=Answer.YES, location="Home")
    with pytest.raises(ValidationError) as exc:
        incident_create(data=_input(world, [party], received_at=timezone.now() + timedelta(hours=1)), user=handler)
    assert "received_at" in exc.value.message_dict


def test_the_same_submission_twice_makes_one_incident(handler, world):
    key = uuid.uuid4()
    party = PartyInput(role=Party.Role.VICTIM, person=make_person(), location_known=Answer.YES, location="Home")
    first = incident_create(data=_input(world, [party]), user=handler, submission_key=key)
    second = incident_create(data=_input(world, [party]), user=handler, submission_key=key)
    assert first.pk == second.pk and Incident.objects.count() == 1


def test_family_relationship_must_say_which(handler, world):
    party = PartyInput(role=Party.Role.VICTIM, person=make_person(), location_known=Answer.YES, location="Home")
    with pytest.raises(ValidationError) as exc:
        incident_create(data=_input(world, [party], relationship=Incident.Relationship.FAMILY), user=handler)
    assert "family_relation" in exc.value.message_dict


def test_a_merged_record_cannot_be_a_party(handler, world, make_user):
    from people.services import person_merge

    keep, old = make_person(), make_person(given_name="Janet")
    person_merge(survivor=keep, merged=old, user=make_user(Role.PVP_SUPERVISOR), reason="Same DOB and address")
    old.refresh_from_db()
    party = PartyInput(role=Party.Role.VICTIM, person=old, location_known=Answer.YES, location="Home")
    with pytest.raises(ValidationError, match="merged"):
        incident_create(data=_input(world, [party]), user=handler)
