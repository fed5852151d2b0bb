from django.contrib import admin

from .models import CivilOrder, ClockNotice, ProtectionNotice, ProtectionOrder


@admin.register(ClockNotice)
class ClockNoticeAdmin(admin.ModelAdmin):
    list_display = ("source", "item", "kind", "deadline", "sent_at", "recipients")
    list_filter = ("source", "kind")
    readonly_fields = ("source", "item", "kind", "deadline", "sent_at", "recipients")


@admin.register(ProtectionNotice)
class ProtectionNoticeAdmin(admin.ModelAdmin):
    """Read in the admin; made and changed through the pages and the API (their services hold the rules)."""

    list_display = ("__str__", "kind", "status", "area", "drafted_at", "hearing_due_by")
    list_filter = ("kind", "status", "area")
    raw_id_fields = (
        "subject",
        "protected",
        "incident",
        "drafted_by",
        "authorised_by",
        "served_by",
        "outcome_recorded_by",
    )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ProtectionOrder)
class ProtectionOrderAdmin(ProtectionNoticeAdmin):
    list_display = ("__str__", "kind", "area", "made_on", "ends_on", "notification_due_by")
    list_filter = ("kind", "area")
    raw_id_fields = ("subject", "protected", "notice", "recorded_by")


@admin.register(CivilOrder)
class CivilOrderAdmin(ProtectionNoticeAdmin):
    list_display = ("__str__", "kind", "area", "made_on", "expires_on")
    list_filter = ("kind", "area")
    raw_id_fields = ("subject", "protected", "address", "recorded_by")
