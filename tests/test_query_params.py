"""Query parameters: a bad value is a 400 with a message for the field, on the API and on the pages; never a 500."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from accounts.roles import Role

NUL = "\x00"
HUGE = "99999999999999999999"  # past a bigint


@pytest.fixture
def pvp(as_user, make_user):
    """A PVP supervisor sees incidents, assessments, the PVP queue, plans, MARAC and dip samples."""
    return as_user(make_user(Role.PVP_SUPERVISOR))


def _field_error(response, field: str) -> None:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    body = response.json()
    assert body["status"] == 400 and body["detail"] == "The request has invalid fields."
    assert body["errors"][field] and all(isinstance(m, str) for m in body["errors"][field])


@pytest.mark.parametrize("url", ["incident-list", "marac-meeting-list", "plan-list", "dipsample-list"])
def test_api_area_with_a_nul_byte_is_a_400(pvp, url):
    _field_error(pvp.get(reverse(url), {"area": NUL}), "area")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("received_before", "2026-02-30T10:00:00"),
        ("received_before", "2026-01-01T25:00"),
        ("received_before", "0000-01-01"),
        ("received_after", "0001-01-01T00:00:00"),
        ("received_after", "9999-12-31T23:59:59"),
        ("received_after", "2026-01-01T00:00:00+18:00"),
        ("received_after", "2026-01-01T00:00:00" + NUL),
        ("status", "nonsense"),
        ("person", HUGE),
        ("person", "12a"),
        ("person", "²"),
    ],
)
def test_api_incident_filters_refuse_bad_values(pvp, field, value):
    _field_error(pvp.get(reverse("incident-list"), {field: value}), field)


def test_api_incident_filters_still_filter(pvp, make_user):
    response = pvp.get(
        reverse("incident-list"),
        {"received_after": "2026-01-01T00:00:00+01:00", "received_before": "2026-02-01", "status": "open"},
    )
    assert response.status_code == 200 and response.json()["count"] == 0


@pytest.mark.parametrize(
    ("field", "value"), [("period_to", "2026-02-30"), ("period_from", "0000-01-01"), ("period_from", "26-01-01")]
)
def test_api_dip_sample_dates_refuse_impossible_days(pvp, field, value):
    _field_error(pvp.get(reverse("dipsample-list"), {field: value}), field)


@pytest.mark.parametrize(
    ("url", "field", "value"),
    [
        ("plan-list", "owner", HUGE),
        ("plan-list", "owner", "x"),
        ("plan-list", "status", "bogus"),
        ("plan-list", "overdue", "maybe"),
        ("marac-meeting-list", "when", "later"),
        ("marac-referral-list", "meeting", HUGE),
        ("marac-referral-list", "meeting", "²"),
        ("marac-referral-list", "awaiting", "maybe"),
        ("assessment-list", "status", "bogus"),
        ("pvp-queue", "page_size", NUL),
    ],
)
def test_api_list_filters_refuse_bad_values(pvp, url, field, value):
    _field_error(pvp.get(reverse(url), {field: value}), field)


@pytest.mark.parametrize("value", ["police\x00", "everyone"])
def test_api_agenda_version_is_validated(pvp, value, world):
    from tests.marac.factories import make_meeting

    meeting = make_meeting(world)
    _field_error(pvp.get(reverse("marac-meeting-agenda", args=[meeting.pk]), {"version": value}), "version")


def test_schema_documents_the_filters_of_each_list():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)

    def params(path: str) -> dict:
        return {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}

    incidents = params("/api/v1/incidents/")
    assert incidents["received_after"]["format"] == "date-time"
    assert set(incidents["status"]["enum"]) >= {"open", "closed"}
    assert {"area", "person", "received_before"} <= set(incidents)
    assert {"when", "area"} <= set(params("/api/v1/marac/meetings/"))
    assert {"meeting", "awaiting"} <= set(params("/api/v1/marac/referrals/"))
    assert {"area", "owner", "status", "overdue"} <= set(params("/api/v1/plans/"))
    assert params("/api/v1/dip-samples/")["period_to"]["format"] == "date"
    assert "status" in params("/api/v1/assessments/")
    assert "version" in params("/api/v1/marac/meetings/{id}/agenda/")


# --- pages -------------------------------------------------------------------------------------------------------


@pytest.fixture
def page_as(client, make_user):
    def sign_in(role: Role):
        client.force_login(make_user(role))
        return client

    return sign_in


@pytest.mark.parametrize(
    "query",
    [{"area": NUL}, {"area": "²"}, {"area": HUGE}, {"status": NUL}, {"status": "nonsense"}, {"person": HUGE}],
)
def test_incident_list_page_refuses_bad_filters(page_as, query):
    response = page_as(Role.PVP_SUPERVISOR).get(reverse("incidents:list"), query)
    assert response.status_code == 400
    assert "Something in that request was not right" in response.content.decode()
    field = next(iter(query)).capitalize()
    assert f"<li>{field}: " in response.content.decode()


def test_incident_list_page_still_filters_by_area_and_tolerates_an_odd_page(page_as, world):
    client = page_as(Role.PVP_SUPERVISOR)
    assert client.get(reverse("incidents:list"), {"area": world.area.code, "status": "open"}).status_code == 200
    # Django's paginator turns a page number it cannot read into the first page.
    assert client.get(reverse("incidents:list"), {"page": NUL}).status_code == 200


@pytest.mark.parametrize("month", ["9999-12", "0000-01", "2026-13", "2026-1" + NUL, "x"])
def test_call_audit_month_out_of_range_is_a_form_error(page_as, month):
    response = page_as(Role.CONTROL_ROOM_SUPERVISOR).get(reverse("incidents:call_audits"), {"month": month})
    assert response.status_code == 400
    assert "month" in response.content.decode().lower()


def test_call_audit_month_still_picks_the_month(page_as):
    response = page_as(Role.CONTROL_ROOM_SUPERVISOR).get(reverse("incidents:call_audits"), {"month": "2026-03"})
    assert response.status_code == 200
    assert response.context["month"].isoformat() == "2026-03-01"


@pytest.mark.parametrize("person", [HUGE, NUL, "-1"])
def test_audit_search_person_out_of_range_is_a_form_error(page_as, person):
    response = page_as(Role.AUDITOR).get(reverse("audit:search"), {"person": person})
    assert response.status_code == 400
    assert response.context["form"].errors["person"]


@pytest.mark.parametrize("query", [{"area": NUL}, {"owner": HUGE}, {"owner": NUL}, {"status": NUL}, {"overdue": NUL}])
def test_plan_list_page_refuses_bad_filters(page_as, query):
    response = page_as(Role.PVP_SUPERVISOR).get(reverse("plans:list"), query)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "query", [{"first": "0000-01-01"}, {"last": "2026-02-30"}, {"first": "9999-01-01"}, {"area": NUL}]
)
def test_dip_sample_page_refuses_bad_filters(page_as, query):
    response = page_as(Role.PVP_SUPERVISOR).get(reverse("sampling:compliance"), query)
    assert response.status_code == 400


@pytest.mark.parametrize("query", [{"assessment": HUGE}, {"victim": HUGE}, {"assessment": NUL}, {"victim": "²"}])
def test_marac_refer_page_refuses_bad_ids(page_as, query):
    response = page_as(Role.PVP_OFFICER).get(reverse("marac:refer"), query)
    assert response.status_code in (400, 404)


def test_plan_list_page_shows_the_error_beside_the_field(page_as):
    response = page_as(Role.PVP_SUPERVISOR).get(reverse("plans:list"), {"overdue": "maybe"})
    assert response.status_code == 400
    assert response.context["form"].errors["overdue"] == ["true or false."]


def test_plan_list_page_filters_by_ticked_overdue_and_any_status(page_as):
    client = page_as(Role.PVP_SUPERVISOR)
    assert client.get(reverse("plans:list"), {"overdue": "on", "status": ""}).status_code == 200


@pytest.mark.parametrize("version", ["police\x00", "everyone"])
def test_agenda_page_version_is_validated(page_as, world, version):
    from tests.marac.factories import make_meeting

    meeting = make_meeting(world)
    response = page_as(Role.MARAC_CHAIR).get(reverse("marac:agenda", args=[meeting.pk]), {"version": version})
    assert response.status_code == 400


# --- errors in the API's shape when DEBUG is off ---------------------------------------------------------------


def test_unknown_api_path_is_a_json_404(client, make_user):
    client.force_login(make_user(Role.PVP_OFFICER))
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": 404, "detail": "Not found."}


def test_unknown_page_outside_the_api_stays_html(client, make_user):
    client.force_login(make_user(Role.PVP_OFFICER))
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


@override_settings(ROOT_URLCONF="tests.urls_boom", DEBUG=False)
def test_api_server_error_is_json_that_reveals_nothing(db):
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/boom/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": 500, "detail": "A server error occurred."}


@override_settings(ROOT_URLCONF="tests.urls_boom", DEBUG=False)
def test_page_server_error_stays_html(db):
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500 and "Something went wrong" in response.content.decode()


@pytest.mark.parametrize("value", ["true", "0", "-3", "²", "1.5", NUL])
def test_api_page_size_that_is_no_whole_number_is_a_400(pvp, value):
    _field_error(pvp.get(reverse("plan-list"), {"page_size": value}), "page_size")


def test_api_page_size_past_the_largest_gives_the_largest(pvp):
    assert pvp.get(reverse("plan-list"), {"page_size": "100000"}).status_code == 200


@pytest.mark.parametrize(("url", "field"), [("incident-list", "status"), ("plan-list", "page_size")])
def test_api_parameter_given_twice_is_a_400(pvp, url, field):
    _field_error(pvp.get(f"{reverse(url)}?{field}=open&{field}=closed"), field)


def test_schema_documents_the_error_responses():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    listing = schema["paths"]["/api/v1/incidents/"]
    assert {"400", "401", "403", "404"} <= set(listing["get"]["responses"])
    assert "409" in listing["post"]["responses"]
    assert listing["get"]["responses"]["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


@pytest.mark.parametrize(("url", "field"), [("incident-list", "received_before"), ("plan-list", "status")])
def test_api_parameter_given_empty_is_a_400(pvp, url, field):
    _field_error(pvp.get(f"{reverse(url)}?{field}="), field)
