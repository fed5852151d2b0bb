"""The MARAC API: meetings, referrals (a police and a partner version), the agenda, actions and what agencies share.

Every object is looked up through its model's ``visible_to``: another area's or another agency's case is 404.
"""

from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from audit.models import AccessLog
from audit.services import access_record
from people.services import PersonInput

from .. import selectors, services
from ..agenda import agenda_cases, agenda_pdf, agenda_persons, partner_version
from ..models import InformationShare, MaracAction, MaracMeeting, MaracReferral
from .serializers import (
    REFERRAL_IN,
    REFERRAL_OUT,
    MaracActionCreateSerializer,
    MaracActionSerializer,
    MaracActionStatusSerializer,
    MaracAgendaCaseSerializer,
    MaracAgendaSerializer,
    MaracMeetingCreateSerializer,
    MaracMeetingDetailSerializer,
    MaracMeetingSerializer,
    MaracMinutesSerializer,
    MaracMoveSerializer,
    MaracPartnerReferralCreateSerializer,
    MaracPartnerReferralSerializer,
    MaracReferralCreateSerializer,
    MaracReferralSerializer,
    MaracReferralSummarySerializer,
    MaracShareCreateSerializer,
    MaracShareSerializer,
)

VIEW_MEETING = "marac.view_maracmeeting"
VIEW_REFERRAL = "marac.view_maracreferral"
CHANGE_REFERRAL = "marac.change_maracreferral"
DOWNLOAD = "marac.download_agenda"

MEETING_FILTERS = [
    OpenApiParameter("when", OpenApiTypes.STR, enum=["coming", "past"], description="Default: coming"),
    OpenApiParameter("area", OpenApiTypes.STR, description="Area code"),
]
REFERRAL_FILTERS = [
    OpenApiParameter("meeting", OpenApiTypes.INT, description="Only the cases of this meeting"),
    OpenApiParameter("awaiting", OpenApiTypes.BOOL, description="Only the cases no meeting had room for"),
]
VERSION = [
    OpenApiParameter(
        "version", OpenApiTypes.STR, enum=["police", "partner"], description="Police only; partners get theirs"
    )
]


def _referrals(user):
    """The cases the user can see, with what the summary shows of each, in a fixed number of queries."""
    return (
        MaracReferral.objects.visible_to(user)
        .select_related("victim", "area", "referring_agency", "assessment", "idva_service__agency")
        .prefetch_related("perpetrators")
        .annotate(children=Count("assessment__children", distinct=True))
    )


def _referral_data(user, pk: int) -> dict:
    """One case as the user may see it: the partner version leaves out police-only detail."""
    referral = (
        _referrals(user)
        .select_related("referred_by")
        .prefetch_related(
            Prefetch("actions", queryset=MaracAction.objects.select_related("owner_agency")),
            Prefetch("shares", queryset=InformationShare.objects.select_related("agency", "recorded_by")),
        )
        .get(pk=pk)
    )
    return (MaracPartnerReferralSerializer if user.is_partner else MaracReferralSerializer)(referral).data


def _visible_referral(request, pk: int) -> MaracReferral:
    return get_object_or_404(MaracReferral.objects.visible_to(request.user).select_related("meeting"), pk=pk)


def _meetings(user):
    return (
        MaracMeeting.objects.visible_to(user)
        .select_related("area", "chair", "coordinator")
        .prefetch_related("agencies")
        .annotate(cases=Count("referrals", distinct=True))
    )


def _visible_meeting(request, pk: int) -> MaracMeeting:
    return get_object_or_404(_meetings(request.user), pk=pk)


def _meeting_field(request, pk: int | None) -> MaracMeeting:
    meeting = MaracMeeting.objects.visible_to(request.user).filter(pk=pk).first() if pk is not None else None
    if meeting is None:
        raise ValidationError({"meeting": ["No such meeting."]})
    return meeting


def _flag(params, name: str) -> bool:
    value = params.get(name, "false").lower()
    if value not in ("true", "false", "1", "0"):
        raise ValidationError({name: ["true or false."]})
    return value in ("true", "1")


class MeetingListCreate(generics.ListCreateAPIView):
    """The meetings the caller can see with their number of cases; POST arranges one in the caller's area."""

    serializer_class = MaracMeetingSerializer
    permission_required = {"GET": VIEW_MEETING, "POST": "marac.add_maracmeeting"}

    def get_queryset(self):
        params = self.request.query_params
        when = params.get("when", "coming")
        if when not in ("coming", "past"):
            raise ValidationError({"when": ["coming or past."]})
        meetings = selectors.meetings_for(self.request.user, coming=when == "coming").prefetch_related("agencies")
        if params.get("area"):
            meetings = meetings.filter(area__code=params["area"])
        return meetings

    @extend_schema(parameters=MEETING_FILTERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=MaracMeetingCreateSerializer, responses={201: MaracMeetingSerializer})
    def post(self, request, *args, **kwargs):
        serializer = MaracMeetingCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        meeting = services.meeting_create(user=request.user, **serializer.validated_data)
        return Response(MaracMeetingSerializer(_meetings(request.user).get(pk=meeting.pk)).data, status=201)


