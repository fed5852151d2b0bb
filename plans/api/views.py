from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from audit.models import AccessLog
from audit.services import access_record
from core.policies import require

from .. import selectors, services
from ..filters import PlanFilter
from ..models import PlanReview, PlanTask, RiskManagementPlan
from ..policies import can_complete_plantask
from .serializers import (
    PlanCreateSerializer,
    PlanDetailSerializer,
    PlanReviewCreateSerializer,
    PlanReviewSerializer,
    PlanSerializer,
    PlanTaskCompleteSerializer,
    PlanTaskCreateSerializer,
    PlanTaskSerializer,
)

VIEW = "plans.view_riskmanagementplan"


def _detail(pk: int) -> RiskManagementPlan:
    plans = RiskManagementPlan.objects.select_related("victim", "area", "owner")
    return (
        selectors.with_task_counts(plans, today=timezone.localdate())
        .prefetch_related(
            "actions",
            Prefetch("tasks", queryset=PlanTask.objects.select_related("assignee")),
            Prefetch("reviews", queryset=PlanReview.objects.select_related("reviewed_by")),
        )
        .get(pk=pk)
    )


def _visible_plan(request, pk: int) -> RiskManagementPlan:
    return get_object_or_404(RiskManagementPlan.objects.visible_to(request.user).select_related("area__force"), pk=pk)


class PlanListCreate(generics.ListCreateAPIView):
    """Plans in the caller's areas, soonest review first (open ones unless ``status`` says otherwise); POST starts
    a plan (one open plan per victim)."""

    serializer_class = PlanSerializer
    permission_required = {"GET": VIEW, "POST": "plans.add_riskmanagementplan"}
    filterset_class = PlanFilter

    def get_queryset(self):
        return selectors.plan_list(self.request.user, today=timezone.localdate(), status="")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        access_record(
            user=request.user,
            action=AccessLog.Action.SEARCH,
            persons=[p["victim"]["id"] for p in response.data["results"]],
            reason="API plan list",
            request=request,
        )
        return response

    @extend_schema(request=PlanCreateSerializer, responses={201: PlanDetailSerializer})
    def post(self, request, *args, **kwargs):
        serializer = PlanCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        plan = services.plan_start(
            assessment=d.get("assessment"),
            victim=d.get("victim"),
            area=d.get("area"),
            grade=d.get("grade"),
            owner=d.get("owner", request.user),
            user=request.user,
        )
        return Response(PlanDetailSerializer(_detail(plan.pk)).data, status=status.HTTP_201_CREATED)


class PlanDetail(generics.RetrieveAPIView):
    """One plan with its actions, tasks and reviews."""

    serializer_class = PlanDetailSerializer
    permission_required = VIEW

    def get_queryset(self):
        return RiskManagementPlan.objects.visible_to(self.request.user)

    def retrieve(self, request, *args, **kwargs):
        plan = _detail(self.get_object().pk)
        return Response(self.get_serializer(plan).data)


class PlanTaskCreate(generics.GenericAPIView):
    """Give an officer a task on the plan."""

    serializer_class = PlanTaskCreateSerializer
    permission_required = "plans.add_plantask"

    @extend_schema(request=PlanTaskCreateSerializer, responses={201: PlanTaskSerializer})
    def post(self, request, pk: int):
        plan = _visible_plan(request, pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        task = services.plan_task_add(plan=plan, user=request.user, **serializer.validated_data)
        task = PlanTask.objects.select_related("assignee").get(pk=task.pk)
        return Response(PlanTaskSerializer(task).data, status=status.HTTP_201_CREATED)


class PlanTaskComplete(generics.GenericAPIView):
    """Mark a task done with what was done: the officer it was given to, or the PVP team."""

    serializer_class = PlanTaskCompleteSerializer
    permission_required = "plans.complete_plantask"

    @extend_schema(request=PlanTaskCompleteSerializer, responses={200: PlanTaskSerializer})
    def post(self, request, pk: int):
        task = get_object_or_404(PlanTask.objects.visible_to(request.user), pk=pk)
        require(
            can_complete_plantask(request.user, task),
            "Only the officer the task was given to, or the PVP team, can complete it.",
        )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        task = services.plan_task_complete(task=task, user=request.user, note=serializer.validated_data["note"])
        return Response(PlanTaskSerializer(PlanTask.objects.select_related("assignee").get(pk=task.pk)).data)


class PlanReviewCreate(generics.GenericAPIView):
    """Record a review; send the plan's ``version`` as read: if someone changed the plan since, 409."""

    serializer_class = PlanReviewCreateSerializer
    permission_required = "plans.add_planreview"

    @extend_schema(request=PlanReviewCreateSerializer, responses={201: PlanReviewSerializer})
    def post(self, request, pk: int):
        plan = _visible_plan(request, pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = services.plan_review_record(plan=plan, user=request.user, **serializer.validated_data)
        review = PlanReview.objects.select_related("reviewed_by").get(pk=review.pk)
        return Response(PlanReviewSerializer(review).data, status=status.HTTP_201_CREATED)
