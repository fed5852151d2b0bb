"""The force page counted in SQL: a handful of aggregate queries whatever the number of records."""

from datetime import date, datetime, time, timedelta

from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Area
from incidents.models import Arrest, Crime, Incident, Party
from plans.models import PlanReview, RiskManagementPlan
from risk.models import Assessment, Review

from .figures import CATEGORY_LABELS, GRADES, ForcePage
from .models import CATEGORY_FIELDS, COUNT_FIELDS, ForceTotals
from .policies import Scope

# The force page's crime categories, as the offences dacase records them.
CATEGORY_OFFENCES = {
    "assault_with_intent": Crime.Offence.SERIOUS_ASSAULT,
    "assault_with_injury": Crime.Offence.ASSAULT_WITH_INJURY,
    "harassment": Crime.Offence.HARASSMENT,
    "sexual_offence": Crime.Offence.SEXUAL,
}
OUTCOME_GROUPS = {
    "charge": [Crime.Outcome.CHARGE],
    "caution": [Crime.Outcome.CAUTION],
    "out_of_court_disposal": [Crime.Outcome.OUT_OF_COURT],
    "other": [Crime.Outcome.NO_FURTHER_ACTION, Crime.Outcome.PENDING],
}
assert CATEGORY_OFFENCES.keys() == CATEGORY_LABELS.keys() == CATEGORY_FIELDS.keys()

# The inspection's force page counts a repeat call as one whose victim had another incident in the 365 days
# before it: a national definition, so forces compare, not the force's own repeat-victim window.
REPEAT_CALL_WINDOW = timedelta(days=365)


def day_start(day: date) -> datetime:
    """The first instant of a local day."""
    return timezone.make_aware(datetime.combine(day, time.min))


