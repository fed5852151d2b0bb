"""Cases: referring (police from a DASH or the person's page; partners by describing the people), the case page
with its meeting, minutes, IDVA, actions and what each agency shared, and one form for each change."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import get_visible_or_404, require_perm
from core.filters import bad_query
from core.forms import apply_service_errors, errors_text, form_action
from core.policies import require
from incidents.models import Party
from incidents.safety import shown, warnings_for
from people.models import Person
from people.services import PersonInput
from risk.models import Assessment

from .. import selectors, services
from ..filters import ReferStartForm
from ..forms import (
    ActionForm,
    ActionUpdateForm,
    AgendaMoveForm,
    IdvaForm,
    MinutesForm,
    MoveForm,
    PartnerReferralForm,
    ReferralForm,
    SafeContactForm,
    ShareForm,
)
from ..models import InformationShare, MaracAction, MaracReferral
from ..policies import can_refer_person, referral_area

VIEW = "marac.view_maracreferral"
REFER = "marac.add_maracreferral"


def get_referral(request: HttpRequest, pk: int, permission: str = VIEW) -> MaracReferral:
    """The case, if the role allows the action (else 403) and the case is within reach (else 404)."""
    return get_visible_or_404(
        MaracReferral.objects.select_related("victim", "area__force", "meeting", "referring_agency", "idva_service"),
        request.user,
        permission=permission,
        pk=pk,
    )


def _suspects_of(victim: Person):
    """The people recorded as suspects in the victim's incidents: the perpetrators a referrer can pick."""
    incidents = Party.objects.filter(person=victim, role=Party.Role.VICTIM).values("incident_id")
    return Person.objects.filter(parties__incident_id__in=incidents, parties__role=Party.Role.SUSPECT).distinct()


