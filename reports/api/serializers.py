"""The force page as data: the same object for the API and for ``manage.py force_page --json``."""

from rest_framework import serializers

from ..filters import MAX_PERIOD_YEARS


def _numbers(name: str, keys, *, nullable: bool, help_text: str):
    """A serializer of one whole number (or null) per key."""
    fields = {key: serializers.IntegerField(allow_null=nullable, help_text=help_text) for key in keys}
    return type(name, (serializers.Serializer,), fields)


CATEGORIES = ("assault_with_intent", "assault_with_injury", "harassment", "sexual_offence")
GRADES = ("high", "medium", "standard")
OUTCOMES = ("charge", "caution", "out_of_court_disposal", "other")

CategoryPct = _numbers("CategoryPct", CATEGORIES, nullable=True, help_text="Percent; null when not known")
CategoryCount = _numbers("CategoryCount", CATEGORIES, nullable=False, help_text="Domestic-abuse crimes")
CategoryTotal = _numbers("CategoryTotal", CATEGORIES, nullable=True, help_text="All crimes; null when not entered")
GradePct = _numbers("GradePct", GRADES, nullable=True, help_text="Percent of active cases; null when none")
GradeCount = _numbers("GradeCount", GRADES, nullable=False, help_text="Active cases")
OutcomePct = _numbers("OutcomePct", OUTCOMES, nullable=True, help_text="Percent of DA crimes; null when none")
OutcomeCount = _numbers("OutcomeCount", OUTCOMES, nullable=False, help_text="Domestic-abuse crimes")


class ForceTotalsUsedSerializer(serializers.Serializer):
    missing = serializers.CharField(
        source="totals_missing", help_text="Why the shares of the force's totals are null; empty when they are not"
    )
    missing_months = serializers.ListField(child=serializers.DateField(format="%Y-%m"), help_text="YYYY-MM")
    sources = serializers.ListField(child=serializers.CharField())
    entered_by = serializers.ListField(child=serializers.CharField())


class ForcePageSerializer(serializers.Serializer):
    """Every figure of the force page (whole-number percentages, halves up; null when it cannot be worked out,
    with the counts it comes from beside it)."""

    force = serializers.CharField(source="scope.force.code")
    area = serializers.CharField(source="scope.area.code", allow_null=True, help_text="Null: the whole force")
    start = serializers.DateField()
    end = serializers.DateField(help_text="Included")
    snapshot = serializers.DateField(help_text="The day active cases are counted on")
    repeat_window_days = serializers.IntegerField(source="window_days")
    da_call_share_pct = serializers.IntegerField(source="da_call_share.value", allow_null=True)
    repeat_call_share_pct = serializers.IntegerField(source="repeat_call_share.value", allow_null=True)
    da_crime_share_pct = serializers.IntegerField(source="da_crime_share.value", allow_null=True)
    category_share_pct = CategoryPct()
    da_crimes = serializers.IntegerField()
    active_cases = serializers.IntegerField()
    active_by_grade_pct = GradePct()
    arrests_per_100_crimes = serializers.IntegerField(source="arrests_per_100_crimes.value", allow_null=True)
    outcome_pct = OutcomePct()
    # The counts behind the figures.
    da_incidents = serializers.IntegerField()
    repeat_incidents = serializers.IntegerField()
    calls_for_assistance = serializers.IntegerField(allow_null=True, help_text="The force's totals; null: missing")
    recorded_crimes = serializers.IntegerField(allow_null=True, help_text="The force's totals; null: missing")
    da_crimes_by_category = CategoryCount()
    crimes_by_category = CategoryTotal(help_text="The force's totals")
    active_by_grade = GradeCount()
    arrests = serializers.IntegerField()
    outcomes = OutcomeCount()
    force_totals = ForceTotalsUsedSerializer(source="*")


class ForcePageQuerySerializer(serializers.Serializer):
    """The parameters, for the schema (they are parsed by reports.filters.ForcePageQuery, as on the page)."""

    start = serializers.DateField(required=False, help_text="Default: the first day of the 12 whole months past")
    end = serializers.DateField(
        required=False, help_text=f"Included; not after today; at most {MAX_PERIOD_YEARS} years after start"
    )
    area = serializers.SlugField(required=False, max_length=20, help_text="Area code; leave out for the whole force")
    snapshot = serializers.DateField(required=False, help_text="Day to count active cases on; default: end")


class MeasureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField(source="numerator")
    of = serializers.IntegerField(source="denominator", allow_null=True, help_text="Null: a count, not a share")
    pct = serializers.IntegerField(allow_null=True, help_text="Whole-number percent, halves up; null: not a share")


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.JSONField()))


class ProfileSectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    definition = serializers.CharField()
    measures = MeasureSerializer(many=True)
    tables = TableSerializer(many=True)


class ProblemProfileSerializer(serializers.Serializer):
    """The problem profile: each section's measures (counts and whole-number shares) and tables; people by
    pseudonym only."""

    force = serializers.CharField(source="scope.force.code")
    area = serializers.CharField(source="scope.area.code", allow_null=True, help_text="Null: the whole force")
    start = serializers.DateField()
    end = serializers.DateField(help_text="Included")
    harm_index = serializers.CharField(source="harm.source", help_text="The crime-harm weights file used")
    harm_days = serializers.DictField(source="harm.days", child=serializers.IntegerField())
    sections = ProfileSectionSerializer(many=True)


class ProfileQuerySerializer(serializers.Serializer):
    start = serializers.DateField(required=False, help_text="Default: the first day of the 12 whole months past")
    end = serializers.DateField(
        required=False, help_text=f"Included; not after today; at most {MAX_PERIOD_YEARS} years after start"
    )
    area = serializers.SlugField(required=False, max_length=20, help_text="Area code; leave out for the whole force")
