from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .work import my_work


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in user's home page: what needs their attention."""
    return render(request, "core/home.html", {"sections": my_work(request.user)})


def admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    """Administrators sign in through the one login page, where lockout and two-factor apply."""
    if request.user.is_authenticated:
        # Signed in but not staff: the admin is not for this user.
        raise PermissionDenied
    return redirect_to_login(request.get_full_path())


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the error may have come from one of them.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/403_csrf.html", status=403)
