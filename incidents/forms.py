"""Forms for call intake and the work that follows on an incident."""

import uuid

from django import forms
from django.utils import timezone

from accounts.models import User
from accounts.reach import areas_within
from accounts.roles import Role
from core.constraints import constraint_errors
from core.forms import RadioFormMixin
from people.forms import DateInput
from people.models import Person
from people.services import AddressInput, PersonInput
from people.validators import validate_date_of_birth

from .models import Answer, Checklist, Crime, Evidence, Incident, IntelligenceCheck, Party
from .models.supervision import CALL_STANDARD
from .services.intake import PartyInput, validate_received_at


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class IncidentForm(RadioFormMixin, forms.ModelForm):
    """The call: how and when it came, where, the relationship and the abuse."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    abuse_types = forms.MultipleChoiceField(
        choices=Incident.AbuseType.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Incident
        fields = [
            "area",
            "channel",
            "received_at",
            "is_domestic_abuse",
            "location",
            "location_postcode",
            "children_location",
            "relationship",
            "family_relation",
            "abuse_types",
            "summary",
        ]
        widgets = {
            "channel": forms.RadioSelect,
            "relationship": forms.RadioSelect,
            "received_at": DateTimeInput,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"is_domestic_abuse": "This is a domestic-abuse incident", "location_postcode": "Postcode"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas_within(user, "incidents.add_incident", own=True)
        self.fields["area"].empty_label = None
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))
            self.initial.setdefault("submission_key", uuid.uuid4())

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        try:
            validate_received_at(received_at=value)
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["received_at"]) from exc
        return value


class ChecklistForm(RadioFormMixin, forms.ModelForm):
    """The call-handling checklist; the model says which answers need a reason."""

    class Meta:
        model = Checklist
        fields = [
            "injuries",
            "injury_severity",
            "injuries_reason",
            "medical_help",
            "medical_help_reason",
            "weapons",
            "weapons_detail",
            "weapons_reason",
            "children_present",
            "children_present_reason",
            "children_safe",
            "children_safe_reason",
            "victim_safe_now",
            "victim_safe_reason",
        ]
        widgets = {
            name: forms.RadioSelect
            for name in ["injuries", "medical_help", "weapons", "children_present", "children_safe", "victim_safe_now"]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children_safe"].required = False
        self.fields["children_safe"].choices = Answer.choices
        self.fields["injury_severity"].required = False


class PartyForm(RadioFormMixin, forms.Form):
    """One person in the incident: chosen from the index, or entered as new."""

    role = forms.ChoiceField(choices=Party.Role.choices)
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    given_name = forms.CharField(required=False, max_length=100, label="First name")
    surname = forms.CharField(required=False, max_length=100)
    date_of_birth = forms.DateField(required=False, widget=DateInput, validators=[validate_date_of_birth])
    gender = forms.ChoiceField(choices=Person.Gender.choices, initial=Person.Gender.UNKNOWN)
    phone = forms.CharField(required=False, max_length=30)
    postcode = forms.CharField(required=False, max_length=10)
    is_caller = forms.BooleanField(required=False, label="This person is the caller")
    location_known = forms.ChoiceField(choices=Answer.choices, widget=forms.RadioSelect, label="Location known")
    location = forms.CharField(required=False, max_length=200, label="Where they are now")
    location_reason = forms.CharField(required=False, max_length=200, label="Why the location is not known")

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if not self.has_changed() and not data.get("person"):
            return data
        person_id = data.get("person")
        if person_id:
            person = Person.objects.visible_to(self.user).filter(pk=person_id).first()
            if person is None:
                self.add_error("surname", "That person is not in the index; search again.")
            elif person.merged_into_id:
                self.add_error("surname", "That record was merged into another; search again.")
            data["person_obj"] = person
        elif not data.get("surname", "").strip():
            self.add_error("surname", "Enter the surname, or choose the person from the index.")
        # Where they are, or why that is not known: the party's own rules, beside these fields.
        where = Party(**{f: data.get(f, "") for f in ("role", "location_known", "location", "location_reason")})
        for field, errors in constraint_errors(where, exclude={"incident", "person"}).items():
            self.add_error(field, errors)
        return data

    def to_input(self) -> PartyInput:
        d = self.cleaned_data
        new_person = None
        if not d.get("person_obj"):
            new_person = PersonInput(
                surname=d["surname"],
                given_name=d.get("given_name", ""),
                date_of_birth=d.get("date_of_birth"),
                gender=d.get("gender") or Person.Gender.UNKNOWN,
                phones=[d["phone"]] if d.get("phone") else [],
            )
            if d.get("postcode"):
                new_person.address = AddressInput(line_1=d.get("location") or "Not recorded", postcode=d["postcode"])
        return PartyInput(
            role=d["role"],
            location_known=d["location_known"],
            person=d.get("person_obj"),
            new_person=new_person,
            is_caller=d.get("is_caller", False),
            location=d.get("location", ""),
            location_reason=d.get("location_reason", ""),
        )


class BasePartyFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        filled = [f for f in self.forms if f.has_changed() or f.cleaned_data.get("person")]
        if not any(f.cleaned_data.get("role") == Party.Role.VICTIM for f in filled):
            raise forms.ValidationError("Add the victim: every domestic-abuse incident has at least one.")
        if sum(bool(f.cleaned_data.get("is_caller")) for f in filled) > 1:
            raise forms.ValidationError("Only one party can be the caller.")

    def filled_forms(self):
        return [f for f in self.forms if f.has_changed() or f.cleaned_data.get("person")]


PartyFormSet = forms.formset_factory(PartyForm, formset=BasePartyFormSet, extra=0, min_num=1, max_num=12)


class IntelligenceCheckForm(forms.ModelForm):
    systems = forms.MultipleChoiceField(choices=IntelligenceCheck.System.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = IntelligenceCheck
        fields = ["systems", "findings", "responsible"]
        widgets = {"findings": forms.Textarea(attrs={"rows": 3})}


class GradeForm(RadioFormMixin, forms.Form):
    grade = forms.ChoiceField(choices=Incident.Grade.choices, widget=forms.RadioSelect, label="Response grade")
    appointment_reason = forms.CharField(required=False, max_length=300)


class DeploymentForm(forms.Form):
    call_sign = forms.CharField(max_length=30)
    dispatched_at = forms.DateTimeField(widget=DateTimeInput)
    arrived_at = forms.DateTimeField(required=False, widget=DateTimeInput)


def _users_with_roles(*roles: Role):
    return (
        User.objects.filter(groups__name__in=[r.value for r in roles], is_active=True)
        .distinct()
        .order_by("last_name", "first_name")
    )


class SupervisorAttendanceForm(forms.Form):
    supervisor = forms.ModelChoiceField(queryset=User.objects.none())
    attended_at = forms.DateTimeField(widget=DateTimeInput)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = _users_with_roles(
            Role.SERGEANT, Role.CONTROL_ROOM_SUPERVISOR, Role.SENIOR_OFFICER, Role.PVP_SUPERVISOR
        )


class CrimeForm(forms.ModelForm):
    class Meta:
        model = Crime
        fields = ["crime_number", "offence"]


class AllocationForm(forms.Form):
    investigator = forms.ModelChoiceField(queryset=User.objects.none())
    rule = forms.ChoiceField(choices=Crime.AllocationRule.choices, label="Allocation rule applied")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investigator"].queryset = _users_with_roles(
            Role.RESPONSE_OFFICER, Role.SERGEANT, Role.PVP_OFFICER, Role.PVP_SUPERVISOR
        )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=Crime.Outcome.choices)
    outcome_reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Reason")


class ArrestForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none())
    arrested_at = forms.DateTimeField(widget=DateTimeInput)
    offence = forms.CharField(max_length=200)

    def __init__(self, *args, incident, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(parties__incident=incident).distinct()


class PositiveActionForm(forms.Form):
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Positive-action rationale")


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = Evidence
        fields = ["kind", "reference", "image", "description", "camera", "clip_start", "clip_end"]
        labels = {"clip_start": "Clip starts (body-worn video)", "clip_end": "Clip ends (body-worn video)"}
        widgets = {
            "image": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            "clip_start": forms.DateTimeInput(attrs={"type": "datetime-local", "step": 1}, format="%Y-%m-%dT%H:%M:%S"),
            "clip_end": forms.DateTimeInput(attrs={"type": "datetime-local", "step": 1}, format="%Y-%m-%dT%H:%M:%S"),
        }


class NoteForm(forms.Form):
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CallAuditDrawForm(forms.Form):
    month = forms.DateField(
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"), input_formats=["%Y-%m", "%Y-%m-%d"]
    )
    per_handler = forms.IntegerField(min_value=1, max_value=20, initial=2, label="Calls per handler")


class CallAuditScoreForm(forms.Form):
    comments = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in CALL_STANDARD.items():
            self.fields[key] = forms.TypedChoiceField(
                label=label,
                choices=[(2, "Met"), (1, "Partly met"), (0, "Not met")],
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.order_fields([*CALL_STANDARD, "comments"])

    def scores(self) -> dict[str, int]:
        return {key: self.cleaned_data[key] for key in CALL_STANDARD}
