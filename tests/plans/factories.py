"""Plans built through the real services; assessments through the risk team's factories."""

from datetime import timedelta

from django.utils import timezone

from plans import services
from plans.models import PlanTask, RiskManagementPlan
from risk.models import Assessment

from ..factories import make_person
from ..risk import factories as risk_factories


def assessment(*, area, handler, officer, grade: str = "high", victim=None) -> Assessment:
    """A submitted DASH (awaiting the sergeant) whose answers support the grade: 14 'yes' for high, 11 medium."""
    yes = {"high": 14, "medium": 11, "standard": 2}[grade]
    return risk_factories.submitted(officer=officer, handler=handler, area=area, yes=yes, grade=grade, victim=victim)


def make_plan(*, owner, area, victim=None, grade: str = "high", user=None, **person) -> RiskManagementPlan:
    """A plan started without an assessment (as from a MARAC referral)."""
    victim = victim or make_person(**({"given_name": "Vera", "surname": "Moss"} | person))
    return services.plan_start(victim=victim, area=area, grade=grade, owner=owner, user=user or owner)


def make_task(
    *, plan, assignee, user=None, due_in_days: int = 3, title: str = "Visit and fit a door chain"
) -> PlanTask:
    return services.plan_task_add(
        plan=plan,
        user=user or plan.owner,
        assignee=assignee,
        title=title,
        due_date=timezone.localdate() + timedelta(days=due_in_days),
    )


def backdate(obj, **fields) -> None:
    """Move a due date into the past, as time passing would (the services refuse past dates)."""
    type(obj).objects.filter(pk=obj.pk).update(**fields)
    obj.refresh_from_db()


def plans_for_access_table(*, personas, world) -> dict:
    """A plan (owned by the PVP officer, a task for the response officer) and a high-risk DASH with no plan."""
    from accounts.roles import Role

    pvp, officer = personas[Role.PVP_OFFICER], personas[Role.RESPONSE_OFFICER]
    plan = make_plan(owner=pvp, area=world.area, given_name="Plan", surname="Victim")
    action = services.plan_action_add(plan=plan, user=pvp, kind="alarm", description="TecSOS phone")
    task = make_task(plan=plan, assignee=officer)
    high = assessment(area=world.area, handler=personas[Role.CALL_HANDLER], officer=officer)
    return {"plan": plan.pk, "plan_action": action.pk, "plan_task": task.pk, "high_assessment": high.pk}