class MeetingDetail(generics.RetrieveAPIView):
    """A meeting with the cases on it that the caller can see."""

    serializer_class = MaracMeetingDetailSerializer
    permission_required = VIEW_MEETING

    def get_queryset(self):
        return _meetings(self.request.user)

    def retrieve(self, request, *args, **kwargs):
        meeting = self.get_object()
        meeting.visible_referrals = list(_referrals(request.user).filter(meeting=meeting).order_by("referred_at", "pk"))
        persons = [pk for r in meeting.visible_referrals for pk in r.audit_person_ids()]
        access_record(user=request.user, obj=meeting, persons=persons, reason="API MARAC meeting", request=request)
        return Response(self.get_serializer(meeting).data)


class _Agenda(generics.GenericAPIView):
    permission_required = DOWNLOAD

    def get_queryset(self):
        return _meetings(self.request.user)

    def agenda_of(self, request) -> tuple[MaracMeeting, bool]:
        """The meeting and whether the partner version is due (always for partners), the download audited."""
        version = request.query_params.get("version", "police")
        if version not in ("police", "partner"):
            raise ValidationError({"version": ["police or partner."]})
        meeting = self.get_object()
        partner = partner_version(request.user, version)
        access_record(
            user=request.user,
            obj=meeting,
            persons=agenda_persons(meeting),
            action=AccessLog.Action.DOWNLOAD,
            reason=f"API MARAC agenda ({'partner' if partner else 'police'} version)",
            request=request,
        )
        return meeting, partner


class MeetingAgenda(_Agenda):
    """The agenda as data: every case with what the meeting needs. Partners always get the partner version."""

    serializer_class = MaracAgendaSerializer

    @extend_schema(parameters=VERSION, responses={200: MaracAgendaSerializer})
    def get(self, request, pk: int):
        meeting, partner = self.agenda_of(request)
        cases = agenda_cases(meeting, partner=partner)
        return Response(
            {
                "meeting": MaracMeetingSerializer(meeting).data,
                "version": "partner" if partner else "police",
                "cases": MaracAgendaCaseSerializer(cases, many=True).data,
            }
        )


class MeetingAgendaPdf(_Agenda):
    """The agenda as an A4 PDF marked OFFICIAL-SENSITIVE. Partners always get the partner version."""

    def perform_content_negotiation(self, request, force=False):
        # The PDF is sent as it is; errors go out in the API's JSON whatever the client asked for.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        parameters=VERSION,
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The agenda PDF")},
    )
    def get(self, request, pk: int):
        meeting, partner = self.agenda_of(request)
        pdf = agenda_pdf(meeting, partner=partner)
        name = f"marac-agenda-{meeting.pk}-{'partner' if partner else 'police'}.pdf"
        return HttpResponse(
            pdf,
            content_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
        )


class ReferralListCreate(generics.ListCreateAPIView):
    """The cases the caller can see, latest first; POST refers a victim (partners name the people they refer)."""

    serializer_class = MaracReferralSummarySerializer
    permission_required = {"GET": VIEW_REFERRAL, "POST": "marac.add_maracreferral"}

    def get_queryset(self):
        params = self.request.query_params
        referrals = _referrals(self.request.user).order_by("-referred_at", "-pk")
        meeting = params.get("meeting", "")
        if meeting:
            if not meeting.isdecimal():
                raise ValidationError({"meeting": ["A meeting id."]})
            referrals = referrals.filter(meeting_id=int(meeting))
        if _flag(params, "awaiting"):
            referrals = referrals.filter(meeting__isnull=True)
        return referrals

    @extend_schema(parameters=REFERRAL_FILTERS)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        access_record(
            user=request.user,
            action=AccessLog.Action.SEARCH,
            persons=[p["id"] for r in response.data["results"] for p in (r["victim"], *r["perpetrators"])],
            reason="API MARAC referral list",
            request=request,
        )
        return response

    @extend_schema(request=REFERRAL_IN, responses={201: REFERRAL_OUT})
    def post(self, request, *args, **kwargs):
        user = request.user
        if user.is_partner:
            serializer = MaracPartnerReferralCreateSerializer(data=request.data, context={"request": request})
            serializer.is_valid(raise_exception=True)
            d = dict(serializer.validated_data)
            referral = services.partner_referral_create(
                victim=PersonInput(**d.pop("victim")),
                perpetrators=[PersonInput(**p) for p in d.pop("perpetrators")],
                user=user,
                **d,
            )
        else:
            serializer = MaracReferralCreateSerializer(data=request.data, context={"request": request})
            serializer.is_valid(raise_exception=True)
            if user.agency_id is None:
                raise ValidationError("Your account belongs to no agency; ask an administrator.")
            referral = services.referral_create(referring_agency=user.agency, user=user, **serializer.validated_data)
        return Response(_referral_data(user, referral.pk), status=status.HTTP_201_CREATED)


