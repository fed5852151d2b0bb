"""Query parameters of the assessment list (API)."""

import django_filters

from core.filters import FilterSet

from .models import Assessment


class AssessmentFilter(FilterSet):
    status = django_filters.ChoiceFilter(choices=Assessment.Status.choices)
