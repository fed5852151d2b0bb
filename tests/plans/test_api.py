"""The plans API: list with filters, retrieve, create; tasks and reviews; one error format; no query per row."""

import pytest
from django.urls import reverse

from audit.models import AccessLog
from plans.models import PlanTask, RiskManagementPlan

from ..factories import make_person
from .factories import assessment, make_plan, make_task


@pytest.fixture
def plan(personas, world, monday):
    return make_plan(owner=personas.pvp_officer, area=world.area)


def test_create_a_plan_from_an_assessment(as_user, personas, world, monday):
    dash = assessment(area=world.area, handler=personas.handler, officer=personas.officer)
    response = as_user(personas.pvp_officer).post(reverse("plan-list"), {"assessment": dash.pk}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (
        body["reference"].startswith("RMP-")
        and body["grade"] == "high"
        and body["owner"]["id"] == personas.pvp_officer.pk
    )
    assert body["next_review_due"] == "2026-03-09" and body["version"] == 1 and body["tasks"] == []


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "non_field_errors"),
        ({"assessment": 999999}, "assessment"),
        ({"victim": "victim", "area": "north", "grade": "standard"}, "grade"),
        ({"victim": "victim", "area": "south", "grade": "high"}, "area"),  # not the PVP officer's area
        ({"victim": "victim", "area": "north", "grade": "high", "owner": "officer"}, "owner"),
    ],
)
def test_create_refused_with_a_message_per_field(as_user, personas, world, payload, field):
    victim = make_person()
    people = {"victim": victim.pk, "officer": personas.officer.pk}
    body = {k: people.get(v, v) if isinstance(v, str) else v for k, v in payload.items()}
    response = as_user(personas.pvp_officer).post(reverse("plan-list"), body, format="json")
    assert response.status_code == 400, response.json()
    error = response.json()
    assert error["status"] == 400 and field in error["errors"], error


def test_a_second_open_plan_is_refused(as_user, plan, personas, world):
    body = {"victim": plan.victim_id, "area": world.area.code, "grade": "medium"}
    response = as_user(personas.pvp_supervisor).post(reverse("plan-list"), body, format="json")
    assert response.status_code == 400
    assert "already has an open plan" in response.json()["errors"]["non_field_errors"][0]


def test_list_filters_and_sees_only_the_users_areas(as_user, personas, world, monday):
    mine = make_plan(owner=personas.pvp_officer, area=world.area)
    theirs = make_plan(owner=personas.pvp_supervisor, area=world.area, given_name="Other")
    make_plan(owner=personas.named("pvp_officer@south"), area=world.other_area, given_name="Far")
    api = as_user(personas.officer)
    assert {p["id"] for p in api.get(reverse("plan-list")).json()["results"]} == {mine.pk, theirs.pk}
    assert [p["id"] for p in api.get(reverse("plan-list"), {"owner": personas.pvp_officer.pk}).json()["results"]] == [
        mine.pk
    ]
    assert api.get(reverse("plan-list"), {"overdue": "true"}).json()["count"] == 0
    assert api.get(reverse("plan-list"), {"status": "nonsense"}).status_code == 400
    assert as_user(personas.named("senior_officer@south")).get(reverse("plan-list")).json()["count"] == 3  # force-wide
    assert AccessLog.objects.filter(user=personas.officer, reason="API plan list").exists()


def test_list_has_no_query_per_plan(as_user, personas, world, monday, django_assert_max_num_queries):
    for n in range(8):
        plan = make_plan(owner=personas.pvp_officer, area=world.area, given_name=f"V{n}")
        make_task(plan=plan, assignee=personas.officer)
    with django_assert_max_num_queries(8):
        body = as_user(personas.pvp_supervisor).get(reverse("plan-list")).json()
    assert body["count"] == 8 and all(p["open_tasks"] == 1 for p in body["results"])


def test_retrieve_shows_actions_tasks_and_reviews_and_is_audited(
    as_user, plan, personas, django_assert_max_num_queries
):
    make_task(plan=plan, assignee=personas.officer)
    with django_assert_max_num_queries(12):
        body = as_user(personas.chair).get(reverse("plan-detail", args=[plan.pk])).json()
    assert body["victim"]["id"] == plan.victim_id and body["tasks"][0]["assignee"]["id"] == personas.officer.pk
    assert AccessLog.objects.filter(user=personas.chair, object_id=str(plan.pk)).exists()


