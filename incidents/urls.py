from django.urls import path

from . import views

app_name = "incidents"

urlpatterns = [
    path("", views.incident_list, name="list"),
    path("new/", views.create, name="create"),
    path("sign-off/", views.sign_off_queue, name="sign_off_queue"),
    path("call-audits/", views.call_audits, name="call_audits"),
    path("call-audits/<int:pk>/", views.call_audit_score, name="call_audit_score"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/intelligence-check/", views.intelligence_check, name="intelligence_check"),
    path("<int:pk>/grade/", views.grade, name="grade"),
    path("<int:pk>/dispatch/", views.deployment, name="deployment"),
    path("<int:pk>/supervisor-attendance/", views.supervisor_attendance, name="supervisor_attendance"),
    path("<int:pk>/crimes/", views.record_crime, name="record_crime"),
    path("<int:pk>/no-crime/", views.no_crime, name="no_crime"),
    path("<int:pk>/crimes/<int:crime_pk>/allocate/", views.allocate, name="allocate"),
    path("<int:pk>/crimes/<int:crime_pk>/outcome/", views.outcome, name="outcome"),
    path("<int:pk>/arrests/", views.arrest, name="arrest"),
    path("<int:pk>/positive-action/", views.positive_action, name="positive_action"),
    path("<int:pk>/evidence/", views.evidence, name="evidence"),
    path("<int:pk>/evidence/<int:evidence_pk>/file/", views.evidence_file, name="evidence_file"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("<int:pk>/return/", views.return_incident, name="return"),
]
