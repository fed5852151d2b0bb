from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from accounts.models import Area
from accounts.reach import force_areas, reach
from core.constraints import constraint_errors
from people.api.serializers import PersonCreateSerializer, person_input_from
from people.models import Person

from ..models import Answer, Checklist, Incident, Party
from ..services.intake import validate_received_at


class PartyReadSerializer(serializers.ModelSerializer):
    person_id = serializers.IntegerField()
    name = serializers.CharField(source="person.full_name")

    class Meta:
        model = Party
        fields = ["person_id", "name", "role", "is_caller", "location_known", "location", "location_reason"]


class ChecklistSerializer(serializers.ModelSerializer):
    class Meta:
        model = Checklist
        exclude = ["id", "incident"]

    def validate(self, attrs):
        # The model's own rules ("not known" needs a reason, and the rest), as field errors.
        errors = constraint_errors(Checklist(**attrs), exclude={"incident"})
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class IncidentSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    parties = PartyReadSerializer(many=True, read_only=True)
    checklist = ChecklistSerializer(read_only=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "reference",
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
            "response_grade",
            "crime_decision",
            "status",
            "parties",
            "checklist",
            "created_at",
        ]


class PartyWriteSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Party.Role.choices)
    person_id = serializers.IntegerField(required=False, allow_null=True)
    new_person = PersonCreateSerializer(required=False, allow_null=True)
    is_caller = serializers.BooleanField(default=False)
    location_known = serializers.ChoiceField(choices=Answer.choices)
    location = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    location_reason = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")

    def validate(self, attrs):
        if bool(attrs.get("person_id")) == bool(attrs.get("new_person")):
            raise serializers.ValidationError("Give either person_id (from the index) or new_person.")
        # Where they are, or why that is not known: the party's own rules (its constraints).
        where = Party(**{f: attrs[f] for f in ("role", "location_known", "location", "location_reason")})
        errors = constraint_errors(where, exclude={"incident", "person"})
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class IncidentCreateSerializer(serializers.Serializer):
    # An area of the caller's force by its code (codes are unique within a force only).
    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.none())
    channel = serializers.ChoiceField(choices=Incident.Channel.choices)
    received_at = serializers.DateTimeField()
    is_domestic_abuse = serializers.BooleanField(default=True)
    location = serializers.CharField(max_length=200)
    location_postcode = serializers.CharField(required=False, allow_blank=True, max_length=10, default="")
    children_location = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    relationship = serializers.ChoiceField(choices=Incident.Relationship.choices)
    family_relation = serializers.ChoiceField(
        choices=Incident.FamilyRelation.choices, required=False, allow_blank=True, default=""
    )
    abuse_types = serializers.ListField(child=serializers.ChoiceField(choices=Incident.AbuseType.choices))
    summary = serializers.CharField()
    checklist = ChecklistSerializer()
    parties = PartyWriteSerializer(many=True)
    submission_key = serializers.UUIDField(
        required=False, allow_null=True, help_text="Makes a resent request idempotent."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["area"].queryset = force_areas(request.user if request else None)

    def validate_area(self, area: Area) -> Area:
        found = reach(self.context["request"].user, "incidents.add_incident")
        if found is None or not found.works_in(area):
            raise serializers.ValidationError("You cannot log incidents in this area.")
        return area

    def validate_received_at(self, value):
        try:
            validate_received_at(received_at=value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict["received_at"]) from exc
        return value

    def validate_parties(self, parties):
        ids = [p["person_id"] for p in parties if p.get("person_id")]
        found = {p.pk: p for p in Person.objects.visible_to(self.context["request"].user).filter(pk__in=ids)}
        missing = sorted(set(ids) - found.keys())
        if missing:
            raise serializers.ValidationError(f"No such person in the index: {missing}")
        for p in parties:
            p["person"] = found.get(p.get("person_id"))
        return parties

    def to_input(self):
        from ..services import IncidentInput, PartyInput

        d = self.validated_data
        parties = [
            PartyInput(
                role=p["role"],
                location_known=p["location_known"],
                person=p.get("person"),
                new_person=person_input_from(p["new_person"]) if p.get("new_person") else None,
                is_caller=p["is_caller"],
                location=p["location"],
                location_reason=p["location_reason"],
            )
            for p in d["parties"]
        ]
        return IncidentInput(
            area_id=d["area"].pk,
            channel=d["channel"],
            received_at=d["received_at"],
            location=d["location"],
            relationship=d["relationship"],
            summary=d["summary"],
            checklist=dict(d["checklist"]),
            parties=parties,
            abuse_types=d["abuse_types"],
            family_relation=d["family_relation"],
            location_postcode=d["location_postcode"],
            children_location=d["children_location"],
            is_domestic_abuse=d["is_domestic_abuse"],
        )


class PhotographUploadSerializer(serializers.Serializer):
    image = serializers.FileField(help_text="The original bytes, as taken (JPEG, PNG, WebP or HEIC).")
    sha256 = serializers.RegexField(r"^[0-9a-fA-F]{64}$", help_text="SHA-256 of the original, made at capture.")
    taken_at = serializers.DateTimeField(help_text="When it was taken, by the device's clock.")
    device = serializers.CharField(max_length=64)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    sha256 = serializers.CharField()
    device = serializers.CharField()
    taken_at = serializers.DateTimeField(allow_null=True)
    captured_at = serializers.DateTimeField()
    captured_by = serializers.CharField()
    created = serializers.BooleanField(help_text="False: this photograph had already been uploaded.")
