from django.contrib import admin

from .models import Incident


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    """For looking up only: incidents change through the application's checked, audited workflow."""

    list_display = ["reference", "area", "received_at", "status", "created_by"]
    list_filter = ["status", "area", "channel"]
    search_fields = ["reference"]
    readonly_fields = [f.name for f in Incident._meta.fields]

    def get_queryset(self, request):
        # An incident names its people only through its parties: loading them puts them in the consultation log.
        return super().get_queryset(request).prefetch_related("parties")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
