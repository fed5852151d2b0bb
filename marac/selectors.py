"""Reads for MARAC: open actions carried to the next agenda, cases due for the 12-month flag, IDVA capacity."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from .models import AGENDA_ORDER, IdvaService, InformationShare, MaracAction, MaracMeeting, MaracReferral, MaracRepeat

# SafeLives figures (PRODUCT.md).
REFERRALS_PER_FTE_PER_YEAR = 100
CASELOAD_PER_FTE = (60, 80)
MARAC_CASES_PER_10K_WOMEN = 40


def open_actions_for(victim_id: int, *, before_meeting=None) -> QuerySet[MaracAction]:
    """Actions still open from earlier meetings for the victim's cases: they carry to the next agenda."""
    actions = MaracAction.objects.filter(referral__victim_id=victim_id, status=MaracAction.Status.OPEN)
    if before_meeting is not None:
        actions = actions.filter(meeting__starts_at__lt=before_meeting.starts_at)
    return actions.select_related("owner_agency", "meeting__area")


def twelve_month_flags(*, area_ids, today: date, within_days: int | None = None) -> QuerySet:
    """Victims whose last MARAC referral was 12 months ago or more: flagged for review (``within_days``: only
    those who reached 12 months in that many recent days, newest first)."""
    flags = (
        MaracReferral.objects.filter(area_id__in=area_ids)
        .values("victim_id", "victim__given_name", "victim__surname")
        .annotate(last=Max("referred_at"))
        .filter(last__date__lte=today - timedelta(days=365))
    )
    if within_days is not None:
        return flags.filter(last__date__gt=today - timedelta(days=365 + within_days)).order_by("-last")
    return flags.order_by("last")


@dataclass
class Capacity:
    area_name: str
    staff_fte: Decimal
    caseload: int
    referrals_last_year: int
    referrals_per_fte: float
    caseload_per_fte: float
    marac_cases_last_year: int
    cases_per_10k_women: float | None
    repeat_rate: float


def idva_capacity(*, areas, today: date) -> list[Capacity]:
    """Per area: IDVA referrals per FTE against ~100 a year, caseload per FTE against 60-80, MARAC cases per
    10,000 adult women against ~40, and the share of MARAC referrals that are repeats."""
    since = today - timedelta(days=365)
    staffing = {
        row["area"]: row
        for row in IdvaService.objects.filter(area__in=areas)
        .values("area")
        .annotate(fte=Sum("staff_fte"), caseload=Sum("caseload"))
    }
    referrals = {
        row["area"]: row
        for row in MaracReferral.objects.filter(area__in=areas, referred_at__date__gte=since)
        .values("area")
        .annotate(
            total=Count("id"),
            idva=Count("id", filter=Q(idva_offered=True)),
            repeats=Count("id", filter=Q(criteria__contains=["repeat"])),
        )
    }
    result = []
    for area in areas:
        staff = staffing.get(area.pk, {"fte": Decimal("0"), "caseload": 0})
        fte, caseload = staff["fte"] or Decimal("0"), staff["caseload"] or 0
        r = referrals.get(area.pk, {"total": 0, "idva": 0, "repeats": 0})
        women = area.adult_female_population
        result.append(
            Capacity(
                area_name=area.name,
                staff_fte=fte,
                caseload=caseload,
                referrals_last_year=r["idva"],
                referrals_per_fte=float(r["idva"] / fte) if fte else 0.0,
                caseload_per_fte=float(caseload / fte) if fte else 0.0,
                marac_cases_last_year=r["total"],
                cases_per_10k_women=(r["total"] * 10_000 / women) if women else None,
                repeat_rate=(r["repeats"] / r["total"]) if r["total"] else 0.0,
            )
        )
    return result


def meetings_for(user, *, coming: bool = True) -> QuerySet[MaracMeeting]:
    """The meetings the user can see, with their number of cases, coming ones soonest first (else latest first)."""
    now = timezone.now()
    meetings = MaracMeeting.objects.visible_to(user).select_related("area", "chair", "coordinator")
    meetings = meetings.filter(starts_at__gt=now) if coming else meetings.filter(starts_at__lte=now)
    return meetings.annotate(cases=Count("referrals", distinct=True)).order_by("starts_at" if coming else "-starts_at")