class ReferralDetail(generics.RetrieveAPIView):
    """One case; partner agencies get the partner version (no police-only detail, no address or date of birth)."""

    serializer_class = MaracReferralSerializer
    permission_required = VIEW_REFERRAL

    def get_queryset(self):
        return MaracReferral.objects.visible_to(self.request.user)

    @extend_schema(responses={200: REFERRAL_OUT})
    def get(self, request, *args, **kwargs):
        referral = self.get_object()
        data = _referral_data(request.user, referral.pk)
        persons = [data["victim"]["id"], *(p["id"] for p in data["perpetrators"])]
        access_record(user=request.user, obj=referral, persons=persons, reason="API", request=request)
        return Response(data)


class ReferralMove(generics.GenericAPIView):
    """Move a case to another coming meeting of its area with room (or put a waiting case on one)."""

    serializer_class = MaracMoveSerializer
    permission_required = CHANGE_REFERRAL

    @extend_schema(request=MaracMoveSerializer, responses={200: MaracReferralSerializer})
    def post(self, request, pk: int):
        referral = _visible_referral(request, pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting = _meeting_field(request, serializer.validated_data["meeting"])
        services.referral_move(referral=referral, meeting=meeting, user=request.user)
        return Response(_referral_data(request.user, referral.pk))


class ReferralMinutes(generics.GenericAPIView):
    """Record what the meeting said of the case; send the case's ``version`` as read: if it changed since, 409."""

    serializer_class = MaracMinutesSerializer
    permission_required = CHANGE_REFERRAL

    @extend_schema(request=MaracMinutesSerializer, responses={200: MaracReferralSerializer})
    def post(self, request, pk: int):
        referral = _visible_referral(request, pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.referral_minutes(referral=referral, user=request.user, **serializer.validated_data)
        return Response(_referral_data(request.user, referral.pk))


class ActionCreate(generics.GenericAPIView):
    """Record an action agreed for the case: an owner agency attending the meeting, a description, a due date."""

    serializer_class = MaracActionCreateSerializer
    permission_required = "marac.add_maracaction"

    @extend_schema(request=MaracActionCreateSerializer, responses={201: MaracActionSerializer})
    def post(self, request, pk: int):
        referral = _visible_referral(request, pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        meeting = _meeting_field(request, d["meeting"]) if d["meeting"] is not None else referral.meeting
        if meeting is None:
            raise ValidationError({"meeting": ["The case is not on a meeting yet."]})
        action = services.action_add(
            referral=referral,
            meeting=meeting,
            owner_agency=d["owner_agency"],
            description=d["description"],
            due=d["due"],
            user=request.user,
        )
        action = MaracAction.objects.select_related("owner_agency").get(pk=action.pk)
        return Response(MaracActionSerializer(action).data, status=status.HTTP_201_CREATED)


class ActionStatus(generics.GenericAPIView):
    """Done, not done, or not possible (with the reason): by the owner agency, the chair or the coordinator."""

    serializer_class = MaracActionStatusSerializer
    permission_required = "marac.change_maracaction"

    @extend_schema(request=MaracActionStatusSerializer, responses={200: MaracActionSerializer})
    def post(self, request, pk: int):
        action = get_object_or_404(MaracAction.objects.visible_to(request.user), pk=pk)
        if not services.can_update(action, request.user):
            raise PermissionDenied("Only the owner agency, the chair or the coordinator can update this action.")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        action = services.action_update(action=action, status=d["status"], reason=d["status_reason"], user=request.user)
        action = MaracAction.objects.select_related("owner_agency").get(pk=action.pk)
        return Response(MaracActionSerializer(action).data)


class ShareCreate(generics.GenericAPIView):
    """Record what the caller's agency shares about the case, before or at a meeting it attends."""

    serializer_class = MaracShareCreateSerializer
    permission_required = "marac.add_informationshare"

    @extend_schema(request=MaracShareCreateSerializer, responses={201: MaracShareSerializer})
    def post(self, request, pk: int):
        referral = _visible_referral(request, pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        share = services.share_add(referral=referral, user=request.user, **serializer.validated_data)
        share = InformationShare.objects.select_related("agency", "recorded_by").get(pk=share.pk)
        return Response(MaracShareSerializer(share).data, status=status.HTTP_201_CREATED)
