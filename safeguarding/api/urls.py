"""The safeguarding API under /api/v1/safeguarding/ (each part adds its routes here)."""

from django.urls import path

from . import views

urlpatterns = [
    path("notices/", views.NoticeListCreate.as_view(), name="safeguarding-notice-list"),
    path("notices/<int:pk>/", views.NoticeDetail.as_view(), name="safeguarding-notice-detail"),
    path("notices/<int:pk>/authorise/", views.NoticeAuthorise.as_view(), name="safeguarding-notice-authorise"),
    path("notices/<int:pk>/refuse/", views.NoticeRefuse.as_view(), name="safeguarding-notice-refuse"),
    path("notices/<int:pk>/serve/", views.NoticeServe.as_view(), name="safeguarding-notice-serve"),
    path("notices/<int:pk>/hearing/", views.NoticeHearing.as_view(), name="safeguarding-notice-hearing"),
    path("notices/<int:pk>/breaches/", views.NoticeBreach.as_view(), name="safeguarding-notice-breach"),
    path("orders/<int:pk>/", views.OrderDetail.as_view(), name="safeguarding-order-detail"),
    path("orders/<int:pk>/variations/", views.OrderVariation.as_view(), name="safeguarding-order-variation"),
    path("orders/<int:pk>/notification/", views.OrderNotification.as_view(), name="safeguarding-order-notification"),
    path("orders/<int:pk>/breaches/", views.OrderBreach.as_view(), name="safeguarding-order-breach"),
    path("civil-orders/", views.CivilOrderListCreate.as_view(), name="safeguarding-civil-order-list"),
    path("civil-orders/<int:pk>/", views.CivilOrderDetail.as_view(), name="safeguarding-civil-order-detail"),
    path("civil-orders/<int:pk>/breaches/", views.CivilOrderBreach.as_view(), name="safeguarding-civil-order-breach"),
    path("clocks/", views.ClockList.as_view(), name="safeguarding-clock-list"),
]

from .urls_cases import urlpatterns as cases_urlpatterns  # noqa: E402

urlpatterns += cases_urlpatterns  # Clare's Law, bail and release, the Victims' Code