@pytest.mark.parametrize(("who", "status"), [("officer@south", 404), ("idva", 403), ("handler", 403)])
def test_retrieve_is_refused_outside_the_area_or_role(as_user, plan, personas, who, status):
    assert as_user(personas.named(who)).get(reverse("plan-detail", args=[plan.pk])).status_code == status


class TestTasks:
    def test_create_a_task(self, as_user, plan, personas):
        body = {"title": "Visit", "assignee": personas.officer.pk, "due_date": "2026-03-04"}
        response = as_user(personas.pvp_officer).post(reverse("plan-task-create", args=[plan.pk]), body, format="json")
        assert response.status_code == 201 and response.json()["assignee"]["id"] == personas.officer.pk

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"title": "Visit", "assignee": "officer", "due_date": "2026-03-01"}, "due_date"),
            ({"title": "Visit", "assignee": "officer@south", "due_date": "2026-03-04"}, "assignee"),
            ({"assignee": "officer", "due_date": "2026-03-04"}, "title"),
            ({"title": "Visit", "assignee": "officer", "due_date": "soon"}, "due_date"),
        ],
    )
    def test_create_refused_with_field_messages(self, as_user, plan, personas, body, field):
        body = {k: personas.named(v).pk if k == "assignee" else v for k, v in body.items()}
        response = as_user(personas.pvp_officer).post(reverse("plan-task-create", args=[plan.pk]), body, format="json")
        assert response.status_code == 400 and field in response.json()["errors"], response.json()

    def test_the_assignee_completes_a_task_with_a_note(self, as_user, plan, personas):
        task = make_task(plan=plan, assignee=personas.officer)
        url = reverse("plan-task-complete", args=[task.pk])
        response = as_user(personas.officer).post(url, {}, format="json")
        assert response.status_code == 400 and response.json()["errors"] == {"note": ["Say what was done."]}
        response = as_user(personas.officer).post(url, {"note": "Visited; all well"}, format="json")
        assert response.status_code == 200 and response.json()["status"] == PlanTask.Status.DONE

    def test_someone_elses_task_is_refused(self, as_user, plan, personas):
        task = make_task(plan=plan, assignee=personas.officer)
        response = as_user(personas.sergeant).post(reverse("plan-task-complete", args=[task.pk]), {"note": "x"})
        assert response.status_code == 403 and response.json()["status"] == 403


class TestReviews:
    def test_record_a_review(self, as_user, plan, personas):
        body = {"version": 1, "grade": "medium", "rationale": "Remanded", "notes": "Perpetrator in custody"}
        response = as_user(personas.pvp_officer).post(
            reverse("plan-review-create", args=[plan.pk]), body, format="json"
        )
        assert response.status_code == 201
        assert (response.json()["grade_before"], response.json()["grade_after"]) == ("high", "medium")

    def test_a_regrade_without_a_rationale_is_400_on_that_field(self, as_user, plan, personas):
        body = {"version": 1, "grade": "medium", "notes": "Calmer"}
        response = as_user(personas.pvp_officer).post(
            reverse("plan-review-create", args=[plan.pk]), body, format="json"
        )
        assert response.status_code == 400 and "rationale" in response.json()["errors"]

    def test_a_stale_version_is_409(self, as_user, plan, personas):
        url = reverse("plan-review-create", args=[plan.pk])
        assert as_user(personas.pvp_officer).post(url, {"version": 1, "grade": "high", "notes": "A"}).status_code == 201
        response = as_user(personas.pvp_supervisor).post(url, {"version": 1, "grade": "high", "notes": "B"})
        assert response.status_code == 409
        assert response.json()["status"] == 409 and "Someone else changed this plan" in response.json()["detail"]
        assert RiskManagementPlan.objects.get().version == 2


def test_the_schema_documents_the_plan_endpoints(as_user, personas):
    schema = as_user(personas.pvp_officer).get(reverse("api-schema"), HTTP_ACCEPT="application/json").json()
    for path in (
        "/api/v1/plans/",
        "/api/v1/plans/{id}/",
        "/api/v1/plans/{id}/reviews/",
        "/api/v1/plan-tasks/{id}/complete/",
    ):
        assert path in schema["paths"], sorted(schema["paths"])
