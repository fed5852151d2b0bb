"""A confidential address (a refuge) never takes part in search or live matching, never shows as a reason, and is
revealed only to a role that may see it, for a person within the user's reach, after a reason and step-up."""

import io
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role
from audit.models import AccessLog
from people.match_data import PROTECTED_KIND
from people.models import DuplicateSuggestion, MatchKey
from people.services import AddressInput, address_add, duplicates_suggest

from ..factories import make_person
from ..incidents.helpers import log_incident

REFUGE = {
    "line_1": "Haven House, 12 Secret Row",
    "town": "Shrewsbury",
    "postcode": "SY9 9ZZ",
    "confidential": True,
    "confidential_reason": "Refuge",
}
ADDRESS_WORDS = ("address", "postcode", "street", "town", "Secret", "SY9", "Haven")


@pytest.fixture
def refuge_resident(world, make_user):
    """A victim known only in area B (the other area), living in a refuge."""
    person = make_person(given_name="Rosa", surname="Diaz", date_of_birth=date(1990, 2, 3), address=REFUGE)
    log_incident(user=make_user(Role.CALL_HANDLER, area=world.other_area), area=world.other_area, victim=person)
    return person


def _no_address_reason(reasons) -> bool:
    return not any(word.lower() in " ".join(reasons).lower() for word in ADDRESS_WORDS)


def test_no_search_key_or_scored_data_comes_from_a_confidential_address(refuge_resident):
    kinds = set(MatchKey.objects.filter(person=refuge_resident).values_list("kind", flat=True))
    assert {"pc", "ad", "sp+pcs", "gp+st"}.isdisjoint(kinds)
    assert PROTECTED_KIND + "pc" in kinds  # kept apart, for the duplicate job alone
    assert refuge_resident.match_data["postcodes"] == [] and refuge_resident.match_data["address_lines"] == []


@pytest.mark.parametrize(
    "query",
    [{"postcode": "SY9 9ZZ"}, {"address": "12 Secret Row"}, {"postcode": "SY9 9ZZ", "address": "12 Secret Row"}],
)
def test_other_area_officer_finds_no_one_at_the_refuge(as_user, client, make_user, world, refuge_resident, query):
    officer = make_user(Role.RESPONSE_OFFICER, area=world.area)
    api = as_user(officer).get("/api/v1/people/search/", query)
    assert api.status_code == 200 and api.json() == []
    client.force_login(officer)
    html = client.get(reverse("people:search"), query).content.decode()
    assert "DIAZ" not in html
    # The live search of the intake form (htmx, picking a party row) likewise.
    live = client.get(reverse("people:search"), {**query, "pick": "parties-0"}, headers={"HX-Request": "true"})
    assert "DIAZ" not in live.content.decode() and "No one in the index matches" in live.content.decode()


def test_a_name_search_with_the_refuge_postcode_gives_no_address_reason(as_user, make_user, world, refuge_resident):
    officer = make_user(Role.RESPONSE_OFFICER, area=world.area)
    found = as_user(officer).get(
        "/api/v1/people/search/",
        {"given_name": "Rosa", "surname": "Diaz", "postcode": "SY9 9ZZ", "address": "12 Secret Row"},
    )
    (candidate,) = found.json()
    assert candidate["person_id"] == refuge_resident.pk and _no_address_reason(candidate["reasons"])
    assert "same surname" in candidate["reasons"]


def test_an_earlier_listable_address_still_matches(as_user, make_user, world):
    person = make_person(given_name="Ann", surname="Lee", address={"line_1": "3 Open Lane", "postcode": "WR1 1AA"})
    address_add(person=person, data=AddressInput(**REFUGE))
    hits = as_user(make_user(Role.RESPONSE_OFFICER)).get("/api/v1/people/search/", {"postcode": "WR1 1AA"}).json()
    assert [h["person_id"] for h in hits] == [person.pk]
    assert not as_user(make_user(Role.RESPONSE_OFFICER)).get("/api/v1/people/search/", {"postcode": "SY9 9ZZ"}).json()


def test_duplicate_job_uses_the_refuge_but_the_suggestion_names_no_address(client, make_user, world, refuge_resident):
    # The same woman entered again, with the refuge typed in as an ordinary address (no date of birth).
    twin = make_person(
        given_name="Rosa", surname="Diaz", address={**REFUGE, "confidential": False, "confidential_reason": ""}
    )
    assert duplicates_suggest() == 1
    suggestion = DuplicateSuggestion.objects.get()
    assert {suggestion.person_a_id, suggestion.person_b_id} == {refuge_resident.pk, twin.pk}
    assert _no_address_reason(suggestion.reasons)
    client.force_login(make_user(Role.PVP_SUPERVISOR))
    page = client.get(reverse("people:duplicates")).content.decode()
    assert "DIAZ" in page and "same address" not in page and "same postcode" not in page and "SY9" not in page


