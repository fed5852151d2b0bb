"""Sergeant review, then the PVP queue: claims that never collide, reviews recorded once."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from risk.models import Assessment, PvpQueueItem, Review
from risk.selectors import is_overdue_for_sergeant, pvp_counts, sergeant_queue
from risk.services import reviews

from .factories import in_pvp_queue, submitted


def _submitted(personas, world, yes=3, grade="standard", rationale=""):
    return submitted(
        officer=personas.officer, handler=personas.handler, area=world.area, yes=yes, grade=grade, rationale=rationale
    )


def test_sergeant_queue_is_oldest_first_and_marks_the_overdue(personas, world):
    with time_machine.travel(timezone.now() - timedelta(hours=9), tick=False):
        old = _submitted(personas, world)
    new = _submitted(personas, world)
    queue = list(sergeant_queue(personas.sergeant))
    assert queue == [old, new]
    assert is_overdue_for_sergeant(queue[0]) and not is_overdue_for_sergeant(queue[1])


def test_standard_confirmed_by_the_sergeant_is_complete(personas, world):
    a = _submitted(personas, world)
    review = reviews.sergeant_review(assessment=a, sergeant=personas.sergeant, grade="standard")
    a.refresh_from_db()
    assert (a.status, review.decision) == (Assessment.Status.COMPLETE, "confirm")
    assert a.sergeant_reviewed_at >= a.submitted_at


def test_regrade_to_medium_needs_a_rationale_and_enters_the_pvp_queue(personas, world):
    a = _submitted(personas, world)
    with pytest.raises(ValidationError):
        reviews.sergeant_review(assessment=a, sergeant=personas.sergeant, grade="medium")
    reviews.sergeant_review(
        assessment=a, sergeant=personas.sergeant, grade="medium", rationale="Separation last month and escalating texts"
    )
    a.refresh_from_db()
    assert a.status == Assessment.Status.PVP_REVIEW and a.grade == "medium" and a.pvp_item.area == world.area


def test_an_assessment_is_reviewed_by_a_sergeant_once(personas, world, make_user):
    a = _submitted(personas, world)
    reviews.sergeant_review(assessment=a, sergeant=personas.sergeant, grade="standard")
    with pytest.raises(ValidationError, match="not awaiting"):
        reviews.sergeant_review(assessment=a, sergeant=make_user(Role.SERGEANT), grade="standard")
    assert Review.objects.filter(assessment=a).count() == 1


def test_a_sergeant_cannot_lower_below_the_count(personas, world):
    a = _submitted(personas, world, yes=15, grade="high")
    with pytest.raises(ValidationError):
        reviews.sergeant_review(assessment=a, sergeant=personas.sergeant, grade="medium", rationale="Seems fine")


def test_claim_is_exclusive(personas, world):
    item = in_pvp_queue(officer=personas.officer, handler=personas.handler, sergeant=personas.sergeant, area=world.area)
    reviews.pvp_claim(item=item, user=personas.pvp_supervisor)
    with pytest.raises(ValidationError, match="already reviewing"):
        reviews.pvp_claim(item=item, user=personas.pvp_officer)


@pytest.mark.django_db(transaction=True)
def test_two_people_claiming_the_next_item_at_once_never_get_the_same_one(personas, world):
    items = [
        in_pvp_queue(officer=personas.officer, handler=personas.handler, sergeant=personas.sergeant, area=world.area)
        for _ in range(2)
    ]
    got, barrier = {}, threading.Barrier(2)

    def claim(name):
        try:
            barrier.wait()
            item = reviews.pvp_claim_next(user=personas.named(name))
            got[name] = item.pk if item else None
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(n,)) for n in ("pvp_supervisor", "pvp_officer")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got.values()) == sorted(i.pk for i in items)
    assert PvpQueueItem.objects.filter(claimed_by__isnull=False).count() == 2


def test_pvp_review_records_referrals_and_high_risk_goes_to_marac_and_idva(personas, world):
    item = in_pvp_queue(
        officer=personas.officer,
        handler=personas.handler,
        sergeant=personas.sergeant,
        area=world.area,
        yes=15,
        grade="high",
    )
    with pytest.raises(ValidationError):
        reviews.pvp_complete(item=item, user=personas.pvp_supervisor, grade="high")  # not claimed
    reviews.pvp_claim(item=item, user=personas.pvp_supervisor)
    with pytest.raises(ValidationError) as exc:
        reviews.pvp_complete(item=item, user=personas.pvp_supervisor, grade="high")
    assert "refer_to_marac" in exc.value.message_dict
    reviews.pvp_complete(
        item=item,
        user=personas.pvp_supervisor,
        grade="high",
        refer_to_marac=True,
        refer_to_idva=True,
        notify_childrens_services=True,
    )
    item.refresh_from_db()
    assert item.completed_at and item.assessment.status == Assessment.Status.COMPLETE
    with pytest.raises(ValidationError, match="already been reviewed"):
        reviews.pvp_complete(
            item=item, user=personas.pvp_supervisor, grade="high", refer_to_marac=True, refer_to_idva=True
        )


def test_queue_counts_show_waiting_unclaimed_and_holders(personas, world):
    a = in_pvp_queue(officer=personas.officer, handler=personas.handler, sergeant=personas.sergeant, area=world.area)
    in_pvp_queue(officer=personas.officer, handler=personas.handler, sergeant=personas.sergeant, area=world.area)
    reviews.pvp_claim(item=a, user=personas.pvp_officer)
    counts = pvp_counts(personas.pvp_supervisor)
    assert (counts.pending, counts.unclaimed) == (2, 1) and counts.holders[0][1] == 1


def test_a_dip_sample_regrade_to_medium_sends_the_case_to_the_pvp_queue(personas, world):
    from sampling.models import DipSample, DipSampleItem
    from sampling.services import dip_sample_record_result

    a = _submitted(personas, world)
    reviews.sergeant_review(assessment=a, sergeant=personas.sergeant, grade="standard")
    today = timezone.localdate()
    sample = DipSample.objects.create(
        area=world.area,
        period_start=today,
        period_end=today + timedelta(days=7),
        seed=1,
        population=1,
        percent=10,
        sample_size=1,
    )
    item = DipSampleItem.objects.create(sample=sample, assessment=a)
    dip_sample_record_result(
        item=item,
        reviewer=personas.pvp_supervisor,
        result="regrade",
        grade="medium",
        reason="Separation and child contact conflict missed",
    )
    a.refresh_from_db()
    assert a.status == Assessment.Status.PVP_REVIEW and a.pvp_item.completed_at is None
