"""Cases: referring (police from a DASH or the person's page; partners by describing the people), the case page
with its meeting, minutes, IDVA, actions and what each agency shared, and one form for each change."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core.access import get_visible_or_404, require_perm
from core.filters import bad_query
from core.forms import apply_service_errors, errors_text, form_action
from core.policies import require
from core.views.records import PageForm, Part, RecordPage, record_action
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
from ..policies import (
    can_edit_safe_contact,
    can_refer_person,
    can_see_safe_contact,
    can_share_maracreferral,
    can_update_maracaction,
    referral_area,
)

VIEW = "marac.view_maracreferral"
REFER = "marac.add_maracreferral"


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


def _context(request: HttpRequest, referral: MaracReferral) -> dict:
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
    safe_contact = bool(can_see_safe_contact(user, referral))
    return {
        "referral": referral,
        # Numbers only, never an address: the panel is shown to partners (the allocated IDVA) too.
        "safe_phones": list(referral.victim.phones.filter(safe_to_call=True).order_by("pk")) if safe_contact else [],
        "today": timezone.localdate(),
        "partner": user.is_partner,
        # Police warnings never reach a partner agency.
        "warnings": [] if user.is_partner else _case_warnings(referral),
        "earlier_actions": [a for a in earlier if a.referral_id != referral.pk],
        "updatable": {a.pk for a in referral.actions.all() if can_update_maracaction(user, a)}
        if user.has_perm("marac.change_maracaction")
        else set(),
        "can": {
            "move": manage and not heard,
            "minutes": manage and meeting is not None and meeting.day_has_come,
            "idva": manage,
            "action": user.has_perm("marac.add_maracaction") and meeting is not None,
            "share": bool(can_share_maracreferral(user, referral)),
            "see_safe_contact": safe_contact,
            "safe_contact": bool(can_edit_safe_contact(user, referral)),
        },
    }


def _case_warnings(referral: MaracReferral) -> list:
    """The victim's and perpetrators' markers and flags, as on the intake screen."""
    people = [(referral.victim, "Victim")] + [(p, "Perpetrator") for p in referral.perpetrators.all()]
    return shown(warnings_for(people, force=referral.area.force))


def _version(referral: MaracReferral) -> dict:
    return {"version": referral.version}


REFERRAL = RecordPage(
    name="referral",
    queryset=MaracReferral.objects.select_related(
        "victim", "area__force", "meeting", "referring_agency", "idva_service"
    ),
    template="marac/referral.html",
    context=_context,
    permission=VIEW,
    forms={
        "move": PageForm(MoveForm, prefix="move", kwargs=lambda r: {"referral": r}),
        "minutes": PageForm(MinutesForm, prefix="minutes", initial=lambda r: {**_version(r), "minutes": r.minutes}),
        "idva": PageForm(
            IdvaForm,
            prefix="idva",
            kwargs=lambda r: {"referral": r},
            initial=lambda r: {**_version(r), "idva_service": r.idva_service_id, "idva_outcome": r.idva_outcome},
        ),
        "action": PageForm(ActionForm, prefix="action", kwargs=lambda r: {"meeting": r.meeting}),
        "action_update": PageForm(ActionUpdateForm, prefix="update"),
        "share": PageForm(ShareForm, prefix="share"),
        "safe_contact": PageForm(
            SafeContactForm,
            prefix="safe",
            initial=lambda r: {
                **_version(r),
                "safe_contact_times": r.safe_contact_times,
                "safe_contact_callers": r.safe_contact_callers,
            },
        ),
    },
)
CHANGE = "marac.change_maracreferral"


def get_referral(request: HttpRequest, pk: int, permission: str = VIEW) -> MaracReferral:
    """The case, if the role allows the action (else 403) and the case is within reach (else 404)."""
    return REFERRAL.get(request, pk, permission=permission)


referral_detail = REFERRAL.detail_view("The case: its meeting, minutes, IDVA, actions and what each agency shared.")
referral_move = record_action(
    REFERRAL,
    "move",
    permission=CHANGE,
    service=services.referral_move,
    done="Case moved.",
    anchor="meeting",
)


@login_required
@require_POST
def referral_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a waiting case on a meeting from the meeting's page (one button per case); back to the meeting."""
    referral = get_referral(request, pk, CHANGE)
    form = REFERRAL.forms["move"].build(referral, request)
    if form_action(form, lambda d: services.referral_move(referral=referral, user=request.user, **d)):
        messages.success(request, f"{referral.reference} added to the meeting.")
        return redirect(form.cleaned_data["meeting"])
    messages.error(request, f"{referral.reference} was not added: {errors_text(form)}")
    meeting = request.POST.get("move-meeting", "")
    return redirect("marac:meeting", pk=int(meeting)) if meeting.isdecimal() else redirect("marac:meetings")


@login_required
@require_POST
def referral_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a case one place up or down its meeting's agenda (the meeting page's buttons); back to the meeting."""
    referral = get_referral(request, pk, CHANGE)
    form = AgendaMoveForm(request.POST)

    def move(data: dict) -> None:
        services.meeting_case_move(referral=referral, places=data["places"], user=request.user)

    if form_action(form, move):
        messages.success(request, f"{referral.reference} moved {'up' if form.cleaned_data['places'] < 0 else 'down'}.")
    else:
        messages.error(request, f"{referral.reference} was not moved: {errors_text(form)}")
    return redirect(referral.meeting) if referral.meeting_id else redirect(referral)


referral_minutes = record_action(
    REFERRAL, "minutes", permission=CHANGE, service=services.referral_minutes, done="Minutes saved.", anchor="minutes"
)
referral_idva = record_action(
    REFERRAL, "idva", permission=CHANGE, service=services.referral_allocate_idva, done="IDVA recorded.", anchor="idva"
)
referral_safe_contact = record_action(
    REFERRAL,
    "safe_contact",
    policy=can_edit_safe_contact,
    service=services.referral_safe_contact,
    done="Safe contact saved.",
    anchor="safe-contact",
)
action_add = record_action(
    REFERRAL,
    "action",
    permission="marac.add_maracaction",
    run=lambda user, referral, d: services.action_add(referral=referral, meeting=referral.meeting, user=user, **d),
    done="Action recorded.",
    anchor="actions",
)
action_update = record_action(
    REFERRAL,
    "action_update",
    permission="marac.change_maracaction",
    part=Part("action", MaracAction, "action_pk", "referral", policy=can_update_maracaction),
    run=lambda user, action, d: services.action_update(
        action=action, status=d["status"], reason=d["status_reason"], user=user
    ),
    done="Action updated.",
    anchor="actions",
)
share_add = record_action(
    REFERRAL,
    "share",
    permission="marac.add_informationshare",
    policy=can_share_maracreferral,
    service=services.share_add,
    done="Shared with the meeting.",
    anchor="sharing",
)
