from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.settings import api_settings

from ..models import Address, Marker, Person, PersonAlias, Phone
from ..services import AddressInput, PersonInput
from ..validators import validate_date_of_birth


class CandidateSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    gender = serializers.CharField()
    score = serializers.FloatField()
    band = serializers.CharField(help_text="What the score means: very likely, possibly (check), or unlikely.")
    reasons = serializers.ListField(child=serializers.CharField())


class SearchQuerySerializer(serializers.Serializer):
    given_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    surname = serializers.CharField(required=False, allow_blank=True, max_length=100)
    date_of_birth = serializers.DateField(required=False, allow_null=True, validators=[validate_date_of_birth])
    address = serializers.CharField(required=False, allow_blank=True, max_length=150)
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=10)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=50, default=10)

    def validate(self, attrs):
        if not any(attrs.get(f) for f in ("given_name", "surname", "date_of_birth", "address", "postcode", "phone")):
            raise serializers.ValidationError("Give at least one of name, date of birth, address, postcode or phone.")
        return attrs


class StrictFieldsMixin:
    """Refuse fields the serializer does not know: a misspelt or unsupported field is a 400, never dropped."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - {name for name, f in self.fields.items() if not f.read_only})
            if unknown:
                raise serializers.ValidationError({name: ["This field is not accepted here."] for name in unknown})
        return super().to_internal_value(data)


class AliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = PersonAlias
        fields = ["given_name", "surname", "kind"]


class AliasInputSerializer(StrictFieldsMixin, AliasSerializer):
    pass


class AddressSerializer(serializers.ModelSerializer):
    """A listable address as the API shows it."""

    class Meta:
        model = Address
        fields = ["line_1", "line_2", "town", "postcode", "valid_from", "valid_to"]


class AddressInputSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    """An address sent to the API: every field is kept, and checked by the model's own rules, as the form is."""

    class Meta:
        model = Address
        fields = [
            "line_1",
            "line_2",
            "town",
            "postcode",
            "valid_from",
            "valid_to",
            "confidential",
            "confidential_reason",
        ]

    def validate(self, attrs):
        try:
            Address(**attrs).full_clean(exclude=["person"])
        except DjangoValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
            key = api_settings.NON_FIELD_ERRORS_KEY
            raise serializers.ValidationError(
                {key if k == NON_FIELD_ERRORS else k: v for k, v in errors.items()}
            ) from exc
        return attrs


class PhoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Phone
        fields = ["number", "kind", "safe_to_call"]


class MarkerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Marker
        fields = ["kind", "code", "detail", "active"]


class PersonSerializer(serializers.ModelSerializer):
    """A person as the API shows them: confidential addresses are never included."""

    aliases = AliasSerializer(many=True, read_only=True)
    addresses = serializers.SerializerMethodField()
    phones = PhoneSerializer(many=True, read_only=True)
    markers = MarkerSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "given_name",
            "middle_names",
            "surname",
            "date_of_birth",
            "estimated_age",
            "gender",
            "language",
            "interpreter_needed",
            "merged_into",
            "aliases",
            "addresses",
            "phones",
            "markers",
        ]
        read_only_fields = ["merged_into"]

    def get_addresses(self, person: Person) -> list[dict]:
        addresses = getattr(person, "listable_addresses", None)
        if addresses is None:
            addresses = person.addresses.listable()
        return AddressSerializer(addresses, many=True).data


class PersonCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    given_name = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    middle_names = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    surname = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField(required=False, allow_null=True, validators=[validate_date_of_birth])
    estimated_age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=120)
    gender = serializers.ChoiceField(choices=Person.Gender.choices, default=Person.Gender.UNKNOWN)
    language = serializers.CharField(required=False, allow_blank=True, max_length=50, default="")
    interpreter_needed = serializers.BooleanField(default=False)
    aliases = AliasInputSerializer(many=True, required=False, default=list)
    address = AddressInputSerializer(required=False, allow_null=True)
    phones = serializers.ListField(child=serializers.CharField(max_length=30), required=False, default=list)
    emails = serializers.ListField(child=serializers.EmailField(), required=False, default=list)

    def validate(self, attrs):
        if attrs.get("date_of_birth") and attrs.get("estimated_age") is not None:
            raise serializers.ValidationError({"estimated_age": "Give either the date of birth or an estimated age."})
        return attrs

    def to_input(self) -> PersonInput:
        return person_input_from(self.validated_data)


def person_input_from(validated: dict) -> PersonInput:
    """The service input for a person validated by PersonCreateSerializer (alone or nested)."""
    d = dict(validated)
    address = d.pop("address", None)
    aliases = [(a.get("given_name", ""), a.get("surname", "")) for a in d.pop("aliases", [])]
    if address:
        address = AddressInput(**address)
    return PersonInput(**d, aliases=aliases, address=address)
