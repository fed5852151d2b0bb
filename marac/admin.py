from django.contrib import admin

from .models import IdvaService


@admin.register(IdvaService)
class IdvaServiceAdmin(admin.ModelAdmin):
    """IDVA services per area, their staff (full-time equivalents) and caseload, kept by administrators."""

    list_display = ["agency", "area", "staff_fte", "caseload"]
    list_filter = ["area"]
    list_editable = ["staff_fte", "caseload"]
