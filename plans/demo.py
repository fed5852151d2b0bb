"""Demo risk-management plans (make run): five repeat victims in Worcestershire, owned by the demo PVP officer.

Tasks due and overdue (one overdue long enough to be escalated), a review done and a review overdue, then
one run of the reminder job so that notifications and escalations are there to see. Dates in the past are
set after the services have made each record (they refuse past dates), as time passing would.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Area, User
from incidents.models import Party
from people.models import Person

from . import services
from .models import PlanAction, PlanTask, RiskManagementPlan

ACTIONS = [
    ("safety_planning", "Safety plan agreed with the victim: code word with her sister, bag packed.", "in_place"),
    ("alarm", "TecSOS phone to be issued.", "planned"),
    ("idva_referral", "Referred to Safer Futures IDVA Service.", "in_place"),
    ("target_hardening", "Door chain and window locks.", "not_possible"),
]


@transaction.atomic
def seed() -> int:
    """Create the demo plans once (running it again changes nothing); returns how many were made."""
    pvp = User.objects.get(username="pvp")
    if RiskManagementPlan.objects.filter(owner=pvp).exists():
        return 0
    officer, area = User.objects.get(username="officer"), Area.objects.get(code="worcestershire")
    today = timezone.localdate()
    victims = list(
        Person.objects.filter(parties__role=Party.Role.VICTIM, parties__incident__area=area)
        .annotate(calls=Count("parties", filter=Q(parties__role=Party.Role.VICTIM)))
        .filter(calls__gte=2, risk_plans__isnull=True)
        .order_by("-calls", "pk")[:5]
    )
    for n, victim in enumerate(victims):
        plan = services.plan_start(victim=victim, area=area, grade="high" if n < 3 else "medium", owner=pvp, user=pvp)
        for kind, description, status in ACTIONS[: 2 + n % 3]:
            reason = "The landlord refused permission." if status == "not_possible" else ""
            services.plan_action_add(
                plan=plan, user=pvp, kind=kind, description=description, status=status, not_possible_reason=reason
            )
        if plan.grade == "high":
            services.plan_action_add(plan=plan, user=pvp, kind=PlanAction.Kind.MARAC_REFERRAL, description="Referred.")
        visit = services.plan_task_add(
            plan=plan, user=pvp, assignee=officer, title="Visit and check the alarm works", due_date=today
        )
        services.plan_task_add(
            plan=plan, user=pvp, assignee=pvp, title="Call the victim (safe number)", due_date=today + timedelta(1)
        )
        if n == 0:
            # A review done a week ago, and a task done since.
            services.plan_review_record(plan=plan, user=pvp, version=plan.version, grade="high", notes="Seen at home.")
            RiskManagementPlan.objects.filter(pk=plan.pk).update(next_review_due=today + timedelta(days=1))
            services.plan_task_complete(task=visit, user=officer, note="Visited; alarm tested and working.")
        elif n == 1:
            # The review is four days overdue, and the officer's visit is too: both are escalated.
            RiskManagementPlan.objects.filter(pk=plan.pk).update(
                created_at=timezone.now() - timedelta(days=11), next_review_due=today - timedelta(days=4)
            )
            PlanTask.objects.filter(pk=visit.pk).update(due_date=today - timedelta(days=4))
        elif n == 2:
            PlanTask.objects.filter(pk=visit.pk).update(due_date=today - timedelta(days=1))  # overdue, not escalated
    if victims:
        services.plans_send_reminders(today=today)
    return len(victims)
