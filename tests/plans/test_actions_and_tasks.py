"""Actions in a plan, and tasks for named officers with due dates."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from plans import services
from plans.models import PlanAction, PlanTask

from .factories import make_plan, make_task


@pytest.fixture
def plan(personas, world, monday):
    return make_plan(owner=personas.pvp_officer, area=world.area)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "teleport"}, "kind"),
        ({"description": "  "}, "description"),
        ({"status": "maybe"}, "status"),
        ({"status": "not_possible"}, "not_possible_reason"),
    ],
)
def test_an_action_needs_a_kind_a_description_and_a_reason_when_not_possible(plan, personas, kwargs, field):
    args = {"kind": "alarm", "description": "TecSOS phone", **kwargs}
    with pytest.raises(ValidationError) as exc:
        services.plan_action_add(plan=plan, user=personas.pvp_officer, **args)
    assert field in exc.value.message_dict


def test_an_action_goes_from_planned_to_in_place_or_not_possible(plan, personas):
    action = services.plan_action_add(
        plan=plan, user=personas.pvp_officer, kind="target_hardening", description="Door chain"
    )
    assert action.status == PlanAction.Status.PLANNED
    services.plan_action_update(action=action, user=personas.pvp_officer, status="in_place")
    action = services.plan_action_update(
        action=action, user=personas.pvp_officer, status="not_possible", not_possible_reason="Landlord refused"
    )
    assert (action.status, action.not_possible_reason) == ("not_possible", "Landlord refused")
    with pytest.raises(ValidationError, match="why"):
        services.plan_action_update(action=action, user=personas.pvp_officer, status="not_possible")


@pytest.mark.parametrize(
    ("due", "ok"),
    [(date(2026, 3, 1), False), (date(2026, 3, 2), True), (date(2026, 3, 20), True)],
    ids=["yesterday-refused", "today", "later"],
)
def test_a_task_cannot_be_due_in_the_past(plan, personas, due, ok):
    add = lambda: services.plan_task_add(  # noqa: E731
        plan=plan, user=personas.pvp_officer, assignee=personas.officer, title="Visit", due_date=due
    )
    if ok:
        assert add().due_date == due
    else:
        with pytest.raises(ValidationError) as exc:
            add()
        assert "has passed" in exc.value.message_dict["due_date"][0]


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("officer", None),
        ("sergeant", None),
        ("pvp_supervisor", None),
        ("inactive", "not active"),
        ("idva", "police officers"),
        ("handler", "cannot take this task"),
        ("officer@south", "cannot take this task"),
        ("chair", "cannot take this task"),
    ],
)
def test_the_assignee_is_an_active_police_officer_of_the_plans_area(plan, personas, make_user, who, message):
    assignee = make_user(Role.RESPONSE_OFFICER, is_active=False) if who == "inactive" else personas.named(who)
    if message is None:
        assert make_task(plan=plan, assignee=assignee).assignee == assignee
        return
    with pytest.raises(ValidationError) as exc:
        make_task(plan=plan, assignee=assignee)
    assert message in exc.value.message_dict["assignee"][0]


def test_a_task_needs_a_title(plan, personas):
    with pytest.raises(ValidationError) as exc:
        make_task(plan=plan, assignee=personas.officer, title=" ")
    assert "title" in exc.value.message_dict


def test_the_assignee_completes_their_task_with_a_note(plan, personas):
    task = make_task(plan=plan, assignee=personas.officer)
    with pytest.raises(ValidationError) as exc:
        services.plan_task_complete(task=task, user=personas.officer, note="  ")
    assert exc.value.message_dict == {"note": ["Say what was done."]}
    task = services.plan_task_complete(
        task=task, user=personas.officer, note="Chain fitted; victim shown how to use it."
    )
    assert (task.status, task.completed_by, task.completion_note[:5]) == (
        PlanTask.Status.DONE,
        personas.officer,
        "Chain",
    )


@pytest.mark.parametrize(
    ("who", "allowed"), [("officer", True), ("pvp_officer", True), ("pvp_supervisor", True), ("sergeant", False)]
)
def test_only_the_assignee_or_the_pvp_team_can_complete_a_task(plan, personas, who, allowed):
    task = make_task(plan=plan, assignee=personas.officer)
    if allowed:
        assert services.plan_task_complete(task=task, user=personas.named(who), note="Done").status == "done"
    else:
        with pytest.raises(PermissionDenied):
            services.plan_task_complete(task=task, user=personas.named(who), note="Done")


def test_a_task_is_completed_once(plan, personas):
    task = make_task(plan=plan, assignee=personas.officer)
    services.plan_task_complete(task=task, user=personas.officer, note="Visited")
    with pytest.raises(ValidationError, match="already completed by"):
        services.plan_task_complete(task=task, user=personas.pvp_officer, note="Visited too")


def test_closing_the_plan_cancels_open_tasks_and_freezes_the_plan(plan, personas, monday):
    open_task, done_task = (
        make_task(plan=plan, assignee=personas.officer),
        make_task(plan=plan, assignee=personas.sergeant),
    )
    services.plan_task_complete(task=done_task, user=personas.sergeant, note="Done")
    services.plan_close(
        plan=plan, user=personas.pvp_officer, version=plan.version, reason="transferred", note="To Dyfed-Powys."
    )
    open_task.refresh_from_db()
    done_task.refresh_from_db()
    assert open_task.status == "cancelled" and "plan was closed" in open_task.completion_note
    assert done_task.status == "done"
    for change in (
        lambda: make_task(plan=plan, assignee=personas.officer),
        lambda: services.plan_action_add(plan=plan, user=personas.pvp_officer, kind="alarm", description="x"),
        lambda: services.plan_task_complete(task=open_task, user=personas.officer, note="late"),
    ):
        with pytest.raises(ValidationError):
            change()


def test_a_task_due_date_is_in_the_plans_own_time(plan, personas, monday):
    """Just before midnight a task for "today" is still allowed; a minute later it is yesterday's."""
    monday.move_to("2026-03-02 23:59:00+00:00")
    assert make_task(plan=plan, assignee=personas.officer, due_in_days=0).due_date == date(2026, 3, 2)
    monday.shift(timedelta(minutes=2))
    with pytest.raises(ValidationError):
        services.plan_task_add(
            plan=plan, user=personas.pvp_officer, assignee=personas.officer, title="x", due_date=date(2026, 3, 2)
        )
