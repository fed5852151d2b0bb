from django.urls import path

from . import views

urlpatterns = [
    path("plans/", views.PlanListCreate.as_view(), name="plan-list"),
    path("plans/<int:pk>/", views.PlanDetail.as_view(), name="plan-detail"),
    path("plans/<int:pk>/tasks/", views.PlanTaskCreate.as_view(), name="plan-task-create"),
    path("plans/<int:pk>/reviews/", views.PlanReviewCreate.as_view(), name="plan-review-create"),
    path("plan-tasks/<int:pk>/complete/", views.PlanTaskComplete.as_view(), name="plan-task-complete"),
]
