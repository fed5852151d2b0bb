"""The nightly duplicate job, run by a real Celery worker over Redis, comparing what changed since its last scan."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.roles import Role
from core.models import JobRun
from people.models import DuplicateScan, DuplicateSuggestion
from people.services import duplicates_suggest
from people.tasks import suggest_duplicates

from ..factories import make_person


@pytest.fixture
def pair(db):
    a = make_person(
        given_name="Siobhan",
        surname="O'Neill",
        date_of_birth=date(1988, 7, 14),
        address={"line_1": "5 Lark Rise", "postcode": "HR1 2AB"},
    )
    b = make_person(
        given_name="Siobahn",
        surname="ONeill",
        date_of_birth=date(1988, 7, 14),
        address={"line_1": "5 Lark Rise", "postcode": "HR1 2AB"},
    )
    make_person(given_name="Peter", surname="Quinn", date_of_birth=date(1950, 1, 2))
    return a, b


def test_job_suggests_the_pair_once_and_a_second_run_adds_nothing(pair):
    a, b = pair
    assert duplicates_suggest() == 1
    suggestion = DuplicateSuggestion.objects.get()
    assert (suggestion.person_a, suggestion.person_b) == (a, b) and suggestion.reasons
    assert duplicates_suggest() == 0


def test_a_pair_marked_different_is_not_suggested_again(pair, make_user):
    from people.services import duplicate_dismiss

    duplicates_suggest()
    duplicate_dismiss(suggestion=DuplicateSuggestion.objects.get(), user=make_user(Role.PVP_SUPERVISOR))
    duplicates_suggest()
    assert DuplicateSuggestion.objects.get().status == DuplicateSuggestion.Status.NOT_DUPLICATE


def test_the_worker_runs_the_nights_job_once_and_records_the_scan(pair, celery_worker):
    first = suggest_duplicates.delay().get(timeout=60)
    assert first["outcome"] == "done" and len(first["periods"]) == 1
    # Woken again the same night (beat wakes it every minute): nothing is owed.
    assert suggest_duplicates.delay().get(timeout=60)["periods"] == []
    scan = DuplicateScan.objects.get()
    assert scan.suggestions == DuplicateSuggestion.objects.count() == 1
    run = JobRun.objects.get(job="people.duplicates")
    assert run.outcome == JobRun.Outcome.DONE and run.detail == {"suggestions": 1, "people": 3}


def test_the_next_scan_compares_only_people_changed_since_the_last_completed_one(db):
    from core.jobs import job_run
    from people.tasks import DUPLICATES

    london = ZoneInfo("Europe/London")
    with time_machine.travel(datetime(2026, 3, 1, 12, 0, tzinfo=london), tick=False):
        make_person(given_name="Siobhan", surname="O'Neill", date_of_birth=date(1988, 7, 14))
        make_person(given_name="Siobahn", surname="ONeill", date_of_birth=date(1988, 7, 14))
        make_person(given_name="Peter", surname="Quinn", date_of_birth=date(1950, 1, 2))
    with time_machine.travel(datetime(2026, 3, 2, 3, 0, tzinfo=london), tick=False):
        job_run(DUPLICATES)
    # Nobody ran it on the 3rd and the 4th; on the 5th at 09:00 it is woken.
    with time_machine.travel(datetime(2026, 3, 5, 9, 0, tzinfo=london), tick=False):
        make_person(given_name="Peter", surname="Quinn", date_of_birth=date(1950, 1, 2))
        DuplicateSuggestion.objects.all().delete()  # were the Siobhans compared again, they would come back
        job_run(DUPLICATES)
    later = JobRun.objects.get(job="people.duplicates", period="2026-03-05")
    assert later.detail == {"suggestions": 1, "people": 1}  # only the new Peter Quinn, who matches the first
    assert DuplicateSuggestion.objects.get().person_a.given_name == "Peter"
    assert DuplicateScan.objects.count() == 2


def test_supervisor_reviews_and_merges_from_the_list(client, make_user, pair):
    a, b = pair
    duplicates_suggest()
    client.force_login(make_user(Role.PVP_SUPERVISOR))
    assert "Siobhan" in client.get(reverse("people:duplicates")).content.decode()
    response = client.post(reverse("people:merge"), {"survivor": a.pk, "merged": b.pk, "reason": "Same DOB, address"})
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.merged_into == a
    assert DuplicateSuggestion.objects.get().status == DuplicateSuggestion.Status.MERGED


def test_the_schedule_is_registered_for_beat(db):
    from django_celery_beat.models import PeriodicTask

    from core.schedules import schedules_sync

    schedules_sync()
    assert PeriodicTask.objects.filter(task="people.tasks.suggest_duplicates", enabled=True).exists()


def test_the_compare_link_opens_and_a_merge_without_a_reason_is_refused_beside_the_field(client, make_user, pair):
    """The duplicates page's link (no reason in it) shows the comparison; a POST with no reason or odd ids
    changes nothing and says why."""
    a, b = pair
    client.force_login(make_user(Role.PVP_SUPERVISOR))
    compare = client.get(reverse("people:merge"), {"survivor": a.pk, "merged": b.pk})
    assert compare.status_code == 200 and "Siobhan" in compare.content.decode()
    refused = client.post(reverse("people:merge"), {"survivor": a.pk, "merged": b.pk, "reason": ""})
    assert refused.status_code == 400 and refused.context["form"].errors["reason"]
    for bad in ("99999999999999999999", "\x00", "-1"):
        assert client.post(reverse("people:merge"), {"survivor": bad, "merged": b.pk, "reason": "x"}).status_code == 400
    b.refresh_from_db()
    assert b.merged_into is None
