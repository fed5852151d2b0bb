"""API of Clare's Law, bail and release and the Victims' Code (under /api/v1/safeguarding/).

Each operation asks the same policy as its page (safeguarding/case_policies.py) and calls the same service; the
service's refusals come back as 400 with the field named (core/api/errors.py). Lists log whom they show.
"""

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.models import Area
from accounts.reach import force_areas
from audit.models import AccessLog
from audit.services import access_record
from core.policies import require
from incidents.models import Incident
from people.models import Person

from ..case_policies import (
    can_add_custodystatus,
    can_add_victimcontact,
    can_add_victimviews,
    can_complete_riskreviewtask,
    can_decide_disclosure,
    can_record_disclosure_stage,
    can_view_custody,
    can_view_disclosureapplication,
    can_view_victimupdate,
)
from ..case_selectors import disclosure_list, incident_custody, victims_code_compliance, victims_code_overdue
from ..models.custody import BailCondition, CustodyStatus, RiskReviewTask, VictimViews
from ..models.disclosures import Disclosure, DisclosureApplication, DisclosureStage, Route, Stage
from ..models.victims_code import VictimContact, VictimUpdate
from ..services import custody as custody_services
from ..services import disclosures as dvds
from ..services.victims_code import victim_contact_record

BIGINT = 2**63 - 1
NUL = "\x00"


class Text(serializers.CharField):
    """Text without NUL bytes (PostgreSQL refuses them)."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if NUL in value:
            raise serializers.ValidationError("Remove the unprintable characters.")
        return value


class CasePersonRef(serializers.ModelSerializer):
    name = serializers.CharField(source="full_name", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "name"]


class PersonField(serializers.IntegerField):
    """A person of the caller's force, by id."""

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=BIGINT, **kwargs)

    def run_validation(self, data=serializers.empty):
        pk = super().run_validation(data)  # the id's own checks (a whole number, 1 to a bigint)
        if pk is None:
            return None
        found = Person.objects.visible_to(self.context["request"].user).filter(pk=pk).first()
        if found is None:
            raise serializers.ValidationError("No such person in the index.")
        return found


# Clare's Law -------------------------------------------------------------------------------------------------


class StageSerializer(serializers.ModelSerializer):
    done_by = serializers.CharField(source="done_by.__str__", read_only=True)

    class Meta:
        model = DisclosureStage
        fields = [
            "id",
            "stage",
            "done_at",
            "done_by",
            "rationale",
            "immediate_risk",
            "immediate_action",
            "identity_checked",
            "identity_evidence",
            "checks",
            "agencies_present",
        ]


class DisclosureGivenSerializer(serializers.ModelSerializer):
    disclosed_to = CasePersonRef(read_only=True)

    class Meta:
        model = Disclosure
        fields = [
            "disclosed_to",
            "disclosed_at",
            "method",
            "what_was_said",
            "undertaking_signed",
            "undertaking_signed_at",
        ]


class ApplicationSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    person_at_risk = CasePersonRef(read_only=True)
    subject = CasePersonRef(read_only=True)
    applicant = CasePersonRef(read_only=True, allow_null=True)
    owner = serializers.CharField(source="owner.__str__", read_only=True)
    next_stage = serializers.SerializerMethodField()

    class Meta:
        model = DisclosureApplication
        fields = [
            "id",
            "reference",
            "route",
            "area",
            "applicant_kind",
            "person_at_risk",
            "subject",
            "applicant",
            "applicant_relationship",
            "relationship_to_subject",
            "concern",
            "received_at",
            "rules_version",
            "target_days",
            "decision_due",
            "owner",
            "stage",
            "next_stage",
            "status",
            "decision",
            "refusal_reason",
            "decided_at",
            "closed_at",
            "version",
        ]

    def get_next_stage(self, obj) -> str | None:
        return dvds.next_stage(application=obj)


