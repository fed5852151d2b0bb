from django.urls import path

from .urls_cases import urlpatterns as cases_urlpatterns
from .views import civil, clocks, notices

app_name = "safeguarding"

urlpatterns = [
    path("clocks/", clocks.clock_list, name="clocks"),
    path("notices/", notices.notice_list, name="notices"),
    path("notices/new/<int:incident_pk>/", notices.notice_draft, name="notice_draft"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice"),
    path("notices/<int:pk>/authorise/", notices.notice_authorise, name="notice_authorise"),
    path("notices/<int:pk>/refuse/", notices.notice_refuse, name="notice_refuse"),
    path("notices/<int:pk>/serve/", notices.notice_serve, name="notice_serve"),
    path("notices/<int:pk>/hearing/", notices.notice_hearing, name="notice_hearing"),
    path("notices/<int:pk>/breaches/", notices.notice_breach, name="notice_breach"),
    path("orders/<int:pk>/", notices.order_detail, name="order"),
    path("orders/<int:pk>/variations/", notices.order_vary, name="order_vary"),
    path("orders/<int:pk>/notification/", notices.order_notification, name="order_notification"),
    path("orders/<int:pk>/breaches/", notices.order_breach, name="order_breach"),
    path("civil-orders/", civil.civil_order_list, name="civil_orders"),
    path("civil-orders/new/", civil.civil_order_create, name="civil_order_create"),
    path("civil-orders/<int:pk>/", civil.civil_order_detail, name="civil_order"),
    path("civil-orders/<int:pk>/breaches/", civil.civil_order_breach, name="civil_order_breach"),
]

urlpatterns += cases_urlpatterns  # Clare's Law, bail and release, the Victims' Code
