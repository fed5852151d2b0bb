"""The officer's DASH: start a draft, answer as you go (saved per answer), record children, submit."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from incidents.models import Incident, Party

from ..grading import validate_grade
from ..models import Assessment, AssessmentAnswer, AssessmentChild, Question, Questionnaire, Section


def current_questionnaire(*, code: str = "dash") -> Questionnaire:
    questionnaire = Questionnaire.objects.filter(code=code, is_current=True).first()
    if questionnaire is None:
        raise ValidationError("No current risk questionnaire is loaded: ask an administrator to load one.")
    return questionnaire


@transaction.atomic
def assessment_start(
    *,
    incident: Incident,
    victim_id: int,
    officer: User,
    supplements: tuple[str, ...] | list[str] = (),
    questionnaire: Questionnaire | None = None,
) -> Assessment:
    """Start a draft DASH for a victim of the incident, with the chosen supplements (stalking, honour)."""
    if not incident.parties.filter(person_id=victim_id, role=Party.Role.VICTIM).exists():
        raise ValidationError({"victim": "Choose a victim of this incident."})
    existing = (
        Assessment.objects.select_for_update()
        .filter(incident=incident, victim_id=victim_id, status=Assessment.Status.DRAFT)
        .select_related("officer")
        .first()
    )
    if existing is not None:
        if existing.officer_id != officer.pk:
            raise ValidationError(
                {"victim": f"{existing.officer} already has a draft DASH open for this victim at this incident."}
            )
        # A second tap on "start" (or a second device) continues the same draft; a supplement ticked now is
        # added to it. One left unticked stays: its answers may already be given.
        chosen = assessment_supplement_sections(assessment=existing, supplements=supplements)
        existing.sections.add(*chosen)
        return existing
    questionnaire = questionnaire or current_questionnaire()
    sections = list(questionnaire.sections.filter(Q(is_supplement=False) | Q(code__in=list(supplements))))
    assessment = Assessment.objects.create(
        incident=incident, victim_id=victim_id, area_id=incident.area_id, questionnaire=questionnaire, officer=officer
    )
    assessment.sections.set(sections)
    return assessment


def assessment_supplement_sections(*, assessment: Assessment, supplements: Iterable[str]) -> list[Section]:
    """The draft's questionnaire's supplement sections among those chosen."""
    return list(assessment.questionnaire.sections.filter(is_supplement=True, code__in=list(supplements)))


def _draft_for_update(assessment: Assessment, user: User) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != Assessment.Status.DRAFT:
        raise ValidationError("This assessment has been submitted and can no longer be changed.")
    if assessment.officer_id != user.pk:
        raise ValidationError("Only the officer completing the assessment can change it.")
    return assessment


def _recount(assessment: Assessment) -> int:
    count = assessment.answers.filter(value=AssessmentAnswer.Value.YES, question__counts_to_score=True).count()
    Assessment.objects.filter(pk=assessment.pk).update(yes_count=count, updated_at=timezone.now())
    assessment.yes_count = count
    return count


@transaction.atomic
def assessment_answer(
    *, assessment: Assessment, user: User, question_id: int, value: str, comment: str = "", source: str = ""
) -> AssessmentAnswer:
    """Save one answer (the phone saves each as it is given, so a lost signal loses nothing)."""
    assessment = _draft_for_update(assessment, user)
    question = Question.objects.filter(pk=question_id, section__in=assessment.sections.all()).first()
    if question is None:
        raise ValidationError({"question": "That question is not part of this assessment's questionnaire."})
    if value not in AssessmentAnswer.Value.values:
        raise ValidationError({"value": "Answer yes, no or not known."})
    answer, _ = AssessmentAnswer.objects.update_or_create(
        assessment=assessment,
        question=question,
        defaults={
            "value": value,
            "comment": comment.strip(),
            "source": source.strip(),
            "client_time": timezone.now(),
            "device": "",
        },
    )
    _recount(assessment)
    return answer


@transaction.atomic
def assessment_answer_many(*, assessment: Assessment, user: User, answers: list[dict]) -> int:
    """Save a section's answers at once (checked as assessment_answer checks one); any bad answer refuses them all.

    A handful of queries however many answers: one upsert and one recount.
    """
    assessment = _draft_for_update(assessment, user)
    wanted = {item["question_id"] for item in answers}
    questions = set(
        Question.objects.filter(pk__in=wanted, section__in=assessment.sections.all()).values_list("pk", flat=True)
    )
    rows = {}
    now = timezone.now()
    for item in answers:
        if item["question_id"] not in questions:
            raise ValidationError({"question": "That question is not part of this assessment's questionnaire."})
        if item["value"] not in AssessmentAnswer.Value.values:
            raise ValidationError({"value": "Answer yes, no or not known."})
        # A question given twice keeps its last answer, as answering it twice in turn would.
        rows[item["question_id"]] = AssessmentAnswer(
            assessment=assessment,
            question_id=item["question_id"],
            value=item["value"],
            comment=item.get("comment", "").strip(),
            source=item.get("source", "").strip(),
            client_time=now,
            device="",
        )
    AssessmentAnswer.objects.bulk_create(
        rows.values(),
        update_conflicts=True,
        unique_fields=["assessment", "question"],
        update_fields=["value", "comment", "source", "answered_at", "client_time", "device"],
    )
    return _recount(assessment)


@transaction.atomic
def assessment_decline(*, assessment: Assessment, user: User, declined: bool, detail: str = "") -> Assessment:
    """Record that the victim declined to answer (the officer then grades on what they know)."""
    assessment = _draft_for_update(assessment, user)
    if declined and not detail.strip():
        raise ValidationError({"declined_detail": "Say what the victim said and what you observed."})
    assessment.victim_declined, assessment.declined_detail = declined, detail.strip() if declined else ""
    assessment.save(update_fields=["victim_declined", "declined_detail", "updated_at"])
    return assessment


@transaction.atomic
def assessment_child_add(*, assessment: Assessment, user: User, name: str, **fields: Any) -> AssessmentChild:
    assessment = _draft_for_update(assessment, user)
    child = AssessmentChild(assessment=assessment, name=name.strip(), **fields)
    child.full_clean()
    child.save()
    return child


def unanswered(*, assessment: Assessment) -> list[Question]:
    answered = assessment.answers.values("question_id")
    return list(
        Question.objects.filter(section__in=assessment.sections.all())
        .exclude(pk__in=answered)
        .select_related("section")
    )


@transaction.atomic
def assessment_submit(
    *,
    assessment: Assessment,
    user: User,
    grade: str,
    rationale: str = "",
    children_referral: str,
    children_referral_reason: str = "",
) -> Assessment:
    """Grade and submit: it goes at once to the area's sergeants for review."""
    assessment = _draft_for_update(assessment, user)
    if not assessment.victim_declined:
        missing = unanswered(assessment=assessment)
        if missing:
            numbers = ", ".join(f"{q.section.title} {q.number}" for q in missing[:10])
            raise ValidationError(
                {
                    "answers": f"Answer every question first (or record that the victim declined): "
                    f"{numbers}{'...' if len(missing) > 10 else ''}."
                }
            )
    yes_count = _recount(assessment)
    validate_grade(
        grade=grade, rationale=rationale, yes_count=yes_count, questionnaire=assessment.questionnaire, field="grade"
    )
    has_children = assessment.children.exists()
    if children_referral not in Assessment.Referral.values:
        raise ValidationError({"children_referral": "Record the decision on a referral to children's services."})
    if has_children and children_referral == Assessment.Referral.NO_CHILDREN:
        raise ValidationError({"children_referral": "Children are recorded: decide on the referral."})
    if children_referral == Assessment.Referral.NOT_REFERRED and not children_referral_reason.strip():
        raise ValidationError({"children_referral_reason": "Say why the children are not referred."})
    assessment.officer_grade = assessment.grade = grade
    assessment.officer_rationale = rationale.strip()
    assessment.children_referral = children_referral
    assessment.children_referral_reason = children_referral_reason.strip()
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save()
    return assessment


def section_progress(*, assessment: Assessment) -> list[dict]:
    """Per section: questions and answers so far, for the progress bar."""
    counts = (
        Section.objects.filter(pk__in=assessment.sections.values("pk"))
        .annotate(
            total=Count("questions", distinct=True),
            done=Count("questions", filter=Q(questions__in=assessment.answers.values("question")), distinct=True),
        )
        .order_by("order")
    )
    return [{"section": s, "total": s.total, "done": s.done} for s in counts]
