from django.contrib import admin

from .models import RiskManagementPlan


@admin.register(RiskManagementPlan)
class RiskManagementPlanAdmin(admin.ModelAdmin):
    """For looking up only: plans change through the application's checked, audited services."""

    list_display = ["reference", "area", "owner", "grade", "status", "next_review_due"]
    list_filter = ["status", "grade", "area"]
    readonly_fields = [f.name for f in RiskManagementPlan._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
