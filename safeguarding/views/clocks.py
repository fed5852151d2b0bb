"""The list of clocks: every deadline within the user's reach, and who must act."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from ..clocks import clocks_for
from ..policies import can_view_clocks


@login_required
def clock_list(request):
    if not can_view_clocks(request.user):
        raise PermissionDenied
    items = clocks_for(request.user, now=timezone.now()) or []
    return render(request, "safeguarding/clocks.html", {"items": items, "now": timezone.now()})
