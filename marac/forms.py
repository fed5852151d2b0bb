"""Forms for MARAC pages: each field labelled; the services hold the rules, the forms ask for what they need."""

from django import forms
from django.utils import timezone

from accounts.models import Agency, Area, User
from accounts.reach import areas_within, reach
from accounts.roles import Role
from core.forms import RadioFormMixin, VersionedForm
from people.forms import DateInput
from people.models import Person
from risk.grading import current_high_risk_threshold

from .models import Criterion, IdvaService, InformationShare, MaracAction, MaracMeeting

YES_NO = [(True, "Yes"), (False, "No")]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class YesNoField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=YES_NO, coerce=lambda v: v in (True, "True"), widget=forms.RadioSelect, empty_value=None, **kwargs
        )


class MeetingForm(forms.Form):
    area = forms.ModelChoiceField(queryset=Area.objects.none(), empty_label=None)
    starts_at = forms.DateTimeField(label="Date and time", widget=DateTimeInput)
    location = forms.CharField(max_length=200, required=False, help_text="Where, or how to join.")
    chair = forms.ModelChoiceField(queryset=User.objects.none(), required=False)
    coordinator = forms.ModelChoiceField(queryset=User.objects.none(), required=False)
    agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        label="Agencies attending",
        help_text="Only these agencies see the meeting's cases.",
    )
    capacity = forms.IntegerField(min_value=1, max_value=100, initial=20, help_text="Cases the meeting can hear.")
    # The bounds are the column's; the rule (10 to 30) is the model's constraint.
    minutes_per_case = forms.IntegerField(
        min_value=0,
        max_value=32767,
        initial=15,
        label="Minutes per case",
        help_text="Each case's time on the agenda (SafeLives: 12 to 15).",
    )

    def __init__(self, *args, user, meeting: MaracMeeting | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        found = reach(user, "marac.add_maracmeeting")
        self.fields["area"].queryset = found.own_areas() if found else Area.objects.none()
        active = User.objects.filter(is_active=True)
        people = (found.own_users(active) if found else User.objects.none()).order_by("last_name", "first_name")
        self.fields["chair"].queryset = people.filter(groups__name=Role.MARAC_CHAIR.value)
        self.fields["coordinator"].queryset = people.filter(groups__name=Role.MARAC_COORDINATOR.value)
        if meeting is not None:
            del self.fields["area"]  # a meeting stays in its area
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
            if not self.is_bound:
                self.initial.setdefault("version", meeting.version)
        elif not self.is_bound:
            self.initial.setdefault("agencies", list(Agency.objects.filter(kind=Agency.Kind.POLICE, is_active=True)))
            if user.has_role(Role.MARAC_CHAIR):
                self.initial.setdefault("chair", user.pk)
            if user.has_role(Role.MARAC_COORDINATOR):
                self.initial.setdefault("coordinator", user.pk)


class CriteriaMixin:
    """Criteria as checkboxes, each labelled with what the records show (computed by the service)."""

    def set_criteria(self, checks, allowed=None) -> None:
        choices = []
        for check in checks:
            if allowed is not None and check.criterion not in allowed:
                continue
            if check.criterion == Criterion.PROFESSIONAL_JUDGEMENT:
                label = f"{check.criterion.label} (give your rationale below)"
            else:
                label = f"{check.criterion.label}: {'met' if check.met else 'not met'}. {check.reason}."
            choices.append((check.criterion.value, label))
        self.fields["criteria"].choices = choices
        if not self.is_bound:
            self.initial.setdefault("criteria", [c.criterion.value for c in checks if c.met])


class ReferralForm(CriteriaMixin, RadioFormMixin, forms.Form):
    """A police referral of a person in the index (from a PVP review or the person's page)."""

    perpetrators = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    criteria = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        label="Criteria you confirm",
        help_text="The system suggests what the records show; confirm each that applies.",
    )
    judgement_rationale = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Professional judgement: why"
    )
    information_sharing_basis = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The lawful basis for sharing, e.g. vital interests, crime prevention, consent.",
    )
    victim_aware = YesNoField(label="Does the victim know of the referral?")
    idva_offered = forms.BooleanField(required=False, label="An IDVA was offered")
    idva_service = forms.ModelChoiceField(queryset=IdvaService.objects.none(), required=False, label="IDVA service")
    idva_outcome = forms.CharField(max_length=200, required=False, label="Outcome of the IDVA offer")
    # The length rule is the service's (its message shows beside the field).
    safe_contact_times = forms.CharField(
        required=False,
        label="Safe times to contact the victim",
        help_text="e.g. weekdays 10:00 to 14:00, when he is at work.",
    )
    safe_contact_callers = forms.CharField(
        required=False,
        label="Who may call, and how",
        help_text="e.g. a female IDVA only; withhold the number; do not say it is the police.",
    )

    def __init__(self, *args, area: Area, suspects, checks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perpetrators"].queryset = suspects
        self.fields["perpetrators"].label_from_instance = lambda p: p.full_name
        self.fields["idva_service"].queryset = IdvaService.objects.filter(area=area).select_related("agency", "area")
        self.set_criteria(checks)
        if not self.is_bound:
            self.initial.setdefault("perpetrators", list(suspects))


class PartnerReferralForm(CriteriaMixin, RadioFormMixin, forms.Form):
    """A partner agency's referral: the people are described, not looked up (partners cannot search the index)."""

    area = forms.ModelChoiceField(queryset=Area.objects.none(), empty_label=None, label="Victim's area")
    victim_given_name = forms.CharField(max_length=100, label="Victim's first name")
    victim_surname = forms.CharField(max_length=100, label="Victim's surname")
    victim_date_of_birth = forms.DateField(required=False, widget=DateInput, label="Victim's date of birth")
    perpetrator_given_name = forms.CharField(max_length=100, required=False, label="Perpetrator's first name")
    perpetrator_surname = forms.CharField(max_length=100, required=False, label="Perpetrator's surname")
    perpetrator_date_of_birth = forms.DateField(required=False, widget=DateInput, label="Perpetrator's date of birth")
    referrer_dash_yes = forms.IntegerField(
        min_value=0,
        max_value=27,
        required=False,
        label="'Yes' answers on your DASH",
        help_text="From your agency's own risk checklist, if you completed one.",
    )
    criteria = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, label="Criteria you confirm")
    judgement_rationale = ReferralForm.base_fields["judgement_rationale"]
    information_sharing_basis = ReferralForm.base_fields["information_sharing_basis"]
    victim_aware = YesNoField(label="Does the victim know of the referral?")
    idva_offered = ReferralForm.base_fields["idva_offered"]
    safe_contact_times = ReferralForm.base_fields["safe_contact_times"]
    safe_contact_callers = ReferralForm.base_fields["safe_contact_callers"]

    PARTNER_CRITERIA = (Criterion.VISIBLE_HIGH_RISK, Criterion.PROFESSIONAL_JUDGEMENT)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas_within(user, "marac.add_maracreferral", own=True, partners=True)
        self.fields["criteria"].choices = [
            (
                Criterion.VISIBLE_HIGH_RISK.value,
                f"Visible high risk ({current_high_risk_threshold()} or more 'yes' answers on your DASH)",
            ),
            (Criterion.PROFESSIONAL_JUDGEMENT.value, "Professional judgement (give your rationale below)"),
        ]

    def clean(self):
        data = super().clean()
        given, surname = data.get("perpetrator_given_name", ""), data.get("perpetrator_surname", "")
        if given and not surname:
            self.add_error("perpetrator_surname", "Give the perpetrator's surname too, or leave both blank.")
        if Criterion.VISIBLE_HIGH_RISK in data.get("criteria", []) and data.get("referrer_dash_yes") is None:
            self.add_error("referrer_dash_yes", "Give the number of 'yes' answers for visible high risk.")
        return data


