"""The incidents and people API: a command-and-control system creates and reads incidents."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.roles import Role
from incidents.models import Incident

from ..factories import make_person
from .helpers import log_incident


@pytest.fixture
def api(make_user):
    client = APIClient()
    client.user = make_user(Role.CALL_HANDLER)
    client.force_authenticate(client.user)
    return client


def payload(world, **overrides):
    body = {
        "area": world.area.code,
        "channel": "999",
        "received_at": timezone.now().isoformat(),
        "location": "2 Bridge Street",
        "relationship": "former_partner",
        "abuse_types": ["stalking"],
        "summary": "Ex-partner outside the house.",
        "checklist": {
            "injuries": "no",
            "medical_help": "no",
            "weapons": "no",
            "children_present": "no",
            "victim_safe_now": "no",
        },
        "parties": [
            {
                "role": "victim",
                "new_person": {"surname": "Moss", "given_name": "Tina", "date_of_birth": "1991-05-06"},
                "location_known": "yes",
                "location": "Locked in the bathroom",
                "is_caller": True,
            },
        ],
    }
    body.update(overrides)
    return body


def test_create_incident_with_a_new_person(api, world):
    response = api.post(reverse("incident-list"), payload(world), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reference"].startswith("INC-") and body["parties"][0]["name"] == "Tina MOSS"


def test_resent_request_with_the_same_key_makes_one_incident(api, world):
    key = str(uuid.uuid4())
    api.post(reverse("incident-list"), payload(world, submission_key=key), format="json")
    api.post(reverse("incident-list"), payload(world, submission_key=key), format="json")
    assert Incident.objects.count() == 1


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"channel": "fax"}, "channel"),
        ({"area": "atlantis"}, "area"),
        ({"received_at": "2099-01-01T00:00:00Z"}, "received_at"),
        (
            {
                "checklist": {
                    "injuries": "not_known",
                    "medical_help": "no",
                    "weapons": "no",
                    "children_present": "no",
                    "victim_safe_now": "yes",
                }
            },
            "checklist",
        ),
        ({"parties": [{"role": "victim", "person_id": 999999, "location_known": "no"}]}, "parties"),
        ({"parties": [{"role": "victim", "location_known": "no"}]}, "parties"),
    ],
)
def test_bad_input_is_400_with_field_messages_and_writes_nothing(api, world, overrides, field):
    response = api.post(reverse("incident-list"), payload(world, **overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Incident.objects.exists()


def test_service_rule_breaches_are_400_too(api, world):
    body = payload(world, parties=[{"role": "suspect", "new_person": {"surname": "X"}, "location_known": "no"}])
    response = api.post(reverse("incident-list"), body, format="json")
    assert response.status_code == 400 and "parties" in response.json()["errors"]


def test_list_filters_and_sees_only_the_users_areas(make_user, world):
    officer = make_user(Role.RESPONSE_OFFICER)
    handler = make_user(Role.CALL_HANDLER, area=world.other_area)
    mine = log_incident(user=handler, area=world.area, victim=make_person())
    log_incident(user=handler, area=world.other_area, victim=make_person(given_name="Other"))
    client = APIClient()
    client.force_authenticate(officer)
    body = client.get(reverse("incident-list")).json()
    assert [i["id"] for i in body["results"]] == [mine.pk]
    assert client.get(reverse("incident-list"), {"status": "nonsense"}).status_code == 400


def test_list_has_no_n_plus_one(api, world, django_assert_max_num_queries):
    for n in range(5):
        log_incident(user=api.user, area=world.area, victim=make_person(given_name=f"V{n}"), suspect=make_person())
    with django_assert_max_num_queries(10):
        api.get(reverse("incident-list"))


def test_person_search_api_gives_scores_and_reasons(api, world):
    person = make_person(given_name="Robert", surname="Llewellyn")
    body = api.get(reverse("person-search"), {"given_name": "Bob", "surname": "Llewelyn"}).json()
    assert body[0]["person_id"] == person.pk and body[0]["reasons"]
    assert api.get(reverse("person-search")).status_code == 400


def test_person_api_never_shows_a_confidential_address(api):
    person = make_person(address={"line_1": "Refuge 3", "confidential": True, "confidential_reason": "Refuge"})
    body = api.get(reverse("person-detail", args=[person.pk])).json()
    assert body["addresses"] == [] and "Refuge 3" not in str(body)


def test_partner_agency_user_cannot_use_the_person_api(make_user):
    client = APIClient()
    client.force_authenticate(make_user(Role.IDVA))
    assert client.get(reverse("person-list")).status_code == 403
