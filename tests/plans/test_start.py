"""Starting a plan: from an assessment or a victim, one open plan per victim, and the victims still without one."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.roles import Role
from plans import services
from plans.models import RiskManagementPlan
from plans.selectors import high_risk_victims_without_plan

from ..factories import make_person
from .factories import assessment, make_plan


def test_a_plan_from_a_high_risk_assessment_takes_its_victim_area_and_grade(personas, world, monday):
    dash = assessment(area=world.area, handler=personas.handler, officer=personas.officer)
    plan = services.plan_start(assessment=dash, owner=personas.pvp_officer, user=personas.pvp_officer)
    assert (plan.victim, plan.area, plan.grade, plan.assessment) == (dash.victim, world.area, "high", dash)
    assert plan.next_review_due == date(2026, 3, 9)  # high: every 7 days
    assert plan.reference == f"RMP-{plan.pk:06d}" and plan.is_open and plan.version == 1


def test_a_medium_plan_is_reviewed_on_the_forces_medium_schedule(personas, world, monday):
    world.force.plan_review_days_medium = 14
    world.force.save()
    plan = make_plan(owner=personas.pvp_officer, area=world.area, grade="medium")
    assert plan.next_review_due == date(2026, 3, 16)


@pytest.mark.parametrize(
    ("grade", "status", "error"),
    [
        ("standard", "submitted", "graded standard"),
        ("high", "draft", "still a draft"),
    ],
)
def test_a_plan_is_refused_for_a_standard_or_draft_assessment(personas, world, grade, status, error):
    from ..risk import factories as risk_factories

    if status == "draft":
        dash = risk_factories.draft(officer=personas.officer, handler=personas.handler, area=world.area)
    else:
        dash = assessment(area=world.area, handler=personas.handler, officer=personas.officer, grade=grade)
    with pytest.raises(ValidationError, match=error):
        services.plan_start(assessment=dash, owner=personas.pvp_officer, user=personas.pvp_officer)


def test_a_plan_from_an_assessment_keeps_the_assessments_grade(personas, world):
    dash = assessment(area=world.area, handler=personas.handler, officer=personas.officer, grade="medium")
    with pytest.raises(ValidationError) as exc:
        services.plan_start(assessment=dash, grade="high", owner=personas.pvp_officer, user=personas.pvp_officer)
    assert "grade" in exc.value.message_dict


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"grade": "standard"}, "grade"),
        ({"grade": None}, "grade"),
        ({"area": None}, "area"),
        ({"victim": None}, "victim"),
    ],
)
def test_a_plan_without_an_assessment_needs_victim_area_and_a_plan_grade(personas, world, kwargs, field):
    args = {"victim": make_person(), "area": world.area, "grade": "high", **kwargs}
    with pytest.raises(ValidationError) as exc:
        services.plan_start(owner=personas.pvp_officer, user=personas.pvp_officer, **args)
    assert field in exc.value.message_dict


@pytest.mark.parametrize(
    ("owner", "allowed"),
    [
        ("pvp_officer", True),
        ("pvp_supervisor", True),
        ("officer", False),
        ("sergeant", False),
        ("pvp_officer@south", False),
    ],
)
def test_the_owner_is_a_pvp_officer_or_supervisor_of_the_area(personas, world, owner, allowed):
    victim = make_person()
    if allowed:
        assert services.plan_start(
            victim=victim, area=world.area, grade="high", owner=personas.named(owner), user=personas.pvp_officer
        )
        return
    with pytest.raises(ValidationError) as exc:
        services.plan_start(
            victim=victim, area=world.area, grade="high", owner=personas.named(owner), user=personas.pvp_officer
        )
    assert "owner" in exc.value.message_dict


def test_an_inactive_pvp_officer_cannot_own_a_plan(personas, world):
    personas.pvp_officer.is_active = False
    personas.pvp_officer.save()
    with pytest.raises(ValidationError, match="cannot own plans"):
        make_plan(owner=personas.pvp_officer, area=world.area, user=personas.pvp_supervisor)


def test_a_second_open_plan_for_the_same_victim_is_refused_naming_the_first(personas, world):
    first = make_plan(owner=personas.pvp_officer, area=world.area)
    with pytest.raises(ValidationError) as exc:
        services.plan_start(
            victim=first.victim,
            area=world.area,
            grade="medium",
            owner=personas.pvp_supervisor,
            user=personas.pvp_supervisor,
        )
    assert first.reference in exc.value.messages[0] and str(personas.pvp_officer) in exc.value.messages[0]
    assert RiskManagementPlan.objects.count() == 1


def test_after_a_plan_is_closed_a_new_one_can_be_started(personas, world):
    first = make_plan(owner=personas.pvp_officer, area=world.area)
    services.plan_close(
        plan=first, user=personas.pvp_officer, version=1, reason="risk_reduced", note="Perpetrator remanded."
    )
    assert make_plan(owner=personas.pvp_officer, area=world.area, victim=first.victim).is_open


def test_a_merged_record_cannot_get_a_plan(personas, world):
    from people.services import person_merge

    survivor, merged = make_person(given_name="Keep"), make_person(given_name="Old")
    person_merge(survivor=survivor, merged=merged, user=personas.pvp_supervisor, reason="Same person")
    merged.refresh_from_db()
    with pytest.raises(ValidationError, match="merged"):
        make_plan(owner=personas.pvp_officer, area=world.area, victim=merged)


def test_two_officers_starting_a_plan_for_one_victim_at_once_get_one_plan(transactional_db, make_user, world):
    """Both pass the "already open?" check; the database's partial unique index lets one in."""
    pvp, sup = make_user(Role.PVP_OFFICER), make_user(Role.PVP_SUPERVISOR)
    victim = make_person()
    barrier, results = threading.Barrier(2), []

    def start(user):
        try:
            barrier.wait(timeout=10)
            results.append(services.plan_start(victim=victim, area=world.area, grade="high", owner=user, user=user))
        except ValidationError as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=start, args=(u,)) for u in (pvp, sup)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    plans = [r for r in results if isinstance(r, RiskManagementPlan)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(plans) == 1 and len(refused) == 1
    assert "already has an open plan" in refused[0].messages[0]
    assert RiskManagementPlan.objects.filter(victim=victim).count() == 1


class TestHighRiskVictimsWithoutPlan:
    def test_lists_the_latest_high_assessment_of_a_victim_with_no_plan(self, personas, world):
        dash = assessment(area=world.area, handler=personas.handler, officer=personas.officer)
        assert list(high_risk_victims_without_plan(personas.pvp_officer)) == [dash]

    def test_a_victim_with_an_open_plan_is_not_listed(self, personas, world):
        dash = assessment(area=world.area, handler=personas.handler, officer=personas.officer)
        services.plan_start(assessment=dash, owner=personas.pvp_officer, user=personas.pvp_officer)
        assert not high_risk_victims_without_plan(personas.pvp_officer).exists()

    def test_medium_standard_and_other_areas_are_not_listed(self, personas, world):
        assessment(area=world.area, handler=personas.handler, officer=personas.officer, grade="medium")
        assessment(area=world.area, handler=personas.handler, officer=personas.officer, grade="standard")
        elsewhere = assessment(area=world.other_area, handler=personas.handler, officer=personas.named("officer@south"))
        assert not high_risk_victims_without_plan(personas.pvp_officer).exists()
        assert list(high_risk_victims_without_plan(personas.named("pvp_officer@south"))) == [elsewhere]

    def test_only_the_latest_assessment_counts(self, personas, world):
        victim = make_person()
        assessment(area=world.area, handler=personas.handler, officer=personas.officer, victim=victim)
        assessment(area=world.area, handler=personas.handler, officer=personas.officer, victim=victim, grade="medium")
        assert not high_risk_victims_without_plan(personas.pvp_officer).exists()

    def test_a_plan_closed_after_the_assessment_settles_it_until_a_new_high_one(self, personas, world):
        victim = make_person()
        dash = assessment(area=world.area, handler=personas.handler, officer=personas.officer, victim=victim)
        plan = services.plan_start(assessment=dash, owner=personas.pvp_officer, user=personas.pvp_officer)
        services.plan_close(
            plan=plan, user=personas.pvp_officer, version=1, reason="moved_away", note="Moved to Wales."
        )
        assert not high_risk_victims_without_plan(personas.pvp_officer).exists()
        again = assessment(area=world.area, handler=personas.handler, officer=personas.officer, victim=victim)
        assert list(high_risk_victims_without_plan(personas.pvp_officer)) == [again]
