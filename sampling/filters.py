"""Query parameters of the dip-sample list (API)."""

from core.filters import AreaFilter, DateFilter, FilterSet


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
