from django import forms
from django.contrib.auth import get_user_model

from core.filters import BoundedDateField, IdField


class AuditSearchForm(forms.Form):
    """Find accesses to one person's records, or everything one user did."""

    person = IdField(required=False, label="Person number", help_text="The person index number.")
    username = forms.CharField(required=False, max_length=150, label="Username")
    date_from = BoundedDateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = BoundedDateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if username:
            try:
                self.cleaned_data["user"] = get_user_model().objects.get(username__iexact=username)
            except get_user_model().DoesNotExist:
                raise forms.ValidationError("No user has this username.") from None
        return username

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("username") and not self.errors:
            raise forms.ValidationError("Give a person number or a username.")
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date is before the start date.")
        return data
