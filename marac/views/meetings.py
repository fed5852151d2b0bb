"""Meetings: the list, arranging and changing one, its page of cases, and the agenda as a PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.reach import reach
from audit.models import AccessLog
from audit.services import access_record
from core.access import get_visible_or_404, require_perm
from core.filters import bad_query
from core.forms import apply_service_errors

from .. import selectors, services
from ..agenda import agenda_download_record, agenda_pdf_response, born, partner_version
from ..filters import AgendaVersionForm
from ..forms import MeetingForm
from ..models import MaracMeeting

VIEW = "marac.view_maracmeeting"


def get_meeting(request: HttpRequest, pk: int, permission: str = VIEW) -> MaracMeeting:
    """The meeting, if the role allows the action (else 403) and the meeting is within reach (else 404)."""
    return get_visible_or_404(
        MaracMeeting.objects.select_related("area", "chair", "coordinator"), request.user, permission=permission, pk=pk
    )


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Coming meetings with how full each is, the last meetings held, and cases no meeting had room for."""
    require_perm(request.user, VIEW)
    awaiting = (
        list(selectors.awaiting_meeting(request.user)) if request.user.has_perm("marac.change_maracreferral") else []
    )
    context = {
        "coming": list(selectors.meetings_for(request.user)[:20]),
        "past": list(selectors.meetings_for(request.user, coming=False)[:10]),
        "awaiting": awaiting,
    }
    if awaiting:
        access_record(
            user=request.user,
            action=AccessLog.Action.SEARCH,
            persons=[r.victim_id for r in awaiting],
            reason="MARAC referrals waiting for a meeting",
            request=request,
        )
    return render(request, "marac/meetings.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "marac.add_maracmeeting")
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{meeting} arranged.")
            return redirect(meeting)
    return render(request, "marac/meeting_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk, "marac.change_maracmeeting")
    initial = {
        "starts_at": timezone.localtime(meeting.starts_at),
        "location": meeting.location,
        "chair": meeting.chair_id,
        "coordinator": meeting.coordinator_id,
        "agencies": list(meeting.agencies.all()),
        "capacity": meeting.capacity,
        "minutes_per_case": meeting.minutes_per_case,
    }
    form = MeetingForm(request.POST or None, user=request.user, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Meeting changed.")
            return redirect(meeting)
    context = {"form": form, "meeting": meeting}
    return render(request, "marac/meeting_form.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's cases in agenda order; for the chair and coordinator, the cases waiting to be put on it."""
    meeting = get_meeting(request, pk)
    user = request.user
    cases = list(selectors.meeting_cases(meeting, user))
    can_build = user.has_perm("marac.change_maracreferral") and not meeting.is_past
    waiting = list(selectors.awaiting_meeting(user).filter(area_id=meeting.area_id)) if can_build else []
    context = {
        "meeting": meeting,
        "agencies": list(meeting.agencies.all()),
        "cases": cases,
        "agenda": [(case, *meeting.slot(number), born(case.victim)) for number, case in enumerate(cases, start=1)],
        "waiting": waiting,
        "partner": user.is_partner,
        "can": {
            "build": can_build and len(cases) < meeting.capacity,
            "order": can_build and len(cases) > 1,
            "edit": user.has_perm("marac.change_maracmeeting") and not meeting.is_past,
            "agenda": user.has_perm("marac.download_agenda"),
        },
    }
    return render(request, "marac/meeting.html", context)


@login_required
@require_GET
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda PDF: partners always get the partner version; police may take either. Audited as a download."""
    meeting = get_meeting(request, pk, "marac.download_agenda")
    query = AgendaVersionForm(request.GET)
    if not query.is_valid():
        return bad_query(request, query)
    partner = partner_version(request.user, query.cleaned_data["version"])
    response = agenda_pdf_response(meeting, partner=partner)
    agenda_download_record(meeting, user=request.user, partner=partner, request=request)
    return response


@login_required
@require_GET
def capacity(request: HttpRequest) -> HttpResponse:
    """IDVA and MARAC capacity per area against the SafeLives figures (no personal data: counts only)."""
    require_perm(request.user, "marac.view_idva_capacity")
    within = reach(request.user, "marac.view_idva_capacity", partners=True)
    rows = selectors.idva_capacity(within=within, today=timezone.localdate())
    context = {
        "rows": rows,
        "referrals_per_fte": selectors.REFERRALS_PER_FTE_PER_YEAR,
        "caseload": selectors.CASELOAD_PER_FTE,
        "per_10k": selectors.MARAC_CASES_PER_10K_WOMEN,
    }
    return render(request, "marac/capacity.html", context)
