from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from accounts.models import Agency, Area, User
from accounts.reach import reach
from people.models import Person
from people.validators import validate_date_of_birth
from risk.models import Assessment

from ..models import Criterion, IdvaService, InformationShare, MaracAction, MaracMeeting, MaracReferral

# Names for the API schema's enums (settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
MARAC_ACTION_STATUS = MaracAction.Status
MARAC_SHARE_STAGE = InformationShare.Stage
MARAC_CRITERION = Criterion
AGENDA_VERSION = [("police", "Police version"), ("partner", "Partner version")]


def in_reach(user, area: Area) -> bool:
    """Police refer in their areas (force-wide roles in their force); partners in theirs (accounts/reach.py)."""
    found = reach(user, "marac.add_maracreferral", partners=True)
    return found is not None and found.covers(area)


class MaracRefSerializer(serializers.Serializer):
    """Something named: an agency, a user."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)


class MaracPersonRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="full_name", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "name"]


class MaracAreaRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "code", "name"]


class MaracMeetingSerializer(serializers.ModelSerializer):
    area = MaracAreaRefSerializer(read_only=True)
    chair = MaracRefSerializer(read_only=True, allow_null=True)
    coordinator = MaracRefSerializer(read_only=True, allow_null=True)
    agencies = MaracRefSerializer(many=True, read_only=True)
    cases = serializers.IntegerField(read_only=True, default=None, help_text="Cases on the meeting.")

    class Meta:
        model = MaracMeeting
        fields = [
            "id",
            "area",
            "starts_at",
            "chair",
            "coordinator",
            "agencies",
            "capacity",
            "minutes_per_case",
            "location",
            "cases",
            "version",
        ]


class MaracActionSerializer(serializers.ModelSerializer):
    owner_agency = MaracRefSerializer(read_only=True)
    status = serializers.ChoiceField(choices=MARAC_ACTION_STATUS.choices, read_only=True)

    class Meta:
        model = MaracAction
        fields = ["id", "referral", "meeting", "owner_agency", "description", "due", "status", "status_reason"]


class MaracShareSerializer(serializers.ModelSerializer):
    agency = MaracRefSerializer(read_only=True)
    recorded_by = MaracRefSerializer(read_only=True)
    stage = serializers.ChoiceField(choices=MARAC_SHARE_STAGE.choices, read_only=True)

    class Meta:
        model = InformationShare
        fields = ["id", "meeting", "agency", "stage", "text", "recorded_by", "recorded_at"]


class MaracReferralSummarySerializer(serializers.ModelSerializer):
    """A case as lists and meetings show it, to police and partners alike: no address, date of birth, incident
    or police-only note."""

    victim = MaracPersonRefSerializer(read_only=True)
    perpetrators = MaracPersonRefSerializer(many=True, read_only=True)
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    referring_agency = MaracRefSerializer(read_only=True)
    criteria = serializers.ListField(child=serializers.ChoiceField(choices=MARAC_CRITERION.choices), read_only=True)
    repeat = serializers.BooleanField(source="is_repeat", read_only=True)
    children = serializers.IntegerField(read_only=True, default=0, help_text="Children on the linked DASH.")
    risk_grade = serializers.CharField(source="assessment.grade", read_only=True, default=None, allow_null=True)
    idva_service = serializers.CharField(
        source="idva_service.agency.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = MaracReferral
        fields = [
            "id",
            "reference",
            "victim",
            "perpetrators",
            "area",
            "meeting",
            "referring_agency",
            "referred_at",
            "criteria",
            "repeat",
            "children",
            "risk_grade",
            "idva_service",
        ]


class MaracPartnerReferralSerializer(MaracReferralSummarySerializer):
    """A case as a partner agency sees it: what the meeting needs, never police-only detail."""

    audience = serializers.SerializerMethodField(help_text="Which version of the case this is.")
    actions = MaracActionSerializer(many=True, read_only=True)
    shares = MaracShareSerializer(many=True, read_only=True)

    class Meta(MaracReferralSummarySerializer.Meta):
        fields = [*MaracReferralSummarySerializer.Meta.fields, "audience", "actions", "shares"]

    @extend_schema_field({"type": "string", "enum": ["partner"]})
    def get_audience(self, referral) -> str:
        return "partner"


class MaracReferralSerializer(MaracPartnerReferralSerializer):
    """A case as the police see it; send ``version`` back with minutes so that a stale write is refused (409)."""

    referred_by = MaracRefSerializer(read_only=True)

    @extend_schema_field({"type": "string", "enum": ["police"]})
    def get_audience(self, referral) -> str:
        return "police"

    class Meta(MaracPartnerReferralSerializer.Meta):
        fields = [
            *MaracPartnerReferralSerializer.Meta.fields,
            "assessment",
            "referred_by",
            "judgement_rationale",
            "information_sharing_basis",
            "victim_aware",
            "idva_offered",
            "idva_outcome",
            "referrer_dash_yes",
            "safe_contact_times",
            "safe_contact_callers",
            "minutes",
            "version",
        ]


class MaracMeetingDetailSerializer(MaracMeetingSerializer):
    referrals = MaracReferralSummarySerializer(many=True, read_only=True, source="visible_referrals")

    class Meta(MaracMeetingSerializer.Meta):
        fields = [*MaracMeetingSerializer.Meta.fields, "referrals"]


class MaracAgendaActionSerializer(serializers.Serializer):
    owner_agency = serializers.CharField(source="owner_agency.name")
    description = serializers.CharField()
    due = serializers.DateField()


class MaracAgendaCaseSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    starts = serializers.DateTimeField(help_text="The case's time slot on the agenda.")
    ends = serializers.DateTimeField()
    victim = serializers.CharField()
    victim_born = serializers.CharField(help_text="Date of birth or estimated age; empty in the partner version.")
    perpetrators = serializers.ListField(child=serializers.CharField())
    perpetrators_born = serializers.ListField(
        child=serializers.CharField(), help_text="Each perpetrator's date of birth; empty in the partner version."
    )
    children = serializers.IntegerField()
    risk = serializers.CharField()
    referring_agency = serializers.CharField()
    criteria = serializers.ListField(child=serializers.CharField())
    repeat = serializers.BooleanField()
    open_actions = MaracAgendaActionSerializer(many=True, help_text="Open actions carried from earlier meetings.")
    police_note = serializers.CharField(help_text="Empty in the partner version.")
    warnings = serializers.ListField(
        child=serializers.CharField(),
        help_text="Warning markers and flags of the victim and perpetrators, a line each; none in the partner version.",
    )


class MaracAgendaSerializer(serializers.Serializer):
    meeting = MaracMeetingSerializer()
    version = serializers.ChoiceField(choices=AGENDA_VERSION)
    cases = MaracAgendaCaseSerializer(many=True)


# Input


class MaracAgendaVersionSerializer(serializers.Serializer):
    """The agenda's query parameters."""

    # Empty is the default, as DRF reads an empty query parameter: the schema says so rather than refuse it.
    version = serializers.ChoiceField(
        choices=AGENDA_VERSION,
        default="police",
        allow_blank=True,
        help_text="Police only (empty is police); partners always get theirs",
    )


