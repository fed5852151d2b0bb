"""Forms of Clare's Law, bail and release and the Victims' Code. They parse; the services decide (and their
errors are shown beside these fields, core.forms.apply_service_errors)."""

from django import forms
from django.core.validators import MaxValueValidator

from core.forms import RadioFormMixin
from people.models import Person

from .models.custody import BailCondition, CustodyStatus
from .models.disclosures import DisclosureApplication, Route, Stage
from .models.victims_code import VictimContact

BIGINT = 2**63 - 1
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _NoNul:
    """Text carrying a NUL byte is refused beside its field (PostgreSQL would refuse it with a 500)."""

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str) and "\x00" in value:
                self.add_error(name, "Remove the unprintable characters.")
        return data


class PersonIdField(forms.IntegerField):
    """A person of the index by their number; the form's ``user`` limits it to their force."""

    def __init__(self, **kwargs):
        super().__init__(min_value=1, validators=[MaxValueValidator(BIGINT)], **kwargs)


class DisclosureOpenForm(_NoNul, RadioFormMixin, forms.Form):
    route = forms.ChoiceField(choices=Route.choices, widget=forms.RadioSelect)
    area = forms.ModelChoiceField(queryset=None)
    applicant_kind = forms.ChoiceField(
        choices=DisclosureApplication.ApplicantKind.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Right to ask: who applied.",
    )
    person_at_risk = PersonIdField(help_text="Person index number of the person at risk.")
    subject = PersonIdField(help_text="Person index number of the person the application is about.")
    applicant = PersonIdField(required=False, help_text="A third party: their person index number.")
    applicant_relationship = forms.CharField(max_length=200, required=False)
    relationship_to_subject = forms.CharField(max_length=200)
    concern = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    received_at = forms.DateTimeField(widget=DATETIME, required=False, help_text="Default: now.")

    def __init__(self, *args, user=None, **kwargs):
        from accounts.reach import areas_within

        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["area"].queryset = areas_within(user, "safeguarding.add_disclosureapplication")

    def clean(self):
        data = super().clean()
        people = Person.objects.visible_to(self.user)
        for name in ("person_at_risk", "subject", "applicant"):
            pk = data.get(name)
            if pk:
                found = people.filter(pk=pk).first()
                if found is None:
                    self.add_error(name, "No such person in the index.")
                data[name] = found
        if data.get("route") == Route.RIGHT_TO_ASK and not data.get("applicant_kind"):
            self.add_error("applicant_kind", "Say who applied.")
        return data


class StageForm(_NoNul, forms.Form):
    """The next stage of an application (not the decision, not a disclosure)."""

    stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=BIGINT)
    done_at = forms.DateTimeField(widget=DATETIME, required=False, help_text="Default: now.")
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False)
    immediate_risk = forms.NullBooleanField(
        required=False, widget=forms.Select(choices=[("", "—"), ("true", "Yes"), ("false", "No")])
    )
    immediate_action = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False)
    identity_checked = forms.BooleanField(required=False)
    identity_evidence = forms.CharField(max_length=200, required=False, help_text="Checked against what?")
    checks = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False)


class DecisionForm(_NoNul, RadioFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=BIGINT)
    decision = forms.ChoiceField(choices=DisclosureApplication.Decision.choices, widget=forms.RadioSelect)
    refusal_reason = forms.ChoiceField(
        choices=[("", "—"), *DisclosureApplication.RefusalReason.choices], required=False
    )
    agencies_present = forms.CharField(max_length=300, required=False, help_text="The agencies at the decision.")
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False)
    done_at = forms.DateTimeField(widget=DATETIME, required=False, help_text="Default: now.")


class DisclosureGiveForm(_NoNul, RadioFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=BIGINT)
    disclosed_to = PersonIdField(help_text="Person index number of whoever was told (usually the person at risk).")
    method = forms.ChoiceField(choices=[], widget=forms.RadioSelect)
    what_was_said = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=10000, required=False)
    undertaking_signed = forms.BooleanField(required=False, label="The undertaking of confidentiality was signed")
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False)
    disclosed_at = forms.DateTimeField(widget=DATETIME, required=False, help_text="Default: now.")

    def __init__(self, *args, user=None, **kwargs):
        from .models.disclosures import Disclosure

        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["method"].choices = Disclosure.Method.choices

    def clean(self):
        data = super().clean()
        pk = data.get("disclosed_to")
        if pk:
            data["disclosed_to"] = Person.objects.visible_to(self.user).filter(pk=pk).first()
            if data["disclosed_to"] is None:
                self.add_error("disclosed_to", "No such person in the index.")
        return data


