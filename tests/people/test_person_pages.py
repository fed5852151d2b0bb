"""The person page: confidential addresses revealed only with an audited reason; details added in place."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from audit.models import AccessLog

from ..factories import make_person
from ..incidents.helpers import log_incident


@pytest.fixture
def sheltered(db):
    return make_person(
        given_name="Rosa",
        surname="Diaz",
        address={
            "line_1": "Haven House, 1 Secret Row",
            "postcode": "WR9 9ZZ",
            "confidential": True,
            "confidential_reason": "Refuge",
        },
    )


def test_confidential_address_is_hidden_on_the_page(client, make_user, sheltered):
    for role in (Role.CALL_HANDLER, Role.PVP_OFFICER):
        client.force_login(make_user(role))
        html = client.get(reverse("people:detail", args=[sheltered.pk])).content.decode()
        assert "Secret Row" not in html and "Confidential address" in html


def test_reveal_needs_a_reason_and_is_audited(client, make_user, sheltered, password):
    officer = make_user(Role.PVP_OFFICER)
    log_incident(user=officer, area=officer.areas.get(), victim=sheltered)
    client.force_login(officer)
    url = reverse("people:reveal_address", args=[sheltered.pk, sheltered.addresses.get().pk])
    refused = client.post(url, {"reason": "x", "step_up": password})
    assert refused.status_code == 400 and "Secret Row" not in refused.content.decode()
    assert not AccessLog.objects.filter(action=AccessLog.Action.REVEAL).exists()
    shown = client.post(url, {"reason": "Safety visit planned by the DA team today", "step_up": password})
    assert "Haven House, 1 Secret Row" in shown.content.decode()
    log = AccessLog.objects.get(action=AccessLog.Action.REVEAL)
    assert (log.user, log.person_ids, log.reason) == (
        officer,
        [sheltered.pk],
        "Safety visit planned by the DA team today",
    )


def test_call_handler_cannot_reveal(client, make_user, sheltered):
    client.force_login(make_user(Role.CALL_HANDLER))
    url = reverse("people:reveal_address", args=[sheltered.pk, sheltered.addresses.get().pk])
    assert client.post(url, {"reason": "Just curious about this one"}).status_code == 403


def test_confidential_address_never_appears_in_search_results(client, make_user, sheltered):
    client.force_login(make_user(Role.PVP_OFFICER))
    html = client.get(reverse("people:search"), {"surname": "Diaz"}).content.decode()
    assert "Rosa DIAZ" in html and "Secret Row" not in html


def test_viewing_a_person_is_audited(client, make_user, sheltered):
    user = make_user(Role.SERGEANT)
    client.force_login(user)
    client.get(reverse("people:detail", args=[sheltered.pk]))
    assert AccessLog.objects.filter(user=user, person_ids__contains=[sheltered.pk], action="view").exists()


@pytest.mark.parametrize(
    "kind, data, field",
    [
        ("phone", {"phone-number": "123", "phone-kind": "mobile"}, "number"),
        ("alias", {"alias-kind": "alias"}, "__all__"),
        ("marker", {"marker-kind": "warning", "marker-code": "pregnant"}, "code"),
        ("address", {"address-line_1": "", "address-postcode": "WR1"}, "line_1"),
    ],
)
def test_bad_details_get_errors_beside_the_field(client, make_user, sheltered, kind, data, field):
    client.force_login(make_user(Role.CALL_HANDLER))
    response = client.post(reverse("people:add_detail", args=[sheltered.pk, kind]), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors


def test_adding_a_phone_updates_the_search(client, make_user, sheltered):
    client.force_login(make_user(Role.CALL_HANDLER))
    client.post(
        reverse("people:add_detail", args=[sheltered.pk, "phone"]),
        {"phone-number": "07700 900777", "phone-kind": "mobile", "phone-safe_to_call": ""},
    )
    html = client.get(reverse("people:search"), {"phone": "07700900777"}).content.decode()
    assert "Rosa DIAZ" in html


def test_unknown_detail_kind_is_404(client, make_user, sheltered):
    client.force_login(make_user(Role.CALL_HANDLER))
    assert client.post(reverse("people:add_detail", args=[sheltered.pk, "shoe_size"]), {}).status_code == 404


def test_history_shows_risk_grades_from_dash(client, make_user, world):
    from ..risk.factories import submitted

    a = submitted(
        officer=make_user(Role.RESPONSE_OFFICER),
        handler=make_user(Role.CALL_HANDLER),
        area=world.area,
        yes=15,
        grade="high",
    )
    client.force_login(make_user(Role.CALL_HANDLER))
    html = client.get(reverse("people:history", args=[a.victim_id])).content.decode()
    assert "Risk assessments (DASH)" in html and "high risk, 15 yes" in html
