"""Query parameters of the plan list (page and API)."""

import django_filters
from django.utils import timezone

from accounts.models import User
from core.filters import (
    AreaFilter,
    BooleanFilter,
    FilterSet,
    ModelChoiceFilter,
    NulSafeModelChoiceField,
)

from . import selectors
from .models import RiskManagementPlan


class _OwnerField(NulSafeModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj} ({obj.collar_number})" if obj.collar_number else str(obj)


class _OwnerFilter(ModelChoiceFilter):
    field_class = _OwnerField


def _owners(request):
    """Whoever owns a plan the user may see."""
    plans = RiskManagementPlan.objects.visible_to(getattr(request, "user", None))
    return User.objects.filter(pk__in=plans.values("owner")).order_by("last_name", "first_name")


class PlanFilter(FilterSet):
    """Plans by owner, area, status (open unless asked otherwise) and overdue."""

    defaults = {"status": RiskManagementPlan.Status.OPEN}

    owner = _OwnerFilter(queryset=_owners, empty_label="Anyone", label="Owner")
    area = AreaFilter()
    status = django_filters.ChoiceFilter(choices=RiskManagementPlan.Status.choices, empty_label="Any")
    overdue = BooleanFilter(method="filter_overdue", label="Only overdue (review or a task)")

    def filter_overdue(self, queryset, name, value):
        return selectors.plans_overdue(queryset, today=timezone.localdate()) if value else queryset
