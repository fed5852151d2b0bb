from django.contrib import admin

from .models import IdvaService


@admin.register(IdvaService)
class IdvaServiceAdmin(admin.ModelAdmin):
    """IDVA services per area, their staff (full-time equivalents), and the caseload and referrals in 12 months
    the service gave on a date, kept by administrators."""

    list_display = ["agency", "area", "staff_fte", "caseload", "referrals_last_year", "figures_on"]
    list_filter = ["area"]
    list_editable = ["staff_fte", "caseload", "referrals_last_year", "figures_on"]
