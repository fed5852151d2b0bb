"""MARAC referrals: the four criteria computed and suggested, confirmed by the referrer, then scheduled."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from accounts.models import Agency, Area, User
from accounts.reach import reach, works_in
from accounts.roles import Role
from core.periods import force_timezone, window_start
from core.services import version_bump, version_check
from incidents.models import Incident, Party
from people.models import Person
from people.services import PersonInput, person_create
from risk.grading import current_high_risk_threshold, is_visible_high_risk
from risk.models import Assessment

from ..models import MARAC_MONTHS, SAFE_CONTACT_MAX, Criterion, IdvaService, MaracMeeting, MaracReferral, MaracRepeat
from ..policies import can_edit_safe_contact
from .notices import tell, with_role
from .repeats import last_referral, repeats_of


@dataclass
class CriterionCheck:
    criterion: Criterion
    met: bool
    reason: str


def referral_criteria(
    *,
    victim: Person,
    perpetrator_ids: Collection[int],
    area: Area,
    assessment: Assessment | None = None,
    referrer_dash_yes: int | None = None,
    now: datetime | None = None,
) -> list[CriterionCheck]:
    """Each criterion with whether the records meet it and why; professional judgement is the referrer's alone.

    Visible high risk comes from the linked DASH, or, for a partner's referral without one, from the 'yes'
    answers on the referring agency's own checklist.
    """
    now = now or timezone.now()
    checks = []
    if assessment is not None:
        threshold = assessment.questionnaire.high_risk_threshold
        met = is_visible_high_risk(assessment.yes_count, threshold)
        reason = f"{assessment.yes_count} 'yes' answers (high risk at {threshold})"
    elif referrer_dash_yes is not None:
        threshold = current_high_risk_threshold()
        met = is_visible_high_risk(referrer_dash_yes, threshold)
        reason = f"{referrer_dash_yes} 'yes' answers on the referring agency's DASH (high risk at {threshold})"
    else:
        met, reason = False, "No DASH assessment linked"
    checks.append(CriterionCheck(Criterion.VISIBLE_HIGH_RISK, met, reason))
    checks.append(CriterionCheck(Criterion.PROFESSIONAL_JUDGEMENT, False, "The referrer's judgement, with a rationale"))
    since = window_start(now, MARAC_MONTHS, force_timezone(area.force))
    incidents = (
        Incident.objects.domestic_abuse()
        .filter(parties__person=victim, parties__role=Party.Role.VICTIM, received_at__gte=since, received_at__lte=now)
        .distinct()
        .count()
    )
    needed = area.force.marac_escalation_incidents
    checks.append(
        CriterionCheck(
            Criterion.POTENTIAL_ESCALATION,
            incidents >= needed,
            f"{incidents} police-recorded domestic-abuse incidents in 12 months ({needed} needed)",
        )
    )
    last = last_referral(victim_id=victim.pk, before=now)
    repeat = False
    reason = "No earlier MARAC referral"
    if last is not None:
        # The rule the flag raised at recording asks too; the same perpetrator is named on this referral as well.
        repeat = repeats_of(referral=last, perpetrator_ids=perpetrator_ids).exists()
        last_date = f"{timezone.localdate(last.referred_at):%d/%m/%Y}"
        reason = (
            f"A new incident with the same perpetrator after the referral of {last_date}"
            if repeat
            else f"No new incident with the same perpetrator since {last_date}"
        )
    checks.append(CriterionCheck(Criterion.REPEAT, repeat, reason))
    return checks


def next_meeting(*, area: Area, after: datetime) -> MaracMeeting | None:
    """The area's next meeting with room for another case (a read: booking locks, see book_meeting)."""
    return (
        MaracMeeting.objects.filter(area=area, starts_at__gt=after)
        .annotate(cases=Count("referrals"))
        .filter(cases__lt=F("capacity"))
        .order_by("starts_at")
        .first()
    )


def has_room(*, meeting: MaracMeeting) -> bool:
    """Count the meeting's cases with the meeting row locked, so two bookings cannot both take the last place."""
    locked = MaracMeeting.objects.select_for_update().get(pk=meeting.pk)
    return MaracReferral.objects.filter(meeting=meeting).count() < locked.capacity


def book_meeting(*, referral: MaracReferral) -> MaracMeeting | None:
    """Put the case on the area's next meeting with room; None when every coming meeting is full."""
    for meeting in MaracMeeting.objects.filter(area_id=referral.area_id, starts_at__gt=timezone.now()).order_by(
        "starts_at"
    ):
        if MaracReferral.objects.filter(meeting=meeting, victim_id=referral.victim_id).exists():
            continue
        if has_room(meeting=meeting):
            referral.meeting = meeting
            referral.save(update_fields=["meeting"])
            return meeting
    return None


