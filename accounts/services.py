"""Writes for users, roles and areas; API tokens and the end of a user's access."""

from collections.abc import Iterable

import pghistory
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from knox.models import AuthToken
from knox.settings import knox_settings

from .lockout import is_locked_out
from .models import ACCESS_REVOKED, API_TOKEN_ISSUED, Agency, Area, User
from .roles import PARTNER_ROLES, ROLE_PERMISSIONS, Role


@transaction.atomic
def roles_sync() -> None:
    """Make each role's group hold exactly the permissions ROLE_PERMISSIONS lists."""
    wanted = {code for codes in ROLE_PERMISSIONS.values() for code in codes}
    by_code = {f"{p.content_type.app_label}.{p.codename}": p for p in Permission.objects.select_related("content_type")}
    missing = wanted - by_code.keys()
    if missing:
        raise LookupError(f"Unknown permissions in ROLE_PERMISSIONS: {sorted(missing)}")
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set([by_code[code] for code in ROLE_PERMISSIONS.get(role, ())])


ONE_FORCE_MESSAGE = "A user works in one force: choose areas of one force only."


def check_one_force(*, areas: Iterable[Area]) -> None:
    """Refuse areas of two forces for one user: nothing of one force may reach another's users (accounts/reach.py)."""
    if len({area.force_id for area in areas}) > 1:
        raise ValidationError({"areas": ONE_FORCE_MESSAGE}, code="two_forces")


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    roles: Iterable[Role],
    areas: Iterable[Area] = (),
    agency: Agency | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    collar_number: str = "",
) -> User:
    """Create a user with roles and areas; partner roles need a partner agency."""
    roles, areas = set(roles), list(areas)
    if roles & PARTNER_ROLES and (agency is None or agency.is_police):
        raise ValueError("A partner-agency user must belong to a partner agency.")
    check_one_force(areas=areas)
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        agency=agency,
        collar_number=collar_number,
        is_staff=Role.ADMINISTRATOR in roles,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
    user.areas.set(areas)
    return user


@transaction.atomic
def api_token_issue(*, user: User, request: HttpRequest) -> tuple[AuthToken, str]:
    """Issue an API token to a fully signed-in user; returns the token row and the key, shown once.

    Fully signed in: active, verified by two-factor login where DACASE_REQUIRE_2FA, and not locked
    out by django-axes. Only the key's SHA-512 digest is stored.
    """
    if not user.is_active:
        raise PermissionDenied("This account is not active.")
    # django-otp's middleware gives a user signed in by session is_verified(); any other user is not verified.
    if settings.DACASE_REQUIRE_2FA and not getattr(user, "is_verified", lambda: False)():
        raise PermissionDenied("Two-factor verification is required.")
    if is_locked_out(request, username=user.get_username()):
        raise PermissionDenied("This account is locked after too many failed sign-ins.")
    # One issue at a time per user, so that two at once cannot pass the limit together.
    User.objects.select_for_update().filter(pk=user.pk).first()
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    live = AuthToken.objects.filter(Q(expiry__gt=timezone.now()) | Q(expiry__isnull=True), user=user)
    if limit is not None and live.count() >= limit:
        raise ValidationError(
            f"You already hold {limit} API tokens. Sign one out (POST /api/v1/auth/logout/ with it) "
            "or all of them (/api/v1/auth/logoutall/) first."
        )
    instance, key = AuthToken.objects.create(user=user)
    # The event's row names the user; the context (shared by a request's every event) only who acted.
    with pghistory.context(user=user.pk):
        pghistory.create_event(user, label=API_TOKEN_ISSUED)
    return instance, key


def user_api_tokens_revoke(*, user: User) -> int:
    """Delete every API token of the user; returns how many there were."""
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted


def user_sessions_end(*, user: User, keep: str | None = None) -> int:
    """Delete the user's web sessions, but for the one whose key is ``keep``; returns how many.

    Sessions are found by decoding them: the database session store keeps no user column, and a map
    kept beside it could miss a session made some other way. Only live sessions are read, and this
    runs only when access is revoked or a password changes.
    """
    pk = str(user.pk)
    keys = [
        s.session_key
        for s in Session.objects.filter(expire_date__gt=timezone.now()).exclude(session_key=keep or "").iterator()
        if s.get_decoded().get(SESSION_KEY) == pk
    ]
    deleted, _ = Session.objects.filter(session_key__in=keys).delete()
    return deleted


@transaction.atomic
def user_revoke_access(*, user: User, by: User, keep_session_key: str | None = None) -> tuple[int, int]:
    """An administrator ends the user's API tokens and web sessions at once; recorded in the user's history.

    ``keep_session_key`` spares the administrator's own session when they revoke their own access.
    Returns (tokens deleted, sessions ended).
    """
    tokens = user_api_tokens_revoke(user=user)
    sessions = user_sessions_end(user=user, keep=keep_session_key)
    with pghistory.context(user=by.pk):
        pghistory.create_event(user, label=ACCESS_REVOKED)
    return tokens, sessions
