"""Recording a dip sample's results: agree, regrade under the grading rules, practice issue; once only."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from core.work import my_work
from risk.models import Assessment, Review
from sampling.models import DipSampleItem
from sampling.services import dip_sample_draw, dip_sample_issue_address, dip_sample_record_result

from .factories import Pool, at
from .test_draw import WEEK


@pytest.fixture
def item(personas, world) -> DipSampleItem:
    """A sampled standard assessment with 5 'yes' answers (DASH 2009 suggests standard below 10)."""
    pool = Pool(officer=personas.officer, handler=personas.handler)
    [assessment] = pool.add(1, area=world.area, reviewed_at=at(WEEK.start))
    pool.answered(assessment, yes=5)
    sample = dip_sample_draw(area=world.area, period_start=WEEK.start, period_end=WEEK.end, percent=10)
    return sample.items.get()


def record(item, personas, result, grade=None, reason=""):
    return dip_sample_record_result(
        item=item, reviewer=personas.pvp_supervisor, result=result, grade=grade, reason=reason
    )


# result, grade, reason -> the field refused (None: accepted)
RULES = [
    ("agree", None, "", None),
    ("agree", "standard", "Fine", None),
    ("agree", "medium", "", "grade"),  # changing the grade is a regrade
    ("regrade", "medium", "Threats to kill in the comments", None),
    ("regrade", "high", "Strangulation disclosed to the PVP officer", None),
    ("regrade", None, "Something", "grade"),
    ("regrade", "medium", "", "reason"),
    ("regrade", "standard", "Same grade", "grade"),
    ("regrade", "extreme", "No such grade", "grade"),
    ("practice_issue", None, "Question 18 answered 'no' but the comment describes choking", None),
    ("practice_issue", None, "  ", "reason"),
    ("practice_issue", "high", "Note", "grade"),
    ("approve", None, "", "result"),
]


@pytest.mark.parametrize("result, grade, reason, refused", RULES)
def test_result_rules(item, personas, result, grade, reason, refused):
    if refused:
        with pytest.raises(ValidationError) as exc:
            record(item, personas, result, grade, reason)
        assert refused in exc.value.message_dict
        assert not DipSampleItem.objects.get(pk=item.pk).result
        assert not Review.objects.filter(stage="dip_sample").exists()
    else:
        done = record(item, personas, result, grade, reason)
        assert (done.result, done.reviewed_by, done.note) == (result, personas.pvp_supervisor, reason.strip())
        assert done.reviewed_at is not None


def test_a_regrade_is_a_dip_sample_review_and_changes_the_grade(item, personas):
    record(item, personas, "regrade", "high", "Strangulation disclosed")
    assessment = Assessment.objects.get(pk=item.assessment_id)
    review = DipSampleItem.objects.get(pk=item.pk).review
    assert assessment.grade == "high"
    assert (review.stage, review.decision, review.grade_before, review.grade, review.rationale, review.reviewer) == (
        "dip_sample",
        "regrade",
        "standard",
        "high",
        "Strangulation disclosed",
        personas.pvp_supervisor,
    )


def test_agreeing_records_a_confirmation(item, personas):
    record(item, personas, "agree")
    review = DipSampleItem.objects.get(pk=item.pk).review
    assert (review.stage, review.decision, review.grade) == ("dip_sample", "confirm", "standard")
    assert Assessment.objects.get(pk=item.assessment_id).grade == "standard"


def test_a_regrade_below_what_the_answers_show_is_refused(item, personas):
    # 15 'yes' answers suggest high: judgement may raise a grade, never set it below that.
    Assessment.objects.filter(pk=item.assessment_id).update(yes_count=15)
    with pytest.raises(ValidationError) as exc:
        record(item, personas, "regrade", "medium", "Looks medium")
    assert "never lower it" in str(exc.value.message_dict["grade"])
    record(item, personas, "regrade", "high", "15 ticks")


def test_a_result_already_recorded_is_refused(item, personas, second_supervisor):
    record(item, personas, "agree")
    with pytest.raises(ValidationError, match="already recorded by .* on"):
        dip_sample_record_result(item=item, reviewer=second_supervisor, result="regrade", grade="high", reason="No")
    assert Assessment.objects.get(pk=item.assessment_id).grade == "standard"
    assert Review.objects.filter(stage="dip_sample").count() == 1


def test_the_officer_cannot_dip_sample_their_own_assessment(item, personas):
    with pytest.raises(ValidationError, match="completed yourself"):
        dip_sample_record_result(item=item, reviewer=personas.officer, result="agree")


def test_two_supervisors_recording_at_once_record_one_result(transactional_db, item, personas, second_supervisor):
    outcomes, start = [], threading.Barrier(2)

    def reviewer(user, result, grade, reason):
        try:
            start.wait(5)
            dip_sample_record_result(item=item, reviewer=user, result=result, grade=grade, reason=reason)
            outcomes.append("recorded")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=reviewer, args=(personas.pvp_supervisor, "agree", None, "")),
        threading.Thread(target=reviewer, args=(second_supervisor, "regrade", "high", "Disagree")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert sorted(o == "recorded" for o in outcomes) == [False, True]
    assert "already recorded" in next(o for o in outcomes if o != "recorded")
    assert Review.objects.filter(stage="dip_sample").count() == 1


def _sections(user) -> dict:
    return {s.title: s for s in my_work(user)}


def test_a_practice_issue_reaches_the_officers_supervisor_until_dealt_with(item, personas, second_supervisor):
    assert "Dip sample: assessments to review" in _sections(personas.pvp_supervisor)
    assert len(_sections(personas.pvp_supervisor)["Dip sample: assessments to review"].items) == 1
    record(item, personas, "practice_issue", reason="Q18 answered no; the comment describes choking")
    assert _sections(personas.pvp_supervisor)["Dip sample: assessments to review"].items == []
    issues = _sections(personas.sergeant)["Dip sample: practice issues for your officers"]
    assert [i.label for i in issues.items] == [f"DASH {item.assessment_id} by {personas.officer}"]
    assert "Dip sample: practice issues for your officers" not in _sections(second_supervisor)
    with pytest.raises(ValidationError):
        dip_sample_issue_address(item=item, user=personas.sergeant, response=" ")
    dip_sample_issue_address(item=item, user=personas.sergeant, response="Discussed with the officer; Q18 refresher")
    assert "Dip sample: practice issues for your officers" not in _sections(personas.sergeant)
    with pytest.raises(ValidationError, match="already recorded this issue"):
        dip_sample_issue_address(item=item, user=personas.sergeant, response="Again")


def test_a_practice_issue_for_an_officer_without_supervisor_goes_to_no_one(item, personas):
    personas.officer.supervisor = None
    personas.officer.save()
    done = record(item, personas, "practice_issue", reason="Rationale missing")
    assert done.issue_for is None


def test_only_a_practice_issue_can_be_dealt_with(item, personas):
    record(item, personas, "agree")
    with pytest.raises(ValidationError, match="no practice issue"):
        dip_sample_issue_address(item=item, user=personas.sergeant, response="Done")
