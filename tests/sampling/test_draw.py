"""Drawing the dip sample: who is in the population, how many are drawn, at random, once, and safely."""

import random
import threading
from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Force
from accounts.roles import Role
from core.jobs import job_run
from core.models import JobRun
from risk.models import Assessment, Grade
from sampling.models import DipSample, DipSampleItem
from sampling.services import (
    Period,
    dip_sample_draw,
    dip_sample_run,
    dip_samples_owed,
    last_complete_period,
    periods_between,
    sample_size_for,
)
from sampling.tasks import DIP_SAMPLES, draw_due_samples

from ..factories import AreaFactory, ForceFactory
from .factories import Pool, at

MONDAY = date(2025, 3, 10)
WEEK = Period(date(2025, 3, 3), MONDAY)


@pytest.fixture
def pool(make_user):
    return Pool(officer=make_user(Role.RESPONSE_OFFICER), handler=make_user(Role.CALL_HANDLER))


def draw(area, period=WEEK, percent=10, **kwargs) -> DipSample:
    return dip_sample_draw(area=area, period_start=period.start, period_end=period.end, percent=percent, **kwargs)


def drawn_ids(sample: DipSample) -> list[int]:
    return sorted(sample.items.values_list("assessment_id", flat=True))


@pytest.mark.parametrize(
    "kind, today, expected",
    [
        ("weekly", date(2025, 3, 10), (date(2025, 3, 3), date(2025, 3, 10))),  # a Monday: the week just ended
        ("weekly", date(2025, 3, 16), (date(2025, 3, 3), date(2025, 3, 10))),  # a Sunday: still last week
        ("fortnightly", date(2024, 1, 15), (date(2024, 1, 1), date(2024, 1, 15))),
        ("fortnightly", date(2024, 1, 28), (date(2024, 1, 1), date(2024, 1, 15))),
        ("fortnightly", date(2024, 1, 29), (date(2024, 1, 15), date(2024, 1, 29))),
        ("fortnightly", date(2023, 12, 31), (date(2023, 12, 4), date(2023, 12, 18))),  # before the epoch too
        ("monthly", date(2025, 3, 1), (date(2025, 2, 1), date(2025, 3, 1))),
        ("monthly", date(2025, 1, 20), (date(2024, 12, 1), date(2025, 1, 1))),
    ],
)
def test_last_complete_period(kind, today, expected):
    period = last_complete_period(kind=kind, today=today)
    assert (period.start, period.end) == expected


def test_periods_between_lists_whole_periods_oldest_first():
    weeks = periods_between(kind="weekly", first=date(2025, 2, 1), last=date(2025, 3, 12))
    assert [p.start for p in weeks] == [
        date(2025, 2, 3),
        date(2025, 2, 10),
        date(2025, 2, 17),
        date(2025, 2, 24),
        WEEK.start,
    ]
    assert weeks[-1].last_day == date(2025, 3, 9)


@pytest.mark.parametrize(
    "population, percent, size",
    [(0, 10, 0), (1, 10, 1), (10, 10, 1), (11, 10, 2), (20, 10, 2), (21, 10, 3), (7, 25, 2)],
)
def test_sample_size_rounds_up(population, percent, size):
    assert sample_size_for(population=population, percent=percent) == size


def test_eleven_standard_assessments_at_ten_percent_draw_two(pool, world):
    pool.add(11, area=world.area, reviewed_at=at(WEEK.start))
    sample = draw(world.area)
    assert (sample.population, sample.sample_size, sample.items.count()) == (11, 2, 2)


def test_an_empty_period_gives_an_empty_sample(world):
    sample = draw(world.area)
    assert (sample.population, sample.sample_size, sample.items.count()) == (0, 0, 0)


