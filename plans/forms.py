"""Forms for plans: each field labelled; the services hold the rules, the forms ask for what they need."""

from django import forms

from accounts.models import Area, User
from core.forms import RadioFormMixin, VersionedForm
from people.forms import DateInput

from .models import PLAN_GRADES, PlanAction, RiskManagementPlan
from .selectors import plan_owners, plan_workers


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj} ({obj.collar_number})" if obj.collar_number else str(obj)


class PlanStartForm(forms.Form):
    owner = UserChoiceField(queryset=User.objects.none(), empty_label=None, help_text="Who owns and reviews the plan.")

    def __init__(self, *args, area: Area, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = plan_owners(area)
        if not self.is_bound and self.fields["owner"].queryset.filter(pk=user.pk).exists():
            self.initial.setdefault("owner", user.pk)


class PlanReassignForm(VersionedForm):
    owner = UserChoiceField(queryset=User.objects.none(), empty_label=None, label="New owner")

    def __init__(self, *args, plan: RiskManagementPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = plan_owners(plan.area)


class PlanActionForm(RadioFormMixin, forms.ModelForm):
    class Meta:
        model = PlanAction
        fields = ["kind", "description", "status", "not_possible_reason"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "not_possible_reason": forms.Textarea(attrs={"rows": 2}),
            "status": forms.RadioSelect,
        }
        labels = {"kind": "Action", "not_possible_reason": "Why it is not possible"}


class PlanActionUpdateForm(RadioFormMixin, forms.Form):
    status = forms.ChoiceField(choices=PlanAction.Status.choices, widget=forms.RadioSelect)
    not_possible_reason = forms.CharField(
        required=False, label="Why it is not possible", widget=forms.Textarea(attrs={"rows": 2})
    )


class PlanTaskForm(forms.Form):
    title = forms.CharField(max_length=200, label="Task", help_text="What must be done (it is e-mailed: no names).")
    assignee = UserChoiceField(queryset=User.objects.none(), label="Given to")
    due_date = forms.DateField(widget=DateInput, label="Due on")

    def __init__(self, *args, plan: RiskManagementPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = plan_workers(plan.area)


class TaskCompleteForm(forms.Form):
    note = forms.CharField(
        label="What was done",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say what was done."},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class PlanReviewForm(RadioFormMixin, VersionedForm):
    grade = forms.ChoiceField(
        choices=[(g.value, g.label) for g in PLAN_GRADES],
        widget=forms.RadioSelect,
        label="Risk now",
        help_text="Standard risk? Close the plan instead, as 'risk reduced to standard'.",
    )
    rationale = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why the grade changed",
        help_text="Needed when the grade changes.",
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What the review found",
        error_messages={"required": "Record what the review found."},
    )


class PlanCloseForm(RadioFormMixin, VersionedForm):
    reason = forms.ChoiceField(choices=RiskManagementPlan.ClosingReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="The decision",
        help_text="What has changed and who agreed. Open tasks are cancelled.",
        error_messages={"required": "Record the decision to close the plan."},
    )
