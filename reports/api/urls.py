from django.urls import path

from . import views

urlpatterns = [
    path("reports/force-page/", views.ForcePageView.as_view(), name="report-force-page"),
]
