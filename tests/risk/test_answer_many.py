"""Saving a section's answers at once: one upsert and one recount, checked as a single answer is."""

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from risk.models import AssessmentAnswer, Question
from risk.services import assessments as svc

from .factories import draft


@pytest.fixture
def people(make_user):
    return {"officer": make_user(Role.RESPONSE_OFFICER), "handler": make_user(Role.CALL_HANDLER)}


@pytest.fixture
def dash(people, world):
    return draft(officer=people["officer"], handler=people["handler"], area=world.area)


def _questions(dash) -> list[Question]:
    return list(Question.objects.filter(section__in=dash.sections.all()).order_by("number"))


def test_every_answer_is_saved_at_once_and_the_yes_count_follows(people, dash, django_assert_max_num_queries):
    questions = _questions(dash)
    scored = [q for q in questions if q.counts_to_score]
    answers = [{"question_id": q.pk, "value": "yes" if q in scored[:5] else "no"} for q in questions]
    with django_assert_max_num_queries(8):
        assert svc.assessment_answer_many(assessment=dash, user=people["officer"], answers=answers) == 5
    assert dash.answers.count() == len(questions)
    # Answering again changes the answers in place; a question given twice keeps its last answer.
    again = [
        {"question_id": scored[0].pk, "value": "no"},
        {"question_id": scored[0].pk, "value": "yes", "comment": " x "},
    ]
    again += [{"question_id": q.pk, "value": "no"} for q in scored[1:5]]
    assert svc.assessment_answer_many(assessment=dash, user=people["officer"], answers=again) == 1
    answer = AssessmentAnswer.objects.get(assessment=dash, question=scored[0])
    assert (answer.value, answer.comment, dash.answers.count()) == ("yes", "x", len(questions))


@pytest.mark.parametrize("bad", [{"question_id": 0, "value": "yes"}, {"value": "maybe"}])
def test_one_bad_answer_refuses_them_all(people, dash, bad):
    first, second = _questions(dash)[:2]
    answers = [{"question_id": first.pk, "value": "yes"}, {"question_id": second.pk, **bad}]
    with pytest.raises(ValidationError):
        svc.assessment_answer_many(assessment=dash, user=people["officer"], answers=answers)
    assert not dash.answers.exists()


def test_only_the_officer_completing_the_draft_can_answer(people, dash, make_user):
    answers = [{"question_id": _questions(dash)[0].pk, "value": "yes"}]
    with pytest.raises(ValidationError):
        svc.assessment_answer_many(assessment=dash, user=make_user(Role.RESPONSE_OFFICER), answers=answers)
    assert not dash.answers.exists()
