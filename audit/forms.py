from django import forms
from django.contrib.auth import get_user_model

from accounts.reach import reach
from core.filters import BoundedDateField, IdField
from people.models import Person


class AuditSearchForm(forms.Form):
    """Find accesses to one person's records, or everything one user did: of the auditor's own force."""

    person = IdField(required=False, label="Person number", help_text="The person index number.")
    username = forms.CharField(required=False, max_length=150, label="Username")
    date_from = BoundedDateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = BoundedDateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, auditor, **kwargs):
        super().__init__(*args, **kwargs)
        self.reach = reach(auditor)

    def clean_person(self):
        """A person of another force's index is not the auditor's to look into (a number no longer in the index,
        its record erased, may still be looked up: the log outlives the record)."""
        person = self.cleaned_data["person"]
        theirs = Person.objects.filter(pk=person)
        if person and (self.reach is None or theirs.exclude(force_id=self.reach.force_id).exists()):
            raise forms.ValidationError("No person has this number in your force's index.")
        return person

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if username:
            users = self.reach.users() if self.reach else get_user_model().objects.none()
            try:
                self.cleaned_data["user"] = users.get(username__iexact=username)
            except get_user_model().DoesNotExist:
                raise forms.ValidationError("No user of your force has this username.") from None
        return username

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("username") and not self.errors:
            raise forms.ValidationError("Give a person number or a username.")
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date is before the start date.")
        return data