def test_only_complete_standard_assessments_of_the_area_and_period_are_in_the_population(pool, world):
    inside = pool.add(3, area=world.area, reviewed_at=at(WEEK.start, 0))
    inside += pool.add(1, area=world.area, reviewed_at=at(WEEK.last_day, 23))
    pool.add(1, area=world.area, reviewed_at=at(WEEK.end, 0))  # Monday 00:00: next week
    pool.add(1, area=world.area, reviewed_at=at(WEEK.start) - timedelta(hours=13))  # Sunday before
    pool.add(1, area=world.other_area, reviewed_at=at(WEEK.start))
    pool.add(1, area=world.area, reviewed_at=at(WEEK.start), grade=Grade.MEDIUM)
    pool.add(1, area=world.area, reviewed_at=at(WEEK.start), grade=Grade.MEDIUM, status=Assessment.Status.PVP_REVIEW)
    sample = draw(world.area, percent=100)
    assert sample.population == 4
    assert drawn_ids(sample) == sorted(a.pk for a in inside)


def test_the_seed_is_recorded_and_the_same_seed_draws_the_same_sample(pool, world):
    pool.add(50, area=world.area, reviewed_at=at(WEEK.start))
    first = draw(world.area, seed=12345)
    chosen = drawn_ids(first)
    assert first.seed == 12345 and len(chosen) == 5
    # Re-done by hand, as an auditor would: the ids in order, the seed, the positions.
    ids = sorted(Assessment.objects.filter(area=world.area).values_list("pk", flat=True))
    assert sorted(ids[p] for p in random.Random(12345).sample(range(len(ids)), 5)) == chosen
    # And the service itself, on the same population, draws the same again.
    with transaction.atomic():
        DipSampleItem.objects.filter(sample=first).delete()
        first.delete()
        assert drawn_ids(draw(world.area, seed=12345)) == chosen
        transaction.set_rollback(True)


def test_without_a_seed_one_is_chosen_and_kept(pool, world):
    pool.add(30, area=world.area, reviewed_at=at(WEEK.start))
    sample = draw(world.area)
    assert sample.seed > 0
    ids = sorted(Assessment.objects.filter(area=world.area).values_list("pk", flat=True))
    assert sorted(ids[p] for p in random.Random(sample.seed).sample(range(30), 3)) == drawn_ids(sample)


def test_drawing_again_returns_the_same_sample_unchanged(pool, world, make_user):
    pool.add(20, area=world.area, reviewed_at=at(WEEK.start))
    first = draw(world.area)
    pool.add(20, area=world.area, reviewed_at=at(WEEK.start))  # late arrivals change nothing now
    again = draw(world.area, percent=50, user=make_user(Role.PVP_SUPERVISOR))
    assert again.pk == first.pk
    assert (again.population, again.sample_size, again.drawn_by, drawn_ids(again)) == (
        20,
        2,
        None,
        drawn_ids(first),
    )
    assert DipSample.objects.count() == 1


def test_an_assessment_is_never_drawn_twice_even_when_periods_overlap(pool, world):
    assessments = pool.add(10, area=world.area, reviewed_at=at(WEEK.start))
    week = draw(world.area, percent=50)
    # The force switches to monthly: March overlaps the week already sampled.
    month = draw(world.area, period=Period(date(2025, 3, 1), date(2025, 4, 1)), percent=100)
    assert month.population == 10
    assert set(drawn_ids(week)).isdisjoint(drawn_ids(month))
    assert sorted(drawn_ids(week) + drawn_ids(month)) == sorted(a.pk for a in assessments)
    # Nothing is left to draw: a third sample is empty, never a repeat.
    fortnight = draw(world.area, period=Period(date(2025, 2, 24), MONDAY), percent=100)
    assert fortnight.sample_size == 0


def test_each_week_is_sampled_on_its_own(pool, world):
    pool.add(10, area=world.area, reviewed_at=at(WEEK.start))
    pool.add(10, area=world.area, reviewed_at=at(MONDAY))
    a = draw(world.area, percent=50)
    b = draw(world.area, period=Period(MONDAY, MONDAY + timedelta(days=7)), percent=50)
    assert a.pk != b.pk and len(set(drawn_ids(a)) | set(drawn_ids(b))) == 10