class ApplicationDetailSerializer(ApplicationSerializer):
    stages = StageSerializer(many=True, read_only=True)
    disclosure = DisclosureGivenSerializer(read_only=True, allow_null=True)

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "stages", "disclosure"]


class ApplicationCreateSerializer(serializers.Serializer):
    route = serializers.ChoiceField(choices=Route.choices)
    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.none())
    applicant_kind = serializers.ChoiceField(
        choices=DisclosureApplication.ApplicantKind.choices, required=False, default=""
    )
    person_at_risk = PersonField()
    subject = PersonField()
    applicant = PersonField(required=False, allow_null=True, default=None)
    applicant_relationship = Text(max_length=200, required=False, allow_blank=True, default="")
    relationship_to_subject = Text(max_length=200)
    concern = Text(max_length=5000)
    received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["area"].queryset = force_areas(request.user if request else None)


class StageCreateSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices, help_text="The next stage (a disclosure: POST disclosure/).")
    version = serializers.IntegerField(min_value=1, max_value=BIGINT, required=False, allow_null=True, default=None)
    rationale = Text(max_length=5000, allow_blank=True)
    done_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    immediate_risk = serializers.BooleanField(required=False, allow_null=True, default=None)
    immediate_action = Text(max_length=5000, required=False, allow_blank=True, default="")
    identity_checked = serializers.BooleanField(required=False, allow_null=True, default=None)
    identity_evidence = Text(max_length=200, required=False, allow_blank=True, default="")
    checks = Text(max_length=5000, required=False, allow_blank=True, default="")
    agencies_present = Text(max_length=300, required=False, allow_blank=True, default="")
    decision = serializers.ChoiceField(choices=DisclosureApplication.Decision.choices, required=False, default="")
    refusal_reason = serializers.ChoiceField(
        choices=DisclosureApplication.RefusalReason.choices, required=False, default=""
    )


class DisclosureCreateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=BIGINT, required=False, allow_null=True, default=None)
    disclosed_to = PersonField()
    method = serializers.ChoiceField(choices=Disclosure.Method.choices)
    what_was_said = Text(max_length=10000, allow_blank=True)
    undertaking_signed = serializers.BooleanField()
    undertaking_signed_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    rationale = Text(max_length=5000, allow_blank=True)
    disclosed_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


def _application(request, pk: int, check) -> DisclosureApplication:
    application = get_object_or_404(DisclosureApplication.objects.select_related("area"), pk=pk)
    require(check(request.user, application))
    return application


def _application_data(pk: int) -> dict:
    found = (
        DisclosureApplication.objects.select_related("area", "owner", "person_at_risk", "subject", "applicant")
        .prefetch_related("stages__done_by")
        .get(pk=pk)
    )
    return ApplicationDetailSerializer(found).data


class DisclosureListCreate(generics.ListCreateAPIView):
    """Clare's Law applications in the caller's areas, soonest target first (``status``: open, the default, or
    closed); POST opens one (right to ask or right to know)."""

    serializer_class = ApplicationSerializer
    permission_required = {
        "GET": "safeguarding.view_disclosureapplication",
        "POST": "safeguarding.add_disclosureapplication",
    }

    def get_queryset(self):
        wanted = self.request.query_params.get("status", "open")
        if wanted not in ("open", "closed"):
            raise serializers.ValidationError({"status": "Give open or closed."})
        return disclosure_list(self.request.user, status=wanted)

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=["open", "closed"])])
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        people = {p["id"] for a in response.data["results"] for p in (a["person_at_risk"], a["subject"]) if p}
        access_record(
            user=request.user,
            action=AccessLog.Action.SEARCH,
            persons=sorted(people),
            reason="API disclosure list",
            request=request,
        )
        return response

    @extend_schema(request=ApplicationCreateSerializer, responses={201: ApplicationDetailSerializer})
    def post(self, request, *args, **kwargs):
        data = ApplicationCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        made = dvds.disclosure_open(user=request.user, **data.validated_data)
        return Response(_application_data(made.pk), status=status.HTTP_201_CREATED)


