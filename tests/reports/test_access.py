"""Who sees the force page, and of which areas: analysts, senior officers and PVP supervisors within their reach;
another area or another force is a 404, the whole force beyond one's reach an error beside the area, partners
nothing of it."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from core.navigation import nav_for

from .scene import NORTH, WHOLE
from .test_known_answers import PERIOD

PAGES = ["reports:force_page", "reports:force_page_pdf", "reports:force_page_csv"]


@pytest.fixture
def north_supervisor(make_user):
    """A PVP supervisor of North only."""
    return make_user(Role.PVP_SUPERVISOR, username="north_sup")


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("area", ["south", "elsewhere", "no-such-area"])
def test_an_area_beyond_reach_or_of_another_force_is_a_404(year, client, north_supervisor, name, area):
    client.force_login(north_supervisor)
    assert client.get(reverse(name), PERIOD | {"area": area}).status_code == 404


@pytest.mark.parametrize("area", ["south", "elsewhere"])
def test_the_api_answers_404_for_an_area_beyond_reach(year, as_user, north_supervisor, area):
    response = as_user(north_supervisor).get(reverse("report-force-page"), PERIOD | {"area": area})
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_the_whole_force_beyond_ones_reach_is_an_error_beside_the_area(year, client, as_user, north_supervisor):
    client.force_login(north_supervisor)
    response = client.get(reverse("reports:force_page"), PERIOD | {"area": ""})
    assert response.status_code == 400
    assert "your reach does not cover the whole force" in response.content.decode()
    api = as_user(north_supervisor).get(reverse("report-force-page"), PERIOD)
    assert api.status_code == 400
    assert "whole force" in api.json()["errors"]["area"][0]


def test_an_area_supervisor_starts_at_their_area(year, client, north_supervisor):
    client.force_login(north_supervisor)
    response = client.get(reverse("reports:force_page"), PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="h2">Force page: North</h1>' in html
    assert f"{NORTH['da_incidents']} domestic-abuse incidents of {NORTH['calls_for_assistance']}" in html
    # The whole force is not offered to them.
    assert "Whole force</option>" not in html


def test_a_senior_officer_sees_the_whole_force_and_each_area(year, client, make_user):
    client.force_login(make_user(Role.SENIOR_OFFICER, username="superintendent"))
    whole = client.get(reverse("reports:force_page"), PERIOD)
    assert whole.status_code == 200
    assert f"{WHOLE['da_incidents']} domestic-abuse incidents of {WHOLE['calls_for_assistance']}" in (
        whole.content.decode()
    )
    assert client.get(reverse("reports:force_page"), PERIOD | {"area": "south"}).status_code == 200
    assert client.get(reverse("reports:force_page"), PERIOD | {"area": "elsewhere"}).status_code == 404


def test_an_area_code_means_the_area_of_ones_own_force(year, as_user, force_analyst):
    """The other force has an area coded "north" too: its records never reach this force's North."""
    data = as_user(force_analyst).get(reverse("report-force-page"), PERIOD | {"area": "north"}).json()
    assert data["force"] == "test" and data["da_crimes"] == NORTH["da_crimes"]
    assert data["calls_for_assistance"] == NORTH["calls_for_assistance"]


def test_a_partner_given_the_analyst_role_sees_nothing_of_it(year, client, as_user, make_user, world):
    idva = make_user(Role.IDVA, Role.ANALYST, username="idva_analyst")
    idva.areas.set([world.area, world.other_area])
    client.force_login(idva)
    for name in PAGES:
        assert client.get(reverse(name), PERIOD).status_code == 403
    assert as_user(idva).get(reverse("report-force-page"), PERIOD).status_code == 403


@pytest.mark.parametrize("role", [Role.PVP_OFFICER, Role.CALL_HANDLER, Role.MARAC_CHAIR, Role.AUDITOR])
def test_other_roles_are_refused(year, client, as_user, make_user, role):
    user = make_user(role, username=f"refused_{role.value}")
    client.force_login(user)
    for name in PAGES:
        assert client.get(reverse(name), PERIOD).status_code == 403
    assert as_user(user).get(reverse("report-force-page"), PERIOD).status_code == 403


def _labels(user) -> list[str]:
    return [item["label"] for item in nav_for(user, "/")]


def test_the_navigation_offers_the_force_page_to_the_roles_that_may_open_it(make_user):
    assert {"Force page", "Force totals"} <= set(_labels(make_user(Role.ANALYST)))
    senior, supervisor = make_user(Role.SENIOR_OFFICER), make_user(Role.PVP_SUPERVISOR)
    assert "Force page" in _labels(senior) and "Force totals" not in _labels(senior)
    assert "Force page" in _labels(supervisor) and "Force totals" not in _labels(supervisor)
    for role in (Role.PVP_OFFICER, Role.IDVA, Role.PARTNER_AGENCY, Role.CALL_HANDLER):
        assert "Force page" not in _labels(make_user(role))
