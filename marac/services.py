"""MARAC referrals: the four criteria computed and suggested, confirmed by the referrer, then scheduled."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from incidents.models import Incident, Party

from .models import Criterion, MaracAction, MaracMeeting, MaracReferral

YEAR = timedelta(days=365)


@dataclass
class CriterionCheck:
    criterion: Criterion
    met: bool
    reason: str


def referral_criteria(
    *, victim, perpetrator_ids, area, assessment=None, now: datetime | None = None
) -> list[CriterionCheck]:
    """Each criterion with whether the records meet it and why; professional judgement is the referrer's alone."""
    now = now or timezone.now()
    checks = []
    if assessment is not None:
        threshold = assessment.questionnaire.high_risk_threshold
        met = assessment.yes_count >= threshold
        checks.append(
            CriterionCheck(
                Criterion.VISIBLE_HIGH_RISK, met, f"{assessment.yes_count} 'yes' answers (high risk at {threshold})"
            )
        )
    else:
        checks.append(CriterionCheck(Criterion.VISIBLE_HIGH_RISK, False, "No DASH assessment linked"))
    checks.append(CriterionCheck(Criterion.PROFESSIONAL_JUDGEMENT, False, "The referrer's judgement, with a rationale"))
    incidents = (
        Incident.objects.domestic_abuse()
        .filter(
            parties__person=victim, parties__role=Party.Role.VICTIM, received_at__gte=now - YEAR, received_at__lte=now
        )
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
    last = MaracReferral.objects.filter(victim=victim).order_by("-referred_at").first()
    repeat = False
    reason = "No earlier MARAC referral"
    if last is not None:
        since = Incident.objects.domestic_abuse().filter(
            received_at__gt=last.referred_at, received_at__lte=last.referred_at + YEAR
        )
        pair = since.filter(parties__person=victim, parties__role=Party.Role.VICTIM).filter(
            parties__person_id__in=list(perpetrator_ids), parties__role=Party.Role.SUSPECT
        )
        repeat = pair.exists()
        reason = (
            f"A new incident with the same perpetrator after the referral of {last.referred_at:%d/%m/%Y}"
            if repeat
            else f"No new incident with the same perpetrator since {last.referred_at:%d/%m/%Y}"
        )
    checks.append(CriterionCheck(Criterion.REPEAT, repeat, reason))
    return checks


def next_meeting(area, *, after: datetime) -> MaracMeeting | None:
    """The area's next meeting with room for another case."""
    return (
        MaracMeeting.objects.filter(area=area, starts_at__gt=after)
        .annotate(cases=Count("referrals"))
        .filter(cases__lt=F("capacity"))
        .order_by("starts_at")
        .first()
    )


@transaction.atomic
def referral_create(
    *,
    victim,
    perpetrators,
    area,
    referring_agency,
    user,
    criteria: list[str],
    information_sharing_basis: str,
    victim_aware: bool,
    judgement_rationale: str = "",
    assessment=None,
    idva_offered: bool = False,
    idva_outcome: str = "",
) -> MaracReferral:
    """Refer the victim: each computed criterion the referrer confirms must be met; judgement needs a rationale."""
    chosen = sorted(set(criteria))
    if not chosen:
        raise ValidationError({"criteria": "Confirm at least one referral criterion."})
    unknown = set(chosen) - set(Criterion.values)
    if unknown:
        raise ValidationError({"criteria": f"Not a MARAC criterion: {', '.join(sorted(unknown))}."})
    checks = {
        c.criterion: c
        for c in referral_criteria(
            victim=victim, perpetrator_ids=[p.pk for p in perpetrators], area=area, assessment=assessment
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
    referral = MaracReferral.objects.create(
        victim=victim,
        area=area,
        assessment=assessment,
        referring_agency=referring_agency,
        referred_by=user,
        criteria=chosen,
        judgement_rationale=judgement_rationale.strip(),
        information_sharing_basis=information_sharing_basis.strip(),
        victim_aware=victim_aware,
        idva_offered=idva_offered,
        idva_outcome=idva_outcome.strip(),
    )
    referral.perpetrators.set(perpetrators)
    meeting = next_meeting(area, after=timezone.now())
    if meeting is not None:
        referral.meeting = meeting
        referral.save(update_fields=["meeting"])
    return referral


@transaction.atomic
def action_add(
    *, referral: MaracReferral, meeting: MaracMeeting, owner_agency, description: str, due, user
) -> MaracAction:
    """Record an action agreed for a case; every action has an owner agency and a due date."""
    if owner_agency is None:
        raise ValidationError({"owner_agency": "Every action needs an owner agency."})
    if not description.strip():
        raise ValidationError({"description": "Describe the action."})
    if due is None:
        raise ValidationError({"due": "Give a due date."})
    if (
        referral.meeting_id != meeting.pk
        and not MaracAction.objects.filter(referral=referral, meeting=meeting).exists()
    ):
        raise ValidationError({"meeting": "This case is not on that meeting's agenda."})
    return MaracAction.objects.create(
        referral=referral,
        meeting=meeting,
        owner_agency=owner_agency,
        description=description.strip(),
        due=due,
        created_by=user,
    )


@transaction.atomic
def action_update(*, action: MaracAction, status: str, reason: str = "", user) -> MaracAction:
    """Done, not done, or not possible (with the reason)."""
    action = MaracAction.objects.select_for_update().get(pk=action.pk)
    if status not in MaracAction.Status.values:
        raise ValidationError({"status": "Choose open, done, not done or not possible."})
    if status == MaracAction.Status.NOT_POSSIBLE and not reason.strip():
        raise ValidationError({"status_reason": "Say why the action is not possible."})
    action.status, action.status_reason = status, reason.strip()
    action.save(update_fields=["status", "status_reason", "updated_at"])
    return action
