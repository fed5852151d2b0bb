"""The officer's DASH: drafts saved as they go, the version kept, grading enforced at submission."""

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from risk.models import Assessment, AssessmentAnswer, Question
from risk.services import assessments as svc

from .factories import answer_all, draft, questionnaire


@pytest.fixture
def people(make_user):
    return {"officer": make_user(Role.RESPONSE_OFFICER), "handler": make_user(Role.CALL_HANDLER)}


@pytest.fixture
def dash(people, world):
    return draft(officer=people["officer"], handler=people["handler"], area=world.area)


def test_a_draft_keeps_its_questionnaire_version_and_sections(dash):
    assert dash.questionnaire == questionnaire()
    assert [s.code for s in dash.sections.order_by("order")] == ["main"]
    assert dash.area == dash.incident.area and dash.status == Assessment.Status.DRAFT


def test_supplements_are_added_when_chosen(people, world):
    a = draft(officer=people["officer"], handler=people["handler"], area=world.area, supplements=["stalking"])
    assert {s.code for s in a.sections.all()} == {"main", "stalking"}


def test_starting_twice_continues_the_same_draft(people, dash):
    again = svc.assessment_start(incident=dash.incident, victim_id=dash.victim_id, officer=people["officer"])
    assert again.pk == dash.pk


def test_victim_must_be_a_victim_of_the_incident(people, dash):
    suspect = dash.incident.parties.exclude(role="victim").first()
    with pytest.raises(ValidationError):
        svc.assessment_start(
            incident=dash.incident, victim_id=suspect.person_id if suspect else 0, officer=people["officer"]
        )


def test_each_answer_is_saved_and_the_yes_count_follows(people, dash):
    q1, q2 = Question.objects.filter(section__in=dash.sections.all()).order_by("number")[:2]
    svc.assessment_answer(assessment=dash, user=people["officer"], question_id=q1.pk, value="yes")
    svc.assessment_answer(
        assessment=dash, user=people["officer"], question_id=q2.pk, value="yes", comment="Bruised", source="Neighbour"
    )
    dash.refresh_from_db()
    assert dash.yes_count == 2
    svc.assessment_answer(assessment=dash, user=people["officer"], question_id=q1.pk, value="no")
    dash.refresh_from_db()
    assert dash.yes_count == 1 and AssessmentAnswer.objects.filter(assessment=dash).count() == 2


def test_a_question_from_another_version_or_section_is_refused(people, dash, world):
    stalking = Question.objects.filter(section__questionnaire=dash.questionnaire, section__code="stalking").first()
    with pytest.raises(ValidationError) as exc:
        svc.assessment_answer(assessment=dash, user=people["officer"], question_id=stalking.pk, value="yes")
    assert "question" in exc.value.message_dict
    assert not dash.answers.exists()


def test_another_officer_cannot_change_the_draft(people, dash, make_user):
    q = Question.objects.filter(section__in=dash.sections.all()).first()
    with pytest.raises(ValidationError):
        svc.assessment_answer(assessment=dash, user=make_user(Role.RESPONSE_OFFICER), question_id=q.pk, value="yes")


def test_submission_needs_every_answer_unless_the_victim_declined(people, dash):
    with pytest.raises(ValidationError) as exc:
        svc.assessment_submit(
            assessment=dash, user=people["officer"], grade="standard", children_referral="no_children"
        )
    assert "answers" in exc.value.message_dict
    svc.assessment_decline(
        assessment=dash, user=people["officer"], declined=True, detail="Would not engage; visible fear, partner present"
    )
    submitted = svc.assessment_submit(
        assessment=dash,
        user=people["officer"],
        grade="medium",
        rationale="Fear and injuries seen",
        children_referral="no_children",
    )
    assert submitted.status == Assessment.Status.SUBMITTED


@pytest.mark.parametrize(
    "yes, grade, rationale, ok",
    [(15, "high", "", True), (15, "medium", "x", False), (4, "high", "", False), (4, "high", "Threats to kill", True)],
)
def test_submission_enforces_the_grading_rules(people, dash, yes, grade, rationale, ok):
    answer_all(dash, people["officer"], yes)
    call = lambda: svc.assessment_submit(  # noqa: E731
        assessment=dash, user=people["officer"], grade=grade, rationale=rationale, children_referral="no_children"
    )
    if ok:
        assert call().grade == grade
    else:
        with pytest.raises(ValidationError):
            call()
        dash.refresh_from_db()
        assert dash.status == Assessment.Status.DRAFT and dash.submitted_at is None


def test_children_need_a_referral_decision(people, dash):
    answer_all(dash, people["officer"], 2)
    svc.assessment_child_add(assessment=dash, user=people["officer"], name="Ella", present=True)
    with pytest.raises(ValidationError) as exc:
        svc.assessment_submit(
            assessment=dash, user=people["officer"], grade="standard", children_referral="no_children"
        )
    assert "children_referral" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        svc.assessment_submit(
            assessment=dash, user=people["officer"], grade="standard", children_referral="not_referred"
        )
    assert "children_referral_reason" in exc.value.message_dict
    svc.assessment_submit(assessment=dash, user=people["officer"], grade="standard", children_referral="referred")


def test_a_submitted_assessment_cannot_be_changed(people, dash):
    answer_all(dash, people["officer"], 1)
    svc.assessment_submit(assessment=dash, user=people["officer"], grade="standard", children_referral="no_children")
    q = Question.objects.filter(section__in=dash.sections.all()).first()
    with pytest.raises(ValidationError, match="submitted"):
        svc.assessment_answer(assessment=dash, user=people["officer"], question_id=q.pk, value="yes")
