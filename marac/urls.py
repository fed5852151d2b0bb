from django.urls import path

from .views import meetings, referrals

app_name = "marac"

urlpatterns = [
    path("", meetings.meeting_list, name="meetings"),
    path("capacity/", meetings.capacity, name="capacity"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/agenda.pdf", meetings.agenda, name="agenda"),
    path("referrals/new/", referrals.refer, name="refer"),
    path("referrals/<int:pk>/", referrals.referral_detail, name="referral"),
    path("referrals/<int:pk>/move/", referrals.referral_move, name="referral_move"),
    path("referrals/<int:pk>/schedule/", referrals.referral_schedule, name="referral_schedule"),
    path("referrals/<int:pk>/reorder/", referrals.referral_reorder, name="referral_reorder"),
    path("referrals/<int:pk>/minutes/", referrals.referral_minutes, name="referral_minutes"),
    path("referrals/<int:pk>/idva/", referrals.referral_idva, name="referral_idva"),
    path("referrals/<int:pk>/safe-contact/", referrals.referral_safe_contact, name="referral_safe_contact"),
    path("referrals/<int:pk>/actions/", referrals.action_add, name="action_add"),
    path("referrals/<int:pk>/actions/<int:action_pk>/", referrals.action_update, name="action_update"),
    path("referrals/<int:pk>/shares/", referrals.share_add, name="share_add"),
]
