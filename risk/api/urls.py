from django.urls import path

from . import views

urlpatterns = [
    path("assessments/", views.AssessmentListCreate.as_view(), name="assessment-list"),
    path("assessments/<int:pk>/", views.AssessmentDetail.as_view(), name="assessment-detail"),
    path("assessments/<int:pk>/answers/", views.AssessmentAnswers.as_view(), name="assessment-answers"),
    path(
        "assessments/<int:pk>/answer-events/", views.AssessmentAnswerEvents.as_view(), name="assessment-answer-events"
    ),
    path("assessments/<int:pk>/submit/", views.AssessmentSubmit.as_view(), name="assessment-submit"),
    path(
        "assessments/<int:pk>/sergeant-review/",
        views.AssessmentSergeantReview.as_view(),
        name="assessment-sergeant-review",
    ),
    path("pvp-queue/", views.PvpQueue.as_view(), name="pvp-queue"),
    path("pvp-queue/<int:pk>/claim/", views.PvpClaim.as_view(), name="pvp-claim"),
    path("pvp-queue/<int:pk>/complete/", views.PvpComplete.as_view(), name="pvp-complete"),
]