def pending_referral(*, victim: Person) -> MaracReferral | None:
    """The victim's referral still waiting to be heard (on a coming meeting, or not yet on one), from any agency:
    on their record or on one of the same name and date of birth (a partner's, not yet merged)."""
    return (
        MaracReferral.objects.of_victim(
            pk=victim.pk,
            force_id=victim.force_id,
            given_name=victim.given_name,
            surname=victim.surname,
            date_of_birth=victim.date_of_birth,
        )
        .filter(Q(meeting__isnull=True) | Q(meeting__starts_at__gt=timezone.now()))
        .select_related("meeting")
        .first()
    )


def _check_force(user: User, area: Area, victim: Person, perpetrators: Sequence[Person]) -> None:
    """Nothing of a referral crosses a force: the area is of the referrer's force, and the people named are of
    that force's index (accounts/reach.py). Which of the force's areas a referrer may choose, the form asks."""
    found = reach(user, "marac.add_maracreferral", partners=True)
    if found is None or not found.covers_force(area.force_id):
        raise ValidationError({"area": "You cannot refer to this area."})
    if victim.force_id != area.force_id:
        raise ValidationError({"victim": "This person is in another force's index."})
    if any(p.force_id != area.force_id for p in perpetrators):
        raise ValidationError({"perpetrators": "A perpetrator is in another force's index."})


@transaction.atomic
def referral_create(
    *,
    victim: Person,
    perpetrators: Sequence[Person],
    area: Area,
    referring_agency: Agency | None,
    user: User,
    criteria: list[str],
    information_sharing_basis: str,
    victim_aware: bool,
    judgement_rationale: str = "",
    assessment: Assessment | None = None,
    referrer_dash_yes: int | None = None,
    idva_offered: bool = False,
    idva_outcome: str = "",
    idva_service: IdvaService | None = None,
    safe_contact_times: str = "",
    safe_contact_callers: str = "",
) -> MaracReferral:
    """Refer the victim: each computed criterion the referrer confirms must be met; judgement needs a rationale.

    The case goes to the next meeting of the area with room; a victim already waiting to be heard is not
    referred twice.
    """
    if referring_agency is None:
        raise ValidationError("Your account belongs to no agency, so the referral cannot say who made it.")
    _check_force(user, area, victim, perpetrators)
    chosen = sorted(set(criteria))
    if not chosen:
        raise ValidationError({"criteria": "Confirm at least one referral criterion."})
    unknown = set(chosen) - set(Criterion.values)
    if unknown:
        raise ValidationError({"criteria": f"Not a MARAC criterion: {', '.join(sorted(unknown))}."})
    # One referral at a time per victim: lock the person so that two referrers cannot both pass this check.
    type(victim).objects.select_for_update().filter(pk=victim.pk).first()
    waiting = pending_referral(victim=victim)
    if waiting is not None:
        where = f"on the agenda of {waiting.meeting}" if waiting.meeting else "waiting for a meeting"
        raise ValidationError(f"This victim is already referred ({waiting.reference}, {where}).")
    checks = {
        c.criterion: c
        for c in referral_criteria(
            victim=victim,
            perpetrator_ids=[p.pk for p in perpetrators],
            area=area,
            assessment=assessment,
            referrer_dash_yes=referrer_dash_yes,
        )
    }
    for criterion in chosen:
        check = checks[Criterion(criterion)]
        if criterion != Criterion.PROFESSIONAL_JUDGEMENT and not check.met:
            raise ValidationError({"criteria": f"{Criterion(criterion).label} is not met: {check.reason}."})
    if Criterion.PROFESSIONAL_JUDGEMENT in chosen and not judgement_rationale.strip():
        raise ValidationError({"judgement_rationale": "Give the professional judgement behind the referral."})
    if not information_sharing_basis.strip():
        raise ValidationError({"information_sharing_basis": "Record the basis for sharing information."})
    if idva_service is not None and idva_service.area_id != area.pk:
        raise ValidationError({"idva_service": "Choose an IDVA service of the victim's area."})
    if assessment is not None and assessment.victim_id != victim.pk:
        raise ValidationError({"assessment": "The assessment is of someone else."})
    safe_contact = _safe_contact(times=safe_contact_times, callers=safe_contact_callers)
    referral = MaracReferral.objects.create(
        **safe_contact,
        victim=victim,
        area=area,
        assessment=assessment,
        referring_agency=referring_agency,
        referred_by=user,
        criteria=chosen,
        judgement_rationale=judgement_rationale.strip(),
        information_sharing_basis=information_sharing_basis.strip(),
        victim_aware=victim_aware,
        idva_offered=idva_offered or idva_service is not None,
        idva_outcome=idva_outcome.strip(),
        idva_service=idva_service,
        referrer_dash_yes=referrer_dash_yes if assessment is None else None,
    )
    referral.perpetrators.set(perpetrators)
    book_meeting(referral=referral)
    if idva_service is not None:
        _tell_idva_service(referral, idva_service)
    # Repeats flagged since the victim's last referral are answered by this one.
    MaracRepeat.objects.filter(referral__victim=victim, rereferral__isnull=True).update(rereferral=referral)
    return referral


