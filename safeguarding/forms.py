"""Forms of the safeguarding pages: they parse; the services decide (their messages show beside the fields)."""

from django import forms

from accounts.models import Area
from incidents.models import Incident, Party
from people.models import Person

from .models import CivilOrder, Condition, NoticeKind, ProtectionNotice

MAX_METRES = 100_000


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class ConditionsMixin(forms.Form):
    """The usual conditions as fields; ``conditions()`` gives the service its list."""

    no_contact = forms.BooleanField(required=False, label="No contact, direct or indirect, with the protected person")
    not_within_premises = forms.CharField(
        max_length=300, required=False, label="Not to come within a distance of these premises"
    )
    not_within_metres = forms.IntegerField(min_value=1, max_value=MAX_METRES, required=False, label="Distance (metres)")
    leave_premises = forms.CharField(max_length=300, required=False, label="To leave these premises")
    not_enter_premises = forms.CharField(max_length=300, required=False, label="Not to enter these premises")
    other_condition = forms.CharField(max_length=300, required=False, label="Another condition")

    def conditions(self) -> list[dict]:
        return self.conditions_from(self.cleaned_data)

    @staticmethod
    def conditions_from(d: dict) -> list[dict]:
        out = []
        if d.get("no_contact"):
            out.append({"kind": Condition.Kind.NO_CONTACT})
        if d.get("not_within_premises") or d.get("not_within_metres"):
            out.append(
                {
                    "kind": Condition.Kind.NOT_WITHIN,
                    "premises": d.get("not_within_premises", ""),
                    "distance_metres": d.get("not_within_metres"),
                }
            )
        if d.get("leave_premises"):
            out.append({"kind": Condition.Kind.LEAVE_PREMISES, "premises": d["leave_premises"]})
        if d.get("not_enter_premises"):
            out.append({"kind": Condition.Kind.NOT_ENTER, "premises": d["not_enter_premises"]})
        if d.get("other_condition"):
            out.append({"kind": Condition.Kind.OTHER, "detail": d["other_condition"]})
        return out


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        born = f", born {obj.date_of_birth:%d/%m/%Y}" if obj.date_of_birth else ""
        return f"{obj.full_name}{born}"


class NoticeDraftForm(ConditionsMixin):
    kind = forms.ChoiceField(choices=NoticeKind.choices, widget=forms.RadioSelect, label="Notice")
    subject = PartyChoiceField(queryset=Person.objects.none(), label="Given to (the suspect)")
    protected = PartyChoiceField(queryset=Person.objects.none(), label="Protecting (the victim)")
    grounds = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Grounds")
    victim_views = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="The victim's views (or why they are not known)"
    )

    def __init__(self, *args, incident: Incident, **kwargs):
        super().__init__(*args, **kwargs)
        parties = Party.objects.filter(incident=incident)
        suspects = parties.filter(role=Party.Role.SUSPECT).values("person_id")
        victims = parties.filter(role=Party.Role.VICTIM).values("person_id")
        self.fields["subject"].queryset = Person.objects.filter(pk__in=suspects)
        self.fields["protected"].queryset = Person.objects.filter(pk__in=victims)


class AuthoriseForm(forms.Form):
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Reasons for authorising")


class RefuseForm(forms.Form):
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Reasons for refusing")


class ServeForm(forms.Form):
    served_at = forms.DateTimeField(widget=DateTimeInput, label="Served at")
    hearing_notice_address = forms.CharField(max_length=300, label="Address the person gave for notice of the hearing")


class HearingForm(ConditionsMixin):
    hearing_at = forms.DateTimeField(widget=DateTimeInput, label="Heard at")
    court = forms.CharField(max_length=150, label="Court")
    outcome = forms.ChoiceField(choices=ProtectionNotice.Outcome.choices, label="Outcome")
    ends_on = forms.DateField(
        widget=DateInput,
        required=False,
        label="Order ends on",
        help_text="A DVPO lasts 14 to 28 days; a DAPO may have no end.",
    )


class VariationForm(forms.Form):
    varied_on = forms.DateField(widget=DateInput, label="Varied on")
    change = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="What the court changed")
    new_ends_on = forms.DateField(widget=DateInput, required=False, label="New end (if it moved)")


class NotificationForm(forms.Form):
    received_at = forms.DateTimeField(widget=DateTimeInput, label="Name and address notified at")


class BreachForm(forms.Form):
    incident = forms.CharField(max_length=40, label="Incident reference (the call that recorded the breach)")
    occurred_at = forms.DateTimeField(widget=DateTimeInput, label="When it happened")
    detail = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="What happened")
    arrested = forms.BooleanField(required=False, label="Arrested for the breach")

    def incident_for(self, user) -> Incident | None:
        """The incident of that reference within the user's reach (None otherwise: the service says so)."""
        ref = self.cleaned_data["incident"].strip()
        return Incident.objects.visible_to(user).filter(reference__iexact=ref).select_related("area").first()


class CivilOrderForm(ConditionsMixin):
    kind = forms.ChoiceField(choices=CivilOrder.Kind.choices, label="Order")
    area = forms.ModelChoiceField(queryset=Area.objects.none(), empty_label=None, label="Area")
    subject = forms.IntegerField(min_value=1, max_value=2**63 - 1, label="Respondent's person index number")
    protected = forms.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, label="Protected person's index number"
    )
    court = forms.CharField(max_length=150)
    case_number = forms.CharField(max_length=60, required=False)
    made_on = forms.DateField(widget=DateInput)
    expires_on = forms.DateField(widget=DateInput, required=False, help_text="Leave empty: until further order.")
    power_of_arrest = forms.BooleanField(required=False)
    notified_by = forms.ChoiceField(choices=CivilOrder.NotifiedBy.choices)
    notified_on = forms.DateField(widget=DateInput)
    officer_safety_warning = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import safeguarding_reach

        found = safeguarding_reach(user)
        self.fields["area"].queryset = found.areas() if found else Area.objects.none()
        self.user = user

    def _person(self, field):
        pk = self.cleaned_data.get(field)
        if pk is None:
            return None
        person = Person.objects.visible_to(self.user).filter(pk=pk).first()
        if person is None:
            raise forms.ValidationError("No person in your force's index has that number.")
        return person

    def clean_subject(self):
        return self._person("subject")

    def clean_protected(self):
        return self._person("protected")