class DisclosureDetail(generics.GenericAPIView):
    serializer_class = ApplicationDetailSerializer
    permission_required = "safeguarding.view_disclosureapplication"

    def get(self, request, pk: int):
        _application(request, pk, can_view_disclosureapplication)
        return Response(_application_data(pk))


class DisclosureStageCreate(generics.GenericAPIView):
    """Record the next stage: the decision (a supervisor's), or a refusal told, included."""

    serializer_class = StageCreateSerializer
    permission_required = ("safeguarding.view_disclosureapplication",)

    @extend_schema(request=StageCreateSerializer, responses={201: ApplicationDetailSerializer})
    def post(self, request, pk: int):
        application = _application(request, pk, can_view_disclosureapplication)
        user = request.user
        if not (user.has_perm(dvds.RECORD) or user.has_perm(dvds.DECIDE)):
            raise PermissionDenied
        data = StageCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        check = can_decide_disclosure if data.validated_data["stage"] == Stage.DECISION else can_record_disclosure_stage
        require(check(user, application), "You cannot record this stage.")
        dvds.disclosure_stage_record(application=application, user=request.user, **data.validated_data)
        return Response(_application_data(pk), status=status.HTTP_201_CREATED)


class DisclosureGive(generics.GenericAPIView):
    """The disclosure as given, after a decision to disclose; needs the signed undertaking."""

    serializer_class = DisclosureCreateSerializer
    permission_required = "safeguarding.record_disclosure_stage"

    @extend_schema(request=DisclosureCreateSerializer, responses={201: ApplicationDetailSerializer})
    def post(self, request, pk: int):
        application = _application(request, pk, can_record_disclosure_stage)
        data = DisclosureCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        dvds.disclosure_give(application=application, user=request.user, **data.validated_data)
        return Response(_application_data(pk), status=status.HTTP_201_CREATED)


# Bail and release ------------------------------------------------------------------------------------------


class BailConditionSerializer(serializers.ModelSerializer):
    protected_person = CasePersonRef(read_only=True, allow_null=True)

    class Meta:
        model = BailCondition
        fields = ["kind", "detail", "protected_person"]


class ReviewTaskSerializer(serializers.ModelSerializer):
    assignee = serializers.CharField(source="assignee.__str__", read_only=True)

    class Meta:
        model = RiskReviewTask
        fields = ["id", "victim", "assignee", "due_date", "done_at", "note"]


class CustodyStatusSerializer(serializers.ModelSerializer):
    suspect = CasePersonRef(read_only=True)
    conditions = BailConditionSerializer(many=True, read_only=True)
    review_tasks = ReviewTaskSerializer(many=True, read_only=True)

    class Meta:
        model = CustodyStatus
        fields = [
            "id",
            "incident",
            "suspect",
            "kind",
            "decided_at",
            "rationale",
            "bail_end_date",
            "court_date",
            "release_date",
            "victim_views",
            "ended_at",
            "conditions",
            "review_tasks",
        ]


class ConditionInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=BailCondition.Kind.choices)
    detail = Text(max_length=300, allow_blank=True)
    protected_person = PersonField(required=False, allow_null=True, default=None)


class CustodyStatusCreateSerializer(serializers.Serializer):
    suspect = PersonField()
    kind = serializers.ChoiceField(choices=CustodyStatus.Kind.choices)
    rationale = Text(max_length=5000, allow_blank=True)
    decided_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    bail_end_date = serializers.DateField(required=False, allow_null=True, default=None)
    court_date = serializers.DateField(required=False, allow_null=True, default=None)
    release_date = serializers.DateField(required=False, allow_null=True, default=None)
    conditions = ConditionInputSerializer(many=True, required=False, default=list)

    def validate_conditions(self, value):
        if len(value) > 20:
            raise serializers.ValidationError("At most 20 conditions.")
        return [custody_services.ConditionInput(**c) for c in value]


