from django.contrib import admin

from .models import ClockNotice


@admin.register(ClockNotice)
class ClockNoticeAdmin(admin.ModelAdmin):
    list_display = ("source", "item", "kind", "deadline", "sent_at", "recipients")
    list_filter = ("source", "kind")
    readonly_fields = ("source", "item", "kind", "deadline", "sent_at", "recipients")
