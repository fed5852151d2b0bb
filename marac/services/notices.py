"""MARAC's notices to the people who act on a case: in the app and by e-mail, through the one notification
service. E-mail leaves the force's systems, so a message gives references, never a name."""

from typing import Any

from django.db.models import QuerySet

from accounts.models import User
from accounts.roles import Role
from core.services import notification_send


def tell(*, users: QuerySet[User], kind: str, message: str, url: str, key: str) -> None:
    """Notify each active user once for ``key`` (a second call with the same key tells no one again)."""
    for user in users.filter(is_active=True).distinct():
        notification_send(
            user_id=user.pk, kind=kind, message=message, url=url, dedupe_key=f"{key}:{user.pk}", email=user.email
        )


def with_role(*, role: Role, **filters: Any) -> QuerySet[User]:
    return User.objects.filter(groups__name=role.value, **filters)
