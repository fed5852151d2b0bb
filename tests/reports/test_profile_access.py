"""Who sees the problem profile and who may re-identify a pseudonym; hostile parameters; two forces."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from audit.models import AccessLog
from reports.profile.pseudonyms import pseudonym

from .profile_scene import PERIOD

PAGES = ["reports:problem_profile", "reports:problem_profile_csv", "reports:problem_profile_xlsx"]
NORTH = PERIOD | {"area": "north"}


@pytest.fixture
def north_supervisor(make_user):
    return make_user(Role.PVP_SUPERVISOR, username="north_sup")


def reidentify(client, user, who, reason="Safeguarding: the PVP team must contact the victim", area="north"):
    client.force_login(user)
    return client.post(reverse("reports:reidentify"), {"pseudonym": who, "reason": reason, "area": area})


@pytest.mark.parametrize("name", [*PAGES, "report-problem-profile"])
@pytest.mark.parametrize("area", ["south", "elsewhere", "no-such-area"])
def test_an_area_beyond_reach_or_of_another_force_is_a_404(profile_year, client, north_analyst, name, area):
    client.force_login(north_analyst)
    assert client.get(reverse(name), PERIOD | {"area": area}).status_code == 404


@pytest.mark.parametrize("role", [Role.PARTNER_AGENCY, Role.IDVA, Role.PVP_OFFICER, Role.RESPONSE_OFFICER])
def test_partners_and_other_roles_see_nothing(profile_year, client, make_user, role):
    client.force_login(make_user(role, username=f"u_{role}"))
    for name in [*PAGES, "report-problem-profile"]:
        assert client.get(reverse(name), NORTH).status_code == 403


def test_the_other_force_never_sees_this_forces_people(profile_year, client, make_user, world):
    """An analyst of the other force (the fixtures' neighbouring force) gets its own force's profile: none of ours."""
    other = make_user(Role.ANALYST, username="nb_analyst")
    other.areas.set([world.other_force_area])
    client.force_login(other)
    body = client.get(reverse("report-problem-profile"), PERIOD).content.decode()
    for person in profile_year.people.values():
        assert pseudonym(person.pk, "test") not in body
    assert reidentify(client, other, pseudonym(profile_year.people["S1"].pk, "test"), area="").status_code in (
        403,
        400,
    )


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2025-02-30"}, "start"),
        ({"start": "2025-04-01\x00"}, "start"),
        ({"end": "2025-03-01"}, "end"),  # before the start
        ({"start": "1900-01-01", "end": "2026-03-31"}, "end"),  # over five years
        ({"end": "2099-01-01"}, "end"),
        ({"area": "north\x00"}, "area"),
        ({"start": "9" * 40}, "start"),
    ],
)
def test_hostile_parameters_are_a_400_naming_the_field(profile_year, client, north_analyst, params, field):
    client.force_login(north_analyst)
    response = client.get(reverse("report-problem-profile"), NORTH | params)
    assert response.status_code == 400 and field in response.json()["errors"]
    page = client.get(reverse("reports:problem_profile"), NORTH | params)
    assert page.status_code == 400
    assert client.get(reverse("reports:problem_profile_csv"), NORTH | params).status_code == 400
    assert not AccessLog.objects.filter(reason__startswith="Problem profile").exists()


def test_reidentifying_needs_the_permission(profile_year, client, north_analyst):
    who = pseudonym(profile_year.people["S1"].pk, "test")
    assert reidentify(client, north_analyst, who).status_code == 403
    assert not AccessLog.objects.filter(action="reveal").exists()


def test_reidentifying_with_a_reason_names_the_person_and_is_logged(profile_year, client, north_supervisor):
    person = profile_year.people["S1"]
    who = pseudonym(person.pk, "test")
    response = reidentify(client, north_supervisor, who.lower())
    assert response.status_code == 200
    assert reverse("people:detail", args=[person.pk]) in response.content.decode()
    log = AccessLog.objects.get(action="reveal", user=north_supervisor)
    assert log.person_ids == [person.pk] and who in log.reason and "Safeguarding" in log.reason


@pytest.mark.parametrize(
    ("who", "reason", "field"),
    [
        ("S1", "", "reason"),
        ("S1", "because", "reason"),
        ("P-AAAAAAAAAA", "Safeguarding: the PVP team must contact the victim", "pseudonym"),  # no one
        ("nonsense\x00", "Safeguarding: the PVP team must contact the victim", "pseudonym"),
        ("X1", "Safeguarding: the PVP team must contact the victim", "pseudonym"),  # another force's incident
        ("V1", "Safeguarding\x00", "reason"),
    ],
)
def test_reidentifying_without_a_reason_or_beyond_reach_names_no_one(
    profile_year, client, north_supervisor, who, reason, field
):
    text = pseudonym(profile_year.people[who].pk, "test") if who in profile_year.people else who
    response = reidentify(client, north_supervisor, text, reason)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not AccessLog.objects.filter(action="reveal").exists()


def test_a_south_person_is_not_reidentified_in_north(profile_year, client, north_supervisor, world, make_user):
    """Only the people of the scope's incidents: V2's non-DA call is not a reason to name them there either."""
    response = reidentify(client, north_supervisor, "P-AAAAAAAAAA", area="south")
    assert response.status_code == 404
