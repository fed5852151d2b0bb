"""Referrals (a police and a partner version), moves, minutes, IDVA, actions and what agencies share."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from audit.models import AccessLog
from audit.services import access_record
from core.policies import require
from people.services import PersonInput

from ... import services
from ...filters import ReferralFilter
from ...models import InformationShare, MaracAction, MaracReferral
from ...policies import can_share_maracreferral, can_update_maracaction
from ..serializers import (
    REFERRAL_IN,
    REFERRAL_OUT,
    MaracActionCreateSerializer,
    MaracActionSerializer,
    MaracActionStatusSerializer,
    MaracIdvaSerializer,
    MaracMinutesSerializer,
    MaracMoveSerializer,
    MaracPartnerReferralCreateSerializer,
    MaracReferralCreateSerializer,
    MaracReferralSerializer,
    MaracReferralSummarySerializer,
    MaracShareCreateSerializer,
    MaracShareSerializer,
)
from .common import (
    CHANGE_REFERRAL,
    VIEW_REFERRAL,
    meeting_field,
    referral_data,
    referrals_for,
    visible_referral,
)


class ReferralListCreate(generics.ListCreateAPIView):
    """The cases the caller can see, latest first; POST refers a victim (partners name the people they refer)."""

    serializer_class = MaracReferralSummarySerializer
    permission_required = {"GET": VIEW_REFERRAL, "POST": "marac.add_maracreferral"}
    filterset_class = ReferralFilter

    def get_queryset(self):
        return referrals_for(self.request.user).order_by("-referred_at", "-pk")

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
        return Response(referral_data(user, referral.pk), status=status.HTTP_201_CREATED)


class ReferralDetail(generics.RetrieveAPIView):
    """One case; partner agencies get the partner version (no police-only detail, no address or date of birth)."""

    serializer_class = MaracReferralSerializer
    permission_required = VIEW_REFERRAL

    def get_queryset(self):
        return MaracReferral.objects.visible_to(self.request.user)

    @extend_schema(responses={200: REFERRAL_OUT})
    def get(self, request, *args, **kwargs):
        referral = self.get_object()
        return Response(referral_data(request.user, referral.pk))


class ReferralMove(generics.GenericAPIView):
    """Move a case to another coming meeting of its area with room (or put a waiting case on one)."""

    serializer_class = MaracMoveSerializer
    permission_required = CHANGE_REFERRAL

    @extend_schema(request=MaracMoveSerializer, responses={200: MaracReferralSerializer})
    def post(self, request, pk: int):
        referral = visible_referral(request, pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting = meeting_field(request, serializer.validated_data["meeting"])
        services.referral_move(referral=referral, meeting=meeting, user=request.user)
        return Response(referral_data(request.user, referral.pk))


class ReferralMinutes(generics.GenericAPIView):
    """Record what the meeting said of the case; send the case's ``version`` as read: if it changed since, 409."""

    serializer_class = MaracMinutesSerializer
    permission_required = CHANGE_REFERRAL

    @extend_schema(request=MaracMinutesSerializer, responses={200: MaracReferralSerializer})
    def post(self, request, pk: int):
        referral = visible_referral(request, pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.referral_minutes(referral=referral, user=request.user, **serializer.validated_data)
        return Response(referral_data(request.user, referral.pk))


class ReferralIdva(generics.GenericAPIView):
    """Allocate the case to an IDVA service of its area and record the outcome of the offer; send the case's
    ``version`` as read: if it changed since, 409."""

    serializer_class = MaracIdvaSerializer
    permission_required = CHANGE_REFERRAL

    @extend_schema(request=MaracIdvaSerializer, responses={200: MaracReferralSerializer})
    def post(self, request, pk: int):
        referral = visible_referral(request, pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.referral_allocate_idva(referral=referral, user=request.user, **serializer.validated_data)
        return Response(referral_data(request.user, referral.pk))


class ActionCreate(generics.GenericAPIView):
    """Record an action agreed for the case: an owner agency attending the meeting, a description, a due date."""

    serializer_class = MaracActionCreateSerializer
    permission_required = "marac.add_maracaction"

    @extend_schema(request=MaracActionCreateSerializer, responses={201: MaracActionSerializer})
    def post(self, request, pk: int):
        referral = visible_referral(request, pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        meeting = meeting_field(request, d["meeting"]) if d["meeting"] is not None else referral.meeting
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
        require(
            can_update_maracaction(request.user, action),
            "Only the owner agency, the chair or the coordinator can update this action.",
        )
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
        referral = visible_referral(request, pk)
        require(can_share_maracreferral(request.user, referral), "Your agency does not attend this meeting.")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        share = services.share_add(referral=referral, user=request.user, **serializer.validated_data)
        share = InformationShare.objects.select_related("agency", "recorded_by").get(pk=share.pk)
        return Response(MaracShareSerializer(share).data, status=status.HTTP_201_CREATED)
