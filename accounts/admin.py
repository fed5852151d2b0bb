from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Agency, Area, Force, User


@admin.register(Force)
class ForceAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "force", "adult_female_population"]
    list_filter = ["force"]
    search_fields = ["name", "code"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    filter_horizontal = ["areas"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "collar_number", "agency", "is_active"]
    list_filter = ["is_active", "groups", "areas", "agency"]
    list_select_related = ["agency"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Police and agency", {"fields": ("collar_number", "agency", "areas", "supervisor")}),
    )
    filter_horizontal = ["groups", "areas", "user_permissions"]
    raw_id_fields = ["supervisor"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Users are deactivated, never deleted: their audit trail refers to them.
        return False
