"""Query parameters of the MARAC lists (API), the agenda's version and the referral page."""

import django_filters
from django import forms

from core.filters import AreaFilter, BooleanFilter, FilterSet, IdField, IdFilter

from . import selectors

WHEN = [("coming", "Coming"), ("past", "Past")]
VERSIONS = [("police", "Police"), ("partner", "Partner")]


class MeetingFilter(FilterSet):
    """Coming meetings (soonest first) or past ones (latest first), by area."""

    defaults = {"when": "coming"}

    when = django_filters.ChoiceFilter(choices=WHEN, method="filter_when", help_text="Default: coming")
    area = AreaFilter()

    def filter_when(self, queryset, name, value):
        return selectors.meetings_when(queryset, coming=value == "coming")


class ReferralFilter(FilterSet):
    """The cases of one meeting, or those no meeting had room for."""

    meeting = IdFilter(field_name="meeting", label="Meeting", help_text="Only the cases of this meeting")
    awaiting = BooleanFilter(method="filter_awaiting", help_text="Only the cases no meeting had room for")

    def filter_awaiting(self, queryset, name, value):
        return queryset.filter(meeting__isnull=True) if value else queryset


class AgendaVersionForm(forms.Form):
    """Which agenda the page gives police (partners always get theirs)."""

    version = forms.ChoiceField(choices=VERSIONS, required=False)


class ReferStartForm(forms.Form):
    """Where a police referral starts from: a DASH assessment or a person's page."""

    assessment = IdField(required=False)
    victim = IdField(required=False)
