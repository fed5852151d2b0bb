"""Risk grades in a person's history: their DASH assessments, newest first."""

from people.history import HistorySection, history_provider

from .models import Assessment


@history_provider
def risk_grades(person) -> HistorySection:
    assessments = (
        Assessment.objects.filter(victim=person)
        .exclude(status=Assessment.Status.DRAFT)
        .select_related("area")
        .order_by("-submitted_at")[:5]
    )
    return HistorySection(
        "Risk assessments (DASH)",
        [
            f"{a.submitted_at:%d/%m/%Y}: {(a.get_grade_display() or a.get_officer_grade_display()).lower()} risk, "
            f"{a.yes_count} yes ({a.area.name}; {a.get_status_display().lower()})"
            for a in assessments
        ],
        empty_text="No DASH assessment.",
    )
