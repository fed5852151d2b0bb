"""Assessments to dip sample, written with the ORM: many at once, already through the sergeant's review."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from risk.models import Assessment, AssessmentAnswer, Grade, Question, Questionnaire, Section

from ..factories import make_person
from ..incidents.helpers import log_incident


def questionnaire() -> Questionnaire:
    """The current DASH (loaded by migration), or a minimal stand-in when it is not there."""
    current = Questionnaire.objects.filter(code="dash", is_current=True).first()
    if current is not None:
        return current
    q = Questionnaire.objects.create(
        code="dash", version="sampling-test", name="DASH (test)", is_current=True, source_sha256="0" * 64
    )
    section = Section.objects.create(questionnaire=q, code="main", title="Main questions", order=1)
    Question.objects.bulk_create(
        Question(section=section, number=n, topic=f"Topic {n}", wording=f"Question {n}?") for n in range(1, 28)
    )
    return q


def at(day: date, hour: int = 12) -> datetime:
    """A local time on ``day``."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


class Pool:
    """Makes standard assessments in an area, reviewed by a sergeant at a given time, sharing one incident."""

    def __init__(self, *, officer, handler):
        self.officer, self.handler = officer, handler
        self.questionnaire = questionnaire()
        self._incidents: dict[int, object] = {}

    def incident(self, area):
        if area.pk not in self._incidents:
            victim = make_person(force=area.force, given_name="Vera", surname=f"Sample{area.pk}")
            self._incidents[area.pk] = log_incident(user=self.handler, area=area, victim=victim)
        return self._incidents[area.pk]

    def add(
        self,
        n: int,
        *,
        area,
        reviewed_at: datetime,
        grade: str = Grade.STANDARD,
        status: str = Assessment.Status.COMPLETE,
        yes_count: int = 2,
        officer=None,
    ) -> list[Assessment]:
        incident = self.incident(area)
        victim_id = incident.parties.get(role="victim").person_id
        return Assessment.objects.bulk_create(
            Assessment(
                incident=incident,
                victim_id=victim_id,
                area=area,
                questionnaire=self.questionnaire,
                officer=officer or self.officer,
                status=status,
                yes_count=yes_count,
                officer_grade=grade,
                grade=grade,
                children_referral=Assessment.Referral.NO_CHILDREN,
                submitted_at=reviewed_at - timedelta(hours=2),
                sergeant_reviewed_at=reviewed_at,
            )
            for _ in range(n)
        )

    def answered(self, assessment: Assessment, *, yes: int) -> Assessment:
        """Give the assessment the main section's answers: the first ``yes`` scored questions yes, the rest no."""
        main = self.questionnaire.sections.filter(is_supplement=False)
        assessment.sections.set(main)
        questions = Question.objects.filter(section__in=main).order_by("section__order", "number")
        AssessmentAnswer.objects.bulk_create(
            AssessmentAnswer(
                assessment=assessment,
                question=q,
                value=AssessmentAnswer.Value.YES if i < yes else AssessmentAnswer.Value.NO,
                comment="Said he would kill her" if i == 0 else "",
            )
            for i, q in enumerate(questions)
        )
        Assessment.objects.filter(pk=assessment.pk).update(yes_count=yes)
        assessment.yes_count = yes
        return assessment


def dip_sample_for_access_table(*, area, handler, officer, pvp):
    """A sample in ``area`` with two items: one waiting for review, one with a practice issue raised."""
    from sampling.services import dip_sample_draw, dip_sample_record_result

    pool = Pool(officer=officer, handler=handler)
    pool.add(2, area=area, reviewed_at=at(date(2025, 3, 4)))
    sample = dip_sample_draw(area=area, period_start=date(2025, 3, 3), period_end=date(2025, 3, 10), percent=100)
    waiting, issue = sample.items.order_by("pk")
    dip_sample_record_result(item=issue, reviewer=pvp, result="practice_issue", reason="No rationale recorded")
    return sample, waiting, issue
