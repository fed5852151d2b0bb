"""The daily reminder job: who is told what, once a day, escalation after the force's grace days, catching up."""

from datetime import date, timedelta

import pytest
from django.core import mail

from accounts.roles import Role
from core.models import Notification
from plans import services
from plans.services import ReminderKind, plans_send_reminders

from .factories import make_plan, make_task

MON = date(2026, 3, 2)


@pytest.fixture
def run(send_outbox):
    """Run the job for a day, then send its e-mails from the outbox as the outbox's task does."""

    def run_for(day: date):
        result = plans_send_reminders(today=day)
        send_outbox()
        return result

    return run_for


@pytest.fixture
def plan(personas, world, monday):
    """A high-risk plan started on Monday 2 March: review due Monday 9 March."""
    return make_plan(owner=personas.pvp_officer, area=world.area)


def kinds(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_nothing_is_sent_while_nothing_is_due(plan, run):
    assert run(MON + timedelta(days=5)).notifications == 0


@pytest.mark.parametrize(
    ("day", "owner_kinds", "supervisor_kinds"),
    [
        (date(2026, 3, 7), [], []),  # two days before
        (date(2026, 3, 8), ["plan_review_due"], []),  # due tomorrow
        (date(2026, 3, 9), ["plan_review_due"], []),  # due today
        (date(2026, 3, 10), ["plan_review_overdue"], []),  # one day late
        (date(2026, 3, 11), ["plan_review_overdue"], []),  # two days: not yet escalated (more than 2)
        (date(2026, 3, 12), ["plan_review_overdue"], ["plan_review_escalated"]),  # three days late: escalated
    ],
)
def test_review_reminders_by_how_late_the_review_is(plan, personas, run, day, owner_kinds, supervisor_kinds):
    run(day)
    assert kinds(personas.pvp_officer) == owner_kinds
    assert kinds(personas.pvp_supervisor) == supervisor_kinds


def test_a_reminder_is_in_the_app_and_by_e_mail_without_the_victims_name(plan, personas, run):
    run(date(2026, 3, 8))
    note = Notification.objects.get(user=personas.pvp_officer)
    assert note.message == f"The review of plan {plan.reference} is due tomorrow."
    assert note.url == plan.get_absolute_url() + "#reviews" and note.read_at is None
    assert [m.to for m in mail.outbox] == [[personas.pvp_officer.email]]
    assert plan.reference in mail.outbox[0].body and plan.victim.surname.upper() not in mail.outbox[0].body


def test_the_same_day_twice_sends_nothing_more_and_the_next_day_reminds_again(plan, personas, run):
    first = run(date(2026, 3, 10))
    again = run(date(2026, 3, 10))
    assert (first.notifications, again.notifications, len(mail.outbox)) == (1, 0, 1)
    assert run(date(2026, 3, 11)).notifications == 1
    assert Notification.objects.filter(user=personas.pvp_officer).count() == 2 and len(mail.outbox) == 2


def test_escalation_goes_to_the_owners_own_supervisor_when_they_have_one(plan, personas, make_user, run):
    inspector = make_user(Role.PVP_SUPERVISOR, username="inspector", email="di@police.invalid")
    personas.pvp_officer.supervisor = inspector
    personas.pvp_officer.save()
    run(date(2026, 3, 12))
    assert kinds(inspector) == ["plan_review_escalated"] and kinds(personas.pvp_supervisor) == []
    assert "owned by Priya" in Notification.objects.get(user=inspector).message


def test_escalation_falls_back_to_the_areas_pvp_supervisors(plan, personas, make_user, world, run):
    second = make_user(Role.PVP_SUPERVISOR, username="sup2", email="sup2@police.invalid")
    elsewhere = make_user(Role.PVP_SUPERVISOR, username="sup3", area=world.other_area)
    run(date(2026, 3, 12))
    assert kinds(personas.pvp_supervisor) == kinds(second) == ["plan_review_escalated"] and kinds(elsewhere) == []


def test_the_forces_grace_days_decide_when_to_escalate(plan, personas, world, run):
    world.force.plan_escalation_days = 0
    world.force.save()
    run(date(2026, 3, 10))
    assert kinds(personas.pvp_supervisor) == ["plan_review_escalated"]


def test_a_plan_whose_owner_has_left_is_escalated_at_once(plan, personas, run):
    personas.pvp_officer.is_active = False
    personas.pvp_officer.save()
    run(date(2026, 3, 9))
    assert kinds(personas.pvp_officer) == []
    assert "no active owner" in Notification.objects.get(user=personas.pvp_supervisor).message


def test_after_a_review_the_plan_is_quiet_until_the_next_one_falls_due(plan, personas, run, monday):
    run(date(2026, 3, 10))
    monday.move_to("2026-03-10 10:00:00+00:00")
    services.plan_review_record(plan=plan, user=personas.pvp_officer, version=1, grade="high", notes="Reviewed")
    assert run(date(2026, 3, 11)).notifications == 0
    assert run(date(2026, 3, 16)).reviews == 1  # due 17 March: reminded the day before


def test_closed_plans_and_finished_tasks_are_left_alone(plan, personas, run):
    done = make_task(plan=plan, assignee=personas.officer, due_in_days=0)
    services.plan_task_complete(task=done, user=personas.officer, note="Visited")
    services.plan_close(
        plan=plan, user=personas.pvp_officer, version=1, reason="moved_away", note="Left the force area"
    )
    assert run(date(2026, 3, 20)).notifications == 0


class TestTasks:
    @pytest.mark.parametrize(
        ("day", "officer_kinds", "escalated"),
        [
            (date(2026, 3, 3), ["plan_task_due"], False),  # due 4 March: tomorrow
            (date(2026, 3, 4), ["plan_task_due"], False),
            (date(2026, 3, 6), ["plan_task_overdue"], False),
            (date(2026, 3, 7), ["plan_task_overdue"], True),
        ],
    )
    def test_task_reminders_go_to_the_assignee_then_escalate(self, plan, personas, run, day, officer_kinds, escalated):
        make_task(plan=plan, assignee=personas.officer, due_in_days=2)
        run(day)
        assert kinds(personas.officer) == officer_kinds
        # The officer's supervisor (none set: the area's PVP supervisors) and the plan's owner.
        assert (kinds(personas.pvp_supervisor) == ["plan_task_escalated"]) is escalated
        assert (ReminderKind.TASK_ESCALATED in kinds(personas.pvp_officer)) is escalated

    def test_an_officer_who_left_has_their_task_sent_to_the_plan_owner(self, plan, personas, run):
        make_task(plan=plan, assignee=personas.officer, due_in_days=0)
        personas.officer.is_active = False
        personas.officer.save()
        run(MON)
        assert (
            kinds(personas.pvp_officer) == ["plan_task_due"]
            and "has left" in Notification.objects.get(user=personas.pvp_officer).message
        )

    def test_the_message_names_the_task_by_number_not_its_text(self, plan, personas, run):
        task = make_task(plan=plan, assignee=personas.officer, due_in_days=0, title="Visit Vera at the refuge")
        run(MON)
        message = Notification.objects.get(user=personas.officer).message
        assert f"Task {task.pk} on plan {plan.reference}" in message and "refuge" not in message


def test_after_an_outage_one_run_catches_up_with_the_state_of_today(plan, personas, run):
    """The job did not run for a week: the next run sends today's reminders, once, not a week of them."""
    make_task(plan=plan, assignee=personas.officer, due_in_days=1)
    result = run(date(2026, 3, 14))
    assert (result.reviews, result.tasks) == (1, 1)
    assert kinds(personas.pvp_officer) == ["plan_review_overdue", "plan_task_escalated"]
    assert kinds(personas.officer) == ["plan_task_overdue"]
    assert kinds(personas.pvp_supervisor) == ["plan_review_escalated", "plan_task_escalated"]
    assert run(date(2026, 3, 14)).notifications == 0


def test_an_item_that_fails_is_left_for_the_next_run_and_the_rest_go_out(personas, world, monday, run, monkeypatch):
    plans = [make_plan(owner=personas.pvp_officer, area=world.area, given_name=f"V{n}") for n in range(3)]
    from plans.services import reminders

    real = reminders._review_notes

    def flaky(row, today, people):
        if row["pk"] == plans[1].pk:
            raise RuntimeError("bad data")
        return real(row, today, people)

    monkeypatch.setattr(reminders, "_review_notes", flaky)
    result = run(date(2026, 3, 9))
    assert (result.notifications, result.failed) == (2, 1)
    monkeypatch.setattr(reminders, "_review_notes", real)
    assert run(date(2026, 3, 9)).notifications == 1
    assert Notification.objects.count() == 3


def test_a_reminder_e_mail_links_to_the_page_on_the_site(plan, personas, run, settings):
    settings.DACASE_SITE_URL = "https://dacase.example.police.uk"
    run(date(2026, 3, 8))
    assert f"https://dacase.example.police.uk{plan.get_absolute_url()}#reviews" in mail.outbox[0].body
