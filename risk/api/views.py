"""The DASH API: a mobile app or another system completes and reviews assessments through the same services."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.policies import require
from incidents.models import Incident

from ..filters import AssessmentFilter
from ..models import Assessment, AssessmentAnswer, PvpQueueItem, Review
from ..policies import can_change_assessment, can_review_assessment
from ..selectors import pvp_pending
from ..services import assessments as svc
from ..services import offline, reviews
from . import serializers as s


def _assessments(user):
    return (
        Assessment.objects.visible_to(user)
        .select_related("questionnaire", "area")
        .prefetch_related(
            Prefetch("answers", queryset=AssessmentAnswer.objects.select_related("question__section")),
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer")),
        )
    )


def _respond(request, assessment: Assessment, code=status.HTTP_200_OK) -> Response:
    return Response(s.AssessmentSerializer(_assessments(request.user).get(pk=assessment.pk)).data, status=code)


class AssessmentListCreate(generics.ListCreateAPIView):
    """Assessments in the caller's areas (newest first); POST starts a draft for a victim of an incident."""

    serializer_class = s.AssessmentSerializer
    permission_required = {"GET": "risk.view_assessment", "POST": "risk.add_assessment"}
    filterset_class = AssessmentFilter

    def get_queryset(self):
        return _assessments(self.request.user).order_by("-started_at", "-id")

    @extend_schema(request=s.StartSerializer, responses={201: s.AssessmentSerializer})
    def post(self, request):
        data = s.StartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        incident = get_object_or_404(Incident.objects.visible_to(request.user), pk=data.validated_data["incident"])
        assessment = svc.assessment_start(
            incident=incident,
            victim_id=data.validated_data["victim"],
            officer=request.user,
            supplements=data.validated_data["supplements"],
        )
        return _respond(request, assessment, status.HTTP_201_CREATED)


class AssessmentDetail(generics.RetrieveAPIView):
    serializer_class = s.AssessmentSerializer
    permission_required = "risk.view_assessment"

    def get_queryset(self):
        return _assessments(self.request.user)


def _allowed(request, pk: int, check, refusal: str) -> Assessment:
    """The assessment, if the caller may see it (else 404) and the page's own policy allows the call (else 403)."""
    assessment = get_object_or_404(Assessment.objects.visible_to(request.user), pk=pk)
    require(check(request.user, assessment), refusal)
    return assessment


def _own_draft(request, pk: int) -> Assessment:
    return _allowed(request, pk, can_change_assessment, "Only the officer completing a draft can change it.")


class AssessmentAnswers(APIView):
    """Save answers (all or none); the response carries the new yes count."""

    permission_required = "risk.change_assessment"

    @extend_schema(request=s.AnswersInputSerializer, responses=s.AssessmentSerializer)
    def post(self, request, pk: int):
        assessment = _own_draft(request, pk)
        data = s.AnswersInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        svc.assessment_answer_many(assessment=assessment, user=request.user, answers=data.validated_data["answers"])
        return _respond(request, assessment)


class AssessmentAnswerEvents(APIView):
    """A device's answer events after a lost signal, in order: each key accepted once; per question the
    later tap (by the device's clock) wins, and the other device's answer is kept in the history."""

    permission_required = "risk.change_assessment"

    @extend_schema(request=s.AnswerEventsInputSerializer, responses=s.AnswerEventsResultSerializer)
    def post(self, request, pk: int):
        assessment = _own_draft(request, pk)
        data = s.AnswerEventsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        results = offline.assessment_answer_events(
            assessment=assessment,
            user=request.user,
            device=data.validated_data["device"],
            events=data.validated_data["events"],
        )
        assessment.refresh_from_db(fields=["yes_count"])
        body = {"yes_count": assessment.yes_count, "results": [r.__dict__ for r in results]}
        return Response(s.AnswerEventsResultSerializer(body).data)


class AssessmentSubmit(APIView):
    permission_required = "risk.change_assessment"

    @extend_schema(request=s.SubmitSerializer, responses=s.AssessmentSerializer)
    def post(self, request, pk: int):
        assessment = _own_draft(request, pk)
        data = s.SubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        svc.assessment_submit(assessment=assessment, user=request.user, **data.validated_data)
        return _respond(request, assessment)


class AssessmentSergeantReview(APIView):
    permission_required = "risk.review_as_sergeant"

    @extend_schema(request=s.ReviewInputSerializer, responses=s.AssessmentSerializer)
    def post(self, request, pk: int):
        assessment = _allowed(
            request,
            pk,
            can_review_assessment,
            "A sergeant reviews a submitted assessment of their own areas, never one they completed.",
        )
        data = s.ReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reviews.sergeant_review(assessment=assessment, sergeant=request.user, **data.validated_data)
        return _respond(request, assessment)


class PvpQueue(generics.ListAPIView):
    """Items waiting in the caller's areas' PVP queue, oldest first."""

    serializer_class = s.QueueItemSerializer
    permission_required = "risk.view_pvp_queue"
    queryset = PvpQueueItem.objects.none()  # names the model for the schema; get_queryset says what is listed

    def get_queryset(self):
        return pvp_pending(self.request.user)


def _item(request, pk: int) -> PvpQueueItem:
    return get_object_or_404(PvpQueueItem.objects.visible_to(request.user), pk=pk)


class PvpClaim(APIView):
    """Claim this item (409-free: a clash is a 400 naming who holds it)."""

    permission_required = "risk.review_in_pvp_queue"

    @extend_schema(request=None, responses=s.QueueItemSerializer)
    def post(self, request, pk: int):
        item = reviews.pvp_claim(item=_item(request, pk), user=request.user)
        return Response(s.QueueItemSerializer(pvp_pending(request.user).get(pk=item.pk)).data)


class PvpComplete(APIView):
    permission_required = "risk.review_in_pvp_queue"

    @extend_schema(request=s.PvpCompleteSerializer, responses=s.QueueItemSerializer)
    def post(self, request, pk: int):
        item = _item(request, pk)  # outside the caller's reach: 404 before anything sent is looked at
        data = s.PvpCompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = reviews.pvp_complete(item=item, user=request.user, **data.validated_data)
        item = PvpQueueItem.objects.select_related("assessment__victim", "claimed_by").get(pk=item.pk)
        return Response(s.QueueItemSerializer(item).data)