@transaction.atomic
def partner_referral_create(
    *, victim: PersonInput, perpetrators: list[PersonInput], area: Area, user: User, **referral: Any
) -> MaracReferral:
    """A partner agency's referral: partners cannot search the police person index, so the people they name
    are added to it (the nightly duplicate check offers any match to the police for merging)."""
    if user.agency_id is None:
        raise ValidationError("Your account belongs to no agency; ask an administrator.")
    if not works_in(user, area):
        raise ValidationError({"area": "Refer to an area your agency serves."})
    if victim.date_of_birth is not None:
        # The same name and date of birth already waiting to be heard (in the area's force): the same victim.
        same = Person.objects.active().filter(
            force_id=area.force_id,
            given_name__iexact=victim.given_name.strip(),
            surname__iexact=victim.surname.strip(),
            date_of_birth=victim.date_of_birth,
        )
        if any(pending_referral(victim=person) for person in same[:5]):
            raise ValidationError(
                "Someone with this name and date of birth is already referred and waiting to be heard. "
                "Speak to the MARAC coordinator before referring again."
            )
    victim_person = person_create(data=victim, user=user, force=area.force_id)
    perpetrator_people = [person_create(data=p, user=user, force=area.force_id) for p in perpetrators]
    return referral_create(
        victim=victim_person,
        perpetrators=perpetrator_people,
        area=area,
        referring_agency=user.agency,
        user=user,
        **referral,
    )


def _safe_contact(*, times: str, callers: str) -> dict:
    """The safe-contact notes, trimmed, each within its length and free of control characters."""
    values = {"safe_contact_times": (times or "").strip(), "safe_contact_callers": (callers or "").strip()}
    errors = {}
    for field, value in values.items():
        if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
            errors[field] = "Remove the control characters (such as NUL) from the text."
        elif len(value) > SAFE_CONTACT_MAX:
            errors[field] = f"Keep it to {SAFE_CONTACT_MAX} characters (it has {len(value)})."
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def referral_safe_contact(
    *, referral: MaracReferral, safe_contact_times: str, safe_contact_callers: str, version: int | None, user: User
) -> MaracReferral:
    """Record when it is safe to contact the victim and who may call; a stale form is refused."""
    referral = MaracReferral.objects.select_for_update(of=("self",)).select_related("idva_service").get(pk=referral.pk)
    if not can_edit_safe_contact(user, referral):
        raise PermissionDenied("Only the police and the allocated IDVA service keep the safe-contact notes.")
    version_check(record=referral, version=version, what="case")
    for field, value in _safe_contact(times=safe_contact_times, callers=safe_contact_callers).items():
        setattr(referral, field, value)
    version_bump(record=referral, fields=["safe_contact_times", "safe_contact_callers"])
    return referral


def _tell_idva_service(referral: MaracReferral, service: IdvaService) -> None:
    """In-app and e-mail notice to the IDVAs of the service the case is now allocated to (the reference only:
    e-mail leaves the force's systems, so no name)."""
    when = f" for the MARAC of {timezone.localtime(referral.meeting.starts_at):%d/%m/%Y}" if referral.meeting else ""
    tell(
        users=with_role(role=Role.IDVA, agency_id=service.agency_id, areas=service.area_id),
        kind="marac_idva_allocated",
        message=f"MARAC case {referral.reference} ({service.area}) is allocated to your IDVA service{when}.",
        url=referral.get_absolute_url(),
        key=f"marac_idva_allocated:{referral.pk}:{service.pk}:{referral.version}",
    )


@transaction.atomic
def referral_minutes(*, referral: MaracReferral, minutes: str, version: int | None, user: User) -> MaracReferral:
    """Record what the meeting said of the case (the chair or coordinator); a stale form is refused."""
    referral = MaracReferral.objects.select_for_update().get(pk=referral.pk)
    version_check(record=referral, version=version, what="case")
    if referral.meeting is None:
        raise ValidationError("The case is not on a meeting yet.")
    if not referral.meeting.day_has_come:
        raise ValidationError({"minutes": "Minutes are written on the day of the meeting or after it."})
    referral.minutes = minutes.strip()
    version_bump(record=referral, fields=["minutes"])
    return referral


@transaction.atomic
def referral_allocate_idva(
    *, referral: MaracReferral, idva_service: IdvaService | None, idva_outcome: str, version: int | None, user: User
) -> MaracReferral:
    """Allocate the case to an IDVA service of its area and record the outcome of the offer."""
    referral = MaracReferral.objects.select_for_update().get(pk=referral.pk)
    version_check(record=referral, version=version, what="case")
    if idva_service is not None and idva_service.area_id != referral.area_id:
        raise ValidationError({"idva_service": "Choose an IDVA service of the case's area."})
    newly = idva_service is not None and idva_service.pk != referral.idva_service_id
    referral.idva_service = idva_service
    referral.idva_offered = referral.idva_offered or idva_service is not None
    referral.idva_outcome = idva_outcome.strip()
    version_bump(record=referral, fields=["idva_service", "idva_offered", "idva_outcome"])
    if newly and idva_service is not None:
        _tell_idva_service(referral, idva_service)
    return referral
