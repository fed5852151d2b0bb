"""Reads for MARAC: open actions carried to the next agenda, cases due for the 12-month flag, IDVA capacity."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from accounts.models import User
from accounts.reach import Reach
from core.periods import first_date_within, force_timezone, local_midnight

from .models import (
    AGENDA_ORDER,
    MARAC_MONTHS,
    Criterion,
    IdvaService,
    InformationShare,
    MaracAction,
    MaracMeeting,
    MaracReferral,
    MaracRepeat,
    marac_reach,
)

# SafeLives figures (PRODUCT.md).
REFERRALS_PER_FTE_PER_YEAR = 100
CASELOAD_PER_FTE = (60, 80)
MARAC_CASES_PER_10K_WOMEN = 40


def open_actions_for(victim_id: int, *, before_meeting: MaracMeeting | None = None) -> QuerySet[MaracAction]:
    """Actions still open from earlier meetings for the victim's cases: they carry to the next agenda."""
    actions = MaracAction.objects.filter(referral__victim_id=victim_id, status=MaracAction.Status.OPEN)
    if before_meeting is not None:
        actions = actions.filter(meeting__starts_at__lt=before_meeting.starts_at)
    return actions.select_related("owner_agency", "meeting__area")


def twelve_month_flags(user: User, *, today: date, within_days: int | None = None) -> QuerySet:
    """Victims of the areas the user works in whose last MARAC referral is no longer within 12 months of today
    (core.periods: the day after the same date twelve months on): flagged for review. ``within_days``: only
    those whose 12 months ended in that many recent days, newest first."""
    found = marac_reach(user)
    if found is None:
        return MaracReferral.objects.none().values("victim_id")
    tz = force_timezone()

    def start(day: date) -> datetime:  # the first moment a referral is still within 12 months of the day
        return local_midnight(first_date_within(day, MARAC_MONTHS), tz)

    flags = (
        found.own(MaracReferral.objects.visible_to(user))
        .values("victim_id", "victim__given_name", "victim__surname")
        .annotate(last=Max("referred_at"))
        .filter(last__lt=start(today))
    )
    if within_days is not None:
        return flags.filter(last__gte=start(today - timedelta(days=within_days))).order_by("-last")
    return flags.order_by("last")


# Fewer days of MARAC records than this and a yearly rate would be a guess: the page gives the counts only.
MIN_DAYS_TO_ANNUALISE = 28
# Service figures older than this are marked as out of date.
FIGURES_STALE_AFTER = timedelta(days=92)


@dataclass
class Capacity:
    """One area's figures; each says what it counts and over which period (the page prints both)."""

    area_name: str
    # The IDVA services' own figures: staff, caseload on the date they gave, referrals in the 12 months to it.
    staff_fte: Decimal
    services: int
    caseload: int
    caseload_per_fte: float | None
    referrals_reported: int | None  # None unless every service of the area gave the figure
    referrals_per_fte: float | None
    figures_on: date | None  # the oldest date among the services' figures
    figures_stale: bool
    # MARAC as recorded here, over one period: the 12 months to today, or since the area's first referral.
    period_start: date
    period_end: date
    period_days: int
    marac_cases: int
    marac_cases_a_year: float | None  # annualised when the period is shorter than a year
    cases_per_10k_women: float | None
    idva_allocated: int
    idva_allocated_per_fte_a_year: float | None
    repeats: int
    repeat_rate: float | None

    @property
    def annualised(self) -> bool:
        return self.period_days < 365