class VictimViewsSerializer(serializers.ModelSerializer):
    class Meta:
        model = VictimViews
        fields = ["id", "victim", "suspect", "sought_at", "reached", "views", "not_reached_reason"]


class VictimViewsCreateSerializer(serializers.Serializer):
    victim = PersonField()
    suspect = PersonField()
    reached = serializers.BooleanField()
    views = Text(max_length=5000, required=False, allow_blank=True, default="")
    not_reached_reason = Text(max_length=5000, required=False, allow_blank=True, default="")
    sought_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


def _incident(request, pk: int, check) -> Incident:
    incident = get_object_or_404(Incident.objects.select_related("area"), pk=pk)
    require(check(request.user, incident))
    return incident


def _statuses(incident) -> list:
    return CustodyStatusSerializer(incident_custody(incident), many=True).data


class CustodyListCreate(generics.GenericAPIView):
    queryset = CustodyStatus.objects.none()  # for the schema: the views read through their own selectors
    pagination_class = None  # one incident's rows, or one row per area: never paged
    """The incident's bail and custody statuses, newest first; POST records a change (pre-charge bail needs each
    victim's views first: Kay's Law)."""

    serializer_class = CustodyStatusSerializer
    permission_required = {"GET": "safeguarding.view_custodystatus", "POST": "safeguarding.add_custodystatus"}

    @extend_schema(responses={200: CustodyStatusSerializer(many=True)})
    def get(self, request, pk: int):
        return Response(_statuses(_incident(request, pk, can_view_custody)))

    @extend_schema(request=CustodyStatusCreateSerializer, responses={201: CustodyStatusSerializer})
    def post(self, request, pk: int):
        incident = _incident(request, pk, can_add_custodystatus)
        data = CustodyStatusCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        made = custody_services.custody_status_record(user=request.user, incident=incident, **data.validated_data)
        made = next(s for s in incident_custody(incident) if s.pk == made.pk)
        return Response(CustodyStatusSerializer(made).data, status=status.HTTP_201_CREATED)


class VictimViewsCreate(generics.GenericAPIView):
    serializer_class = VictimViewsCreateSerializer
    permission_required = "safeguarding.add_victimviews"

    @extend_schema(request=VictimViewsCreateSerializer, responses={201: VictimViewsSerializer})
    def post(self, request, pk: int):
        incident = _incident(request, pk, can_add_victimviews)
        data = VictimViewsCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        made = custody_services.victim_views_record(user=request.user, incident=incident, **data.validated_data)
        return Response(VictimViewsSerializer(made).data, status=status.HTTP_201_CREATED)


class ReviewTaskDoneSerializer(serializers.Serializer):
    note = Text(max_length=5000, allow_blank=True)


class ReviewTaskDone(generics.GenericAPIView):
    serializer_class = ReviewTaskDoneSerializer
    permission_required = "safeguarding.complete_riskreviewtask"

    @extend_schema(request=ReviewTaskDoneSerializer, responses={200: ReviewTaskSerializer})
    def post(self, request, pk: int):
        task = get_object_or_404(RiskReviewTask.objects.select_related("status__incident"), pk=pk)
        require(can_complete_riskreviewtask(request.user, task), "Only the officer given the review, or the PVP team.")
        data = ReviewTaskDoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = custody_services.risk_review_complete(task=task, user=request.user, **data.validated_data)
        return Response(ReviewTaskSerializer(done).data)


# The Victims' Code -------------------------------------------------------------------------------------------


class VictimUpdateSerializer(serializers.ModelSerializer):
    victim = CasePersonRef(read_only=True)
    responsible = serializers.CharField(source="responsible.__str__", read_only=True)

    class Meta:
        model = VictimUpdate
        fields = [
            "id",
            "incident",
            "victim",
            "event",
            "description",
            "event_at",
            "enhanced",
            "working_days",
            "due_on",
            "responsible",
            "given_at",
            "contact",
        ]


class VictimContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = VictimContact
        fields = ["id", "incident", "victim", "contacted_at", "method", "reached", "what_was_said"]


class VictimContactCreateSerializer(serializers.Serializer):
    victim = PersonField()
    method = serializers.ChoiceField(choices=VictimContact.Method.choices)
    reached = serializers.BooleanField()
    what_was_said = Text(max_length=5000, allow_blank=True)
    contacted_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    updates = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=BIGINT), required=False, default=list, max_length=50
    )


class VictimContactCreate(generics.GenericAPIView):
    """Log a contact with a victim of the incident; when it reached them, it gives the updates it names."""

    serializer_class = VictimContactCreateSerializer
    permission_required = "safeguarding.add_victimcontact"

    @extend_schema(request=VictimContactCreateSerializer, responses={201: VictimContactSerializer})
    def post(self, request, pk: int):
        incident = _incident(request, pk, can_add_victimcontact)
        data = VictimContactCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        made = victim_contact_record(user=request.user, incident=incident, **data.validated_data)
        return Response(VictimContactSerializer(made).data, status=status.HTTP_201_CREATED)


class IncidentUpdates(generics.GenericAPIView):
    queryset = VictimUpdate.objects.none()  # for the schema: the views read through their own selectors
    pagination_class = None  # one incident's rows, or one row per area: never paged
    serializer_class = VictimUpdateSerializer
    permission_required = "safeguarding.view_victimupdate"

    @extend_schema(responses={200: VictimUpdateSerializer(many=True)})
    def get(self, request, pk: int):
        incident = _incident(request, pk, can_view_victimupdate)
        rows = VictimUpdate.objects.filter(incident=incident).select_related("victim", "responsible")
        return Response(VictimUpdateSerializer(rows, many=True).data)


class OverdueUpdates(generics.ListAPIView):
    """Victims' Code updates past their day in the caller's areas, oldest first."""

    serializer_class = VictimUpdateSerializer
    permission_required = "safeguarding.view_victimupdate"

    def get_queryset(self):
        return victims_code_overdue(self.request.user, today=timezone.localdate())

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        access_record(
            user=request.user,
            action=AccessLog.Action.SEARCH,
            persons=[u["victim"]["id"] for u in response.data["results"]],
            reason="API Victims' Code overdue list",
            request=request,
        )
        return response


class ComplianceQuery(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()

    def validate(self, attrs):
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": "The end is before the start."})
        if (attrs["end"] - attrs["start"]).days > 366 * 5:
            raise serializers.ValidationError({"end": "At most five years."})
        if attrs["start"].year < 1900 or attrs["end"].year > 2100:
            raise serializers.ValidationError({"start": "Give a year from 1900 to 2100."})
        return attrs


class ComplianceRow(serializers.Serializer):
    area_id = serializers.IntegerField()
    area_name = serializers.CharField()
    due = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    outstanding = serializers.IntegerField()
    percent_on_time = serializers.IntegerField(allow_null=True)


class Compliance(generics.GenericAPIView):
    queryset = VictimUpdate.objects.none()  # for the schema: the views read through their own selectors
    pagination_class = None  # one incident's rows, or one row per area: never paged
    """Victims' Code compliance by area within reach: updates due from ``start`` to ``end`` (by their due day) and
    how many were given on time. Counts only, no person."""

    serializer_class = ComplianceRow
    permission_required = "safeguarding.view_victimupdate"

    @extend_schema(
        parameters=[OpenApiParameter("start", date, required=True), OpenApiParameter("end", date, required=True)],
        responses={200: ComplianceRow(many=True)},
    )
    def get(self, request):
        query = ComplianceQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = victims_code_compliance(user=request.user, **query.validated_data)
        return Response(ComplianceRow(rows, many=True).data)
