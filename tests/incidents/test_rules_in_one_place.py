"""Each incident row rule has one home, the table's constraint; every way in shows its message beside the field.

An appointment needs its reason; a party whose location is not known needs the reason; a "not known" checklist
answer needs one; a family relationship says which. The page puts the message beside the field, the API answers
400 naming the field, the service refuses, a batch refuses, and nothing is written.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from incidents import services
from incidents.models import Answer, Checklist, Incident, Party
from incidents.services import PartyInput, incidents_create
from people.models import Person

from ..factories import make_person
from .helpers import log_incident
from .test_api import payload
from .test_incidents_create import _input, _victim
from .test_intake_view import form_data


@pytest.fixture
def handler(make_user):
    return make_user(Role.CALL_HANDLER)


@pytest.fixture
def api(handler):
    client = APIClient()
    client.force_authenticate(handler)
    return client


def test_an_appointment_without_its_reason_is_refused_beside_the_field(client, handler, world):
    incident = log_incident(user=handler, area=world.area, victim=make_person())
    client.force_login(handler)
    response = client.post(reverse("incidents:grade", args=[incident.pk]), {"grade": "appointment"})
    assert response.status_code == 400
    assert response.context["forms"]["grade"].errors["appointment_reason"] == [
        "Say why an appointment is right for this call."
    ]
    incident.refresh_from_db()
    assert incident.response_grade == "" and incident.appointment_reason == ""
    # A reason of spaces is no reason.
    with pytest.raises(ValidationError) as exc:
        services.incident_grade(incident=incident, user=handler, grade="appointment", appointment_reason="   ")
    assert list(exc.value.message_dict) == ["appointment_reason"]


def test_the_api_names_the_party_whose_location_needs_a_reason_and_writes_nothing(api, world):
    people = Person.objects.count()
    suspect = {"role": "suspect", "new_person": {"surname": "Moss"}, "location_known": "not_known"}
    body = payload(world)
    body["parties"].append(suspect)
    response = api.post(reverse("incident-list"), body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["parties"]["1"] == {"location_reason": ["Say why their location is not known."]}
    assert not Incident.objects.exists() and Person.objects.count() == people


def test_the_api_names_the_checklist_answer_that_needs_a_reason(api, world):
    body = payload(world)
    body["checklist"] = {**body["checklist"], "weapons": "not_known", "weapons_reason": "  "}
    response = api.post(reverse("incident-list"), body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["checklist"] == {"weapons_reason": ['A "not known" answer needs a reason.']}
    assert not Incident.objects.exists()


def test_the_api_names_the_missing_family_relationship(api, world):
    response = api.post(reverse("incident-list"), payload(world, relationship="family"), format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["family_relation"] == ["Say which family relationship."]
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    "overrides, form, field",
    [
        ({"party-1-location_reason": ""}, "parties", "location_reason"),
        ({"party-0-location": ""}, "parties", "location"),
        ({"checklist-weapons": "not_known"}, "checklist", "weapons_reason"),
        ({"checklist-injury_severity": ""}, "checklist", "injury_severity"),
        ({"incident-relationship": "family"}, "incident", "family_relation"),
    ],
)
def test_the_intake_page_shows_each_rule_beside_its_field(client, handler, world, overrides, form, field):
    client.force_login(handler)
    response = client.post(reverse("incidents:create"), form_data(world, **overrides))
    assert response.status_code == 400
    found = response.context["forms"][form]
    errors = [f.errors for f in found] if form == "parties" else [found.errors]
    assert any(field in e for e in errors)
    assert not Incident.objects.exists() and not Person.objects.exists()


def test_a_batch_the_database_refuses_gives_the_rules_message_and_writes_nothing(handler, world):
    unknown = PartyInput(role=Party.Role.SUSPECT, person=make_person(), location_known=Answer.NOT_KNOWN)
    data = [_input(world, [_victim(surname="First")]), _input(world, [_victim(make_person()), unknown])]
    with pytest.raises(ValidationError) as exc:
        incidents_create(data=data, user=handler)
    assert exc.value.message_dict == {"location_reason": ["Say why their location is not known."]}
    assert not Incident.objects.exists() and not Person.objects.filter(surname="First").exists()


def test_the_table_refuses_the_row_whatever_writes_it(handler, world):
    incident = log_incident(user=handler, area=world.area, victim=make_person())
    with pytest.raises(IntegrityError), transaction.atomic():
        Checklist.objects.filter(incident=incident).update(weapons="not_known", weapons_reason="")  # no full_clean


def test_no_further_action_without_its_reason_is_refused_beside_the_field(client, handler, make_user, world):
    incident = log_incident(user=handler, area=world.area, victim=make_person())
    officer = make_user(Role.RESPONSE_OFFICER)
    crime = services.crime_record(incident=incident, user=officer, crime_number="22/1234/26", offence="harassment")
    client.force_login(officer)
    url = reverse("incidents:outcome", args=[incident.pk, crime.pk])
    response = client.post(url, {"outcome-outcome": "nfa", "outcome-outcome_reason": "  "})
    assert response.status_code == 400
    assert response.context["forms"]["outcome"].errors["outcome_reason"] == ["Say why there is no further action."]
    crime.refresh_from_db()
    assert crime.outcome == "pending"


@pytest.mark.parametrize(
    "data, field",
    [({"evidence-kind": "photo"}, "image"), ({"evidence-kind": "bwv", "evidence-reference": " "}, "reference")],
)
def test_evidence_without_its_photograph_or_reference_is_refused_beside_the_field(
    client, handler, make_user, world, data, field
):
    from incidents.models import Evidence

    incident = log_incident(user=handler, area=world.area, victim=make_person())
    client.force_login(make_user(Role.RESPONSE_OFFICER))
    response = client.post(reverse("incidents:evidence", args=[incident.pk]), data)
    assert response.status_code == 400
    assert field in response.context["forms"]["evidence"].errors
    assert not Evidence.objects.exists()
