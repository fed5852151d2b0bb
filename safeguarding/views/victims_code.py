"""The Victims' Code overdue list: updates owed to victims and past their day, in the user's areas."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.access import require_perm

from ..case_selectors import victims_code_compliance, victims_code_overdue
from ..models.victims_code import VIEW_VICTIMS_CODE


@login_required
@require_GET
def overdue_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, VIEW_VICTIMS_CODE)
    today = timezone.localdate()
    updates = list(victims_code_overdue(request.user, today=today)[:500])
    compliance = victims_code_compliance(user=request.user, start=today.replace(day=1), end=today)
    return render(
        request,
        "safeguarding/victims_code_overdue.html",
        {"updates": updates, "today": today, "compliance": compliance},
    )
