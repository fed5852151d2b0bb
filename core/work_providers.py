"""Foundation entries of the "my work" list."""

from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models import Notification
from .work import WorkItem, WorkSection, provider


@provider
def two_factor_reminder(user) -> WorkSection | None:
    """Where two-factor login is optional, remind users who have not set it up."""
    if settings.DACASE_REQUIRE_2FA or user.totpdevice_set.filter(confirmed=True).exists():
        return None
    return WorkSection(
        "Account security",
        [WorkItem("Set up two-factor login", reverse("accounts:two_factor_setup"), "Protects your account.")],
    )


@provider
def locked_out_accounts(user) -> WorkSection | None:
    """Administrators see accounts locked after repeated failed sign-ins."""
    if not user.has_perm("accounts.change_user"):
        return None
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).order_by("-attempt_time")[:20]
    return WorkSection(
        "Locked-out accounts",
        [
            WorkItem(a.username, detail=f"{a.failures_since_start} failed sign-ins, last {a.attempt_time:%d %b %H:%M}")
            for a in attempts
        ],
        empty_text="No account is locked out.",
    )


@provider
def unread_notifications(user) -> WorkSection | None:
    """Reminders and escalations the user has not yet read (any feature may send them)."""
    unread = list(Notification.objects.for_user(user).unread()[:5])
    if not unread:
        return None
    return WorkSection(
        "Unread notifications",
        [
            *(WorkItem(n.message, n.url, f"{n.created_at:%d/%m/%Y %H:%M}") for n in unread),
            WorkItem("All notifications", reverse("core:notifications")),
        ],
    )
