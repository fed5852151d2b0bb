"""Civil and other orders: the list, recording one a court or solicitor notified, its page and breaches."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core.access import require_perm
from core.forms import apply_service_errors
from core.views.records import PageForm, RecordPage, record_action

from .. import services
from ..forms import BreachForm, CivilOrderForm
from ..models import CivilOrder
from ..policies import can_view_civil_order
from ..selectors import civil_orders_for
from .notices import _breach


@login_required
@require_GET
def civil_order_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "safeguarding.view_civilorder")
    today = timezone.localdate()
    orders = civil_orders_for(request.user).order_by("-made_on", "-pk")[:100]
    return render(request, "safeguarding/civil_orders.html", {"orders": orders, "today": today})


@login_required
@require_http_methods(["GET", "POST"])
def civil_order_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "safeguarding.add_civilorder")
    form = CivilOrderForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            order = services.civil_order_record(
                user=request.user,
                kind=d["kind"],
                area=d["area"],
                subject=d["subject"],
                protected=d["protected"],
                court=d["court"],
                case_number=d["case_number"],
                made_on=d["made_on"],
                expires_on=d["expires_on"],
                power_of_arrest=d["power_of_arrest"],
                notified_by=d["notified_by"],
                notified_on=d["notified_on"],
                officer_safety_warning=d["officer_safety_warning"],
                conditions=form.conditions(),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{order.reference} recorded: it shows at intake and in the people's history.")
            return redirect(order)
    return render(request, "safeguarding/civil_order_form.html", {"form": form}, status=400 if form.errors else 200)


def _context(request: HttpRequest, order: CivilOrder) -> dict:
    return {
        "order": order,
        "conditions": list(order.conditions.all()),
        "breaches": list(order.breaches.select_related("incident")),
        "today": timezone.localdate(),
    }


CIVIL = RecordPage(
    name="civil_order",
    queryset=CivilOrder.objects.select_related("subject", "protected", "area", "recorded_by"),
    template="safeguarding/civil_order.html",
    context=_context,
    permission="safeguarding.view_civilorder",
    policy=can_view_civil_order,
    forms={"breach": PageForm(BreachForm, prefix="breach")},
)

civil_order_detail = CIVIL.detail_view("A civil order: its people, conditions, expiry and breaches.")
civil_order_breach = record_action(
    CIVIL, "breach", permission="safeguarding.add_breach", run=_breach, done="Breach recorded.", anchor="breaches"
)
