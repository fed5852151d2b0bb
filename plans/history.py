"""Risk-management plans in a person's history."""

from people.history import HistorySection, history_provider

from .models import RiskManagementPlan


@history_provider
def risk_plans(person) -> HistorySection | None:
    plans = RiskManagementPlan.objects.filter(victim=person).select_related("owner").order_by("-created_at")[:3]
    if not plans:
        return None
    return HistorySection(
        "Risk-management plans",
        [f"{p.reference}: {p.get_status_display().lower()}, {p.grade} risk, owner {p.owner}" for p in plans],
    )
