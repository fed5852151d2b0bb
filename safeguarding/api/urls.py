"""The safeguarding API under /api/v1/safeguarding/ (each part adds its routes here)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []

from .urls_cases import urlpatterns as cases_urlpatterns  # noqa: E402

urlpatterns += cases_urlpatterns  # Clare's Law, bail and release, the Victims' Code
