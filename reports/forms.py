"""The analyst's forms: one month's force totals, and a CSV file of them."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from core.filters import MonthField

from .models import COUNT_FIELDS, ForceTotals

WHOLE_FORCE = ""


class ForceTotalsForm(forms.ModelForm):
    """One month's totals for the whole force or one of its areas (a month entered before is replaced)."""

    month = MonthField(widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"), help_text="YYYY-MM")
    where = forms.ChoiceField(label="For", required=False)

    class Meta:
        model = ForceTotals
        fields = ["month", *COUNT_FIELDS, "source"]

    def __init__(self, *args, areas, whole_force: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = {a.code: a for a in areas}
        choices = [(WHOLE_FORCE, "The whole force")] if whole_force else []
        self.fields["where"].choices = choices + [(a.code, a.name) for a in areas]
        self.fields["where"].required = not whole_force
        self.order_fields(["month", "where"])
        for name in COUNT_FIELDS:
            self.fields[name].min_value = 0
            self.fields[name].widget.attrs.update(min=0, inputmode="numeric")

    @property
    def area(self):
        return self.areas.get(self.cleaned_data.get("where") or "")

    def counts(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in COUNT_FIELDS}

    def validate_unique(self):
        """A month entered before is replaced by the service, not refused here."""


class ForceTotalsUploadForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text="Columns as listed above; at most 2 MB.")

    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB: split it.")
        return upload


class ReidentifyForm(forms.Form):
    """Who is behind a pseudonym of the problem profile: the pseudonym, the area of the report and the reason."""

    pseudonym = forms.CharField(max_length=20, validators=[ProhibitNullCharactersValidator()], help_text="P-...")
    area = forms.SlugField(
        required=False, max_length=20, validators=[ProhibitNullCharactersValidator()], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[ProhibitNullCharactersValidator()],
        help_text="Why you need to know who this is (kept in the access log).",
    )
