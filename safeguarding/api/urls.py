"""The safeguarding API under /api/v1/safeguarding/ (each part adds its routes here)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
