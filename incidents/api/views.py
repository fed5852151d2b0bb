from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from audit.models import AccessLog
from audit.services import access_record

from ..models import Incident, Party
from ..services import incident_create
from .serializers import IncidentCreateSerializer, IncidentSerializer

FILTERS = [
    OpenApiParameter("area", OpenApiTypes.STR, description="Area code"),
    OpenApiParameter("status", OpenApiTypes.STR, enum=Incident.Status.values),
    OpenApiParameter("received_after", OpenApiTypes.DATETIME),
    OpenApiParameter("received_before", OpenApiTypes.DATETIME),
    OpenApiParameter("person", OpenApiTypes.INT, description="Incidents involving this person"),
]


def _incidents():
    return Incident.objects.select_related("area", "checklist").prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("person"))
    )


class IncidentListCreate(generics.ListCreateAPIView):
    """Incidents in the caller's areas, newest first; POST logs a new incident (command-and-control)."""

    serializer_class = IncidentSerializer
    permission_required = {"GET": "incidents.view_incident", "POST": "incidents.add_incident"}

    def get_queryset(self):
        qs = _incidents().visible_to(self.request.user).order_by("-received_at", "-id")
        params = self.request.query_params
        if params.get("area"):
            qs = qs.filter(area__code=params["area"])
        if params.get("status"):
            if params["status"] not in Incident.Status.values:
                raise ValidationError({"status": f"Choose one of {', '.join(Incident.Status.values)}."})
            qs = qs.filter(status=params["status"])
        for name, lookup in (("received_after", "received_at__gte"), ("received_before", "received_at__lt")):
            if params.get(name):
                from django.utils.dateparse import parse_datetime

                value = parse_datetime(params[name])
                if value is None:
                    raise ValidationError({name: "Use an ISO 8601 date and time."})
                qs = qs.filter(**{lookup: value})
        if params.get("person"):
            if not params["person"].isdigit():
                raise ValidationError({"person": "A person number."})
            qs = qs.filter(parties__person_id=int(params["person"])).distinct()
        return qs

    @extend_schema(parameters=FILTERS)
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
