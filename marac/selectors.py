"""Reads for MARAC: open actions carried to the next agenda, cases due for the 12-month flag, IDVA capacity."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum

from .models import IdvaService, MaracAction, MaracReferral

# SafeLives figures (PRODUCT.md).
REFERRALS_PER_FTE_PER_YEAR = 100
CASELOAD_PER_FTE = (60, 80)
MARAC_CASES_PER_10K_WOMEN = 40


def open_actions_for(victim_id: int, *, before_meeting=None) -> QuerySet[MaracAction]:
    """Actions still open from earlier meetings for the victim's cases: they carry to the next agenda."""
    actions = MaracAction.objects.filter(referral__victim_id=victim_id, status=MaracAction.Status.OPEN)
    if before_meeting is not None:
        actions = actions.filter(meeting__starts_at__lt=before_meeting.starts_at)
    return actions.select_related("owner_agency", "meeting")


def twelve_month_flags(*, area_ids, today: date) -> QuerySet:
    """Victims whose last MARAC referral was 12 months ago or more: flagged for review."""
    return (
        MaracReferral.objects.filter(area_id__in=area_ids)
        .values("victim_id", "victim__given_name", "victim__surname")
        .annotate(last=Max("referred_at"))
        .filter(last__date__lte=today - timedelta(days=365))
        .order_by("last")
    )


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
