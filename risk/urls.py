from django.urls import path

from . import views

app_name = "risk"

urlpatterns = [
    path("start/<int:incident_pk>/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/section/<int:number>/", views.section, name="section"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/children/", views.children, name="children"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/sergeant-review/", views.sergeant_review, name="sergeant_review"),
    path("sergeant/", views.sergeant_queue, name="sergeant_queue"),
    path("pvp/", views.pvp_queue, name="pvp_queue"),
    path("pvp/claim-next/", views.pvp_claim_next, name="pvp_claim_next"),
    path("pvp/<int:pk>/claim/", views.pvp_claim, name="pvp_claim"),
    path("pvp/<int:pk>/release/", views.pvp_release, name="pvp_release"),
    path("pvp/<int:pk>/", views.pvp_review, name="pvp_review"),
]