# Reveal: reach, reason and step-up.


def _reveal_url(person):
    return reverse("people:reveal_address", args=[person.pk, person.addresses.get().pk])


def test_pvp_officer_of_another_area_cannot_reveal(client, make_user, world, refuge_resident, password):
    client.force_login(make_user(Role.PVP_OFFICER, area=world.area))
    response = client.post(
        _reveal_url(refuge_resident), {"reason": "Checking the address for a visit", "step_up": password}
    )
    assert response.status_code == 404 and "Secret Row" not in response.content.decode()
    page = client.get(reverse("people:detail", args=[refuge_resident.pk])).content.decode()
    assert "Reveal address" not in page
    assert not AccessLog.objects.filter(action=AccessLog.Action.REVEAL).exists()


@pytest.mark.parametrize("step_up", [None, "", "not-my-password"])
def test_reveal_without_the_right_password_shows_nothing(client, make_user, world, refuge_resident, step_up):
    client.force_login(make_user(Role.PVP_OFFICER, area=world.other_area))
    data = {"reason": "Safety visit planned by the DA team today"}
    if step_up is not None:
        data["step_up"] = step_up
    response = client.post(_reveal_url(refuge_resident), data)
    html = response.content.decode()
    assert response.status_code == 400 and "Secret Row" not in html and "SY9" not in html
    assert "password" in html.lower()
    assert not AccessLog.objects.filter(action=AccessLog.Action.REVEAL).exists()


def test_reveal_with_the_password_shows_the_address_and_is_logged(client, make_user, world, refuge_resident, password):
    officer = make_user(Role.PVP_OFFICER, area=world.other_area)
    client.force_login(officer)
    response = client.post(
        _reveal_url(refuge_resident), {"reason": "Safety visit planned by the DA team today", "step_up": password}
    )
    assert response.status_code == 200 and "Haven House, 12 Secret Row" in response.content.decode()
    assert response.headers["Cache-Control"].startswith("max-age=0") or "no-store" in response.headers["Cache-Control"]
    log = AccessLog.objects.get(action=AccessLog.Action.REVEAL)
    assert (log.user, log.person_ids, log.reason) == (
        officer,
        [refuge_resident.pk],
        "Safety visit planned by the DA team today",
    )
    assert password not in str(log.__dict__)


def test_reveal_asks_the_authenticator_code_of_a_user_who_has_one(client, make_user, world, refuge_resident, password):
    officer = make_user(Role.PVP_OFFICER, area=world.other_area)
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    client.force_login(officer)
    reason = "Safety visit planned by the DA team today"
    assert client.post(_reveal_url(refuge_resident), {"reason": reason, "step_up": password}).status_code == 400
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # a wrong answer is throttled as at login
    device.throttle_reset()
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    shown = client.post(_reveal_url(refuge_resident), {"reason": reason, "step_up": code})
    assert shown.status_code == 200 and "Secret Row" in shown.content.decode()


def test_wrong_step_up_passwords_count_towards_the_lockout(client, make_user, world, refuge_resident, password):
    client.force_login(make_user(Role.PVP_OFFICER, area=world.other_area))
    reason = "Safety visit planned by the DA team today"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(_reveal_url(refuge_resident), {"reason": reason, "step_up": "guess-guess-guess"})
    locked = client.post(_reveal_url(refuge_resident), {"reason": reason, "step_up": password})
    assert locked.status_code == 429 and "Secret Row" not in locked.content.decode()
    assert not AccessLog.objects.filter(action=AccessLog.Action.REVEAL).exists()


def test_the_auditors_change_list_withholds_a_confidential_address(client, make_user, world):
    import pghistory

    officer = make_user(Role.CALL_HANDLER)
    person = make_person(given_name="Rosa", surname="Diaz", address={"line_1": "3 Open Lane", "postcode": "WR1 1AA"})
    address_add(person=person, data=AddressInput(**REFUGE))
    with pghistory.context(user=officer.pk):
        for address in person.addresses.all():
            address.line_1 = address.line_1.replace("12", "14").replace("3", "5")
            address.save()
    client.force_login(make_user(Role.AUDITOR))
    html = client.get(reverse("audit:search"), {"username": officer.username}).content.decode()
    assert "5 Open Lane" in html and "(confidential address)" in html
    assert "Secret Row" not in html and "SY9" not in html


def test_refresh_match_removes_keys_a_confidential_address_left_behind(db):
    from django.core.management import call_command

    person = make_person(given_name="Rosa", surname="Diaz", address=REFUGE)
    MatchKey.objects.create(person=person, force_id=person.force_id, kind="pc", value="SY99ZZ")  # as before this rule
    call_command("refresh_match", stdout=io.StringIO())
    assert not MatchKey.objects.filter(person=person, kind="pc").exists()
    assert MatchKey.objects.filter(person=person, kind=PROTECTED_KIND + "pc", value="SY99ZZ").exists()
