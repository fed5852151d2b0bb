"""Reads for the dip sample: compliance per area and period, and the work waiting for people."""

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Q, QuerySet

from accounts.models import Area, User
from accounts.reach import areas_within, reach

from .models import DipSample, DipSampleItem
from .services import Period, periods_between

RESULTS = DipSampleItem.Result


class SampleCounts(TypedDict):
    """What samples_with_counts adds to each sample."""

    reviewed: int
    agreed: int
    regraded: int
    practice_issues: int


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    CountedSample = WithAnnotations[DipSample, SampleCounts]
else:
    CountedSample = DipSample


def compliance_areas(user: User) -> QuerySet[Area]:
    """The areas whose compliance the user may see: their own, or their force's for force-wide roles."""
    return areas_within(user, "sampling.view_dipsample").select_related("force")


def samples_with_counts(queryset: QuerySet[DipSample]) -> QuerySet[CountedSample]:
    """Each sample with its items reviewed and its results by kind, in the same query."""
    reviewed = Q(items__reviewed_at__isnull=False)
    return queryset.select_related("area", "drawn_by").annotate(
        reviewed=Count("items", filter=reviewed),
        agreed=Count("items", filter=Q(items__result=RESULTS.AGREE)),
        regraded=Count("items", filter=Q(items__result=RESULTS.REGRADE)),
        practice_issues=Count("items", filter=Q(items__result=RESULTS.PRACTICE_ISSUE)),
    )


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class ComplianceRow:
    """One area and period: the sample drawn (if any) and how far its review has gone."""

    area: Area
    period: Period
    sample: CountedSample | None = None

    @property
    def population(self) -> int:
        return self.sample.population if self.sample else 0

    @property
    def sample_size(self) -> int:
        return self.sample.sample_size if self.sample else 0

    @property
    def reviewed(self) -> int:
        return self.sample.reviewed if self.sample else 0

    @property
    def share_sampled(self) -> float | None:
        return _share(self.sample_size, self.population)

    @property
    def share_reviewed(self) -> float | None:
        return _share(self.reviewed, self.sample_size)

    @property
    def results(self) -> dict[str, int]:
        s = self.sample
        return {
            RESULTS.AGREE: s.agreed if s else 0,
            RESULTS.REGRADE: s.regraded if s else 0,
            RESULTS.PRACTICE_ISSUE: s.practice_issues if s else 0,
        }

    @property
    def status(self) -> str:
        if self.sample is None:
            return "not_drawn"
        return "complete" if self.reviewed == self.sample_size else "outstanding"


@dataclass
class ComplianceTotals:
    population: int = 0
    sample_size: int = 0
    reviewed: int = 0
    not_drawn: int = 0
    results: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RESULTS.values, 0))

    @property
    def share_sampled(self) -> float | None:
        return _share(self.sample_size, self.population)

    @property
    def share_reviewed(self) -> float | None:
        return _share(self.reviewed, self.sample_size)


STATUSES = {"not_drawn": "Not drawn", "outstanding": "Reviews outstanding", "complete": "All reviewed"}


def compliance(
    user: User, *, first: date, last: date, area_id: int | None = None, status: str = ""
) -> tuple[list[ComplianceRow], ComplianceTotals]:
    """Per area and period in [first, last], newest first: every sample drawn, and every whole period not drawn.

    Three queries whatever the range: the areas, the samples with their counts, nothing per row.
    """
    areas = compliance_areas(user)
    samples: QuerySet[DipSample] = DipSample.objects.visible_to(user).filter(
        period_start__gte=first, period_start__lte=last
    )
    if area_id is not None:
        areas, samples = areas.filter(pk=area_id), samples.filter(area_id=area_id)
    samples = samples_with_counts(samples)
    rows = {
        (s.area_id, s.period_start): ComplianceRow(s.area, Period(s.period_start, s.period_end), s) for s in samples
    }
    # A period the force samples by that has no sample is a gap the page must show.
    for area in list(areas):
        for period in periods_between(kind=area.force.dip_sample_period, first=first, last=last):
            rows.setdefault((area.pk, period.start), ComplianceRow(area, period))
    ordered = sorted(rows.values(), key=lambda r: (-r.period.start.toordinal(), r.area.name))
    if status:
        ordered = [r for r in ordered if r.status == status]
    totals = ComplianceTotals()
    for row in ordered:
        totals.population += row.population
        totals.sample_size += row.sample_size
        totals.reviewed += row.reviewed
        totals.not_drawn += row.sample is None
        for kind, n in row.results.items():
            totals.results[kind] += n
    return ordered, totals


def items_to_review(user: User) -> QuerySet[DipSampleItem]:
    """Sampled assessments in the user's areas still waiting for a PVP supervisor, oldest period first."""
    found = reach(user, "sampling.review_dipsample")
    if found is None:
        return DipSampleItem.objects.none()
    return (
        found.own(DipSampleItem.objects.filter(reviewed_at__isnull=True), area="sample__area")
        .select_related("sample__area", "assessment__officer")
        .order_by("sample__period_start", "pk")
    )


def practice_issues_for(user: User) -> QuerySet[DipSampleItem]:
    """Practice issues sent to the user as the officer's supervisor, not yet dealt with."""
    return (
        DipSampleItem.objects.filter(issue_for=user, result=RESULTS.PRACTICE_ISSUE, issue_addressed_at__isnull=True)
        .select_related("assessment__officer", "reviewed_by")
        .order_by("reviewed_at", "pk")
    )
