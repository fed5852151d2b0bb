"""Session stamps at sign-in; the end of a user's API tokens and other sessions when their access ends."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from .middleware import SESSION_AUTH_AT, SESSION_SEEN_AT
from .models import User
from .services import user_api_tokens_revoke, user_sessions_end


@receiver(user_logged_in)
def stamp_session_on_login(sender, request, user, **kwargs) -> None:
    now = timezone.now().timestamp()
    request.session[SESSION_AUTH_AT] = now
    request.session[SESSION_SEEN_AT] = now


@receiver(user_logged_out)
def end_api_tokens_on_sign_out(sender, request, user, **kwargs) -> None:
    """Signing out of the web, or the session ending, ends the person's API tokens too."""
    if user is not None and user.pk is not None:
        user_api_tokens_revoke(user=user)


@receiver(user_locked_out)
def end_api_tokens_on_lockout(sender, request, username, **kwargs) -> None:
    """A locked account's API tokens stop working: whoever guessed at the password may hold one."""
    if username:
        for user in User.objects.filter(username__iexact=username):
            user_api_tokens_revoke(user=user)


@receiver(post_save, sender=User)
def end_other_access_on_password_change(sender, instance: User, created: bool, raw: bool = False, **kwargs) -> None:
    """A new password ends the user's API tokens and every other session.

    Django holds the new password in ``_password`` from set_password() until the save, and clears it
    for a hash upgrade at sign-in: exactly when it tells the password validators of a change. The
    session the change was made in lives on: Django's update_session_auth_hash gives it a new key.
    """
    if created or raw or getattr(instance, "_password", None) is None:
        return
    user_api_tokens_revoke(user=instance)
    user_sessions_end(user=instance)