@login_required
@require_http_methods(["GET", "POST"])
def refer(request: HttpRequest) -> HttpResponse:
    """Refer to MARAC: police from a DASH (?assessment=) or a person's page (?victim=); partners fill in a form."""
    require_perm(request.user, REFER)
    if request.user.is_partner:
        return _partner_refer(request)
    start = ReferStartForm(request.GET)
    if not start.is_valid():
        return bad_query(request, start)
    assessment = victim = None
    if start.cleaned_data["assessment"]:
        assessment = get_visible_or_404(
            Assessment.objects.select_related("victim", "area__force", "questionnaire"),
            request.user,
            pk=start.cleaned_data["assessment"],
        )
        victim, area = assessment.victim, assessment.area
    elif start.cleaned_data["victim"]:
        victim = get_visible_or_404(Person.objects.active(), request.user, pk=start.cleaned_data["victim"])
        area = _area_of(request, victim)
    else:
        return render(request, "marac/refer_choose.html", status=200)
    suspects = _suspects_of(victim)
    checks = services.referral_criteria(
        victim=victim, perpetrator_ids=list(suspects.values_list("pk", flat=True)), area=area, assessment=assessment
    )
    form = ReferralForm(request.POST or None, area=area, suspects=suspects, checks=checks)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(
                victim=victim,
                area=area,
                assessment=assessment,
                referring_agency=request.user.agency,
                user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            where = f"on the agenda of {referral.meeting}" if referral.meeting else "waiting for a meeting with room"
            messages.success(request, f"{referral.reference} made: {where}.")
            return redirect(referral)
    context = {"form": form, "victim": victim, "area": area, "assessment": assessment}
    return render(request, "marac/refer.html", context, status=400 if form.errors else 200)


def _area_of(request: HttpRequest, victim: Person):
    """The victim's area for a referral from the person's page: their latest incident's, within the user's areas."""
    require(can_refer_person(request.user, victim))
    return referral_area(request.user, victim)


def _partner_refer(request: HttpRequest) -> HttpResponse:
    form = PartnerReferralForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        perpetrators = []
        if d["perpetrator_surname"]:
            perpetrators.append(
                PersonInput(
                    given_name=d["perpetrator_given_name"],
                    surname=d["perpetrator_surname"],
                    date_of_birth=d["perpetrator_date_of_birth"],
                )
            )
        try:
            referral = services.partner_referral_create(
                victim=PersonInput(
                    given_name=d["victim_given_name"],
                    surname=d["victim_surname"],
                    date_of_birth=d["victim_date_of_birth"],
                ),
                perpetrators=perpetrators,
                area=d["area"],
                user=request.user,
                criteria=d["criteria"],
                judgement_rationale=d["judgement_rationale"],
                information_sharing_basis=d["information_sharing_basis"],
                victim_aware=d["victim_aware"],
                idva_offered=d["idva_offered"],
                referrer_dash_yes=d["referrer_dash_yes"],
                safe_contact_times=d["safe_contact_times"],
                safe_contact_callers=d["safe_contact_callers"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if referral.meeting is not None:
                where = f"on the agenda of {referral.meeting}"
            else:
                where = "waiting for the MARAC coordinator to put it on a meeting"
            messages.success(request, f"{referral.reference} made: {where}.")
            if MaracReferral.objects.visible_to(request.user).filter(pk=referral.pk).exists():
                return redirect(referral)
            return redirect("marac:meetings")
    return render(request, "marac/refer_partner.html", {"form": form}, status=400 if form.errors else 200)


def _detail_context(request: HttpRequest, referral: MaracReferral, bound: dict) -> dict:
    user = request.user
    referral = (
        MaracReferral.objects.select_related(
            "victim", "area__force", "meeting", "referring_agency", "referred_by", "assessment", "idva_service__agency"
        )
        .prefetch_related(
            "perpetrators",
            Prefetch("actions", queryset=MaracAction.objects.select_related("owner_agency", "meeting")),
            Prefetch("shares", queryset=InformationShare.objects.select_related("agency", "recorded_by")),
        )
        .get(pk=referral.pk)
    )
    meeting = referral.meeting
    version = {"version": referral.version}
    forms = {
        "move": MoveForm(prefix="move", referral=referral),
        "minutes": MinutesForm(prefix="minutes", initial={**version, "minutes": referral.minutes}),
        "idva": IdvaForm(
            prefix="idva",
            referral=referral,
            initial={**version, "idva_service": referral.idva_service_id, "idva_outcome": referral.idva_outcome},
        ),
        "action": ActionForm(prefix="action", meeting=meeting),
        "action_update": ActionUpdateForm(prefix="update"),
        "share": ShareForm(prefix="share"),
        "safe_contact": SafeContactForm(
            prefix="safe",
            initial={
                **version,
                "safe_contact_times": referral.safe_contact_times,
                "safe_contact_callers": referral.safe_contact_callers,
            },
        ),
    }
    forms.update(bound)
    manage = user.has_perm("marac.change_maracreferral")
    heard = meeting is not None and meeting.is_past
    earlier = (
        list(
            selectors.open_actions_for(referral.victim_id, before_meeting=meeting).filter(
                pk__in=MaracAction.objects.visible_to(user).values("pk")
            )
        )
        if meeting
        else []
    )
    safe_contact = services.can_see_safe_contact(referral, user)
    return {
        "referral": referral,
        "forms": forms,
        # Numbers only, never an address: the panel is shown to partners (the allocated IDVA) too.
        "safe_phones": list(referral.victim.phones.filter(safe_to_call=True).order_by("pk")) if safe_contact else [],
        "today": timezone.localdate(),
        "partner": user.is_partner,
        # Police warnings never reach a partner agency.
        "warnings": [] if user.is_partner else _case_warnings(referral),
        "earlier_actions": [a for a in earlier if a.referral_id != referral.pk],
        "updatable": {a.pk for a in referral.actions.all() if services.can_update(a, user)}
        if user.has_perm("marac.change_maracaction")
        else set(),
        "can": {
            "move": manage and not heard,
            "minutes": manage and meeting is not None and meeting.day_has_come,
            "idva": manage,
            "action": user.has_perm("marac.add_maracaction") and meeting is not None,
            "share": user.has_perm("marac.add_informationshare") and services.attends(meeting, user),
            "see_safe_contact": safe_contact,
            "safe_contact": services.can_edit_safe_contact(referral, user),
        },
    }


def _case_warnings(referral: MaracReferral) -> list:
    """The victim's and perpetrators' markers and flags, as on the intake screen."""
    people = [(referral.victim, "Victim")] + [(p, "Perpetrator") for p in referral.perpetrators.all()]
    return shown(warnings_for(people, force=referral.area.force))


def render_detail(request: HttpRequest, referral: MaracReferral, bound: dict | None = None, status: int = 200):
    return render(request, "marac/referral.html", _detail_context(request, referral, bound or {}), status=status)


@login_required
@require_GET
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_referral(request, pk)
    return render_detail(request, referral)


def _act(
    request: HttpRequest,
    referral: MaracReferral,
    form,
    form_name: str,
    action: Callable[[dict], object],
    done: str,
    anchor: str,
) -> HttpResponse:
    """Validate the form, run the service; back to the case, or the case again with the errors in place."""
    if form_action(form, action):
        messages.success(request, done)
        return redirect(referral.get_absolute_url() + f"#{anchor}")
    return render_detail(request, referral, {form_name: form}, status=400)


@login_required
@require_POST
def referral_move(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_referral(request, pk, "marac.change_maracreferral")
    form = MoveForm(request.POST, prefix="move", referral=referral)
    return _act(
        request,
        referral,
        form,
        "move",
        lambda d: services.referral_move(referral=referral, meeting=d["meeting"], user=request.user),
        "Case moved.",
        "meeting",
    )


@login_required
@require_POST
def referral_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a waiting case on a meeting from the meeting's page (one button per case); back to the meeting."""
    referral = get_referral(request, pk, "marac.change_maracreferral")
    form = MoveForm(request.POST, prefix="move", referral=referral)
    if form_action(form, lambda d: services.referral_move(referral=referral, meeting=d["meeting"], user=request.user)):
        messages.success(request, f"{referral.reference} added to the meeting.")
        return redirect(form.cleaned_data["meeting"])
    messages.error(request, f"{referral.reference} was not added: {errors_text(form)}")
    meeting = request.POST.get("move-meeting", "")
    return redirect("marac:meeting", pk=int(meeting)) if meeting.isdecimal() else redirect("marac:meetings")


@login_required
@require_POST
def referral_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a case one place up or down its meeting's agenda (the meeting page's buttons); back to the meeting."""
    referral = get_referral(request, pk, "marac.change_maracreferral")
    form = AgendaMoveForm(request.POST)

    def move(data: dict) -> None:
        services.meeting_case_move(referral=referral, places=data["places"], user=request.user)

    if form_action(form, move):
        messages.success(request, f"{referral.reference} moved {'up' if form.cleaned_data['places'] < 0 else 'down'}.")
    else:
        messages.error(request, f"{referral.reference} was not moved: {errors_text(form)}")
    return redirect(referral.meeting) if referral.meeting_id else redirect(referral)


@login_required
@require_POST
def referral_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_referral(request, pk, "marac.change_maracreferral")
    form = MinutesForm(request.POST, prefix="minutes")
    return _act(
        request,
        referral,
        form,
        "minutes",
        lambda d: services.referral_minutes(referral=referral, user=request.user, **d),
        "Minutes saved.",
        "minutes",
    )


@login_required
@require_POST
def referral_idva(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_referral(request, pk, "marac.change_maracreferral")
    form = IdvaForm(request.POST, prefix="idva", referral=referral)
    return _act(
        request,
        referral,
        form,
        "idva",
        lambda d: services.referral_allocate_idva(referral=referral, user=request.user, **d),
        "IDVA recorded.",
        "idva",
    )


@login_required
@require_POST
def referral_safe_contact(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_referral(request, pk)
    if not services.can_edit_safe_contact(referral, request.user):
        raise PermissionDenied
    form = SafeContactForm(request.POST, prefix="safe")
    return _act(
        request,
        referral,
        form,
        "safe_contact",
        lambda d: services.referral_safe_contact(referral=referral, user=request.user, **d),
        "Safe contact saved.",
        "safe-contact",
    )


@login_required
@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_referral(request, pk, "marac.add_maracaction")
    form = ActionForm(request.POST, prefix="action", meeting=referral.meeting)
    return _act(
        request,
        referral,
        form,
        "action",
        lambda d: services.action_add(referral=referral, meeting=referral.meeting, user=request.user, **d),
        "Action recorded.",
        "actions",
    )


@login_required
@require_POST
def action_update(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    referral = get_referral(request, pk, "marac.change_maracaction")
    action = get_object_or_404(MaracAction, pk=action_pk, referral=referral)
    if not services.can_update(action, request.user):
        raise PermissionDenied
    form = ActionUpdateForm(request.POST, prefix="update")
    form.action_pk = action.pk  # the page reopens this action's form with the error beside it
    return _act(
        request,
        referral,
        form,
        "action_update",
        lambda d: services.action_update(
            action=action, status=d["status"], reason=d["status_reason"], user=request.user
        ),
        "Action updated.",
        "actions",
    )


@login_required
@require_POST
def share_add(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_referral(request, pk, "marac.add_informationshare")
    if not services.attends(referral.meeting, request.user):
        raise PermissionDenied
    form = ShareForm(request.POST, prefix="share")
    return _act(
        request,
        referral,
        form,
        "share",
        lambda d: services.share_add(referral=referral, user=request.user, **d),
        "Shared with the meeting.",
        "sharing",
    )
