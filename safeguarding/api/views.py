"""The safeguarding API (/api/v1/safeguarding/): notices and their actions, orders, civil orders, the clocks.
Reach as on the pages (a record outside it is 404); the services decide and their refusals are 400 by field."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.policies import require
from incidents.models import Incident

from .. import services
from ..clocks import clocks_for
from ..models import CivilOrder, ProtectionNotice, ProtectionOrder
from ..policies import VIEW, can_view_civil_order, can_view_clocks, can_view_notice, can_view_order
from ..selectors import civil_orders_for, notices_for, orders_for
from .serializers import (
    BreachCreateSerializer,
    BreachSerializer,
    CivilOrderCreateSerializer,
    CivilOrderSerializer,
    ClockSerializer,
    HearingSerializer,
    NoticeDraftSerializer,
    NoticeSerializer,
    NotificationSerializer,
    OrderSerializer,
    RationaleSerializer,
    ServeSerializer,
    VariationSerializer,
)


def _notice(request, pk: int) -> ProtectionNotice:
    notice = get_object_or_404(notices_for(request.user).select_related("authorised_by", "served_by"), pk=pk)
    require(can_view_notice(request.user, notice))
    return notice


def _notice_answer(notice: ProtectionNotice, code=status.HTTP_200_OK) -> Response:
    fresh = (
        ProtectionNotice.objects.select_related(
            "subject", "protected", "incident", "drafted_by", "authorised_by", "served_by"
        )
        .prefetch_related("conditions")
        .get(pk=notice.pk)
    )
    return Response(NoticeSerializer(fresh).data, status=code)


class NoticeListCreate(generics.ListCreateAPIView):
    """Notices within the caller's reach, newest first; POST drafts one from an incident (for authorisation)."""

    serializer_class = NoticeSerializer
    permission_required = {"GET": VIEW, "POST": "safeguarding.add_protectionnotice"}

    def get_queryset(self):
        return (
            notices_for(self.request.user)
            .select_related("incident", "authorised_by", "served_by")
            .prefetch_related("conditions")
            .order_by("-drafted_at", "-pk")
        )

    @extend_schema(request=NoticeDraftSerializer, responses={201: NoticeSerializer})
    def post(self, request, *args, **kwargs):
        serializer = NoticeDraftSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        notice = services.notice_draft(
            user=request.user,
            kind=d["kind"],
            area=d["incident"].area,
            incident=d["incident"],
            subject=d["subject"],
            protected=d["protected"],
            grounds=d["grounds"],
            victim_views=d["victim_views"],
            conditions=d["conditions"],
        )
        return _notice_answer(notice, status.HTTP_201_CREATED)


class NoticeDetail(APIView):
    """One notice: grounds, conditions, decision, service and the hearing deadline."""

    permission_required = VIEW

    @extend_schema(responses={200: NoticeSerializer})
    def get(self, request, pk: int):
        return _notice_answer(_notice(request, pk))


class _NoticeAction(APIView):
    serializer_class = RationaleSerializer

    def act(self, request, notice, data):
        raise NotImplementedError

    def post(self, request, pk: int):
        notice = _notice(request, pk)
        serializer = self.serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return _notice_answer(self.act(request, notice, serializer.validated_data))


class NoticeAuthorise(_NoticeAction):
    """Authorise a draft: by the rank its rules name or above, never its drafter, never for a person under 18."""

    permission_required = "safeguarding.authorise_protectionnotice"

    @extend_schema(request=RationaleSerializer, responses={200: NoticeSerializer})
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, notice, d):
        return services.notice_authorise(notice=notice, user=request.user, rationale=d["rationale"])


class NoticeRefuse(_NoticeAction):
    """Refuse to authorise a draft, with the reasons."""

    permission_required = "safeguarding.authorise_protectionnotice"

    @extend_schema(request=RationaleSerializer, responses={200: NoticeSerializer})
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, notice, d):
        return services.notice_refuse(notice=notice, user=request.user, rationale=d["rationale"])


class NoticeServe(_NoticeAction):
    """Record the service; the answer carries ``hearing_due_by``."""

    permission_required = "safeguarding.serve_protectionnotice"
    serializer_class = ServeSerializer

    @extend_schema(request=ServeSerializer, responses={200: NoticeSerializer})
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, notice, d):
        return services.notice_serve(notice=notice, user=request.user, **d)


class NoticeHearing(_NoticeAction):
    """Record the hearing and its outcome (an order made is recorded with its term and conditions)."""

    permission_required = "safeguarding.record_hearing"
    serializer_class = HearingSerializer

    @extend_schema(request=HearingSerializer, responses={200: NoticeSerializer})
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, notice, d):
        return services.notice_hearing_record(notice=notice, user=request.user, **d)


