from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("force-page/", views.force_page, name="force_page"),
    path("force-page.pdf", views.force_page_pdf, name="force_page_pdf"),
    path("force-page.csv", views.force_page_csv, name="force_page_csv"),
    path("problem-profile/", views.problem_profile, name="problem_profile"),
    path("problem-profile.pdf", views.problem_profile_download, {"fmt": "pdf"}, name="problem_profile_pdf"),
    path("problem-profile.csv", views.problem_profile_download, {"fmt": "csv"}, name="problem_profile_csv"),
    path("problem-profile.xlsx", views.problem_profile_download, {"fmt": "xlsx"}, name="problem_profile_xlsx"),
    path("problem-profile/reidentify/", views.reidentify, name="reidentify"),
    path("force-totals/", views.totals, name="totals"),
    path("force-totals/import/", views.totals_import, name="totals_import"),
]
