from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .forms import AuditSearchForm
from .models import AccessLog
from .selectors import accesses_by_user, accesses_to_person, changes_by_user, redact_confidential_addresses
from .services import access_record


@login_required
@permission_required("audit.view_accesslog", raise_exception=True)
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Every access to one person's records, or every record one user opened and changed."""
    form = AuditSearchForm(request.GET or None, auditor=request.user)
    context: dict = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        user = data.get("user")
        logs = accesses_to_person(data["person"]) if data.get("person") else accesses_by_user(user.pk)
        if data.get("person") and user:
            logs = logs.filter(user=user)
        if data.get("date_from"):
            logs = logs.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            logs = logs.filter(at__date__lte=data["date_to"])
        page = Paginator(logs, 50).get_page(request.GET.get("page"))
        # Read the page now, so that this search's own log line is not in it.
        page.object_list = list(page.object_list)
        context["page"] = page
        if user and not data.get("person"):
            context["changes"] = redact_confidential_addresses(changes_by_user(user.pk)[:50])
        context["querystring"] = request.GET.copy()
        context["querystring"].pop("page", None)
        # Auditors are audited too.
        access_record(
            user=request.user,
            action=AccessLog.Action.SEARCH,
            persons=[data["person"]] if data.get("person") else [],
            reason=f"Audit search: person={data.get('person') or '-'} user={data.get('username') or '-'}",
            request=request,
        )
    return render(request, "audit/search.html", context, status=400 if form.errors else 200)
