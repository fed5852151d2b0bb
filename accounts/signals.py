from django.apps import apps
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.dispatch import receiver
from django.utils import timezone

from .middleware import SESSION_AUTH_AT, SESSION_SEEN_AT


@receiver(post_migrate)
def sync_roles_after_migrate(sender, **kwargs) -> None:
    # Once per migrate run, after the last app has created its permissions.
    if sender.name == list(apps.get_app_configs())[-1].name:
        from .services import roles_sync

        roles_sync()


@receiver(user_logged_in)
def stamp_session_on_login(sender, request, user, **kwargs) -> None:
    now = timezone.now().timestamp()
    request.session[SESSION_AUTH_AT] = now
    request.session[SESSION_SEEN_AT] = now
