from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("force-page/", views.force_page, name="force_page"),
    path("force-page.pdf", views.force_page_pdf, name="force_page_pdf"),
    path("force-page.csv", views.force_page_csv, name="force_page_csv"),
    path("force-totals/", views.totals, name="totals"),
    path("force-totals/import/", views.totals_import, name="totals_import"),
]
