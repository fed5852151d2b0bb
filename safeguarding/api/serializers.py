"""The safeguarding API's shapes: they parse; the services decide (their errors come back as 400 by field)."""

from rest_framework import serializers

from accounts.models import Area, User
from incidents.models import Incident
from people.models import Person

from ..models import CivilOrder, Condition, NoticeKind, OrderKind, ProtectionNotice, ProtectionOrder

# Names for the API schema's enums (settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
NOTICE_STATUS = ProtectionNotice.Status
NOTICE_OUTCOME = ProtectionNotice.Outcome
CONDITION_KIND = Condition.Kind
CIVIL_ORDER_KIND = CivilOrder.Kind
NOTICE_KIND = NoticeKind
ORDER_KIND = OrderKind


class OfficerRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name"]


class PersonRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="full_name", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "name", "date_of_birth"]


class ConditionSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=Condition.Kind.choices)
    premises = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    distance_metres = serializers.IntegerField(min_value=1, max_value=100_000, required=False, allow_null=True)
    detail = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    text = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Condition
        fields = ["kind", "premises", "distance_metres", "detail", "text"]


class BreachSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    incident = serializers.CharField(source="incident.reference", read_only=True)
    occurred_at = serializers.DateTimeField(read_only=True)
    detail = serializers.CharField(read_only=True)
    arrested = serializers.BooleanField(read_only=True)


class NoticeSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    subject = PersonRefSerializer(read_only=True)
    protected = PersonRefSerializer(read_only=True)
    drafted_by = OfficerRefSerializer(read_only=True)
    authorised_by = OfficerRefSerializer(read_only=True, allow_null=True)
    served_by = OfficerRefSerializer(read_only=True, allow_null=True)
    incident = serializers.CharField(source="incident.reference", read_only=True, allow_null=True, default=None)
    conditions = ConditionSerializer(many=True, read_only=True)
    order = serializers.SerializerMethodField()

    class Meta:
        model = ProtectionNotice
        fields = [
            "id",
            "reference",
            "kind",
            "status",
            "rules_version",
            "area",
            "incident",
            "subject",
            "protected",
            "grounds",
            "victim_views",
            "conditions",
            "drafted_by",
            "drafted_at",
            "authorised_by",
            "authorised_at",
            "decision_rationale",
            "served_at",
            "served_by",
            "hearing_notice_address",
            "hearing_due_by",
            "hearing_at",
            "court",
            "outcome",
            "order",
        ]

    def get_order(self, notice) -> int | None:
        order = getattr(notice, "order", None) if notice.outcome == ProtectionNotice.Outcome.ORDER_MADE else None
        return order.pk if order else None


class NoticeDraftSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NoticeKind.choices)
    incident = serializers.PrimaryKeyRelatedField(queryset=Incident.objects.none())
    subject = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    protected = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    grounds = serializers.CharField(max_length=5000)
    victim_views = serializers.CharField(max_length=5000)
    conditions = ConditionSerializer(many=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:  # the schema's generator: no one's records
            return
        user = request.user
        self.fields["incident"].queryset = Incident.objects.visible_to(user)
        self.fields["subject"].queryset = Person.objects.visible_to(user)
        self.fields["protected"].queryset = Person.objects.visible_to(user)


class RationaleSerializer(serializers.Serializer):
    rationale = serializers.CharField(max_length=5000)


class ServeSerializer(serializers.Serializer):
    served_at = serializers.DateTimeField()
    hearing_notice_address = serializers.CharField(max_length=300)


class HearingSerializer(serializers.Serializer):
    hearing_at = serializers.DateTimeField()
    court = serializers.CharField(max_length=150)
    outcome = serializers.ChoiceField(choices=ProtectionNotice.Outcome.choices)
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    conditions = ConditionSerializer(many=True, required=False, default=list)


class OrderSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    subject = PersonRefSerializer(read_only=True)
    protected = PersonRefSerializer(read_only=True)
    conditions = ConditionSerializer(many=True, read_only=True)
    breaches = BreachSerializer(many=True, read_only=True)

    class Meta:
        model = ProtectionOrder
        fields = [
            "id",
            "reference",
            "kind",
            "rules_version",
            "notice",
            "area",
            "subject",
            "protected",
            "court",
            "made_on",
            "ends_on",
            "notification_due_by",
            "notification_received_at",
            "discharged_on",
            "conditions",
            "breaches",
        ]


class VariationSerializer(serializers.Serializer):
    varied_on = serializers.DateField()
    change = serializers.CharField(max_length=5000)
    new_ends_on = serializers.DateField(required=False, allow_null=True, default=None)


class NotificationSerializer(serializers.Serializer):
    received_at = serializers.DateTimeField()


class BreachCreateSerializer(serializers.Serializer):
    incident = serializers.CharField(max_length=40, help_text="The reference of the incident that recorded it.")
    occurred_at = serializers.DateTimeField()
    detail = serializers.CharField(max_length=5000)
    arrested = serializers.BooleanField(default=False)


class CivilOrderSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    subject = PersonRefSerializer(read_only=True)
    protected = PersonRefSerializer(read_only=True, allow_null=True)
    conditions = ConditionSerializer(many=True, read_only=True)

    class Meta:
        model = CivilOrder
        fields = [
            "id",
            "reference",
            "kind",
            "area",
            "subject",
            "protected",
            "court",
            "case_number",
            "made_on",
            "expires_on",
            "power_of_arrest",
            "notified_by",
            "notified_on",
            "officer_safety_warning",
            "conditions",
        ]


class CivilOrderCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CivilOrder.Kind.choices)
    area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.none())
    subject = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    protected = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), required=False, allow_null=True)
    court = serializers.CharField(max_length=150)
    case_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    made_on = serializers.DateField()
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)
    power_of_arrest = serializers.BooleanField(default=False)
    notified_by = serializers.ChoiceField(choices=CivilOrder.NotifiedBy.choices)
    notified_on = serializers.DateField()
    officer_safety_warning = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    conditions = ConditionSerializer(many=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ..models import safeguarding_reach

        request = self.context.get("request")
        if request is None:  # the schema's generator: no one's records
            return
        user = request.user
        found = safeguarding_reach(user)
        self.fields["area"].queryset = found.areas() if found else Area.objects.none()
        self.fields["subject"].queryset = Person.objects.visible_to(user)
        self.fields["protected"].queryset = Person.objects.visible_to(user)


class ClockSerializer(serializers.Serializer):
    source = serializers.CharField()
    key = serializers.CharField()
    deadline = serializers.DateTimeField()
    what = serializers.CharField()
    must_act = serializers.CharField()
    url = serializers.CharField()
    area_id = serializers.IntegerField(allow_null=True)