class MaracMeetingCreateSerializer(serializers.Serializer):
    area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all())
    starts_at = serializers.DateTimeField()
    chair = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )
    coordinator = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )
    agencies = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.filter(is_active=True), many=True)
    capacity = serializers.IntegerField(min_value=1, max_value=100, default=20)
    minutes_per_case = serializers.IntegerField(
        min_value=0, max_value=32767, default=15, help_text="Each case's time on the agenda."
    )
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate_area(self, area):
        found = reach(self.context["request"].user, "marac.add_maracmeeting")
        if found is None or not found.works_in(area):
            raise serializers.ValidationError("You cannot arrange meetings in this area.")
        return area


class _ReferralFields(serializers.Serializer):
    """What every referrer confirms: the criteria, the reasons, and the IDVA offer."""

    area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.select_related("force"))
    criteria = serializers.ListField(child=serializers.ChoiceField(choices=MARAC_CRITERION.choices))
    judgement_rationale = serializers.CharField(required=False, allow_blank=True, default="")
    information_sharing_basis = serializers.CharField(allow_blank=True)
    victim_aware = serializers.BooleanField()
    idva_offered = serializers.BooleanField(required=False, default=False)
    idva_outcome = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    idva_service = serializers.PrimaryKeyRelatedField(
        queryset=IdvaService.objects.all(), required=False, allow_null=True, default=None
    )
    # The length and character rules are the service's.
    safe_contact_times = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="When it is safe to contact the victim."
    )
    safe_contact_callers = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Who may call, and how."
    )

    def validate_area(self, area):
        if not in_reach(self.context["request"].user, area):
            raise serializers.ValidationError("You cannot refer to this area.")
        return area


