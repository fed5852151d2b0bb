"""Dip samples over the API: the samples and their results, and recording a result."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from ..filters import DipSampleFilter
from ..models import DipSample, DipSampleItem, Grade
from ..sampling_selectors import samples_with_counts
from ..services.sampling import dip_sample_record_result


class DipSampleItemSerializer(serializers.ModelSerializer):
    officer = serializers.CharField(source="assessment.officer.username", read_only=True)
    grade = serializers.ChoiceField(
        source="assessment.grade", choices=Grade.choices, read_only=True, help_text="The assessment's grade now."
    )
    reviewed_by = serializers.CharField(source="reviewed_by.username", read_only=True, allow_null=True, default=None)
    result = serializers.ChoiceField(
        choices=DipSampleItem.Result.choices, allow_blank=True, read_only=True, help_text="Empty until reviewed."
    )

    class Meta:
        model = DipSampleItem
        fields = ["id", "assessment", "officer", "grade", "result", "note", "reviewed_by", "reviewed_at"]
        read_only_fields = fields


class ResultCountsSerializer(serializers.Serializer):
    agree = serializers.IntegerField(source="agreed")
    regrade = serializers.IntegerField(source="regraded")
    practice_issue = serializers.IntegerField(source="practice_issues")


class DipSampleSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    drawn_by = serializers.CharField(
        source="drawn_by.username", read_only=True, allow_null=True, default=None, help_text="Empty: the scheduled job."
    )
    reviewed = serializers.IntegerField(read_only=True)
    results = ResultCountsSerializer(source="*", read_only=True)

    class Meta:
        model = DipSample
        fields = [
            "id",
            "area",
            "period_start",
            "period_end",
            "percent",
            "seed",
            "population",
            "sample_size",
            "reviewed",
            "results",
            "drawn_at",
            "drawn_by",
        ]
        read_only_fields = fields


class DipSampleDetailSerializer(DipSampleSerializer):
    items = DipSampleItemSerializer(many=True, read_only=True)

    class Meta(DipSampleSerializer.Meta):
        fields = [*DipSampleSerializer.Meta.fields, "items"]
        read_only_fields = fields


class ResultInputSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=DipSampleItem.Result.choices)
    grade = serializers.ChoiceField(choices=Grade.choices, required=False, help_text="The new grade, for a regrade.")
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Needed for a regrade and for a practice issue."
    )


def _samples(user):
    return samples_with_counts(DipSample.objects.visible_to(user)).select_related("drawn_by")


class DipSampleList(generics.ListAPIView):
    """Dip samples in the caller's areas (their force's, for force-wide roles), newest period first."""

    serializer_class = DipSampleSerializer
    permission_required = "risk.view_dipsample"
    filterset_class = DipSampleFilter

    def get_queryset(self):
        return _samples(self.request.user).order_by("-period_start", "area__name", "pk")


class DipSampleDetail(generics.RetrieveAPIView):
    """One sample with its assessments and their results."""

    serializer_class = DipSampleDetailSerializer
    permission_required = "risk.view_dipsample"

    def get_queryset(self):
        items = DipSampleItem.objects.select_related("assessment__officer", "reviewed_by").order_by("pk")
        return _samples(self.request.user).prefetch_related(Prefetch("items", queryset=items))


class DipSampleItemResult(generics.GenericAPIView):
    """Record the result of reviewing one sampled assessment; a result already recorded is refused (400)."""

    serializer_class = ResultInputSerializer
    permission_required = "risk.review_dipsample"

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
