"""Assessments built through the real services, on the current questionnaire (DASH, loaded by migration)."""

from risk.models import Assessment, AssessmentAnswer, Question, Questionnaire
from risk.services import assessments as svc
from risk.services import reviews
from risk.services.questionnaires import questionnaire_ensure_default

from ..factories import make_person
from ..incidents.helpers import log_incident


def questionnaire() -> Questionnaire:
    """The current DASH (loaded by migration; loaded again if a transactional test emptied the tables)."""
    return questionnaire_ensure_default()


def draft(*, officer, handler, area, victim=None, supplements=()) -> Assessment:
    questionnaire()
    victim = victim or make_person(given_name="Vicky", surname="Tim")
    incident = log_incident(user=handler, area=area, victim=victim)
    return svc.assessment_start(incident=incident, victim_id=victim.pk, officer=officer, supplements=list(supplements))


def answer_all(assessment: Assessment, officer, yes: int) -> None:
    """Answer every question: the first ``yes`` scored ones yes, the rest no."""
    scored = 0
    for question in Question.objects.filter(section__in=assessment.sections.all()).order_by("section__order", "number"):
        value = AssessmentAnswer.Value.NO
        if question.counts_to_score and scored < yes:
            value, scored = AssessmentAnswer.Value.YES, scored + 1
        svc.assessment_answer(assessment=assessment, user=officer, question_id=question.pk, value=value)


def submitted(*, officer, handler, area, yes: int, grade: str, rationale: str = "", victim=None) -> Assessment:
    assessment = draft(officer=officer, handler=handler, area=area, victim=victim)
    answer_all(assessment, officer, yes)
    return svc.assessment_submit(
        assessment=assessment, user=officer, grade=grade, rationale=rationale, children_referral="no_children"
    )


def in_pvp_queue(*, officer, handler, sergeant, area, yes: int = 12, grade: str = "medium", victim=None):
    assessment = submitted(officer=officer, handler=handler, area=area, yes=yes, grade=grade, victim=victim)
    reviews.sergeant_review(assessment=assessment, sergeant=sergeant, grade=grade)
    return Assessment.objects.get(pk=assessment.pk).pvp_item
