"""Writes for users, roles and areas."""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import Agency, Area, User
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
    roles = set(roles)
    if roles & PARTNER_ROLES and (agency is None or agency.is_police):
        raise ValueError("A partner-agency user must belong to a partner agency.")
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
