"""The DASH grading rules (PRODUCT.md): the count suggests, judgement may only raise, a rationale when it differs.

- ``high_risk_threshold`` (14 in DASH 2009) or more "yes" answers to scored questions suggest high risk;
  ``medium_risk_threshold`` (10 by default, a force may change it per questionnaire) or more, medium;
  fewer, standard.
- A grade below the count's suggestion is refused, by anyone: the officer, the sergeant, the PVP reviewer.
- The officer's grade needs a written rationale when it differs from the suggestion.
- A reviewer who changes the grade given before them needs a rationale; one who confirms it does not
  (the rationale for a raised grade is already on record).
"""

from django.core.exceptions import ValidationError

from .models import GRADE_ORDER, Grade, Questionnaire
from .models.questionnaire import VISIBLE_HIGH_RISK_YES


def is_visible_high_risk(yes_count: int, threshold: int) -> bool:
    """The count alone says high risk (MARAC criterion 1): ``threshold`` is the questionnaire's."""
    return yes_count >= threshold


def current_high_risk_threshold() -> int:
    """The threshold of the current questionnaire, for a count made on no version of ours (a partner agency's
    own DASH); the national figure when none is loaded."""
    current = Questionnaire.objects.filter(is_current=True).values_list("high_risk_threshold", flat=True).first()
    return current or VISIBLE_HIGH_RISK_YES


def suggested_grade(yes_count: int, questionnaire: Questionnaire) -> Grade:
    if is_visible_high_risk(yes_count, questionnaire.high_risk_threshold):
        return Grade.HIGH
    if yes_count >= questionnaire.medium_risk_threshold:
        return Grade.MEDIUM
    return Grade.STANDARD


def validate_grade(
    *,
    grade: str,
    rationale: str,
    yes_count: int,
    questionnaire: Questionnaire,
    previous: str | None = None,
    field: str = "grade",
) -> None:
    """Raise a ValidationError naming ``field`` (or ``rationale``) when the grade breaks a rule above."""
    if grade not in Grade.values:
        raise ValidationError({field: "Choose standard, medium or high."})
    suggestion = suggested_grade(yes_count, questionnaire)
    if GRADE_ORDER[Grade(grade)] < GRADE_ORDER[suggestion]:
        raise ValidationError(
            {
                field: f"{yes_count} 'yes' answers mean at least {suggestion.label.lower()} risk: "
                "judgement may raise a grade, never lower it below what the answers show."
            }
        )
    if rationale.strip():
        return
    if previous:
        if grade != previous:
            raise ValidationError({"rationale": "Explain why you are changing the grade."})
    elif grade != suggestion:
        raise ValidationError(
            {
                "rationale": f"Explain why the grade is {Grade(grade).label.lower()} when the answers suggest "
                f"{suggestion.label.lower()}."
            }
        )
