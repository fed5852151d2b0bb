"""Who may do what to one record: asked the same way by the view that guards a page and the link to it.

Each app's ``policies.py`` defines ``can_<action>_<model>(user, obj) -> Decision`` and registers it with
``@policy("<action>_<model>")``. A view enforces it (``core.access.get_allowed_or_404``, or ``require``); a
template asks the same function with ``{% load policies %}{% allowed "<action>_<model>" obj as ok %}``. A link
is therefore shown exactly when the page it leads to lets the user in.
"""

import enum
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User


class Decision(enum.Enum):
    ALLOW = "allow"
    FORBIDDEN = "forbidden"  # the role may never do this: 403
    HIDDEN = "hidden"  # the record is outside the user's reach: 404, its existence not disclosed

    def __bool__(self) -> bool:
        return self is Decision.ALLOW

    @classmethod
    def of(cls, allowed: bool, *, otherwise: "Decision | None" = None) -> "Decision":
        # Not "otherwise or ...": a refusal is falsy.
        return cls.ALLOW if allowed else (cls.FORBIDDEN if otherwise is None else otherwise)


# (user, record): each policy names its own record type.
Policy = Callable[[Any, Any], Decision]
_POLICIES: dict[str, Policy] = {}


def policy(name: str) -> Callable[[Policy], Policy]:
    """Register a policy under the name templates use (used as a decorator)."""

    def register(func: Policy) -> Policy:
        if name in _POLICIES and _POLICIES[name] is not func:
            raise ValueError(f"policy {name!r} is registered twice")
        _POLICIES[name] = func
        return func

    return register


def granted(user: User, obj: Any, *, permission: str, seen: Policy, only_if: bool = True) -> Decision:
    """The usual shape of a policy: the role's ``permission`` (else 403), then whether the user may see the record
    at all (``seen``: 403 or 404), then ``only_if``, what this action asks of the record and the user (else 403)."""
    if not user.has_perm(permission):
        return Decision.FORBIDDEN
    decision = seen(user, obj)
    if decision and not only_if:
        return Decision.FORBIDDEN
    return decision


def ask(name: str, user: User, obj: Any) -> Decision:
    try:
        func = _POLICIES[name]
    except KeyError:
        raise LookupError(f"no policy named {name!r}") from None
    return func(user, obj)


def require(decision: Decision, message: str = "") -> None:
    """Raise the error a view answers with when the decision is not to allow (the API gives ``message``)."""
    if decision is Decision.HIDDEN:
        raise Http404
    if not decision:
        raise PermissionDenied(*([message] if message else []))
