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
from .offline import AnswerEvent
from .questionnaire import Question, Questionnaire, Section

__all__ = [
    "AnswerEvent",
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
