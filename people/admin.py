from django.contrib import admin

from .models import DuplicateSuggestion, Person, PersonMerge


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """Read-only in the admin: people change through the application, where every change is checked and audited."""

    list_display = ["id", "surname", "given_name", "date_of_birth", "gender", "merged_into"]
    search_fields = ["surname", "given_name"]
    # match_data holds the confidential addresses the duplicate job compares: never shown.
    exclude = ["match_data"]
    readonly_fields = [f.name for f in Person._meta.fields if f.name != "match_data"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DuplicateSuggestion)
class DuplicateSuggestionAdmin(admin.ModelAdmin):
    list_display = ["person_a", "person_b", "score", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["person_a", "person_b", "reviewed_by"]


@admin.register(PersonMerge)
class PersonMergeAdmin(admin.ModelAdmin):
    list_display = ["survivor", "merged", "merged_by", "merged_at", "undone_at"]
    raw_id_fields = ["survivor", "merged", "merged_by", "undone_by"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
