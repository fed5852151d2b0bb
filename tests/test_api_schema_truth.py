"""The API schema says what the responses hold: nulls where there are nulls, empty grades, one branch per case."""

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from accounts.roles import Role

from .marac.factories import make_meeting, refer
from .plans.factories import make_plan, make_task
from .risk.factories import draft, in_pvp_queue


@pytest.fixture(scope="module")
def components():
    return SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]


def _enum_values(prop: dict, components: dict) -> set:
    """Every value an enum property allows, following $ref and oneOf/allOf."""
    values = set(prop.get("enum", []))
    for branch in prop.get("oneOf", []) + prop.get("allOf", []):
        ref = branch.get("$ref")
        values |= _enum_values(components[ref.rsplit("/", 1)[1]] if ref else branch, components)
    return values


def test_an_unclaimed_queue_item_has_a_null_claimer_and_the_schema_allows_it(as_user, make_user, world, components):
    in_pvp_queue(
        officer=make_user(Role.RESPONSE_OFFICER),
        handler=make_user(Role.CALL_HANDLER),
        sergeant=make_user(Role.SERGEANT),
        area=world.area,
    )
    item = as_user(make_user(Role.PVP_OFFICER)).get(reverse("pvp-queue")).json()["results"][0]
    assert item["claimed_by"] is None
    assert components["QueueItem"]["properties"]["claimed_by"]["nullable"] is True


def test_a_plan_read_alone_counts_its_open_tasks(as_user, make_user, world, components):
    pvp = make_user(Role.PVP_OFFICER)
    plan = make_plan(owner=pvp, area=world.area)
    make_task(plan=plan, assignee=make_user(Role.RESPONSE_OFFICER))
    body = as_user(pvp).get(reverse("plan-detail", args=[plan.pk])).json()
    assert body["open_tasks"] == 1 and body["overdue_tasks"] == 0
    assert components["PlanDetail"]["properties"]["open_tasks"]["type"] == "integer"
    assert not components["PlanDetail"]["properties"]["open_tasks"].get("nullable")


def test_an_ungraded_assessment_has_empty_grades_and_the_schema_lists_the_empty_value(
    as_user, make_user, world, components
):
    officer = make_user(Role.RESPONSE_OFFICER)
    dash = draft(officer=officer, handler=make_user(Role.CALL_HANDLER), area=world.area)
    body = as_user(officer).get(reverse("assessment-detail", args=[dash.pk])).json()
    assert body["grade"] == "" and body["officer_grade"] == ""
    for field in ("grade", "officer_grade"):
        assert "" in _enum_values(components["Assessment"]["properties"][field], components)


def test_a_case_matches_exactly_one_branch_of_the_response(as_user, make_user, world, components):
    make_meeting(world)
    pvp = make_user(Role.PVP_OFFICER)
    referral = refer(world, pvp)
    url = reverse("marac-referral-detail", args=[referral.pk])
    assert as_user(pvp).get(url).json()["audience"] == "police"
    assert as_user(make_user(Role.IDVA)).get(url).json()["audience"] == "partner"
    response = components["MaracReferralResponse"]
    assert response["discriminator"]["propertyName"] == "audience"
    police = _enum_values(components["MaracReferral"]["properties"]["audience"], components)
    partner = _enum_values(components["MaracPartnerReferral"]["properties"]["audience"], components)
    assert police == {"police"} and partner == {"partner"}