def test_run_draws_every_area_of_every_force_for_its_own_period(pool, world):
    monthly = ForceFactory(name="Monthly Police", code="monthly", dip_sample_period="monthly", dip_sample_percent=20)
    far = AreaFactory(force=monthly, name="Far", code="far")
    pool.add(10, area=world.area, reviewed_at=at(WEEK.start))
    pool.add(10, area=far, reviewed_at=at(date(2025, 2, 14)))
    samples = dip_sample_run(today=MONDAY + timedelta(days=2))
    by_area = {s.area: s for s in samples}
    # Every area of every force: the neighbouring force's area too, with nothing to draw.
    assert set(by_area) == {world.area, world.other_area, world.other_force_area, far}
    assert (by_area[world.area].period_start, by_area[world.area].sample_size) == (WEEK.start, 1)
    assert (by_area[world.other_area].population, by_area[world.other_area].sample_size) == (0, 0)
    assert (by_area[far].period_start, by_area[far].period_end, by_area[far].sample_size) == (
        date(2025, 2, 1),
        date(2025, 3, 1),
        2,
    )
    assert dip_sample_run(today=MONDAY) == []  # running twice draws nothing more
    assert DipSample.objects.count() == 4


def test_percent_comes_from_the_force(pool, world):
    Force.objects.filter(pk=world.force.pk).update(dip_sample_percent=30)
    pool.add(10, area=world.area, reviewed_at=at(WEEK.start))
    [sample] = [s for s in dip_sample_run(today=MONDAY) if s.area == world.area]
    assert (sample.percent, sample.sample_size) == (30, 3)


def _lock_holder(area_id: int, held: threading.Event, release: threading.Event) -> threading.Thread:
    """Hold the area's draw lock in another connection until told to let go."""

    def hold():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('risk.dip_sample_draw'), %s)", [area_id])
                held.set()
                release.wait(10)
        finally:
            connection.close()

    return threading.Thread(target=hold)


def test_two_draws_at_the_same_time_give_one_sample(transactional_db, pool, world):
    pool.add(40, area=world.area, reviewed_at=at(WEEK.start))
    held, release = threading.Event(), threading.Event()
    holder = _lock_holder(world.area.pk, held, release)
    holder.start()
    assert held.wait(10)
    results, errors = [], []

    def drawer(seed):
        try:
            results.append(draw(world.area, seed=seed).pk)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    drawers = [threading.Thread(target=drawer, args=(seed,)) for seed in (1, 2, 3)]
    for t in drawers:
        t.start()
    release.set()  # all three now race for the lock
    for t in [holder, *drawers]:
        t.join(20)
    assert errors == []
    assert len(results) == 3 and len(set(results)) == 1
    assert DipSample.objects.count() == 1 and DipSampleItem.objects.count() == 4


def test_a_failure_half_way_leaves_whole_areas_only(transactional_db, pool, world):
    third = AreaFactory(force=world.force, name="West", code="west")
    for area in (world.area, world.other_area, third):
        pool.add(20, area=area, reviewed_at=at(WEEK.start))
    real = DipSampleItem.objects.bulk_create
    calls = []

    def items_then_crash(objs, *args, **kwargs):
        created = real(list(objs), *args, **kwargs)
        calls.append(len(created))
        if len(calls) == 2:  # the second area: its items are written, then the worker dies
            raise RuntimeError("worker lost")
        return created

    with (
        mock.patch.object(DipSampleItem.objects, "bulk_create", side_effect=items_then_crash),
        pytest.raises(RuntimeError, match="worker lost"),
    ):
        dip_sample_run(today=MONDAY)
    assert calls == [2, 2, 0, 2]  # the neighbouring force's area (made before West) has nothing to sample
    failed = sorted([world.area, world.other_area, third], key=lambda a: a.pk)[1]
    assert not DipSample.objects.filter(area=failed).exists()
    assert not DipSampleItem.objects.filter(assessment__area=failed).exists()
    for sample in DipSample.objects.exclude(area=world.other_force_area):
        assert sample.items.count() == sample.sample_size == 2
    # The retry draws only what is missing.
    dip_sample_run(today=MONDAY)
    assert DipSample.objects.count() == 4 and DipSampleItem.objects.count() == 6