def awaiting_meeting(user) -> QuerySet[MaracReferral]:
    """Referrals that no coming meeting had room for: the coordinator puts each on a meeting."""
    return (
        MaracReferral.objects.visible_to(user)
        .filter(meeting__isnull=True)
        .select_related("victim", "area", "referring_agency")
        .order_by("referred_at")
    )


def meeting_cases(meeting: MaracMeeting, user) -> QuerySet[MaracReferral]:
    """The meeting's cases the user may see, with what the meeting page shows of each, in a fixed number of queries."""
    return (
        MaracReferral.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("victim", "referring_agency", "assessment", "idva_service__agency")
        .prefetch_related(
            "perpetrators",
            Prefetch("actions", queryset=MaracAction.objects.select_related("owner_agency")),
            Prefetch("shares", queryset=InformationShare.objects.select_related("agency", "recorded_by")),
        )
        .order_by(*AGENDA_ORDER)
    )


def repeats_waiting(user) -> QuerySet[MaracRepeat]:
    """Repeat flags within the user's reach not yet answered by a new referral."""
    return (
        MaracRepeat.objects.filter(
            rereferral__isnull=True, referral__in=MaracReferral.objects.visible_to(user).values("pk")
        )
        .select_related("referral__victim", "incident")
        .order_by("-flagged_at")
    )


@dataclass
class ReferralToMake:
    """A PVP review that decided on a MARAC referral: ``referral`` is None while no one has made it, else the
    victim's case already waiting to be heard that another referrer made (nothing to make: who and when)."""

    item: object
    referral: MaracReferral | None = None


def referrals_to_make(user, *, limit: int = 10) -> list[ReferralToMake]:
    """PVP reviews by this user that decided on a MARAC referral, still to be made (first) or already made by
    someone else and waiting to be heard (after: the decision is answered, the page says by whom).

    A decision is answered by a referral of the victim (their record or a partner's record of the same name and
    date of birth), from any agency, made since the review, heard since it,
    or still waiting to be heard. Answered by the user's own referral since the review, it leaves the list.
    """
    from risk.models import PvpQueueItem

    now = timezone.now()
    victim = "assessment__victim__"
    answering = MaracReferral.objects.of_victim(
        pk=OuterRef(f"{victim}id"),
        given_name=OuterRef(f"{victim}given_name"),
        surname=OuterRef(f"{victim}surname"),
        date_of_birth=OuterRef(f"{victim}date_of_birth"),
    ).filter(
        Q(referred_at__gte=OuterRef("completed_at"))
        | Q(meeting__isnull=True)
        | Q(meeting__starts_at__gte=OuterRef("completed_at"))
    )
    waiting_by_others = (
        answering.filter(Q(meeting__isnull=True) | Q(meeting__starts_at__gt=now))
        .exclude(referred_by=user, referred_at__gte=OuterRef("completed_at"))
        .order_by("referred_at", "pk")
    )
    items = list(
        PvpQueueItem.objects.filter(claimed_by=user, refer_to_marac=True, completed_at__isnull=False)
        .annotate(waiting_id=Subquery(waiting_by_others.values("pk")[:1]))
        .filter(~Exists(answering) | Q(waiting_id__isnull=False))
        .select_related("assessment__victim")
        .order_by(F("waiting_id").asc(nulls_first=True), "completed_at")[:limit]
    )
    referrals = MaracReferral.objects.select_related("referring_agency", "meeting").in_bulk(
        [i.waiting_id for i in items if i.waiting_id]
    )
    return [ReferralToMake(item, referrals.get(item.waiting_id)) for item in items]


def open_actions_of_agency(user) -> QuerySet[MaracAction]:
    """Open actions owned by the user's agency on cases they can see, soonest due first."""
    if user.agency_id is None:
        return MaracAction.objects.none()
    return (
        MaracAction.objects.visible_to(user)
        .filter(owner_agency_id=user.agency_id, status=MaracAction.Status.OPEN)
        .select_related("referral", "meeting")
        .order_by("due", "pk")
    )
