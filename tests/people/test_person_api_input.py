"""The person API keeps every documented field it is sent, by the same rules as the forms, or refuses with 400."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from people.models import Address, Person
from people.services import MAX_CONTACT_DETAILS, AddressInput, address_add, phone_add

from ..factories import make_person

URL = "/api/v1/people/"


@pytest.fixture
def api(as_user, make_user):
    return as_user(make_user(Role.CALL_HANDLER))


def test_a_confidential_address_sent_to_the_api_is_stored_as_confidential(api):
    body = {
        "surname": "Diaz",
        "address": {
            "line_1": "Haven House",
            "postcode": "SY9 9ZZ",
            "valid_from": "2024-01-01",
            "valid_to": "2025-06-30",
            "confidential": True,
            "confidential_reason": "Refuge",
        },
    }
    response = api.post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    address = Address.objects.get(person_id=response.json()["id"])
    assert (address.confidential, address.confidential_reason) == (True, "Refuge")
    assert (address.valid_from, address.valid_to) == (date(2024, 1, 1), date(2025, 6, 30))
    assert response.json()["addresses"] == []  # and the API never shows it


@pytest.mark.parametrize(
    "address, field",
    [
        ({"line_1": "Haven House", "confidential": True}, "confidential_reason"),
        ({"line_1": "Haven House", "confidential": True, "confidential_reason": "   "}, "confidential_reason"),
        ({"line_1": "1 Road", "valid_from": "2024-05-01", "valid_to": "2024-01-01"}, "non_field_errors"),
        ({"line_1": "1 Road", "valid_from": "2999-01-01"}, "valid_from"),
        ({"line_1": "1 Road", "valid_to": "0001-01-01"}, "valid_to"),
        ({"line_1": "1 Road", "secret": True}, "secret"),
    ],
)
def test_a_bad_nested_address_is_400_beside_its_field_and_writes_nothing(api, address, field):
    response = api.post(URL, {"surname": "Diaz", "address": address}, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]["address"]
    assert not Person.objects.exists()


def test_unknown_top_level_fields_are_refused_not_dropped(api):
    response = api.post(URL, {"surname": "Diaz", "nickname": "Ro"}, format="json")
    assert response.status_code == 400 and "nickname" in response.json()["errors"]
    assert not Person.objects.exists()


def test_emails_sent_to_the_api_are_kept(api):
    response = api.post(URL, {"surname": "Diaz", "emails": ["rosa@example.org"]}, format="json")
    assert response.status_code == 201
    assert Person.objects.get().emails.get().address == "rosa@example.org"


def test_too_many_phones_is_400_on_the_field(api):
    phones = [f"0770090{i:04d}" for i in range(MAX_CONTACT_DETAILS + 1)]
    response = api.post(URL, {"surname": "Diaz", "phones": phones}, format="json")
    assert response.status_code == 400 and "phones" in response.json()["errors"]
    assert not Person.objects.exists()


def test_incident_api_new_person_keeps_a_confidential_address(as_user, make_user, world):
    from ..incidents.test_api import payload

    new_person = {
        "surname": "Moss",
        "address": {"line_1": "Haven House", "confidential": True, "confidential_reason": "Refuge"},
    }
    body = payload(world)
    body["parties"][0]["new_person"] = new_person
    response = as_user(make_user(Role.CALL_HANDLER)).post("/api/v1/incidents/", body, format="json")
    assert response.status_code == 201, response.json()
    assert Address.objects.get(person__surname="Moss").confidential


# Bounds on addresses and contacts: the same rule for the form and the API.


def test_a_far_future_address_does_not_close_the_current_confidential_one(client, make_user, world):
    person = make_person(
        address={
            "line_1": "Haven House",
            "confidential": True,
            "confidential_reason": "Refuge",
            "valid_from": date(2024, 1, 1),
        }
    )
    client.force_login(make_user(Role.CALL_HANDLER))
    future = timezone.localdate() + timedelta(days=30)
    response = client.post(
        reverse("people:add_detail", args=[person.pk, "address"]),
        {"address-line_1": "1 New Road", "address-valid_from": future.isoformat()},
    )
    assert response.status_code == 400
    assert "too far in the future" in response.content.decode()
    assert person.addresses.get().valid_to is None


def test_tomorrow_is_still_accepted(db):
    person = make_person()
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert (
        address_add(person=person, data=AddressInput(line_1="1 New Road", valid_from=tomorrow)).valid_from == tomorrow
    )


def test_the_phone_form_refuses_one_more_than_the_cap(client, make_user, world):
    person = make_person()
    for i in range(MAX_CONTACT_DETAILS):
        phone_add(person=person, number=f"0770090{i:04d}")
    client.force_login(make_user(Role.CALL_HANDLER))
    response = client.post(
        reverse("people:add_detail", args=[person.pk, "phone"]),
        {"phone-number": "07700 911111", "phone-kind": "mobile"},
    )
    assert response.status_code == 400 and f"at most {MAX_CONTACT_DETAILS} phone numbers" in response.content.decode()
    assert person.phones.count() == MAX_CONTACT_DETAILS
