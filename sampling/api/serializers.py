"""Dip samples over the API: what a sample and its results look like, and the result a reviewer sends."""

from rest_framework import serializers

from risk.models import Grade

from ..models import DipSample, DipSampleItem


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
