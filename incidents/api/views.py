from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import AccessLog
from audit.services import access_record

from ..filters import IncidentFilter
from ..models import Evidence, Incident, Party
from ..services import evidence_photograph_upload, incident_create
from .serializers import (
    EvidenceSerializer,
    IncidentCreateSerializer,
    IncidentSerializer,
    PhotographUploadSerializer,
)


def _incidents():
    return Incident.objects.select_related("area", "checklist").prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("person"))
    )


class IncidentListCreate(generics.ListCreateAPIView):
    """Incidents in the caller's areas, newest first; POST logs a new incident (command-and-control)."""

    serializer_class = IncidentSerializer
    permission_required = {"GET": "incidents.view_incident", "POST": "incidents.add_incident"}
    filterset_class = IncidentFilter

    def get_queryset(self):
        return _incidents().visible_to(self.request.user).order_by("-received_at", "-id")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        persons = [p["person_id"] for i in response.data["results"] for p in i["parties"]]
        access_record(
            user=request.user,
            action=AccessLog.Action.SEARCH,
            persons=persons,
            reason="API incident list",
            request=request,
        )
        return response

    @extend_schema(request=IncidentCreateSerializer, responses={201: IncidentSerializer})
    def post(self, request, *args, **kwargs):
        serializer = IncidentCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        incident = incident_create(
            data=serializer.to_input(),
            user=request.user,
            submission_key=serializer.validated_data.get("submission_key"),
        )
        return Response(IncidentSerializer(_incidents().get(pk=incident.pk)).data, status=status.HTTP_201_CREATED)


class IncidentDetail(generics.RetrieveAPIView):
    serializer_class = IncidentSerializer
    permission_required = "incidents.view_incident"

    def get_queryset(self):
        return _incidents().visible_to(self.request.user)


class IncidentPhotographs(APIView):
    """Upload an injury photograph taken on the phone (perhaps offline): checked against its SHA-256, once."""

    permission_required = "incidents.add_evidence"
    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": PhotographUploadSerializer}, responses={201: EvidenceSerializer})
    def post(self, request, pk: int):
        incident = get_object_or_404(Incident.objects.visible_to(request.user), pk=pk)
        data = PhotographUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evidence, created = evidence_photograph_upload(incident=incident, user=request.user, **data.validated_data)
        body = {
            "id": evidence.pk,
            "kind": evidence.kind,
            "sha256": evidence.sha256,
            "device": evidence.device,
            "taken_at": evidence.taken_at,
            "captured_at": Evidence.objects.values_list("captured_at", flat=True).get(pk=evidence.pk),
            "captured_by": str(evidence.captured_by),
            "created": created,
        }
        return Response(EvidenceSerializer(body).data, status=status.HTTP_201_CREATED if created else 200)