def _breach(request, record):
    serializer = BreachCreateSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    d = serializer.validated_data
    incident = Incident.objects.visible_to(request.user).filter(reference__iexact=d["incident"].strip()).first()
    breach = services.breach_record(
        record=record,
        user=request.user,
        incident=incident,
        occurred_at=d["occurred_at"],
        detail=d["detail"],
        arrested=d["arrested"],
    )
    return Response(BreachSerializer(breach).data, status=status.HTTP_201_CREATED)


class NoticeBreach(APIView):
    """Record a breach of the notice, linked to the incident that recorded it."""

    permission_required = "safeguarding.add_breach"

    @extend_schema(request=BreachCreateSerializer, responses={201: BreachSerializer})
    def post(self, request, pk: int):
        return _breach(request, _notice(request, pk))


def _order(request, pk: int) -> ProtectionOrder:
    order = get_object_or_404(orders_for(request.user), pk=pk)
    require(can_view_order(request.user, order))
    return order


def _order_answer(order, code=status.HTTP_200_OK) -> Response:
    fresh = (
        ProtectionOrder.objects.select_related("subject", "protected")
        .prefetch_related("conditions", "breaches__incident")
        .get(pk=order.pk)
    )
    return Response(OrderSerializer(fresh).data, status=code)


class OrderDetail(APIView):
    """One DVPO or DAPO: its term, conditions, notification requirements and breaches."""

    permission_required = VIEW

    @extend_schema(responses={200: OrderSerializer})
    def get(self, request, pk: int):
        return _order_answer(_order(request, pk))


class OrderVariation(APIView):
    """Record a court's variation (a new end within the rules' term)."""

    permission_required = "safeguarding.change_protectionorder"

    @extend_schema(request=VariationSerializer, responses={200: OrderSerializer})
    def post(self, request, pk: int):
        order = _order(request, pk)
        serializer = VariationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.order_vary(order=order, user=request.user, **serializer.validated_data)
        return _order_answer(order)


class OrderNotification(APIView):
    """Record that the subject notified the name and address the order requires."""

    permission_required = "safeguarding.change_protectionorder"

    @extend_schema(request=NotificationSerializer, responses={200: OrderSerializer})
    def post(self, request, pk: int):
        order = _order(request, pk)
        serializer = NotificationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.order_notification_record(order=order, user=request.user, **serializer.validated_data)
        return _order_answer(order)


class OrderBreach(APIView):
    """Record a breach of the order, linked to the incident that recorded it."""

    permission_required = "safeguarding.add_breach"

    @extend_schema(request=BreachCreateSerializer, responses={201: BreachSerializer})
    def post(self, request, pk: int):
        return _breach(request, _order(request, pk))


def _civil(request, pk: int) -> CivilOrder:
    order = get_object_or_404(civil_orders_for(request.user), pk=pk)
    require(can_view_civil_order(request.user, order))
    return order


class CivilOrderListCreate(generics.ListCreateAPIView):
    """Civil orders within reach, newest first; POST records one a court or solicitor notified."""

    serializer_class = CivilOrderSerializer
    permission_required = {"GET": "safeguarding.view_civilorder", "POST": "safeguarding.add_civilorder"}

    def get_queryset(self):
        return civil_orders_for(self.request.user).prefetch_related("conditions").order_by("-made_on", "-pk")

    @extend_schema(request=CivilOrderCreateSerializer, responses={201: CivilOrderSerializer})
    def post(self, request, *args, **kwargs):
        serializer = CivilOrderCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        order = services.civil_order_record(user=request.user, **serializer.validated_data)
        fresh = (
            CivilOrder.objects.select_related("subject", "protected").prefetch_related("conditions").get(pk=order.pk)
        )
        return Response(CivilOrderSerializer(fresh).data, status=status.HTTP_201_CREATED)


class CivilOrderDetail(APIView):
    """One civil order."""

    permission_required = "safeguarding.view_civilorder"

    @extend_schema(responses={200: CivilOrderSerializer})
    def get(self, request, pk: int):
        order = _civil(request, pk)
        return Response(CivilOrderSerializer(order).data)


class CivilOrderBreach(APIView):
    """Record a breach of the civil order, linked to the incident that recorded it."""

    permission_required = "safeguarding.add_breach"

    @extend_schema(request=BreachCreateSerializer, responses={201: BreachSerializer})
    def post(self, request, pk: int):
        return _breach(request, _civil(request, pk))


class ClockList(APIView):
    """Every open safeguarding deadline within reach, soonest first, with who must act."""

    permission_required = "safeguarding.view_clocks"

    @extend_schema(responses={200: ClockSerializer(many=True)})
    def get(self, request):
        require(can_view_clocks(request.user))
        items = clocks_for(request.user, now=timezone.now()) or []
        return Response(ClockSerializer(items, many=True).data)
