from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

from .middleware import SESSION_AUTH_AT, SESSION_SEEN_AT


@receiver(user_logged_in)
def stamp_session_on_login(sender, request, user, **kwargs) -> None:
    now = timezone.now().timestamp()
    request.session[SESSION_AUTH_AT] = now
    request.session[SESSION_SEEN_AT] = now
