"""A URLconf with a view that fails, to see the 500 page."""

from django.urls import include, path


def boom(request):
    raise RuntimeError("failure inside a view")


urlpatterns = [path("boom/", boom), path("api/v1/boom/", boom), path("", include("dacase.urls"))]
handler500 = "core.views.server_error"