def _party_choices(incident, role: str) -> list[tuple[int, str]]:
    return [(p.person_id, p.person.full_name) for p in incident.parties.all() if p.role == role]


class VictimViewsForm(_NoNul, RadioFormMixin, forms.Form):
    victim = forms.TypedChoiceField(coerce=int, choices=[])
    suspect = forms.TypedChoiceField(coerce=int, choices=[])
    reached = forms.TypedChoiceField(
        choices=[("yes", "Reached: their views are below"), ("no", "Not reached")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    views = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False)
    not_reached_reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False)
    sought_at = forms.DateTimeField(widget=DATETIME, required=False, help_text="Default: now.")

    def __init__(self, *args, incident=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.incident = incident
        self.fields["victim"].choices = _party_choices(incident, "victim")
        self.fields["suspect"].choices = _party_choices(incident, "suspect")

    def clean(self):
        data = super().clean()
        for name in ("victim", "suspect"):
            if data.get(name):
                data[name] = Person.objects.get(pk=data[name])
        return data


CONDITION_ROWS = 3


class CustodyStatusForm(_NoNul, forms.Form):
    suspect = forms.TypedChoiceField(coerce=int, choices=[])
    kind = forms.ChoiceField(choices=CustodyStatus.Kind.choices)
    decided_at = forms.DateTimeField(widget=DATETIME, required=False, help_text="Default: now.")
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False)
    bail_end_date = forms.DateField(widget=DATE, required=False, help_text="Pre-charge bail: the day it ends.")
    court_date = forms.DateField(widget=DATE, required=False)
    release_date = forms.DateField(widget=DATE, required=False, help_text="Remanded or in prison.")

    def __init__(self, *args, incident=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.incident = incident
        self.fields["suspect"].choices = _party_choices(incident, "suspect")
        people = [("", "—")] + [(p.person_id, p.person.full_name) for p in incident.parties.all()]
        for n in range(1, CONDITION_ROWS + 1):
            self.fields[f"condition_{n}_kind"] = forms.ChoiceField(
                choices=[("", "—"), *BailCondition.Kind.choices], required=False, label=f"Condition {n}"
            )
            self.fields[f"condition_{n}_person"] = forms.TypedChoiceField(
                coerce=int, choices=people, required=False, empty_value=None, label=f"Condition {n}: person protected"
            )
            self.fields[f"condition_{n}_detail"] = forms.CharField(
                max_length=300, required=False, label=f"Condition {n}: wording"
            )

    def clean(self):
        from .services.custody import ConditionInput

        data = super().clean()
        if data.get("suspect"):
            data["suspect"] = Person.objects.get(pk=data["suspect"])
        conditions = []
        for n in range(1, CONDITION_ROWS + 1):
            kind = data.pop(f"condition_{n}_kind", "")
            person = data.pop(f"condition_{n}_person", None)
            detail = data.pop(f"condition_{n}_detail", "")
            if kind:
                conditions.append(
                    ConditionInput(kind=kind, detail=detail, protected_person=Person.objects.filter(pk=person).first())
                )
            elif detail:
                self.add_error(f"condition_{n}_kind", "Choose the kind of condition.")
        data["conditions"] = conditions
        return data

    def field_rows(self):
        return [
            (self[f"condition_{n}_kind"], self[f"condition_{n}_person"], self[f"condition_{n}_detail"])
            for n in range(1, CONDITION_ROWS + 1)
        ]


class VictimContactForm(_NoNul, RadioFormMixin, forms.Form):
    victim = forms.TypedChoiceField(coerce=int, choices=[])
    method = forms.ChoiceField(choices=VictimContact.Method.choices)
    reached = forms.TypedChoiceField(
        choices=[("yes", "Reached"), ("no", "Not reached (a message left)")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    what_was_said = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False)
    contacted_at = forms.DateTimeField(widget=DATETIME, required=False, help_text="Default: now.")
    updates = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], required=False, widget=forms.CheckboxSelectMultiple, label="Updates given"
    )

    def __init__(self, *args, incident=None, **kwargs):
        from .models.victims_code import VictimUpdate

        super().__init__(*args, **kwargs)
        self.incident = incident
        self.fields["victim"].choices = _party_choices(incident, "victim")
        self.fields["updates"].choices = [
            (u.pk, f"{u.victim.full_name}: {u.get_event_display()} — {u.description} (due {u.due_on:%d/%m/%Y})")
            for u in VictimUpdate.objects.filter(incident=incident, given_at__isnull=True).select_related("victim")
        ]

    def clean(self):
        data = super().clean()
        if data.get("victim"):
            data["victim"] = Person.objects.get(pk=data["victim"])
        return data


class ReviewTaskDoneForm(_NoNul, forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False)
