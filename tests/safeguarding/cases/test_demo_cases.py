"""The demo shows each clock: an application near its target, a release tomorrow with its review, an overdue update."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from safeguarding.models import CustodyStatus, DisclosureApplication, RiskReviewTask, VictimUpdate

pytestmark = pytest.mark.django_db


def test_the_demo_has_each_clock_running():
    call_command("seed_demo")
    today = timezone.localdate()
    application = DisclosureApplication.objects.get(concern__startswith="Demo: ")
    assert application.decision_due == today + timedelta(days=3)
    assert 0 < (application.decision_due - today).days <= 7 and application.stage == "research"
    release = CustodyStatus.objects.get(kind="in_prison")
    assert release.release_date == today + timedelta(days=1)
    assert RiskReviewTask.objects.filter(status=release, done_at__isnull=True).exists()
    assert VictimUpdate.objects.overdue(today).exists()
    call_command("seed_demo")
    assert DisclosureApplication.objects.filter(concern__startswith="Demo: ").count() == 1
