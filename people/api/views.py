from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import AccessLog
from audit.services import access_record

from ..matching import MatchRecord
from ..models import Address, Person
from ..selectors import person_search
from ..services import person_create
from .serializers import CandidateSerializer, PersonCreateSerializer, PersonSerializer, SearchQuerySerializer


class PersonSearch(APIView):
    """Ranked candidates for a person, with each one's score and reasons."""

    permission_required = "people.view_person"

    @extend_schema(parameters=[SearchQuerySerializer], responses=CandidateSerializer(many=True))
    def get(self, request):
        query = SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        d = query.validated_data
        record = MatchRecord(
            given_names=tuple(filter(None, [d.get("given_name", "").strip()])),
            surnames=tuple(filter(None, [d.get("surname", "").strip()])),
            date_of_birth=d.get("date_of_birth"),
            postcodes=tuple(filter(None, [d.get("postcode", "").strip()])),
            address_lines=tuple(filter(None, [d.get("address", "").strip()])),
            phones=tuple(filter(None, [d.get("phone", "").strip()])),
        )
        candidates = person_search(record, user=request.user, limit=d["limit"])
        access_record(
            user=request.user,
            action=AccessLog.Action.SEARCH,
            persons=[c.person_id for c in candidates],
            reason="API person search",
            request=request,
        )
        return Response(CandidateSerializer(candidates, many=True).data)


def _people():
    return Person.objects.prefetch_related(
        "aliases",
        "phones",
        "markers",
        Prefetch("addresses", queryset=Address.objects.listable().order_by("valid_to"), to_attr="listable_addresses"),
    )


class PersonListCreate(generics.ListCreateAPIView):
    """People in the index (newest first); POST adds a person."""

    serializer_class = PersonSerializer
    permission_required = {"GET": "people.view_person", "POST": "people.add_person"}

    def get_queryset(self):
        return _people().visible_to(self.request.user).active().order_by("-id")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        access_record(
            user=request.user,
            action=AccessLog.Action.SEARCH,
            persons=[p["id"] for p in response.data["results"]],
            reason="API person list",
            request=request,
        )
        return response

    @extend_schema(request=PersonCreateSerializer, responses={201: PersonSerializer})
    def post(self, request, *args, **kwargs):
        serializer = PersonCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = person_create(data=serializer.to_input(), user=request.user)
        return Response(PersonSerializer(_people().get(pk=person.pk)).data, status=status.HTTP_201_CREATED)


class PersonDetail(generics.RetrieveAPIView):
    serializer_class = PersonSerializer
    permission_required = "people.view_person"

    def get_queryset(self):
        return _people().visible_to(self.request.user)
