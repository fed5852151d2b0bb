from django import forms

from core.forms import RadioFormMixin

from .models import Assessment, AssessmentAnswer, AssessmentChild, Grade


class StartForm(forms.Form):
    victim = forms.TypedChoiceField(coerce=int, label="Victim")
    supplements = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("stalking", "Stalking and harassment questions"),
            ("honour", "So-called honour-based abuse questions"),
        ],
        label="Also ask",
    )

    def __init__(self, *args, victims, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["victim"].choices = [(p.person_id, p.person.full_name) for p in victims]


class SectionForm(forms.Form):
    """A section's questions: each answered yes, no or not known, with an optional comment and source."""

    def __init__(self, *args, questions, answers: dict, abuser: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            existing = answers.get(q.pk)
            self.fields[f"q{q.pk}"] = forms.ChoiceField(
                label=f"{q.number}. {q.wording_for(abuser)}",
                choices=AssessmentAnswer.Value.choices,
                widget=forms.RadioSelect,
                required=False,
                help_text=q.guidance,
                initial=existing.value if existing else None,
            )
            self.fields[f"q{q.pk}_comment"] = forms.CharField(
                label="Comment",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=existing.comment if existing else "",
            )
            self.fields[f"q{q.pk}_source"] = forms.CharField(
                label="Source, if not the victim",
                required=False,
                max_length=150,
                initial=existing.source if existing else "",
            )

    def rows(self):
        """For the template: each question with its three fields."""
        return [(q, self[f"q{q.pk}"], self[f"q{q.pk}_comment"], self[f"q{q.pk}_source"]) for q in self.questions]

    def answers(self) -> list[dict]:
        return [
            {
                "question_id": q.pk,
                "value": self.cleaned_data[f"q{q.pk}"],
                "comment": self.cleaned_data[f"q{q.pk}_comment"],
                "source": self.cleaned_data[f"q{q.pk}_source"],
            }
            for q in self.questions
            if self.cleaned_data.get(f"q{q.pk}")
        ]


class AnswerForm(forms.Form):
    """One answer, saved as it is given (htmx)."""

    question = forms.IntegerField()
    value = forms.ChoiceField(choices=AssessmentAnswer.Value.choices)
    comment = forms.CharField(required=False)
    source = forms.CharField(required=False, max_length=150)


class DeclineForm(forms.Form):
    declined = forms.BooleanField(required=False, label="The victim declined to answer the questions")
    declined_detail = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="What the victim said and what you saw"
    )


class ChildForm(forms.ModelForm):
    class Meta:
        model = AssessmentChild
        fields = ["name", "date_of_birth", "present", "school_or_nursery", "notes"]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"}), "notes": forms.Textarea(attrs={"rows": 2})}


class SubmitForm(RadioFormMixin, forms.Form):
    grade = forms.ChoiceField(choices=Grade.choices, widget=forms.RadioSelect, label="Your risk grade")
    rationale = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when your grade differs from what the answers suggest.",
    )
    children_referral = forms.ChoiceField(
        choices=Assessment.Referral.choices, widget=forms.RadioSelect, label="Children's services"
    )
    children_referral_reason = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Why not referred"
    )


class ReviewForm(RadioFormMixin, forms.Form):
    grade = forms.ChoiceField(choices=Grade.choices, widget=forms.RadioSelect, label="Grade")
    rationale = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="Required when you change the grade."
    )


class PvpReviewForm(ReviewForm):
    refer_to_marac = forms.BooleanField(required=False, label="Refer to MARAC")
    refer_to_idva = forms.BooleanField(required=False, label="Refer to an IDVA")
    notify_childrens_services = forms.BooleanField(required=False, label="Notify children's services")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
