"""Dip samples over the API: the samples and their results, and recording a result."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from ..filters import DipSampleFilter
from ..models import DipSample, DipSampleItem
from ..selectors import samples_with_counts
from ..services import dip_sample_record_result
from .serializers import DipSampleDetailSerializer, DipSampleItemSerializer, DipSampleSerializer, ResultInputSerializer


def _samples(user):
    return samples_with_counts(DipSample.objects.visible_to(user)).select_related("drawn_by")


class DipSampleList(generics.ListAPIView):
    """Dip samples in the caller's areas (their force's, for force-wide roles), newest period first."""

    serializer_class = DipSampleSerializer
    permission_required = "sampling.view_dipsample"
    filterset_class = DipSampleFilter

    def get_queryset(self):
        return _samples(self.request.user).order_by("-period_start", "area__name", "pk")


class DipSampleDetail(generics.RetrieveAPIView):
    """One sample with its assessments and their results."""

    serializer_class = DipSampleDetailSerializer
    permission_required = "sampling.view_dipsample"

    def get_queryset(self):
        items = DipSampleItem.objects.select_related("assessment__officer", "reviewed_by").order_by("pk")
        return _samples(self.request.user).prefetch_related(Prefetch("items", queryset=items))


class DipSampleItemResult(generics.GenericAPIView):
    """Record the result of reviewing one sampled assessment; a result already recorded is refused (400)."""

    serializer_class = ResultInputSerializer
    permission_required = "sampling.review_dipsample"

    def get_queryset(self):
        return DipSampleItem.objects.visible_to(self.request.user)

    @extend_schema(request=ResultInputSerializer, responses={200: DipSampleItemSerializer})
    def post(self, request, pk: int):
        item = get_object_or_404(self.get_queryset(), pk=pk)
        data = ResultInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        dip_sample_record_result(item=item, reviewer=request.user, **data.validated_data)
        item = DipSampleItem.objects.select_related("assessment__officer", "reviewed_by").get(pk=item.pk)
        return Response(DipSampleItemSerializer(item).data)
