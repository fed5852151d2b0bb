"""X-Request-ID: a caller's well-formed id is kept end to end; anything else is replaced by a new one."""

import re

import pytest
from django.urls import reverse

from accounts.roles import Role
from audit.models import AccessLog

NEW_ID = re.compile(r"[0-9a-f]{32}")


def _search_as(client, user, request_id: str):
    """A person search (which writes the access log), sending the given X-Request-ID."""
    client.force_login(user)
    response = client.get(reverse("people:search"), {"surname": "Smith"}, HTTP_X_REQUEST_ID=request_id)
    assert response.status_code == 200
    return response, AccessLog.objects.get(user=user, action=AccessLog.Action.SEARCH)


@pytest.mark.parametrize(
    "request_id",
    [
        "0b7c3a3e-5a4f-4f43-9b1e-3f5d2c1a9e77",
        "0B7C3A3E5A4F4F439B1E3F5D2C1A9E77",
        "7d444840-9dc0-11d1-b245-5ffdce74fad2",
    ],
)
def test_a_well_formed_caller_id_reaches_the_response_and_the_access_log(client, make_user, request_id):
    response, log = _search_as(client, make_user(Role.PVP_OFFICER), request_id)
    assert response["X-Request-ID"] == request_id
    assert log.request_id == request_id


@pytest.mark.parametrize(
    "forged",
    [
        "abc123",
        "'; DROP TABLE audit_accesslog; --",
        "x" * 500,
        "-" * 500 + "0b7c3a3e5a4f4f439b1e3f5d2c1a9e77",  # uuid.UUID drops every hyphen and takes this
        "urn:uuid:0b7c3a3e-5a4f-4f43-9b1e-3f5d2c1a9e77",
        "{0b7c3a3e-5a4f-4f43-9b1e-3f5d2c1a9e77}",
        " b7c3a3e5a4f4f439b1e3f5d2c1a9e77",  # uuid.UUID's int() strips the space
        "0b7c_3a3e5a4f4f439b1e3f5d2c1a9e7",  # and takes underscores
        "0b7c3a3e-5a4f-4f43-9b1e-3f5d2c1a9e77\nlevel=ERROR forged=1",
        "0b7c3a3e-5a4f-4f43-9b1e-3f5d2c1a9e7\x00",
    ],
)
def test_a_forged_caller_id_is_replaced_by_a_new_one(client, make_user, forged):
    response, log = _search_as(client, make_user(Role.PVP_OFFICER), forged)
    assert NEW_ID.fullmatch(response["X-Request-ID"]), response["X-Request-ID"]
    assert log.request_id == response["X-Request-ID"]


def test_without_a_caller_id_each_request_gets_its_own(client):
    first = client.get(reverse("accounts:login"))["X-Request-ID"]
    second = client.get(reverse("accounts:login"))["X-Request-ID"]
    assert NEW_ID.fullmatch(first) and NEW_ID.fullmatch(second) and first != second
