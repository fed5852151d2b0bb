"""The DASH grading rules as a table of cases."""

import pytest
from django.core.exceptions import ValidationError

from risk.grading import suggested_grade, validate_grade
from risk.models import Questionnaire

DASH = Questionnaire(high_risk_threshold=14, medium_risk_threshold=10)


@pytest.mark.parametrize(
    "yes, expected",
    [(0, "standard"), (9, "standard"), (10, "medium"), (13, "medium"), (14, "high"), (27, "high")],
)
def test_the_count_suggests_a_grade(yes, expected):
    assert suggested_grade(yes, DASH) == expected


@pytest.mark.parametrize(
    "yes, grade, rationale, previous, error",
    [
        (14, "high", "", None, None),  # as the count says
        (3, "standard", "", None, None),
        (3, "high", "Strangled last week; threats to kill", None, None),  # judgement raises, with a reason
        (3, "medium", "", None, "rationale"),  # raised without a reason
        (14, "medium", "Victim seems calm", None, "grade"),  # never below the count
        (12, "standard", "Felt low risk", None, "grade"),
        (12, "high", "", "medium", "rationale"),  # a reviewer's change needs a reason
        (12, "medium", "", "high", "rationale"),  # any regrade by a reviewer needs a reason
        (12, "medium", "Officer over-graded: no threats", "high", None),
        (3, "high", "", "high", None),  # a reviewer confirming a raised grade: its rationale is on record
        (12, "extreme", "", None, "grade"),  # not a grade
    ],
)
def test_grading_rules(yes, grade, rationale, previous, error):
    if error is None:
        validate_grade(grade=grade, rationale=rationale, yes_count=yes, questionnaire=DASH, previous=previous)
    else:
        with pytest.raises(ValidationError) as exc:
            validate_grade(grade=grade, rationale=rationale, yes_count=yes, questionnaire=DASH, previous=previous)
        assert error in exc.value.message_dict


def test_a_forces_thresholds_apply():
    strict = Questionnaire(high_risk_threshold=12, medium_risk_threshold=6)
    assert suggested_grade(12, strict) == "high" and suggested_grade(6, strict) == "medium"
