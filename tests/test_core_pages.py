"""The base interface: marking, navigation by role, security headers, friendly errors."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from accounts.roles import Role


def test_every_page_carries_the_protective_marking_at_top_and_bottom(client, make_user):
    client.force_login(make_user(Role.CALL_HANDLER))
    for url in (reverse("core:home"), reverse("accounts:password_change")):
        assert client.get(url).content.decode().count('class="marking marking-') == 2
    client.logout()
    assert "OFFICIAL-SENSITIVE" in client.get(reverse("accounts:login")).content.decode()


def test_pages_have_a_skip_link_and_landmarks(client, make_user):
    client.force_login(make_user(Role.CALL_HANDLER))
    html = client.get(reverse("core:home")).content.decode()
    assert 'href="#main"' in html and '<main id="main"' in html and "<nav" in html and "<footer" in html


def test_navigation_shows_only_what_the_role_may_use(client, make_user):
    client.force_login(make_user(Role.CALL_HANDLER))
    assert reverse("audit:search") not in client.get(reverse("core:home")).content.decode()
    client.force_login(make_user(Role.AUDITOR))
    assert reverse("audit:search") in client.get(reverse("core:home")).content.decode()


def test_home_page_lists_the_users_work(client, make_user):
    client.force_login(make_user(Role.ADMINISTRATOR))
    html = client.get(reverse("core:home")).content.decode()
    assert "Locked-out accounts" in html and "Set up two-factor login" in html


def test_signed_in_pages_are_never_stored_by_browsers_or_proxies(client, make_user):
    client.force_login(make_user(Role.CALL_HANDLER))
    cache_control = client.get(reverse("core:home"))["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


def test_content_security_policy_allows_no_inline_script_or_style(client):
    policy = client.get(reverse("accounts:login"))["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


def test_templates_use_no_inline_script_or_style(client, make_user):
    client.force_login(make_user(Role.AUDITOR))
    for url in (reverse("core:home"), reverse("audit:search")):
        html = client.get(url).content.decode()
        assert "<script>" not in html and "<style" not in html and " style=" not in html


def test_unknown_page_is_a_friendly_404(client, make_user):
    client.force_login(make_user(Role.CALL_HANDLER))
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_refused_page_is_a_friendly_403(client, make_user):
    client.force_login(make_user(Role.CALL_HANDLER))
    response = client.get(reverse("audit:search"))
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


@override_settings(ROOT_URLCONF="tests.urls_boom")
def test_server_error_is_a_friendly_500_that_reveals_nothing(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html and "Traceback" not in html and "OFFICIAL-SENSITIVE" in html


def test_expired_csrf_token_is_a_friendly_page(db, make_user):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()


@pytest.mark.parametrize("header", ["X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"])
def test_security_headers_are_sent(client, header):
    assert client.get(reverse("accounts:login")).has_header(header)
