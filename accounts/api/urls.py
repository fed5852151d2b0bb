from django.urls import path

from . import device, tokens, views

urlpatterns = [
    path("me/", views.Me.as_view(), name="me"),
    path("device-key/", device.DeviceKey.as_view(), name="device-key"),
    path("areas/", views.AreaList.as_view(), name="area-list"),
    path("auth/token/", tokens.TokenCreate.as_view(), name="auth-token"),
    path("auth/logout/", tokens.TokenLogout.as_view(), name="auth-logout"),
    path("auth/logoutall/", tokens.TokenLogoutAll.as_view(), name="auth-logout-all"),
]
