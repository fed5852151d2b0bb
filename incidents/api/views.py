from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from audit.models import AccessLog
from audit.services import access_record

from ..filters import IncidentFilter
from ..models import Incident, Party
from ..services import incident_create
from .serializers import IncidentCreateSerializer, IncidentSerializer


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
