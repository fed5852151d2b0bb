from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from knox.models import AuthToken

from .models import Agency, Area, Force, User
from .services import check_one_force, user_revoke_access


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


class UserForm(UserChangeForm):
    def clean_areas(self):
        areas = self.cleaned_data["areas"]
        try:
            check_one_force(areas)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["areas"]) from exc
        return areas


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserForm
    list_display = ["username", "first_name", "last_name", "collar_number", "rank", "agency", "is_active"]
    list_filter = ["is_active", "groups", "areas", "agency"]
    list_select_related = ["agency"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Police and agency", {"fields": ("collar_number", "rank", "agency", "areas", "supervisor")}),
    )
    filter_horizontal = ["groups", "areas", "user_permissions"]
    raw_id_fields = ["supervisor"]
    actions = ["revoke_access"]

    @admin.action(description="Revoke API tokens and end sessions", permissions=["change"])
    def revoke_access(self, request, queryset) -> None:
        tokens = sessions = 0
        for user in queryset:
            # An administrator revoking their own access keeps the session they are using.
            keep = request.session.session_key if user.pk == request.user.pk else None
            t, s = user_revoke_access(user=user, by=request.user, keep_session_key=keep)
            tokens, sessions = tokens + t, sessions + s
        self.message_user(
            request,
            f"Access revoked for {len(queryset)} user(s): {tokens} API token(s) deleted, {sessions} session(s) ended.",
            messages.SUCCESS,
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        # Users are deactivated, never deleted: their audit trail refers to them.
        return False


# django-rest-knox's own admin lets an administrator mint a token for anyone, skipping their password and
# two-factor login: here tokens can only be seen (never their keys, which are not stored) and deleted.
if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class AuthTokenAdmin(admin.ModelAdmin):
    list_display = ["token_key", "user", "created", "expiry"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = ["token_key", "user", "created", "expiry"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
