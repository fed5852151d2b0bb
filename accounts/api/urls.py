from django.urls import path

from . import views

urlpatterns = [
    path("me/", views.Me.as_view(), name="me"),
    path("areas/", views.AreaList.as_view(), name="area-list"),
]
