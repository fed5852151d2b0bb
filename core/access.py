"""The one way a view asks "may this user see this record?".

Each model that holds personal data defines ``QuerySet.visible_to(user)``; views
fetch through ``get_visible_or_404`` so that a record outside the user's areas
or agency is a 404 (its existence is not disclosed), and a role that may never
act on the model is a 403.

A page about one record whose rule is more than a permission and an area uses the record's policy
(core/policies.py) through ``get_allowed_or_404``: the link to the page asks the same policy.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

from audit.consultation import consultation_mark

from .policies import Policy, require


def require_perm(user, permission: str) -> None:
    """Raise PermissionDenied unless the user holds the permission."""
    if not user.has_perm(permission):
        raise PermissionDenied


def get_visible_or_404(queryset: QuerySet, user, *, permission: str | None = None, **lookup) -> Model:
    """The record, if the user's role allows the action and the record is within their reach."""
    if permission is not None:
        require_perm(user, permission)
    obj = get_object_or_404(queryset.visible_to(user), **lookup)
    # The consultation log names the record the page is about.
    consultation_mark(obj)
    return obj


def get_allowed_or_404(queryset: QuerySet, user, check: Policy, **lookup) -> Model:
    """The record, if its policy allows the user (else 403, or 404 when it is outside their reach)."""
    obj = get_object_or_404(queryset, **lookup)
    require(check(user, obj))
    consultation_mark(obj)
    return obj