def idva_capacity(*, within: Reach | None, today: date) -> list[Capacity]:
    """Per area within reach (``within``: the user's reach for marac.view_idva_capacity), against the SafeLives
    figures: the IDVA services' referrals per full-time IDVA over 12 months (~100) and caseload per FTE (60-80),
    both as the services gave them on a date (they count every referral, not only MARAC cases); MARAC cases a
    year per 10,000 adult women (~40); the share of MARAC cases that are repeats; and the MARAC cases allocated
    to an IDVA service a year per FTE. The MARAC figures count referrals made in one period, the 12 months to
    today (or since the area's first referral, annualised); each rate divides counts of that same period. The
    counts are of whole areas: a partner's agency does not narrow them (they show no record). Three queries:
    the areas, the services' figures, the MARAC cases."""
    if within is None:
        return []
    whole = within.whole_areas()
    areas = list(whole.areas())
    year_start = today - timedelta(days=364)  # 365 days, today included
    staffing = {
        row["area"]: row
        for row in whole.filter(IdvaService.objects.all())
        .values("area")
        .annotate(
            fte=Sum("staff_fte"),
            caseload=Sum("caseload"),
            services=Count("id"),
            reported=Count("referrals_last_year"),
            # Not "referrals": the services' MARAC cases are IdvaService.referrals.
            referrals_reported=Sum("referrals_last_year"),
            oldest_figures=Min("figures_on"),
            undated=Count("id", filter=Q(figures_on__isnull=True)),
        )
    }
    in_year = Q(referred_at__date__gte=year_start, referred_at__date__lte=today)
    marac = {
        row["area"]: row
        for row in whole.filter(MaracReferral.objects.filter(referred_at__date__lte=today))
        .values("area")
        .annotate(
            first=Min("referred_at"),
            total=Count("id", filter=in_year),
            allocated=Count("id", filter=in_year & Q(idva_service__isnull=False)),
            repeats=Count("id", filter=in_year & Q(criteria__contains=[Criterion.REPEAT.value])),
        )
    }
    result = []
    for area in areas:
        staff = staffing.get(area.pk) or {}
        fte = staff.get("fte") or Decimal("0")
        services = staff.get("services", 0)
        caseload = staff.get("caseload") or 0
        reported = staff.get("referrals_reported") if services and staff.get("reported") == services else None
        figures_on = staff.get("oldest_figures") if services and not staff.get("undated") else None
        r = marac.get(area.pk) or {"first": None, "total": 0, "allocated": 0, "repeats": 0}
        start = year_start
        if r["first"] is not None:
            start = max(year_start, timezone.localdate(r["first"]))
        days = (today - start).days + 1
        per_year = (365 / days) if days >= MIN_DAYS_TO_ANNUALISE else None
        women = area.adult_female_population
        result.append(
            Capacity(
                area_name=area.name,
                staff_fte=fte,
                services=services,
                caseload=caseload,
                caseload_per_fte=float(caseload / fte) if fte else None,
                referrals_reported=reported,
                referrals_per_fte=float(reported / fte) if fte and reported is not None else None,
                figures_on=figures_on,
                figures_stale=figures_on is not None and today - figures_on > FIGURES_STALE_AFTER,
                period_start=start,
                period_end=today,
                period_days=days,
                marac_cases=r["total"],
                marac_cases_a_year=r["total"] * per_year if per_year else None,
                cases_per_10k_women=(r["total"] * per_year * 10_000 / women) if women and per_year else None,
                idva_allocated=r["allocated"],
                idva_allocated_per_fte_a_year=float(r["allocated"] * per_year / float(fte))
                if fte and per_year
                else None,
                repeats=r["repeats"],
                repeat_rate=(r["repeats"] / r["total"]) if r["total"] else None,
            )
        )
    return result


def meetings_for(user: User, *, coming: bool = True) -> QuerySet[MaracMeeting]:
    """The meetings the user can see, with their number of cases, coming ones soonest first (else latest first)."""
    meetings = MaracMeeting.objects.visible_to(user).select_related("area", "chair", "coordinator")
    return meetings_when(meetings.annotate(cases=Count("referrals", distinct=True)), coming=coming)


def meetings_when(meetings: QuerySet[MaracMeeting], *, coming: bool) -> QuerySet[MaracMeeting]:
    """Coming meetings soonest first, or past ones latest first."""
    now = timezone.now()
    meetings = meetings.filter(starts_at__gt=now) if coming else meetings.filter(starts_at__lte=now)
    return meetings.order_by("starts_at" if coming else "-starts_at")


def awaiting_meeting(user: User) -> QuerySet[MaracReferral]:
    """Referrals that no coming meeting had room for: the coordinator puts each on a meeting."""
    return (
        MaracReferral.objects.visible_to(user)
        .filter(meeting__isnull=True)
        .select_related("victim", "area", "referring_agency")
        .order_by("referred_at")
    )


def meeting_cases(meeting: MaracMeeting, user: User) -> QuerySet[MaracReferral]:
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


def repeats_waiting(user: User) -> QuerySet[MaracRepeat]:
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


def referrals_to_make(user: User, *, limit: int = 10) -> list[ReferralToMake]:
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
        force_id=OuterRef(f"{victim}force_id"),
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


def open_actions_of_agency(user: User) -> QuerySet[MaracAction]:
    """Open actions owned by the user's agency on cases they can see, soonest due first."""
    if user.agency_id is None:
        return MaracAction.objects.none()
    return (
        MaracAction.objects.visible_to(user)
        .filter(owner_agency_id=user.agency_id, status=MaracAction.Status.OPEN)
        .select_related("referral", "meeting")
        .order_by("due", "pk")
    )
