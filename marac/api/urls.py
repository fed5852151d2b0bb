from django.urls import path

from . import views

urlpatterns = [
    path("marac/meetings/", views.MeetingListCreate.as_view(), name="marac-meeting-list"),
    path("marac/meetings/<int:pk>/", views.MeetingDetail.as_view(), name="marac-meeting-detail"),
    path("marac/meetings/<int:pk>/agenda/", views.MeetingAgenda.as_view(), name="marac-meeting-agenda"),
    path("marac/meetings/<int:pk>/agenda.pdf", views.MeetingAgendaPdf.as_view(), name="marac-meeting-agenda-pdf"),
    path("marac/referrals/", views.ReferralListCreate.as_view(), name="marac-referral-list"),
    path("marac/referrals/<int:pk>/", views.ReferralDetail.as_view(), name="marac-referral-detail"),
    path("marac/referrals/<int:pk>/move/", views.ReferralMove.as_view(), name="marac-referral-move"),
    path("marac/referrals/<int:pk>/minutes/", views.ReferralMinutes.as_view(), name="marac-referral-minutes"),
    path("marac/referrals/<int:pk>/idva/", views.ReferralIdva.as_view(), name="marac-referral-idva"),
    path("marac/referrals/<int:pk>/actions/", views.ActionCreate.as_view(), name="marac-action-list"),
    path("marac/referrals/<int:pk>/shares/", views.ShareCreate.as_view(), name="marac-share-create"),
    path("marac/actions/<int:pk>/status/", views.ActionStatus.as_view(), name="marac-action-update"),
]
