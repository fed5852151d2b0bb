"""The demo plans: made once, for repeat victims, with something due, overdue and escalated to see."""

from django.utils import timezone

from accounts import demo as accounts_demo
from accounts.models import Area, User
from core.models import Notification
from plans import demo
from plans.models import PlanTask, RiskManagementPlan

from ..factories import make_person
from ..incidents.helpers import log_incident


def test_demo_plans_are_made_once_for_repeat_victims(db, django_capture_on_commit_callbacks):
    accounts_demo.seed()
    area, handler = Area.objects.get(code="worcestershire"), User.objects.get(username="handler")
    repeat = [make_person(handler, given_name=f"Repeat{n}") for n in range(2)]
    for victim in repeat:
        log_incident(user=handler, area=area, victim=victim)
        log_incident(user=handler, area=area, victim=victim)
    log_incident(user=handler, area=area, victim=make_person(handler, given_name="Once"))
    with django_capture_on_commit_callbacks(execute=True):
        assert demo.seed() == 2
    assert demo.seed() == 0
    plans = RiskManagementPlan.objects.all()
    assert {p.victim_id for p in plans} == {v.pk for v in repeat}
    assert {p.owner.username for p in plans} == {"pvp"}
    assert plans.filter(reviews__isnull=False).exists()
    today = timezone.localdate()
    assert plans.filter(next_review_due__lt=today).exists()
    assert PlanTask.objects.filter(status="open", due_date__lt=today).exists()
    assert Notification.objects.filter(user__username="pvpsup", kind="plan_review_escalated").exists()
