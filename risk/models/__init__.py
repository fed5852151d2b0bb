from .assessment import (
    GRADE_ORDER,
    Assessment,
    AssessmentAnswer,
    AssessmentChild,
    AssessmentQuerySet,
    Grade,
    PvpQueueItem,
    Review,
)
from .questionnaire import Question, Questionnaire, Section

__all__ = [
    "GRADE_ORDER",
    "Assessment",
    "AssessmentAnswer",
    "AssessmentChild",
    "AssessmentQuerySet",
    "Grade",
    "PvpQueueItem",
    "Question",
    "Questionnaire",
    "Review",
    "Section",
]
