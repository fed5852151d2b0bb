from django.contrib import admin

from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "action", "object_repr", "reason"]
    list_filter = ["action", "content_type"]
    search_fields = ["username", "object_repr", "reason"]
    date_hierarchy = "at"

    # The log is append-only: the admin only reads it.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
