from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import views as core_views
from core.health import healthz
from core.metrics import metrics

admin.site.site_header = "dacase administration"
admin.site.site_title = "dacase"
admin.site.login = core_views.admin_login

api_v1 = [
    path("", include("accounts.api.urls")),
    path("", include("people.api.urls")),
    path("", include("incidents.api.urls")),
    path("", include("risk.api.urls")),
    path("", include("sampling.api.urls")),
    path("", include("plans.api.urls")),
    path("", include("marac.api.urls")),
    path("", include("reports.api.urls")),
    path("safeguarding/", include("safeguarding.api.urls")),
]

urlpatterns = [
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("people/", include("people.urls")),
    path("incidents/", include("incidents.urls")),
    path("assessments/", include("risk.urls")),
    path("dip-sampling/", include("sampling.urls")),
    path("plans/", include("plans.urls")),
    path("marac/", include("marac.urls")),
    path("reports/", include("reports.urls")),
    path("safeguarding/", include("safeguarding.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("healthz/", healthz, name="healthz"),
    path("metrics/", metrics, name="metrics"),
]

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
