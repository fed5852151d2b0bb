"""URLs of Clare's Law, bail and release and the Victims' Code (added to safeguarding/urls.py)."""

from django.urls import path

from .views import custody, disclosures, victims_code

urlpatterns = [
    path("disclosures/", disclosures.disclosure_index, name="disclosures"),
    path("disclosures/new/", disclosures.disclosure_new, name="disclosure_new"),
    path("disclosures/<int:pk>/", disclosures.disclosure_detail, name="disclosure"),
    path("disclosures/<int:pk>/stage/", disclosures.disclosure_stage, name="disclosure_stage"),
    path("disclosures/<int:pk>/decision/", disclosures.disclosure_decide, name="disclosure_decide"),
    path("disclosures/<int:pk>/disclosure/", disclosures.disclosure_give, name="disclosure_give"),
    path("incidents/<int:pk>/custody/", custody.custody_page, name="custody"),
    path("incidents/<int:pk>/custody/views/", custody.victim_views_add, name="victim_views_add"),
    path("incidents/<int:pk>/custody/status/", custody.custody_status_add, name="custody_status_add"),
    path("incidents/<int:pk>/victim-contacts/", custody.victim_contact_add, name="victim_contact_add"),
    path("review-tasks/<int:pk>/done/", custody.review_task_done, name="review_task_done"),
    path("victims-code/overdue/", victims_code.overdue_list, name="victims_code_overdue"),
]
