from rest_framework import serializers

from ..models import Assessment, AssessmentAnswer, Grade, PvpQueueItem, Review


class AnswerSerializer(serializers.ModelSerializer):
    question_id = serializers.IntegerField()
    section = serializers.CharField(source="question.section.code", read_only=True)
    number = serializers.IntegerField(source="question.number", read_only=True)

    class Meta:
        model = AssessmentAnswer
        fields = ["question_id", "section", "number", "value", "comment", "source"]


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = serializers.StringRelatedField()

    class Meta:
        model = Review
        fields = ["stage", "reviewer", "reviewed_at", "decision", "grade_before", "grade", "rationale"]


class AssessmentSerializer(serializers.ModelSerializer):
    questionnaire = serializers.StringRelatedField()
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    # Both grades are empty ("") until given, as stored: the schema lists the empty value with the grades.
    officer_grade = serializers.ChoiceField(choices=Grade.choices, allow_blank=True, read_only=True)
    children_referral = serializers.ChoiceField(choices=Assessment.Referral.choices, allow_blank=True, read_only=True)
    grade = serializers.ChoiceField(
        choices=Grade.choices, allow_blank=True, read_only=True, help_text="The grade after the latest review."
    )
    answers = AnswerSerializer(many=True, read_only=True)
    reviews = ReviewSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "incident",
            "victim",
            "area",
            "questionnaire",
            "officer",
            "status",
            "yes_count",
            "officer_grade",
            "officer_rationale",
            "grade",
            "victim_declined",
            "declined_detail",
            "children_referral",
            "children_referral_reason",
            "started_at",
            "submitted_at",
            "sergeant_reviewed_at",
            "answers",
            "reviews",
        ]
        read_only_fields = fields


class StartSerializer(serializers.Serializer):
    incident = serializers.IntegerField()
    victim = serializers.IntegerField()
    supplements = serializers.ListField(
        child=serializers.ChoiceField(choices=["stalking", "honour"]), required=False, default=list
    )


class AnswerInputSerializer(serializers.Serializer):
    question_id = serializers.IntegerField()
    value = serializers.ChoiceField(choices=AssessmentAnswer.Value.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    source = serializers.CharField(required=False, allow_blank=True, max_length=150, default="")


class AnswersInputSerializer(serializers.Serializer):
    answers = AnswerInputSerializer(many=True)


class SubmitSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(choices=Grade.choices)
    rationale = serializers.CharField(required=False, allow_blank=True, default="")
    children_referral = serializers.ChoiceField(choices=Assessment.Referral.choices)
    children_referral_reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewInputSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(choices=Grade.choices)
    rationale = serializers.CharField(required=False, allow_blank=True, default="")


class PvpCompleteSerializer(ReviewInputSerializer):
    refer_to_marac = serializers.BooleanField(default=False)
    refer_to_idva = serializers.BooleanField(default=False)
    notify_childrens_services = serializers.BooleanField(default=False)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class QueueItemSerializer(serializers.ModelSerializer):
    victim = serializers.CharField(source="assessment.victim.full_name")
    grade = serializers.CharField(source="assessment.grade")
    yes_count = serializers.IntegerField(source="assessment.yes_count")
    claimed_by = serializers.StringRelatedField(allow_null=True, help_text="Empty (null) while unclaimed.")

    class Meta:
        model = PvpQueueItem
        fields = [
            "id",
            "assessment",
            "victim",
            "grade",
            "yes_count",
            "entered_at",
            "claimed_by",
            "claimed_at",
            "completed_at",
            "refer_to_marac",
            "refer_to_idva",
            "notify_childrens_services",
        ]


class AnswerEventSerializer(serializers.Serializer):
    key = serializers.UUIDField(help_text="The device's idempotency key: the same key is accepted once.")
    question_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    value = serializers.ChoiceField(choices=AssessmentAnswer.Value.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    source = serializers.CharField(required=False, allow_blank=True, default="", max_length=150)
    client_time = serializers.DateTimeField(help_text="When it was tapped, by the device's clock (with offset).")


class AnswerEventsInputSerializer(serializers.Serializer):
    device = serializers.CharField(max_length=64, help_text="The device's own random id.")
    events = AnswerEventSerializer(many=True, allow_empty=False, max_length=200)


class AnswerEventResultSerializer(serializers.Serializer):
    key = serializers.CharField()
    question_id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["applied", "superseded", "duplicate"])
    conflict_device = serializers.CharField(help_text="The other device that answered this question (or empty).")


class AnswerEventsResultSerializer(serializers.Serializer):
    yes_count = serializers.IntegerField()
    results = AnswerEventResultSerializer(many=True)
