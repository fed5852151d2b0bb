"""Demo DASH assessments at every stage (make run): drafts, awaiting the sergeant (one overdue),
in the PVP queue (claimed and not) and complete (the standard ones are dip sampled by sampling/demo.py)."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from incidents.models import Incident, Party

from .grading import suggested_grade
from .models import Assessment, Question
from .services import assessments as svc
from .services import reviews
from .services.questionnaires import questionnaire_ensure_default


def _answer(assessment: Assessment, officer, yes: int, rng: random.Random, questions: list[Question]) -> None:
    yes_ids = {q.pk for q in rng.sample([q for q in questions if q.counts_to_score], yes)}
    answers = [{"question_id": q.pk, "value": "yes" if q.pk in yes_ids else "no"} for q in questions]
    svc.assessment_answer_many(assessment=assessment, user=officer, answers=answers)


@transaction.atomic
def seed() -> int:
    """Create the demo assessments once; returns how many were made."""
    officer = User.objects.get(username="officer")
    if Assessment.objects.filter(officer=officer).exists():
        return 0
    questionnaire_ensure_default()
    rng = random.Random(2026)  # noqa: S311 - demo data
    sergeant = User.objects.get(username="sergeant")
    pvp = User.objects.get(username="pvp")
    incidents = list(
        Incident.objects.filter(area__code="worcestershire").order_by("-received_at").prefetch_related("parties")[:60]
    )
    made = 0
    now = timezone.now()
    questions = None
    for n, incident in enumerate(incidents):
        victim = next(p for p in incident.parties.all() if p.role == Party.Role.VICTIM)
        assessment = svc.assessment_start(incident=incident, victim_id=victim.person_id, officer=officer)
        made += 1
        if n < 2:
            continue  # drafts still being completed
        yes = rng.choice([2, 4, 6, 8, 11, 12, 15, 17]) if n % 4 == 0 else rng.randint(1, 9)
        if questions is None:  # every demo DASH has the same sections (no supplements)
            questions = list(Question.objects.filter(section__in=assessment.sections.all()).order_by("number"))
        _answer(assessment, officer, yes, rng, questions)
        grade = suggested_grade(yes, assessment.questionnaire)
        svc.assessment_submit(assessment=assessment, user=officer, grade=grade, children_referral="no_children")
        submitted_at = min(incident.received_at + timedelta(hours=2), now - timedelta(hours=1))
        Assessment.objects.filter(pk=assessment.pk).update(submitted_at=submitted_at)
        if n < 5:
            continue  # awaiting the sergeant; the oldest is overdue
        review = reviews.sergeant_review(assessment=assessment, sergeant=sergeant, grade=grade)
        Assessment.objects.filter(pk=assessment.pk).update(sergeant_reviewed_at=submitted_at + timedelta(hours=3))
        review.__class__.objects.filter(pk=review.pk).update(reviewed_at=submitted_at + timedelta(hours=3))
        if grade == "standard":
            continue
        item = Assessment.objects.get(pk=assessment.pk).pvp_item
        if n % 3 == 0:
            continue  # waiting, unclaimed
        reviews.pvp_claim(item=item, user=pvp)
        if n % 3 == 1:
            continue  # claimed, being reviewed
        high = grade == "high"
        reviews.pvp_complete(item=item, user=pvp, grade=grade, refer_to_marac=high, refer_to_idva=high)
    return made