class MoveForm(forms.Form):
    meeting = forms.ModelChoiceField(queryset=MaracMeeting.objects.none(), empty_label=None, label="Move to")

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            MaracMeeting.objects.filter(area_id=referral.area_id, starts_at__gt=timezone.now())
            .select_related("area")
            .exclude(pk=referral.meeting_id)
            .order_by("starts_at")
        )


class MinutesForm(VersionedForm):
    minutes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Minutes for this case", required=False)


class IdvaForm(VersionedForm):
    idva_service = forms.ModelChoiceField(queryset=IdvaService.objects.none(), required=False, label="IDVA service")
    idva_outcome = forms.CharField(max_length=200, required=False, label="Outcome of the IDVA offer")

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idva_service"].queryset = IdvaService.objects.filter(area_id=referral.area_id).select_related(
            "agency", "area"
        )


class SafeContactForm(VersionedForm):
    safe_contact_times = ReferralForm.base_fields["safe_contact_times"]
    safe_contact_callers = ReferralForm.base_fields["safe_contact_callers"]


class ActionForm(forms.Form):
    owner_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Owner agency",
        error_messages={"required": "Every action needs an owner agency."},
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Action")
    due = forms.DateField(widget=DateInput, label="Due on", error_messages={"required": "Give a due date."})

    def __init__(self, *args, meeting: MaracMeeting | None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            self.fields["owner_agency"].queryset = meeting.agencies.all()


class ActionUpdateForm(RadioFormMixin, forms.Form):
    status = forms.ChoiceField(choices=MaracAction.Status.choices, widget=forms.RadioSelect)
    status_reason = forms.CharField(
        required=False, label="Why it is not possible", widget=forms.Textarea(attrs={"rows": 2})
    )


class ShareForm(RadioFormMixin, forms.ModelForm):
    class Meta:
        model = InformationShare
        fields = ["stage", "text"]
        widgets = {"stage": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 3})}
        labels = {"stage": "When", "text": "What your agency shares"}


class AgendaMoveForm(forms.Form):
    """One place up (-1) or down (+1) the agenda: the meeting page's two buttons."""

    places = forms.TypedChoiceField(choices=[("-1", "Up"), ("1", "Down")], coerce=int)