def months_between(start: date, end: date) -> list[date]:
    """The first day of every month the period touches."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


def is_whole_months(start: date, end: date) -> bool:
    return start.day == 1 and (end + timedelta(days=1)).day == 1


def in_scope(scope: Scope, area_path: str) -> Q:
    """Records whose area (reached by ``area_path``) is the scope's area, or any of the scope's force."""
    if scope.area is not None:
        return Q(**{f"{area_path}_id": scope.area.pk})
    return Q(**{f"{area_path}__force_id": scope.force.pk})


def incident_counts(scope: Scope, since: datetime, until: datetime, window: timedelta) -> tuple[int, int]:
    """Domestic-abuse incidents received in [since, until), and those whose victim had another domestic-abuse
    incident in this force within ``window`` before it (as incidents.selectors.incident_is_repeat asks of one)."""
    received = OuterRef(OuterRef("received_at"))
    earlier = Party.objects.filter(
        person_id=OuterRef("person_id"),
        role=Party.Role.VICTIM,
        incident__is_domestic_abuse=True,
        incident__area__force_id=scope.force.pk,
        incident__received_at__lt=received,
        incident__received_at__gte=received - window,
    ).exclude(incident_id=OuterRef(OuterRef("pk")))
    repeat = Exists(Party.objects.filter(incident_id=OuterRef("pk"), role=Party.Role.VICTIM).filter(Exists(earlier)))
    counts = (
        Incident.objects.domestic_abuse()
        .filter(in_scope(scope, "area"), received_at__gte=since, received_at__lt=until)
        .aggregate(incidents=Count("pk"), repeats=Count("pk", filter=repeat))
    )
    return counts["incidents"], counts["repeats"]


def crime_counts(scope: Scope, since: datetime, until: datetime) -> dict[str, int]:
    """Domestic-abuse crimes recorded in [since, until): all, by category (cat_*) and by outcome (out_*)."""
    categories = {f"cat_{key}": Count("pk", filter=Q(offence=offence)) for key, offence in CATEGORY_OFFENCES.items()}
    outcomes = {f"out_{key}": Count("pk", filter=Q(outcome__in=values)) for key, values in OUTCOME_GROUPS.items()}
    return Crime.objects.filter(
        in_scope(scope, "incident__area"),
        incident__is_domestic_abuse=True,
        recorded_at__gte=since,
        recorded_at__lt=until,
    ).aggregate(total=Count("pk"), **categories, **outcomes)


def arrest_count(scope: Scope, since: datetime, until: datetime) -> int:
    return Arrest.objects.filter(
        in_scope(scope, "incident__area"),
        incident__is_domestic_abuse=True,
        arrested_at__gte=since,
        arrested_at__lt=until,
    ).count()


def active_cases(scope: Scope, day: date) -> dict[str, int]:
    """Cases (DASH assessments) active at the end of ``day``, by their latest grade on or before it; one query."""
    until = day_start(day + timedelta(days=1))
    plan_open = RiskManagementPlan.objects.filter(assessment_id=OuterRef("pk"), created_at__lt=until).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=until)
    )
    review = Review.objects.filter(assessment_id=OuterRef("pk"), reviewed_at__lt=until).order_by("-reviewed_at", "-pk")
    plan_review = PlanReview.objects.filter(plan__assessment_id=OuterRef("pk"), reviewed_at__lt=until).order_by(
        "-reviewed_at", "-pk"
    )
    rows = (
        Assessment.objects.filter(
            in_scope(scope, "incident__area"),
            incident__is_domestic_abuse=True,
            submitted_at__lt=until,
        )
        .filter(Q(incident__signed_off_at__isnull=True) | Q(incident__signed_off_at__gte=until) | Exists(plan_open))
        .annotate(
            review_at=Subquery(review.values("reviewed_at")[:1]),
            review_grade=Subquery(review.values("grade")[:1]),
            plan_review_at=Subquery(plan_review.values("reviewed_at")[:1]),
            plan_review_grade=Subquery(plan_review.values("grade_after")[:1]),
        )
        .annotate(
            # The latest of the three: a plan review, else a review of the DASH, else the officer's grade.
            grade_then=Case(
                When(plan_review_at__gte=Coalesce("review_at", "submitted_at"), then="plan_review_grade"),
                When(review_at__isnull=False, then="review_grade"),
                default="officer_grade",
            )
        )
        .order_by()
        .values("grade_then")
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(GRADES, 0)
    counts.update({row["grade_then"]: row["n"] for row in rows if row["grade_then"] in counts})
    return counts


def force_totals(scope: Scope, months: list[date]) -> tuple[dict[str, int], list[date], list[dict]]:
    """The force's totals summed over the months: (sums, months with none, the rows used).

    An area's month is its own row. The whole force's month is the force-wide row where one is entered, else
    the sum of the rows of every one of its areas; a month with neither is missing.
    """
    rows = ForceTotals.objects.filter(force=scope.force, month__in=months)
    if scope.area is not None:
        rows = rows.filter(area=scope.area)
    by_month: dict[date, list[dict]] = {}
    for row in rows.values(
        "month",
        "area_id",
        *COUNT_FIELDS,
        "source",
        "entered_by__first_name",
        "entered_by__last_name",
        "entered_by__username",
    ):
        by_month.setdefault(row["month"], []).append(row)
    all_areas = set() if scope.area else set(Area.objects.filter(force=scope.force).values_list("pk", flat=True))
    used, missing = [], []
    for month in months:
        found = by_month.get(month, [])
        whole = [r for r in found if r["area_id"] is None]
        if scope.area is not None or whole:
            chosen = found if scope.area is not None else whole
        elif all_areas and {r["area_id"] for r in found} >= all_areas:
            chosen = found
        else:
            chosen = []
        if chosen:
            used.extend(chosen)
        else:
            missing.append(month)
    sums = {name: sum(r[name] for r in used) for name in COUNT_FIELDS}
    return sums, missing, used


def _who(row: dict) -> str:
    name = f"{row['entered_by__first_name']} {row['entered_by__last_name']}".strip()
    return name or row["entered_by__username"]


def force_page(scope: Scope, *, start: date, end: date, snapshot: date) -> ForcePage:
    """Every figure of the force page for the scope, over [start, end] (local days, both included)."""
    since, until = day_start(start), day_start(end + timedelta(days=1))
    window = REPEAT_CALL_WINDOW
    incidents, repeats = incident_counts(scope, since, until, window)
    crimes = crime_counts(scope, since, until)
    page = ForcePage(
        scope=scope,
        start=start,
        end=end,
        snapshot=snapshot,
        window_days=window.days,
        da_incidents=incidents,
        repeat_incidents=repeats,
        da_crimes=crimes["total"],
        da_crimes_by_category={key: crimes[f"cat_{key}"] for key in CATEGORY_OFFENCES},
        arrests=arrest_count(scope, since, until),
        outcomes={key: crimes[f"out_{key}"] for key in OUTCOME_GROUPS},
        active_by_grade=active_cases(scope, snapshot),
    )
    if not is_whole_months(start, end):
        page.totals_missing = (
            "The force's totals are kept by month: choose a period from the first day of a month to the last day "
            "of a month."
        )
        return page
    sums, missing, used = force_totals(scope, months_between(start, end))
    page.sources = sorted({r["source"] for r in used})
    page.entered_by = sorted({_who(r) for r in used})
    if missing:
        page.missing_months = missing
        page.totals_missing = "No force totals for " + ", ".join(f"{m:%B %Y}" for m in missing) + "."
        return page
    page.calls_for_assistance = sums["calls_for_assistance"]
    page.recorded_crimes = sums["recorded_crimes"]
    page.crimes_by_category = {key: sums[name] for key, name in CATEGORY_FIELDS.items()}
    return page
