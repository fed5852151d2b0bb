"""The dip sample: draw each area's share of standard assessments at random, and record the supervisor's result.

How a draw can be re-done by hand, for an audit: take the area's standard
assessments completed with a sergeant's review in [period_start, period_end),
leave out those sampled before ``drawn_at``, order the rest by id, and pick the
positions ``random.Random(seed).sample(range(len(ids)), sample_size)``.
"""

import logging
import math
import random
import secrets
from array import array
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.postgres.aggregates import ArrayAgg
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Exists, Min, OuterRef, QuerySet
from django.utils import timezone

from accounts.models import Area, Force, User
from risk.grading import validate_grade
from risk.models import Assessment, Grade, PvpQueueItem, Review

from .models import DipSample, DipSampleItem

logger = logging.getLogger(__name__)

# Fortnights are counted from this Monday, so every area of every force agrees on where one starts.
FORTNIGHT_EPOCH = date(2024, 1, 1)
# How far back a period missed (the job not running) is still drawn: twelve weeks, fortnights or months.
CATCH_UP_PERIODS = 12


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # the day after the last day

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)


def last_complete_period(*, kind: str, today: date) -> Period:
    """The latest whole period that ended on or before ``today`` (weekly, fortnightly or monthly)."""
    if kind == Force.DipSamplePeriod.WEEKLY:
        end = today - timedelta(days=today.weekday())
        return Period(end - timedelta(days=7), end)
    if kind == Force.DipSamplePeriod.FORTNIGHTLY:
        end = FORTNIGHT_EPOCH + timedelta(days=14 * ((today - FORTNIGHT_EPOCH).days // 14))
        return Period(end - timedelta(days=14), end)
    if kind == Force.DipSamplePeriod.MONTHLY:
        end = today.replace(day=1)
        return Period((end - timedelta(days=1)).replace(day=1), end)
    raise ValueError(f"Unknown dip sample period {kind!r}")


def periods_between(*, kind: str, first: date, last: date) -> list[Period]:
    """Every whole period that starts on or after ``first`` and ends on or before ``last``, oldest first."""
    periods = []
    period = last_complete_period(kind=kind, today=last)
    while period.start >= first:
        periods.append(period)
        period = last_complete_period(kind=kind, today=period.start)
    return periods[::-1]


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def dip_sample_population(*, area_id: int, period_start: date, period_end: date) -> QuerySet[Assessment]:
    """The standard assessments that a sample for this area and period is drawn from."""
    return Assessment.objects.filter(
        area_id=area_id,
        status=Assessment.Status.COMPLETE,
        grade=Grade.STANDARD,
        sergeant_reviewed_at__gte=_local_midnight(period_start),
        sergeant_reviewed_at__lt=_local_midnight(period_end),
    )


def sample_size_for(*, population: int, percent: int) -> int:
    """At least ``percent`` of the population, rounded up: 11 at 10% is 2."""
    return math.ceil(population * percent / 100)


def _lock_area(area_id: int) -> None:
    # Held to the end of the transaction: two draws for one area (the job and a supervisor's
    # button, or two workers) run one after the other, and the second finds the first's sample.
    # The key kept the name it had when dip sampling lived in the risk app.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('risk.dip_sample_draw'), %s)", [area_id])


def dip_sample_draw(
    *, area: Area, period_start: date, period_end: date, percent: int, seed: int | None = None, user: User | None = None
) -> DipSample:
    """Draw the area's sample for the period, or return the one already drawn, unchanged.

    One transaction: a worker stopped half-way leaves the whole sample or none.
    """
    if period_end <= period_start:
        raise ValidationError({"period_end": "The period must end after it starts."})
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": "Give a share between 0 and 100."})
    with transaction.atomic():
        _lock_area(area.pk)
        existing = DipSample.objects.filter(area=area, period_start=period_start).first()
        if existing is not None:
            return existing
        seed = secrets.randbits(63) if seed is None else seed
        sampled = DipSampleItem.objects.filter(assessment_id=OuterRef("pk"))
        # One round trip, from the population's covering index: how many, and the ids not sampled before, in
        # order (eight bytes each once in the array: memory follows the period's size, never the table's).
        counted = dip_sample_population(area_id=area.pk, period_start=period_start, period_end=period_end).aggregate(
            population=Count("pk"), eligible=ArrayAgg("pk", order_by="pk", filter=~Exists(sampled), default=[])
        )
        population, eligible = counted["population"], array("q", counted["eligible"])
        del counted
        size = min(sample_size_for(population=population, percent=percent), len(eligible))
        positions = random.Random(seed).sample(range(len(eligible)), size)  # noqa: S311 - an audit sample
        sample = DipSample.objects.create(
            area=area,
            period_start=period_start,
            period_end=period_end,
            percent=percent,
            seed=seed,
            population=population,
            sample_size=size,
            drawn_by=user,
        )
        DipSampleItem.objects.bulk_create(
            DipSampleItem(sample=sample, assessment_id=eligible[p]) for p in sorted(positions)
        )
        return sample


def dip_samples_owed(*, today: date) -> list[tuple[Area, Period]]:
    """Every area's whole periods (its force's week, fortnight or month) ended by ``today`` that have no
    sample yet, oldest first: from the area's first sample on (for an area never sampled, the last whole
    period only), at most ``CATCH_UP_PERIODS`` back. This is what the scheduled job owes; a period missed
    while it was not running stays owed until it is drawn."""
    owed = []
    for force in Force.objects.order_by("pk"):
        window = [last_complete_period(kind=force.dip_sample_period, today=today)]
        while len(window) < CATCH_UP_PERIODS:
            window.append(last_complete_period(kind=force.dip_sample_period, today=window[-1].start))
        window.reverse()
        areas = list(force.areas.order_by("pk"))
        samples = DipSample.objects.filter(area__force=force)
        drawn = set(samples.filter(period_start__gte=window[0].start).values_list("area_id", "period_start"))
        first = dict(samples.values("area_id").annotate(first=Min("period_start")).values_list("area_id", "first"))
        for area in areas:
            since = first.get(area.pk, window[-1].start)
            owed += [(area, p) for p in window if p.start >= since and (area.pk, p.start) not in drawn]
    return sorted(owed, key=lambda owed_one: (owed_one[1].start, owed_one[0].pk))


def dip_sample_run(*, today: date) -> list[DipSample]:
    """Draw every sample owed by ``today`` (``dip_samples_owed``); returns those drawn.

    Each area and period is its own transaction. One that fails does not stop the others; the
    first failure is raised at the end, so that a rerun draws only what is missing.
    """
    samples, failure = [], None
    for area, period in dip_samples_owed(today=today):
        try:
            samples.append(
                dip_sample_draw(
                    area=area,
                    period_start=period.start,
                    period_end=period.end,
                    percent=area.force.dip_sample_percent,
                )
            )
        except Exception as exc:
            logger.exception("Dip sample for %s, %s failed", area, period.start)
            failure = failure or exc
    if failure is not None:
        raise failure
    return samples


def _note_errors(exc: ValidationError) -> ValidationError:
    # The grading rules name the text "rationale"; here it is the result's "reason".
    if hasattr(exc, "error_dict"):
        return ValidationError({("reason" if k == "rationale" else k): v for k, v in exc.error_dict.items()})
    return exc


@transaction.atomic
def dip_sample_record_result(
    *, item: DipSampleItem, reviewer: User, result: str, grade: str | None = None, reason: str = ""
) -> DipSampleItem:
    """Record the supervisor's result for one sampled assessment, once.

    agree: the grade stands. regrade: a new grade and the reason, under the DASH grading
    rules. practice issue: a note for the officer's supervisor, who sees it in "my work".
    Each result writes a dip-sample Review on the assessment (a confirmation, or the regrade).
    """
    item = DipSampleItem.objects.select_for_update().get(pk=item.pk)
    if item.result:
        who = item.reviewed_by or "someone"
        raise ValidationError(
            f"The result for this assessment was already recorded by {who} on "
            f"{timezone.localtime(item.reviewed_at):%d/%m/%Y at %H:%M}."
        )
    if result not in DipSampleItem.Result.values:
        raise ValidationError({"result": "Choose agree, regrade or practice issue."})
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("questionnaire", "officer__supervisor")
        .get(pk=item.assessment_id)
    )
    if assessment.officer_id == reviewer.pk:
        raise ValidationError("You cannot dip sample an assessment you completed yourself.")
    reason = reason.strip()
    before = assessment.grade
    if result == DipSampleItem.Result.REGRADE:
        if not grade:
            raise ValidationError({"grade": "Choose the new grade."})
        if grade == before:
            raise ValidationError({"grade": f"The grade is already {Grade(before).label.lower()}: choose agree."})
        if not reason:
            raise ValidationError({"reason": "Explain why you are changing the grade."})
        try:
            validate_grade(
                grade=grade,
                rationale=reason,
                yes_count=assessment.yes_count,
                questionnaire=assessment.questionnaire,
                previous=before,
            )
        except ValidationError as exc:
            raise _note_errors(exc) from exc
    else:
        if grade and grade != before:
            raise ValidationError({"grade": "To change the grade, choose regrade."})
        grade = before
        if result == DipSampleItem.Result.PRACTICE_ISSUE and not reason:
            raise ValidationError({"reason": "Describe the practice issue for the officer's supervisor."})
    review = Review.objects.create(
        assessment=assessment,
        stage=Review.Stage.DIP_SAMPLE,
        reviewer=reviewer,
        decision=Review.Decision.REGRADE if grade != before else Review.Decision.CONFIRM,
        grade_before=before,
        grade=grade,
        rationale=reason,
    )
    if grade != before:
        assessment.grade = grade
        if grade in (Grade.MEDIUM, Grade.HIGH):
            # A standard case found to be medium or high goes to the PVP team like any other.
            assessment.status = Assessment.Status.PVP_REVIEW
            PvpQueueItem.objects.get_or_create(assessment=assessment, defaults={"area_id": assessment.area_id})
        assessment.save(update_fields=["grade", "status", "updated_at"])
    item.result, item.note, item.review = result, reason, review
    item.reviewed_by, item.reviewed_at = reviewer, timezone.now()
    if result == DipSampleItem.Result.PRACTICE_ISSUE:
        item.issue_for = assessment.officer.supervisor
    item.save()
    return item


@transaction.atomic
def dip_sample_issue_address(*, item: DipSampleItem, user: User, response: str) -> DipSampleItem:
    """The officer's supervisor records how the practice issue was dealt with; it then leaves their work list."""
    item = DipSampleItem.objects.select_for_update().get(pk=item.pk)
    if item.result != DipSampleItem.Result.PRACTICE_ISSUE:
        raise ValidationError("This assessment has no practice issue to deal with.")
    if item.issue_addressed_at is not None:
        raise ValidationError(
            f"{item.issue_addressed_by or 'Someone'} already recorded this issue as dealt with on "
            f"{timezone.localtime(item.issue_addressed_at):%d/%m/%Y}."
        )
    if not response.strip():
        raise ValidationError(
            {"response": "Say how the issue was dealt with (for example, discussed with the officer)."}
        )
    item.issue_addressed_by, item.issue_addressed_at, item.issue_response = user, timezone.now(), response.strip()
    item.save(update_fields=["issue_addressed_by", "issue_addressed_at", "issue_response"])
    return item
