"""Query parameters: the fields and filters every list parses its parameters with, on the pages and in the API.

Each app keeps its FilterSets (and the small forms for other GET parameters) in ``<app>/filters.py``; the API
views name them as ``filterset_class`` (DjangoFilterBackend turns an invalid one into a 400 with a message per
field, and drf-spectacular documents the parameters from them), the pages bind the same classes to
``request.GET``. The fields here refuse what the database would choke on: NUL characters, years the force
never deals in, UTC offsets PostgreSQL cannot store, ids past a bigint.
"""

from datetime import date, datetime, timedelta

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_filters import fields as filter_fields
from rest_framework.request import Request

# Dates outside these years are typing mistakes or probes: refused before they reach the database.
YEAR_MIN, YEAR_MAX = 1900, 2100
# PostgreSQL stores UTC offsets up to 15:59 either way; real ones stop at 14:00.
MAX_UTC_OFFSET = timedelta(hours=15, minutes=59)
# Ids are bigints.
ID_MAX = 2**63 - 1

_no_nul = ProhibitNullCharactersValidator()


def _refuse_nul(value) -> None:
    if isinstance(value, str):
        _no_nul(value)


def check_year(value: date | datetime | None) -> None:
    if value is not None and not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ValidationError(f"Give a year between {YEAR_MIN} and {YEAR_MAX}.", code="year_out_of_range")


class BoundedDateField(forms.DateField):
    """A date in the years the system deals in (the usual input formats)."""

    def to_python(self, value):
        _refuse_nul(value)
        result = super().to_python(value)
        check_year(result)
        return result


class IsoDateField(BoundedDateField):
    """A date written YYYY-MM-DD, in the years the system deals in."""

    input_formats = ("%Y-%m-%d",)
    default_error_messages = {"invalid": "Use an ISO 8601 date (YYYY-MM-DD)."}


class IsoDateTimeField(forms.DateTimeField):
    """An ISO 8601 date and time (a date alone is its midnight); without an offset, in local time."""

    # ISO 8601 only: Django's parse_datetime runs first, and no other format is tried after it.
    input_formats = ()
    default_error_messages = {"invalid": "Use an ISO 8601 date and time, such as 2026-01-31T09:30:00+00:00."}

    def to_python(self, value):
        _refuse_nul(value)
        result = super().to_python(value)
        if result is not None:
            offset = result.utcoffset()
            if offset is not None and abs(offset) > MAX_UTC_OFFSET:
                raise ValidationError("A UTC offset is at most 15:59 either way.", code="offset_out_of_range")
            check_year(result)
        return result


class MonthField(forms.DateField):
    """A month written YYYY-MM, as the first day of that month."""

    input_formats = ("%Y-%m",)
    default_error_messages = {"invalid": "Use a month written YYYY-MM."}

    def to_python(self, value):
        _refuse_nul(value)
        result = super().to_python(value)
        check_year(result)
        return result


class IdField(forms.IntegerField):
    """A record's number: a whole number from 1 to the largest id the database holds."""

    default_error_messages = {"invalid": "Give a record number.", "max_value": "No record has a number that large."}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)

    def to_python(self, value):
        _refuse_nul(value)
        return super().to_python(value)


class QueryCheckbox(forms.CheckboxInput):
    """A checkbox that hands its raw value to the field, so that a value other than yes or no is an error."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda v: str(v).strip().lower() in BooleanQueryField.TRUE)

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class BooleanQueryField(forms.Field):
    """true or false (also 1 or 0; a ticked checkbox sends on); absent or empty is neither."""

    widget = QueryCheckbox
    TRUE = frozenset({"true", "1", "on"})
    FALSE = frozenset({"false", "0"})
    default_error_messages = {"invalid": "true or false."}

    def to_python(self, value):
        if value is None or isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text == "":
            return None
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class NulSafeModelChoiceField(filter_fields.ModelChoiceField):
    def to_python(self, value):
        _refuse_nul(value)
        return super().to_python(value)


class DateFilter(django_filters.DateFilter):
    field_class = IsoDateField


class DateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = IsoDateTimeField


class BooleanFilter(django_filters.BooleanFilter):
    field_class = BooleanQueryField


class IdFilter(django_filters.Filter):
    """A filter on a foreign key by the related record's number (documented as an integer from the model)."""

    field_class = IdField


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = NulSafeModelChoiceField


class FilterSet(django_filters.FilterSet):
    """The base of every FilterSet: ``defaults`` stand in for the parameters a caller leaves out, and a
    parameter given twice is an error (a form would quietly take the last one)."""

    defaults: dict[str, str] = {}

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and self.defaults:
            data = data.copy()
            for name, value in self.defaults.items():
                if name not in data:
                    data[name] = value
        super().__init__(data, *args, **kwargs)

    def is_valid(self) -> bool:
        valid = super().is_valid()
        getlist = getattr(self.data, "getlist", None)
        # Pages send empty fields for "any"; an API caller leaves the parameter out instead.
        api = isinstance(self.request, Request)
        for name in self.filters if getlist else ():
            values = getlist(name)
            if len(values) > 1:
                self.form.add_error(name, "Give this once.")
                valid = False
            elif api and values == [""]:
                self.form.add_error(name, "Give a value, or leave the parameter out.")
                valid = False
        return valid


def areas_in_reach(request: HttpRequest | None):
    """The areas a user may filter by: their force's for force-wide roles, else their own (accounts/reach.py)."""
    from accounts.reach import areas_within

    return areas_within(getattr(request, "user", None), partners=True)


def AreaFilter(**kwargs) -> ModelChoiceFilter:  # noqa: N802 - used like the filter classes beside it
    """An area of the user's reach, by its code."""
    kwargs.setdefault("field_name", "area")
    kwargs.setdefault("help_text", "Area code")
    kwargs.setdefault("empty_label", "All my areas")
    return ModelChoiceFilter(queryset=areas_in_reach, to_field_name="code", **kwargs)


def bad_query(request: HttpRequest, form: forms.Form) -> HttpResponse:
    """The 400 page for a page's query parameters that do not parse, with what is wrong with each."""
    errors = [
        (form.fields[name].label or name.replace("_", " ").capitalize() if name in form.fields else "", msgs)
        for name, msgs in form.errors.items()
    ]
    return render(request, "errors/400_query.html", {"errors": errors}, status=400)
