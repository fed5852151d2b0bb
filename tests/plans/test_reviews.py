"""Reviews on the force's schedule, regrading with a rationale, closing, and no lost updates."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from plans import services
from plans.models import PlanReview

from .factories import assessment, make_plan


@pytest.fixture
def plan(personas, world, monday):
    return make_plan(owner=personas.pvp_officer, area=world.area, grade="high")


def review(plan, user, **kwargs):
    args = {"version": plan.version, "grade": plan.grade, "notes": "Spoke to the victim; alarm in place.", **kwargs}
    return services.plan_review_record(plan=plan, user=user, **args)


@pytest.mark.parametrize(
    ("start", "grade", "rationale", "error_field"),
    [
        ("high", "high", "", None),  # confirmed: no rationale needed
        ("high", "medium", "", "rationale"),  # lowered without saying why
        ("high", "medium", "Perpetrator remanded in custody", None),
        ("medium", "high", "", "rationale"),  # raised without saying why
        ("medium", "high", "New threats to kill", None),
        ("medium", "standard", "Much safer now", "grade"),  # standard risk closes the plan instead
        ("high", "severe", "", "grade"),
    ],
)
def test_a_review_may_raise_or_lower_the_grade_with_a_rationale(
    personas, world, monday, start, grade, rationale, error_field
):
    plan = make_plan(owner=personas.pvp_officer, area=world.area, grade=start)
    if error_field is None:
        r = review(plan, personas.pvp_officer, grade=grade, rationale=rationale)
        assert (r.grade_before, r.grade_after, r.regraded) == (start, grade, start != grade)
        plan.refresh_from_db()
        assert plan.grade == grade
    else:
        with pytest.raises(ValidationError) as exc:
            review(plan, personas.pvp_officer, grade=grade, rationale=rationale)
        assert error_field in exc.value.message_dict


def test_a_review_sets_the_next_date_by_the_forces_schedule_for_the_new_grade(plan, personas, world, monday):
    world.force.plan_review_days_high, world.force.plan_review_days_medium = 5, 21
    world.force.save()
    monday.shift(timedelta(days=6))  # Sunday 8 March: reviewed a day late
    r = review(plan, personas.pvp_officer)
    assert r.next_review_due == date(2026, 3, 13)
    r = review(
        plan.__class__.objects.get(pk=plan.pk), personas.pvp_officer, grade="medium", rationale="Moved to a refuge"
    )
    plan.refresh_from_db()
    assert r.next_review_due == plan.next_review_due == date(2026, 3, 29)
    assert plan.last_reviewed_at is not None and plan.version == 3


def test_a_review_needs_notes(plan, personas):
    with pytest.raises(ValidationError) as exc:
        review(plan, personas.pvp_officer, notes=" ")
    assert "notes" in exc.value.message_dict


def test_a_newer_dash_showing_high_risk_stops_a_review_lowering_the_grade(plan, personas, world, monday):
    """As in risk.grading: judgement never lowers a grade below what the answers show."""
    monday.shift(timedelta(days=1))
    assessment(area=world.area, handler=personas.handler, officer=personas.officer, victim=plan.victim)
    with pytest.raises(ValidationError) as exc:
        review(plan, personas.pvp_officer, grade="medium", rationale="Seems calmer")
    assert "14 'yes' answers" in exc.value.message_dict["grade"][0]


def test_a_dash_from_before_the_last_review_does_not_bind_it(plan, personas, world, monday):
    assessment(area=world.area, handler=personas.handler, officer=personas.officer, victim=plan.victim)
    monday.shift(timedelta(days=1))
    review(plan, personas.pvp_officer)
    plan.refresh_from_db()
    monday.shift(timedelta(days=7))
    assert review(plan, personas.pvp_officer, grade="medium", rationale="Perpetrator in prison").grade_after == "medium"


class TestLostUpdates:
    """Two people open the plan; the first saves; the second's form is stale and is refused, not applied."""

    def test_a_second_review_from_a_stale_form_is_refused(self, plan, personas):
        seen_by_both = plan.version
        review(plan, personas.pvp_officer, grade="medium", rationale="Perpetrator remanded")
        with pytest.raises(ValidationError) as exc:
            services.plan_review_record(
                plan=plan, user=personas.pvp_supervisor, version=seen_by_both, grade="high", notes="Still frightened"
            )
        assert exc.value.code == "stale" and "Someone else changed this plan" in exc.value.messages[0]
        plan.refresh_from_db()
        assert plan.grade == "medium" and PlanReview.objects.filter(plan=plan).count() == 1

    @pytest.mark.parametrize("second", ["close", "reassign"])
    def test_closing_or_reassigning_from_a_stale_form_is_refused(self, plan, personas, second):
        seen = plan.version
        services.plan_reassign(plan=plan, user=personas.pvp_supervisor, version=seen, owner=personas.pvp_supervisor)
        with pytest.raises(ValidationError, match="Someone else changed this plan"):
            if second == "close":
                services.plan_close(plan=plan, user=personas.pvp_officer, version=seen, reason="other", note="Done")
            else:
                services.plan_reassign(plan=plan, user=personas.pvp_officer, version=seen, owner=personas.pvp_officer)
        plan.refresh_from_db()
        assert plan.owner == personas.pvp_supervisor and plan.is_open

    def test_adding_tasks_and_actions_does_not_make_a_review_form_stale(self, plan, personas):
        seen = plan.version
        services.plan_action_add(plan=plan, user=personas.pvp_supervisor, kind="alarm", description="Panic alarm")
        services.plan_task_add(
            plan=plan, user=personas.pvp_supervisor, assignee=personas.officer, title="Visit", due_date=date(2026, 3, 3)
        )
        assert review(plan, personas.pvp_officer, version=seen).pk


@pytest.mark.parametrize(
    ("reason", "note", "field"), [("", "x", "reason"), ("nonsense", "x", "reason"), ("other", " ", "note")]
)
def test_closing_needs_a_reason_and_a_note(plan, personas, reason, note, field):
    with pytest.raises(ValidationError) as exc:
        services.plan_close(plan=plan, user=personas.pvp_officer, version=plan.version, reason=reason, note=note)
    assert field in exc.value.message_dict


def test_a_closed_plan_keeps_who_closed_it_and_why(plan, personas):
    plan = services.plan_close(
        plan=plan, user=personas.pvp_officer, version=1, reason="risk_reduced", note="Agreed with Sgt Lee."
    )
    plan.refresh_from_db()
    assert (plan.status, plan.closing_reason, plan.closed_by) == ("closed", "risk_reduced", personas.pvp_officer)
    with pytest.raises(ValidationError, match="closed"):
        review(plan, personas.pvp_officer)
