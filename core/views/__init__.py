import sys

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ..models import Notification
from ..outages import OUTAGES, outage_response
from ..services import notifications_mark_read
from ..work import my_work


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in user's home page: what needs their attention."""
    return render(request, "core/home.html", {"sections": my_work(request.user)})


@login_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    """The signed-in user's notifications (reminders, escalations), newest first."""
    mine = Notification.objects.for_user(request.user)
    page = Paginator(mine, 50).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page, "unread": mine.unread().count()})


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (``notification=<id>``) or, with ``all``, every one as read."""
    raw = request.POST.get("notification", "")
    if raw.isdigit():
        notifications_mark_read(user=request.user, notification_id=int(raw))
    elif "all" in request.POST:
        count = notifications_mark_read(user=request.user)
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    else:
        return render(request, "errors/400.html", status=400)
    return redirect("core:notifications")


def admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    """Administrators sign in through the one login page, where lockout and two-factor apply."""
    if request.user.is_authenticated:
        # Signed in but not staff: the admin is not for this user.
        raise PermissionDenied
    return redirect_to_login(request.get_full_path())


def _is_api(request: HttpRequest) -> bool:
    """API callers get errors in the API's JSON shape (core.api.errors), whatever failed."""
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"status": 400, "detail": "Bad request."}, status=400)
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"status": 403, "detail": "You do not have permission to perform this action."}, status=403)
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"status": 404, "detail": "Not found."}, status=404)
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Called while the exception is being handled (also one raised in a middleware, before any view).
    if isinstance(sys.exc_info()[1], OUTAGES):
        return outage_response(api=_is_api(request))
    if _is_api(request):
        return JsonResponse({"status": 500, "detail": "A server error occurred."}, status=500)
    # No context processors: the error may have come from one of them.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/403_csrf.html", status=403)
