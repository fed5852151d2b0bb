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
from .sampling import DipSample, DipSampleItem  # noqa: F401 - the dip sample's models

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
