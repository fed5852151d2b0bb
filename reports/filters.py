"""The force page's parameters: one form for the page, its PDF and CSV, the API and the command."""

from datetime import date, timedelta

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone

from core.filters import IsoDateField, MonthField

from .policies import ReportReach, Scope, scope_for

# The inspection reports a year; five allow a trend without letting one request scan the whole history.
MAX_PERIOD_YEARS = 5
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def default_period(today: date) -> tuple[date, date]:
    """The twelve whole months before this one."""
    end = today.replace(day=1) - timedelta(days=1)
    start = date(end.year, 1, 1) if end.month == 12 else date(end.year - 1, end.month + 1, 1)
    return start, end


class ForcePageQuery(forms.Form):
    """Period (whole local days, both ends included), area (empty: the whole force) and the snapshot day."""

    start = IsoDateField(label="From", required=False, widget=DATE_WIDGET, help_text="YYYY-MM-DD")
    end = IsoDateField(label="To", required=False, widget=DATE_WIDGET, help_text="YYYY-MM-DD, included")
    area = forms.SlugField(label="Area", required=False, max_length=20, validators=[ProhibitNullCharactersValidator()])
    snapshot = IsoDateField(
        label="Active cases on",
        required=False,
        widget=DATE_WIDGET,
        help_text="YYYY-MM-DD; the end of the period unless given",
    )

    def __init__(self, data=None, *, api: bool = False, area_choices=None, today: date | None = None, **kwargs):
        self.api = api
        self.today = today or timezone.localdate()
        super().__init__(data, **kwargs)
        if area_choices is not None:
            # On the page the area is chosen from the user's reach; any code is still checked by scope_for.
            self.fields["area"].widget = forms.Select(choices=area_choices)

    def clean(self):
        data = super().clean()
        self._refuse_repeats()
        default_start, default_end = default_period(self.today)
        start, end = data.get("start") or default_start, data.get("end") or default_end
        if "start" in self.errors or "end" in self.errors:
            return data
        if end > self.today:
            self.add_error("end", "The period cannot end after today.")
        elif end < start:
            self.add_error("end", "The end of the period must be on or after its start.")
        elif end >= _years_after(start, MAX_PERIOD_YEARS):
            self.add_error("end", f"Choose a period of at most {MAX_PERIOD_YEARS} years.")
        snapshot = data.get("snapshot") or min(end, self.today)
        if "snapshot" not in self.errors and snapshot > self.today:
            self.add_error("snapshot", "Active cases can be counted up to today, not on a day to come.")
        data.update(start=start, end=end, snapshot=snapshot, area=data.get("area") or "")
        return data

    def _refuse_repeats(self) -> None:
        getlist = getattr(self.data, "getlist", None)
        if getlist is None:
            return
        for name in self.fields:
            values = getlist(name)
            if len(values) > 1:
                self.add_error(name, "Give this once.")
            elif self.api and values == [""]:
                # Pages send empty fields for "the default"; an API caller leaves the parameter out instead.
                self.add_error(name, "Give a value, or leave the parameter out.")


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28) + timedelta(days=1)


WHOLE_FORCE_BEYOND_REACH = "Choose one of your areas: your reach does not cover the whole force."


class ProfileQuery(ForcePageQuery):
    """The problem profile's parameters: the force page's, without the snapshot day."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["snapshot"]


def force_page_query(
    data, reach: ReportReach, *, api: bool, form_class: type[ForcePageQuery] = ForcePageQuery
) -> tuple[ForcePageQuery, Scope | None]:
    """The parameters parsed and the scope they ask for (None with the form's errors when they are wrong).

    An area beyond the user's reach (or of another force) raises Http404. On the page, someone whose reach
    does not cover the whole force starts at their first area.
    """
    choices = None
    if not api:
        choices = [("", "Whole force")] if reach.whole_forces else []
        choices += [(a.code, a.name) for a in reach.areas]
        if "area" not in data and not reach.whole_forces and reach.areas:
            data = data.copy()
            data["area"] = reach.areas[0].code
    form = form_class(data, api=api, area_choices=choices)
    if not form.is_valid():
        return form, None
    scope = scope_for(reach, form.cleaned_data["area"])
    if scope is None:
        form.add_error("area", WHOLE_FORCE_BEYOND_REACH)
    return form, scope


class TotalsChangeQuery(forms.Form):
    """Which month's totals the form opens with (the list's Change links)."""

    month = MonthField(required=False)
    where = forms.SlugField(required=False, max_length=20, validators=[ProhibitNullCharactersValidator()])
