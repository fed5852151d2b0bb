"""Protection notices and orders: the list, drafting from an incident, the notice's page and its actions
(authorise or refuse, serve, the hearing), the order's page (variations, notification), breaches."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core.access import get_visible_or_404, require_perm
from core.forms import apply_service_errors
from core.views.records import PageForm, RecordPage, record_action
from incidents.models import Incident

from .. import services
from ..calendar import disregarded_days
from ..forms import (
    AuthoriseForm,
    BreachForm,
    HearingForm,
    NoticeDraftForm,
    NotificationForm,
    RefuseForm,
    ServeForm,
    VariationForm,
)
from ..models import ProtectionNotice, ProtectionOrder
from ..policies import VIEW, authorise_refusal, can_view_notice, can_view_order
from ..rules import kind_rules
from ..selectors import notices_for, orders_for


@login_required
@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, VIEW)
    notices = notices_for(request.user)
    context = {
        "awaiting": notices.filter(status=ProtectionNotice.Status.DRAFT).order_by("drafted_at")[:50],
        "to_serve": notices.filter(status=ProtectionNotice.Status.AUTHORISED).order_by("authorised_at")[:50],
        "hearing_due": notices.filter(status=ProtectionNotice.Status.SERVED).order_by("hearing_due_by")[:50],
        "orders": orders_for(request.user).filter(discharged_on__isnull=True).order_by("-made_on")[:50],
        "now": timezone.now(),
    }
    return render(request, "safeguarding/notices.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def notice_draft(request: HttpRequest, incident_pk: int) -> HttpResponse:
    """Draft a notice from an incident: the suspect is given it, the victim protected."""
    incident = get_visible_or_404(
        Incident.objects.select_related("area__force"),
        request.user,
        permission="safeguarding.add_protectionnotice",
        pk=incident_pk,
    )
    form = NoticeDraftForm(request.POST or None, incident=incident)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            notice = services.notice_draft(
                user=request.user,
                kind=d["kind"],
                area=incident.area,
                incident=incident,
                subject=d["subject"],
                protected=d["protected"],
                grounds=d["grounds"],
                victim_views=d["victim_views"],
                conditions=form.conditions(),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{notice.reference} drafted: it now awaits authorisation.")
            return redirect(notice)
    rules = {k: kind_rules(k) for k in ("dvpn", "dapn")}
    return render(
        request,
        "safeguarding/notice_draft.html",
        {"incident": incident, "form": form, "rules": rules},
        status=400 if form.errors else 200,
    )


def _notice_context(request: HttpRequest, notice: ProtectionNotice) -> dict:
    rules = kind_rules(notice.kind, version=notice.rules_version)
    skipped = []
    if notice.served_at and notice.hearing_due_by:
        skipped = disregarded_days(notice.served_at, notice.hearing_due_by, rules.hearing_excluded_days)
    order = getattr(notice, "order", None) if notice.outcome == ProtectionNotice.Outcome.ORDER_MADE else None
    return {
        "notice": notice,
        "rules": rules,
        "conditions": list(notice.conditions.all()),
        "breaches": list(notice.breaches.select_related("incident")),
        "skipped": skipped,
        "order": order,
        "why_not_authorise": authorise_refusal(request.user, notice),
        "now": timezone.now(),
    }


NOTICE = RecordPage(
    name="notice",
    queryset=ProtectionNotice.objects.select_related(
        "subject", "protected", "area", "incident", "drafted_by", "authorised_by", "served_by"
    ),
    template="safeguarding/notice.html",
    context=_notice_context,
    permission=VIEW,
    policy=can_view_notice,
    forms={
        "authorise": PageForm(AuthoriseForm, prefix="authorise"),
        "refuse": PageForm(RefuseForm, prefix="refuse"),
        "serve": PageForm(ServeForm, prefix="serve"),
        "hearing": PageForm(HearingForm, prefix="hearing"),
        "breach": PageForm(BreachForm, prefix="breach"),
    },
)

notice_detail = NOTICE.detail_view("A protection notice: its grounds, conditions, decision, service and hearing clock.")

notice_authorise = record_action(
    NOTICE,
    "authorise",
    permission="safeguarding.authorise_protectionnotice",
    run=lambda user, n, d: services.notice_authorise(notice=n, user=user, rationale=d["rationale"]),
    done=lambda n: f"{n.reference} authorised: serve it on the person now.",
    anchor="decision",
)
notice_refuse = record_action(
    NOTICE,
    "refuse",
    permission="safeguarding.authorise_protectionnotice",
    run=lambda user, n, d: services.notice_refuse(notice=n, user=user, rationale=d["rationale"]),
    done=lambda n: f"Authorisation of {n.reference} refused.",
    anchor="decision",
)
notice_serve = record_action(
    NOTICE,
    "serve",
    permission="safeguarding.serve_protectionnotice",
    service=services.notice_serve,
    done=lambda n: f"{n.reference} served: the order application must be heard by the deadline shown.",
    anchor="service",
)
notice_hearing = record_action(
    NOTICE,
    "hearing",
    permission="safeguarding.record_hearing",
    run=lambda user, n, d: services.notice_hearing_record(
        notice=n,
        user=user,
        hearing_at=d["hearing_at"],
        court=d["court"],
        outcome=d["outcome"],
        ends_on=d["ends_on"],
        conditions=HearingForm.conditions_from(d),
    ),
    done=lambda n: f"The hearing of {n.reference} is recorded.",
    anchor="hearing",
)


def _breach(user, record, d):
    form = BreachForm()
    form.cleaned_data = d
    return services.breach_record(
        record=record,
        user=user,
        incident=form.incident_for(user),
        occurred_at=d["occurred_at"],
        detail=d["detail"],
        arrested=d["arrested"],
    )


notice_breach = record_action(
    NOTICE,
    "breach",
    permission="safeguarding.add_breach",
    run=_breach,
    done="Breach recorded.",
    anchor="breaches",
)


def _order_context(request: HttpRequest, order: ProtectionOrder) -> dict:
    return {
        "order": order,
        "rules": kind_rules(order.kind, version=order.rules_version),
        "conditions": list(order.conditions.all()),
        "variations": list(order.variations.select_related("recorded_by")),
        "breaches": list(order.breaches.select_related("incident")),
        "today": timezone.localdate(),
        "now": timezone.now(),
    }


ORDER = RecordPage(
    name="order",
    queryset=ProtectionOrder.objects.select_related("subject", "protected", "area", "notice", "recorded_by"),
    template="safeguarding/order.html",
    context=_order_context,
    permission=VIEW,
    policy=can_view_order,
    forms={
        "vary": PageForm(VariationForm, prefix="vary"),
        "notification": PageForm(NotificationForm, prefix="notification"),
        "breach": PageForm(BreachForm, prefix="breach"),
    },
)

order_detail = ORDER.detail_view("A DVPO or DAPO: its term, conditions, variations, notification and breaches.")
order_vary = record_action(
    ORDER,
    "vary",
    permission="safeguarding.change_protectionorder",
    service=services.order_vary,
    done="Variation recorded.",
    anchor="variations",
)
order_notification = record_action(
    ORDER,
    "notification",
    permission="safeguarding.change_protectionorder",
    service=services.order_notification_record,
    done="Notification recorded.",
    anchor="notification",
)
order_breach = record_action(
    ORDER, "breach", permission="safeguarding.add_breach", run=_breach, done="Breach recorded.", anchor="breaches"
)
