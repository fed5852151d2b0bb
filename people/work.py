"""Person-index entries of the "my work" list."""

from django.urls import reverse

from core.work import WorkItem, WorkSection, provider

from .models import DuplicateSuggestion


@provider
def duplicates_to_review(user) -> WorkSection | None:
    if not user.has_perm("people.merge_person"):
        return None
    count = DuplicateSuggestion.objects.visible_to(user).open().count()
    if not count:
        return None
    return WorkSection(
        "Possible duplicate records",
        [WorkItem(f"{count} pair{'s' if count != 1 else ''} to review", reverse("people:duplicates"))],
    )
