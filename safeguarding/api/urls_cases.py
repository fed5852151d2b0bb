"""API routes of Clare's Law, bail and release and the Victims' Code (added to safeguarding/api/urls.py)."""

from django.urls import path

from . import cases

urlpatterns = [
    path("disclosures/", cases.DisclosureListCreate.as_view(), name="disclosure-list"),
    path("disclosures/<int:pk>/", cases.DisclosureDetail.as_view(), name="disclosure-detail"),
    path("disclosures/<int:pk>/stages/", cases.DisclosureStageCreate.as_view(), name="disclosure-stage"),
    path("disclosures/<int:pk>/disclosure/", cases.DisclosureGive.as_view(), name="disclosure-give"),
    path("incidents/<int:pk>/custody/", cases.CustodyListCreate.as_view(), name="custody-list"),
    path("incidents/<int:pk>/victim-views/", cases.VictimViewsCreate.as_view(), name="victim-views-create"),
    path("incidents/<int:pk>/victim-contacts/", cases.VictimContactCreate.as_view(), name="victim-contact-create"),
    path("incidents/<int:pk>/victim-updates/", cases.IncidentUpdates.as_view(), name="victim-update-list"),
    path("review-tasks/<int:pk>/done/", cases.ReviewTaskDone.as_view(), name="review-task-done"),
    path("victims-code/overdue/", cases.OverdueUpdates.as_view(), name="victims-code-overdue"),
    path("victims-code/compliance/", cases.Compliance.as_view(), name="victims-code-compliance"),
]
