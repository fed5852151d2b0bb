"""Meetings and their agendas."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from ... import services
from ...agenda import agenda_cases, agenda_download_record, agenda_pdf_response, partner_version
from ...filters import MeetingFilter
from ...models import MaracMeeting
from ..serializers import (
    MaracAgendaCaseSerializer,
    MaracAgendaSerializer,
    MaracAgendaVersionSerializer,
    MaracMeetingCreateSerializer,
    MaracMeetingDetailSerializer,
    MaracMeetingSerializer,
    MaracMeetingUpdateSerializer,
)
from .common import DOWNLOAD, VIEW_MEETING, meetings_for, referrals_for


class MeetingListCreate(generics.ListCreateAPIView):
    """The meetings the caller can see with their number of cases; POST arranges one in the caller's area."""

    serializer_class = MaracMeetingSerializer
    permission_required = {"GET": VIEW_MEETING, "POST": "marac.add_maracmeeting"}
    filterset_class = MeetingFilter

    def get_queryset(self):
        return meetings_for(self.request.user).order_by("starts_at", "pk")

    @extend_schema(request=MaracMeetingCreateSerializer, responses={201: MaracMeetingSerializer})
    def post(self, request, *args, **kwargs):
        serializer = MaracMeetingCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        meeting = services.meeting_create(user=request.user, **serializer.validated_data)
        return Response(MaracMeetingSerializer(meetings_for(request.user).get(pk=meeting.pk)).data, status=201)


class MeetingDetail(generics.RetrieveAPIView):
    """A meeting with the cases on it that the caller can see; PUT changes a coming meeting (send its ``version``
    as read: if someone changed it since, 409)."""

    serializer_class = MaracMeetingDetailSerializer
    permission_required = {"GET": VIEW_MEETING, "PUT": "marac.change_maracmeeting"}

    @extend_schema(request=MaracMeetingUpdateSerializer, responses={200: MaracMeetingSerializer})
    def put(self, request, pk: int):
        meeting = self.get_object()
        serializer = MaracMeetingUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.meeting_update(meeting=meeting, user=request.user, **serializer.validated_data)
        return Response(MaracMeetingSerializer(meetings_for(request.user).get(pk=meeting.pk)).data)

    def get_queryset(self):
        return meetings_for(self.request.user)

    def retrieve(self, request, *args, **kwargs):
        meeting = self.get_object()
        meeting.visible_referrals = list(
            referrals_for(request.user).filter(meeting=meeting).order_by("referred_at", "pk")
        )
        return Response(self.get_serializer(meeting).data)


class _Agenda(generics.GenericAPIView):
    permission_required = DOWNLOAD

    def get_queryset(self):
        return meetings_for(self.request.user)

    def agenda_of(self, request) -> tuple[MaracMeeting, bool]:
        """The meeting and whether the partner version is due (always for partners), the download audited."""
        query = MaracAgendaVersionSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        meeting = self.get_object()
        partner = partner_version(request.user, query.validated_data["version"])
        agenda_download_record(meeting, user=request.user, partner=partner, request=request, channel="API ")
        return meeting, partner


class MeetingAgenda(_Agenda):
    """The agenda as data: every case with what the meeting needs. Partners always get the partner version."""

    serializer_class = MaracAgendaSerializer

    @extend_schema(parameters=[MaracAgendaVersionSerializer], responses={200: MaracAgendaSerializer})
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
        parameters=[MaracAgendaVersionSerializer],
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The agenda PDF")},
    )
    def get(self, request, pk: int):
        meeting, partner = self.agenda_of(request)
        return agenda_pdf_response(meeting, partner=partner)