class MaracReferralCreateSerializer(_ReferralFields):
    """A police referral: the victim and perpetrators from the person index, the DASH if there is one."""

    victim = serializers.IntegerField()
    perpetrators = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    assessment = serializers.IntegerField(required=False, allow_null=True, default=None)

    def _people(self, ids: list[int]) -> dict[int, Person]:
        user = self.context["request"].user
        return Person.objects.visible_to(user).active().in_bulk(ids)

    def validate_victim(self, value):
        found = self._people([value]).get(value)
        if found is None:
            raise serializers.ValidationError("No such person in the index.")
        return found

    def validate_perpetrators(self, value):
        found = self._people(value)
        missing = sorted(set(value) - found.keys())
        if missing:
            raise serializers.ValidationError(f"No such person in the index: {', '.join(map(str, missing))}.")
        return [found[pk] for pk in dict.fromkeys(value)]

    def validate_assessment(self, value):
        if value is None:
            return None
        found = (
            Assessment.objects.visible_to(self.context["request"].user)
            .select_related("questionnaire")
            .filter(pk=value)
            .first()
        )
        if found is None:
            raise serializers.ValidationError("No such assessment in your areas.")
        return found


class MaracPersonInputSerializer(serializers.Serializer):
    given_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    surname = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField(
        required=False, allow_null=True, default=None, validators=[validate_date_of_birth]
    )


class MaracPartnerReferralCreateSerializer(_ReferralFields):
    """A partner agency's referral: partners cannot search the person index, so they name the people."""

    victim = MaracPersonInputSerializer()
    perpetrators = MaracPersonInputSerializer(many=True, required=False, default=list)
    referrer_dash_yes = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=50, help_text="On your own DASH."
    )


class MaracMoveSerializer(serializers.Serializer):
    meeting = serializers.IntegerField()


class MaracMeetingUpdateSerializer(serializers.Serializer):
    """A change to a coming meeting: every field as it should be, and the meeting's ``version`` as read."""

    starts_at = serializers.DateTimeField()
    chair = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), allow_null=True)
    coordinator = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), allow_null=True)
    agencies = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.filter(is_active=True), many=True)
    capacity = serializers.IntegerField(min_value=1, max_value=100)
    minutes_per_case = serializers.IntegerField(
        min_value=0, max_value=32767, required=False, help_text="Each case's time on the agenda."
    )
    location = serializers.CharField(max_length=200, allow_blank=True, default="")
    version = serializers.IntegerField(min_value=1, help_text="The meeting's version as you read it.")


class MaracIdvaSerializer(serializers.Serializer):
    idva_service = serializers.PrimaryKeyRelatedField(queryset=IdvaService.objects.all(), allow_null=True)
    idva_outcome = serializers.CharField(max_length=200, allow_blank=True, default="")
    version = serializers.IntegerField(min_value=1, help_text="The case's version as you read it.")


class MaracMinutesSerializer(serializers.Serializer):
    minutes = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(min_value=1, help_text="The case's version as you read it.")


class MaracActionCreateSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="Default: the case's.")
    owner_agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
    description = serializers.CharField()
    due = serializers.DateField()


class MaracActionStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=MARAC_ACTION_STATUS.choices)
    status_reason = serializers.CharField(required=False, allow_blank=True, default="")


class MaracShareCreateSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=MARAC_SHARE_STAGE.choices)
    text = serializers.CharField()


# A case goes out, and a referral comes in, in the police or the partner version depending on the caller.
# Each version names itself in ``audience``, so that a response matches exactly one of them.
REFERRAL_OUT = PolymorphicProxySerializer(
    component_name="MaracReferralResponse",
    serializers={"police": MaracReferralSerializer, "partner": MaracPartnerReferralSerializer},
    resource_type_field_name="audience",
)
REFERRAL_IN = PolymorphicProxySerializer(
    component_name="MaracReferralRequest",
    serializers=[MaracReferralCreateSerializer, MaracPartnerReferralCreateSerializer],
    resource_type_field_name=None,
)
