from django.urls import path

from . import views

urlpatterns = [
    path("incidents/", views.IncidentListCreate.as_view(), name="incident-list"),
    path("incidents/<int:pk>/", views.IncidentDetail.as_view(), name="incident-detail"),
    path("incidents/<int:pk>/photographs/", views.IncidentPhotographs.as_view(), name="incident-photographs"),
]
