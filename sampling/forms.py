"""Forms of the dip sample pages."""

from django import forms

from core.filters import BoundedDateField
from core.forms import RadioFormMixin
from risk.models import Grade

from .models import DipSampleItem
from .selectors import STATUSES


class ComplianceFilterForm(forms.Form):
    area = forms.ModelChoiceField(queryset=None, required=False, empty_label="All areas")
    first = BoundedDateField(
        label="Periods from", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    last = BoundedDateField(
        label="to", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    status = forms.ChoiceField(choices=[("", "Any"), *STATUSES.items()], required=False)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("last") and data["first"] > data["last"]:
            self.add_error("last", "The end of the range must be after its start.")
        return data


class DrawForm(forms.Form):
    area = forms.ModelChoiceField(queryset=None, empty_label=None, label="Area")

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class ResultForm(RadioFormMixin, forms.Form):
    result = forms.ChoiceField(choices=DipSampleItem.Result.choices, widget=forms.RadioSelect, label="Your finding")
    grade = forms.ChoiceField(
        choices=[("", "Keep the grade"), *Grade.choices],
        required=False,
        label="New grade",
        help_text="Only for a regrade. The answers set the lowest grade allowed.",
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Reason or note",
        help_text="Needed for a regrade (why the grade changes) and for a practice issue (what the officer's "
        "supervisor should take up with them).",
    )


class IssueAddressForm(forms.Form):
    response = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="How the issue was dealt with",
        help_text="For example: discussed with the officer on 3 March; refresher on question 18 booked.",
    )