def test_the_task_runs_in_a_real_worker_and_a_second_wake_up_draws_nothing(pool, world, celery_worker):
    period = last_complete_period(kind="weekly", today=timezone.localdate() - timedelta(days=1))
    pool.add(12, area=world.area, reviewed_at=at(period.start))
    first = draw_due_samples.delay().get(timeout=60)
    again = draw_due_samples.delay().get(timeout=60)
    assert first["outcome"] == "done" and len(first["periods"]) == 3  # North, South and the neighbouring force's East
    assert again["periods"] == []
    sample = DipSample.objects.get(area=world.area)
    assert (sample.period_start, sample.population, sample.sample_size, sample.drawn_by) == (period.start, 12, 2, None)
    run = JobRun.objects.get(job=DIP_SAMPLES.name, period__startswith=f"area-{world.area.pk}:")
    assert run.detail == {"sample": sample.pk, "population": 12, "sample_size": 2}


def test_every_missed_week_is_drawn_once_when_the_job_next_runs(pool, world):
    """Drawn on Monday 3 March; the job is stopped for three weeks; it is woken on Thursday 27 March, 16:40."""
    london = ZoneInfo("Europe/London")
    for week in range(4):
        pool.add(10, area=world.area, reviewed_at=at(date(2025, 2, 24) + timedelta(weeks=week)))
    with time_machine.travel(datetime(2025, 3, 3, 3, 5, tzinfo=london), tick=False):
        assert len(job_run(DIP_SAMPLES).periods) == 3  # North, South and the neighbouring force's East
    with time_machine.travel(datetime(2025, 3, 27, 16, 40, tzinfo=london), tick=False):
        late = job_run(DIP_SAMPLES)
        assert job_run(DIP_SAMPLES).periods == []
    assert late.outcome == "done" and len(late.periods) == 9  # three weeks, three areas
    starts = sorted(DipSample.objects.filter(area=world.area).values_list("period_start", "population"))
    assert starts == [(date(2025, 2, 24) + timedelta(weeks=w), 10) for w in range(4)]
    assert JobRun.objects.filter(job=DIP_SAMPLES.name, outcome="done").count() == DipSample.objects.count() == 12


def test_a_month_and_a_fortnight_missed_are_drawn_and_a_new_area_starts_at_its_last_whole_period(pool, world):
    Force.objects.filter(pk=world.force.pk).update(dip_sample_period="monthly")
    draw(world.area, period=Period(date(2025, 1, 1), date(2025, 2, 1)))
    fortnightly = ForceFactory(name="Fortnightly Police", code="fortnightly", dip_sample_period="fortnightly")
    far = AreaFactory(force=fortnightly, name="Far", code="far")
    draw(far, period=Period(date(2025, 1, 27), date(2025, 2, 10)))
    owed = [(a.name, p.start) for a, p in dip_samples_owed(today=date(2025, 4, 2))]
    assert owed == [  # oldest first
        ("North", date(2025, 2, 1)),
        ("Far", date(2025, 2, 10)),
        ("Far", date(2025, 2, 24)),
        ("North", date(2025, 3, 1)),
        ("South", date(2025, 3, 1)),  # never sampled: its last whole month only
        ("Far", date(2025, 3, 10)),
        ("East", date(2025, 3, 24)),  # the neighbouring force's area, weekly and never sampled: its last week
    ]


def test_an_area_whose_draw_fails_is_tried_again_without_holding_up_the_others(pool, world, monkeypatch):
    from sampling import tasks

    real, failing = tasks.dip_sample_draw, {world.area.pk}

    def draw_or_fail(*, area, **kwargs):
        if area.pk in failing:
            raise ValueError("a bad assessment")
        return real(area=area, **kwargs)

    monkeypatch.setattr(tasks, "dip_sample_draw", draw_or_fail)
    with time_machine.travel(datetime(2025, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/London")), tick=False):
        first = job_run(DIP_SAMPLES)
        assert first.outcome == "failed" and len(first.periods) == 2  # the other areas' (South, East)
        failing.clear()
        assert len(job_run(DIP_SAMPLES).periods) == 1
    assert DipSample.objects.count() == 3
    assert JobRun.objects.get(period__startswith=f"area-{world.area.pk}:").attempts == 1


def test_the_job_is_woken_every_minute_by_beat(db):
    from django_celery_beat.models import PeriodicTask

    from core.schedules import schedules_sync

    schedules_sync()
    task = PeriodicTask.objects.get(task="sampling.tasks.draw_due_samples")
    assert task.enabled and task.crontab is None and task.interval.every == 1
