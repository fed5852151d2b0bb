"""The intake form: errors beside the fields, nothing half-written, one incident per submission."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from incidents.models import Incident
from people.models import Person

from ..factories import make_person


@pytest.fixture
def handler(make_user):
    return make_user(Role.CALL_HANDLER)


def form_data(world, **overrides) -> dict:
    data = {
        "incident-submission_key": str(uuid.uuid4()),
        "incident-area": world.area.pk,
        "incident-channel": "999",
        "incident-received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "incident-is_domestic_abuse": "on",
        "incident-location": "7 Quay Street, Worcester",
        "incident-relationship": "current_partner",
        "incident-abuse_types": ["physical", "coercive_control"],
        "incident-summary": "Caller says partner hit her.",
        "checklist-injuries": "yes",
        "checklist-injury_severity": "minor",
        "checklist-medical_help": "no",
        "checklist-weapons": "no",
        "checklist-children_present": "no",
        "checklist-victim_safe_now": "yes",
        "party-TOTAL_FORMS": "2",
        "party-INITIAL_FORMS": "0",
        "party-MIN_NUM_FORMS": "1",
        "party-MAX_NUM_FORMS": "12",
        "party-0-role": "victim",
        "party-0-surname": "Bright",
        "party-0-given_name": "Kerry",
        "party-0-gender": "female",
        "party-0-location_known": "yes",
        "party-0-location": "Kitchen",
        "party-0-is_caller": "on",
        "party-1-role": "suspect",
        "party-1-surname": "Bright",
        "party-1-given_name": "Steve",
        "party-1-gender": "male",
        "party-1-location_known": "not_known",
        "party-1-location_reason": "Drove off",
    }
    data.update(overrides)
    return data


def test_get_shows_a_form_starting_with_victim_and_suspect(client, handler, world):
    client.force_login(handler)
    response = client.get(reverse("incidents:create"))
    assert response.status_code == 200
    parties = response.context["forms"]["parties"]
    assert [f.initial["role"] for f in parties] == ["victim", "suspect"]


def test_valid_form_logs_the_incident_and_creates_the_people(client, handler, world):
    client.force_login(handler)
    response = client.post(reverse("incidents:create"), form_data(world))
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == incident.get_absolute_url()
    assert sorted(p.person.given_name for p in incident.parties.all()) == ["Kerry", "Steve"]


def test_an_existing_person_chosen_from_the_index_is_linked_not_duplicated(client, handler, world):
    known = make_person(given_name="Kerry", surname="Bright")
    client.force_login(handler)
    client.post(reverse("incidents:create"), form_data(world, **{"party-0-person": known.pk}))
    assert Incident.objects.get().parties.get(role="victim").person == known
    assert Person.objects.filter(given_name="Kerry").count() == 1


@pytest.mark.parametrize(
    "overrides, form, field",
    [
        ({"checklist-weapons": "not_known"}, "checklist", "weapons_reason"),
        ({"checklist-injury_severity": ""}, "checklist", "injury_severity"),
        ({"incident-channel": "carrier pigeon"}, "incident", "channel"),
        ({"incident-relationship": "family"}, "incident", "family_relation"),
        ({"incident-received_at": "2099-01-01T10:00"}, "incident", "received_at"),
        ({"incident-abuse_types": []}, "incident", "abuse_types"),
    ],
)
def test_bad_input_gets_an_error_beside_the_field_and_writes_nothing(client, handler, world, overrides, form, field):
    client.force_login(handler)
    response = client.post(reverse("incidents:create"), form_data(world, **overrides))
    assert response.status_code == 400
    assert field in response.context["forms"][form].errors
    assert not Incident.objects.exists() and not Person.objects.exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"party-0-date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"party-0-date_of_birth": "1880-01-01"}, "date_of_birth"),
        ({"party-0-location": ""}, "location"),
        ({"party-1-location_reason": ""}, "location_reason"),
        ({"party-0-surname": ""}, "surname"),
    ],
)
def test_bad_party_gets_an_error_beside_the_field(client, handler, world, overrides, field):
    client.force_login(handler)
    response = client.post(reverse("incidents:create"), form_data(world, **overrides))
    assert response.status_code == 400
    assert any(field in f.errors for f in response.context["forms"]["parties"])
    assert not Incident.objects.exists()


def test_no_victim_is_an_error_for_the_whole_list(client, handler, world):
    client.force_login(handler)
    response = client.post(reverse("incidents:create"), form_data(world, **{"party-0-role": "witness"}))
    assert "Add the victim" in str(response.context["forms"]["parties"].non_form_errors())


def test_a_double_clicked_submit_makes_one_incident(client, handler, world):
    client.force_login(handler)
    data = form_data(world)
    first = client.post(reverse("incidents:create"), data)
    second = client.post(reverse("incidents:create"), data)
    assert Incident.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_area_outside_the_users_areas_is_refused(client, handler, world):
    client.force_login(handler)
    response = client.post(reverse("incidents:create"), form_data(world, **{"incident-area": world.other_area.pk}))
    assert "area" in response.context["forms"]["incident"].errors


def test_script_in_the_summary_is_shown_escaped(client, handler, world):
    client.force_login(handler)
    client.post(reverse("incidents:create"), form_data(world, **{"incident-summary": "<script>alert('x')</script>"}))
    html = client.get(Incident.objects.get().get_absolute_url()).content.decode()
    assert "<script>alert('x')</script>" not in html and "&lt;script&gt;" in html


def test_the_incident_list_logs_whose_names_it_showed(client, handler, world):
    from audit.models import AccessLog

    from .helpers import log_incident

    incident = log_incident(user=handler, area=world.area, victim=make_person(given_name="Listed"))
    client.force_login(handler)
    assert client.get(reverse("incidents:list")).status_code == 200
    victim_id = incident.parties.get(role="victim").person_id
    assert AccessLog.objects.filter(user=handler, person_ids__contains=[victim_id], action="search").exists()
