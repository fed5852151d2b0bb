from django.urls import path

from . import views

urlpatterns = [
    path("reports/force-page/", views.ForcePageView.as_view(), name="report-force-page"),
    path("reports/problem-profile/", views.ProblemProfileView.as_view(), name="report-problem-profile"),
]
