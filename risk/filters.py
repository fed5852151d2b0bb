"""Query parameters of the assessment and dip-sample lists (API)."""

import django_filters

from core.filters import AreaFilter, DateFilter, FilterSet

from .models import Assessment


class AssessmentFilter(FilterSet):
    status = django_filters.ChoiceFilter(choices=Assessment.Status.choices)


class DipSampleFilter(FilterSet):
    """Samples by area and the start of their period."""

    area = AreaFilter()
    period_from = DateFilter(
        field_name="period_start",
        lookup_expr="gte",
        label="Periods from",
        help_text="Samples of periods starting on or after",
    )
    period_to = DateFilter(
        field_name="period_start",
        lookup_expr="lte",
        label="Periods to",
        help_text="Samples of periods starting on or before",
    )
