"""Idle timeout and absolute session lifetime."""

from datetime import timedelta

import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role


def _sign_in(client, user, password):
    client.post(reverse("accounts:login"), {"username": user.username, "password": password})


def test_session_ends_after_thirty_idle_minutes(client, make_user, password):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _sign_in(client, make_user(Role.SERGEANT), password)
        clock.shift(timedelta(minutes=29))
        assert client.get(reverse("core:home")).status_code == 200
        clock.shift(settings.SESSION_IDLE_TIMEOUT + timedelta(seconds=1))
        response = client.get(reverse("core:home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        assert "_auth_user_id" not in client.session


def test_activity_does_not_extend_the_absolute_lifetime(client, make_user, password):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _sign_in(client, make_user(Role.SERGEANT), password)
        elapsed = timedelta()
        while elapsed < settings.SESSION_ABSOLUTE_LIFETIME - timedelta(minutes=20):
            clock.shift(timedelta(minutes=20))
            elapsed += timedelta(minutes=20)
            assert client.get(reverse("core:home")).status_code == 200
        clock.shift(timedelta(minutes=21))
        assert client.get(reverse("core:home")).status_code == 302
