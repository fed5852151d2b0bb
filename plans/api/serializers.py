from rest_framework import serializers

from accounts.models import Area, User
from accounts.reach import force_areas
from people.models import Person
from risk.models import Assessment, Grade

from ..models import PlanAction, PlanReview, PlanTask, RiskManagementPlan

# Names for the API schema's enums (settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
PLAN_STATUS = RiskManagementPlan.Status
PLAN_ACTION_STATUS = PlanAction.Status
PLAN_TASK_STATUS = PlanTask.Status


class UserRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name"]


class VictimRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="full_name", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "name"]


class PlanActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanAction
        fields = ["id", "kind", "description", "status", "not_possible_reason", "created_at"]


class PlanTaskSerializer(serializers.ModelSerializer):
    assignee = UserRefSerializer(read_only=True)

    class Meta:
        model = PlanTask
        fields = [
            "id",
            "plan",
            "title",
            "assignee",
            "due_date",
            "status",
            "completion_note",
            "completed_at",
            "completed_by",
            "created_at",
        ]


class PlanReviewSerializer(serializers.ModelSerializer):
    reviewed_by = UserRefSerializer(read_only=True)

    class Meta:
        model = PlanReview
        fields = [
            "id",
            "reviewed_by",
            "reviewed_at",
            "grade_before",
            "grade_after",
            "rationale",
            "notes",
            "next_review_due",
        ]


class PlanSerializer(serializers.ModelSerializer):
    """A plan as lists show it; ``version`` goes back with a review so that a stale one is refused (409)."""

    victim = VictimRefSerializer(read_only=True)
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    owner = UserRefSerializer(read_only=True)
    open_tasks = serializers.IntegerField(read_only=True)
    overdue_tasks = serializers.IntegerField(read_only=True)

    class Meta:
        model = RiskManagementPlan
        fields = [
            "id",
            "reference",
            "victim",
            "area",
            "assessment",
            "owner",
            "grade",
            "status",
            "next_review_due",
            "last_reviewed_at",
            "open_tasks",
            "overdue_tasks",
            "closing_reason",
            "created_at",
            "version",
        ]


class PlanDetailSerializer(PlanSerializer):
    actions = PlanActionSerializer(many=True, read_only=True)
    tasks = PlanTaskSerializer(many=True, read_only=True)
    reviews = PlanReviewSerializer(many=True, read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "closing_note", "closed_at", "actions", "tasks", "reviews"]


class PlanCreateSerializer(serializers.Serializer):
    """From an assessment (victim, area and grade come from it), or from a victim, an area and a grade."""

    assessment = serializers.IntegerField(required=False, allow_null=True)
    victim = serializers.IntegerField(required=False, allow_null=True)
    # An area of the caller's force by its code (codes are unique within a force); whether plans may start
    # there is the service's rule (plans.services.plan_start), whose error the API returns beside the field.
    area = serializers.SlugRelatedField(
        slug_field="code", queryset=Area.objects.none(), required=False, allow_null=True
    )
    grade = serializers.ChoiceField(choices=Grade.choices, required=False, allow_null=True)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, help_text="Default: you."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["area"].queryset = force_areas(request.user if request else None)

    def validate_assessment(self, value):
        if value is None:
            return None
        found = Assessment.objects.visible_to(self.context["request"].user).filter(pk=value).first()
        if found is None:
            raise serializers.ValidationError("No such assessment in your areas.")
        return found

    def validate_victim(self, value):
        if value is None:
            return None
        found = Person.objects.visible_to(self.context["request"].user).filter(pk=value).first()
        if found is None:
            raise serializers.ValidationError("No such person in the index.")
        return found

    def validate(self, attrs):
        if not attrs.get("assessment") and not attrs.get("victim"):
            raise serializers.ValidationError("Give an assessment, or a victim with an area and a grade.")
        return attrs


class PlanTaskCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    assignee = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    due_date = serializers.DateField()


class PlanTaskCompleteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="What was done (required).")


class PlanReviewCreateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The plan's version as you read it.")
    grade = serializers.ChoiceField(choices=Grade.choices)
    rationale = serializers.CharField(required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="", help_text="Required.")
