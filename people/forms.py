from django import forms

from accounts.step_up import StepUpForm

from .matching import MatchRecord
from .models import Address, Email, Marker, Person, PersonAlias, Phone
from .validators import validate_date_of_birth


class DateInput(forms.DateInput):
    input_type = "date"


class PersonSearchForm(forms.Form):
    """Any of name, date of birth, address, postcode and phone."""

    given_name = forms.CharField(required=False, max_length=100, label="First name")
    surname = forms.CharField(required=False, max_length=100, label="Surname")
    date_of_birth = forms.DateField(required=False, widget=DateInput, validators=[validate_date_of_birth])
    address = forms.CharField(required=False, max_length=150, label="Address (first line)")
    postcode = forms.CharField(required=False, max_length=10)
    phone = forms.CharField(required=False, max_length=30)

    def clean(self):
        data = super().clean()
        if not any(data.get(f) for f in self.fields) and not self.errors:
            raise forms.ValidationError("Enter at least one of name, date of birth, address, postcode or phone.")
        return data

    def to_query(self) -> MatchRecord:
        d = self.cleaned_data
        return MatchRecord(
            given_names=(d["given_name"].strip(),) if d.get("given_name", "").strip() else (),
            surnames=(d["surname"].strip(),) if d.get("surname", "").strip() else (),
            date_of_birth=d.get("date_of_birth"),
            postcodes=(d["postcode"].strip(),) if d.get("postcode", "").strip() else (),
            address_lines=(d["address"].strip(),) if d.get("address", "").strip() else (),
            phones=(d["phone"].strip(),) if d.get("phone", "").strip() else (),
        )


class PersonForm(forms.ModelForm):
    """A new person, or changes to a person's own details."""

    class Meta:
        model = Person
        fields = [
            "given_name",
            "middle_names",
            "surname",
            "date_of_birth",
            "estimated_age",
            "gender",
            "language",
            "interpreter_needed",
        ]
        widgets = {"date_of_birth": DateInput}

    def clean(self):
        data = super().clean()
        if data.get("date_of_birth") and data.get("estimated_age") is not None:
            self.add_error("estimated_age", "Give either the date of birth or an estimated age, not both.")
        return data


class AliasForm(forms.ModelForm):
    class Meta:
        model = PersonAlias
        fields = ["given_name", "surname", "kind"]

    def clean(self):
        data = super().clean()
        if not data.get("given_name") and not data.get("surname"):
            raise forms.ValidationError("Give a first name or a surname.")
        return data


class AddressForm(forms.ModelForm):
    class Meta:
        model = Address
        fields = ["line_1", "line_2", "town", "postcode", "valid_from", "confidential", "confidential_reason"]
        widgets = {"valid_from": DateInput}
        labels = {"line_1": "Address line 1", "line_2": "Address line 2", "valid_from": "Living here since"}


class PhoneForm(forms.ModelForm):
    class Meta:
        model = Phone
        fields = ["number", "kind", "safe_to_call"]

    def clean_number(self) -> str:
        number = self.cleaned_data["number"].strip()
        digits = "".join(c for c in number if c.isdigit())
        if not 10 <= len(digits) <= 15:
            raise forms.ValidationError("Enter a full phone number, with the area code.")
        return number


class EmailForm(forms.ModelForm):
    class Meta:
        model = Email
        fields = ["address", "safe_to_contact"]
        labels = {"address": "E-mail address"}


class MarkerForm(forms.ModelForm):
    class Meta:
        model = Marker
        fields = ["kind", "code", "detail"]


class RevealForm(StepUpForm):
    """Why the address is needed, and the user's password or code again (step-up) before it is shown."""

    field_order = ["reason", "step_up"]

    reason = forms.CharField(
        max_length=300,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why you need this address now. Your reason is recorded.",
    )


class MergeForm(forms.Form):
    survivor = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    merged = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    reason = forms.CharField(max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
