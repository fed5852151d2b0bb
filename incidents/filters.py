"""Query parameters of the incident list (page and API) and of the call-audit page."""

import django_filters
from django import forms

from core.filters import AreaFilter, DateTimeFilter, FilterSet, IdFilter, MonthField

from .models import Incident


class IncidentFilter(FilterSet):
    """Incidents by area, status, time received and a person involved."""

    area = AreaFilter()
    status = django_filters.ChoiceFilter(choices=Incident.Status.choices, empty_label="Any")
    received_after = DateTimeFilter(
        field_name="received_at", lookup_expr="gte", label="Received after", help_text="Received at or after"
    )
    received_before = DateTimeFilter(field_name="received_at", lookup_expr="lt", label="Received before")
    person = IdFilter(
        field_name="parties__person", distinct=True, label="Person", help_text="Incidents involving this person"
    )


class CallAuditMonthForm(forms.Form):
    """The month whose share of audited calls the page shows."""

    month = MonthField(required=False)
