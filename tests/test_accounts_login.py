"""Sign in, lockout, session renewal and sign out."""

import pytest
from django.urls import reverse

from accounts.roles import Role


def test_sign_in_reaches_the_home_page(client, make_user, password):
    user = make_user(Role.CALL_HANDLER)
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": password}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("core:home")
    assert b"My work" in response.content


def test_username_is_matched_without_regard_to_case(client, make_user, password):
    user = make_user(Role.CALL_HANDLER, username="CaseyHall")
    response = client.post(reverse("accounts:login"), {"username": "caseyhall", "password": password})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_shows_an_error_beside_the_form(client, make_user):
    user = make_user(Role.CALL_HANDLER)
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    assert "_auth_user_id" not in client.session


def test_account_locks_after_five_failures_even_with_the_right_password(client, make_user, password):
    user = make_user(Role.CALL_HANDLER)
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": user.username, "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": password})
    assert response.status_code == 429
    assert b"This account is locked" in response.content
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_not_per_address(client, make_user, password):
    locked, other = make_user(Role.CALL_HANDLER), make_user(Role.CALL_HANDLER)
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": locked.username, "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": other.username, "password": password})
    assert response.status_code == 302


def test_sign_in_issues_a_new_session_key(client, make_user, password):
    user = make_user(Role.CALL_HANDLER)
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key
    client.post(reverse("accounts:login"), {"username": user.username, "password": password})
    assert client.session.session_key != before


def test_sign_out_ends_the_session_on_the_server(client, make_user, password):
    from django.contrib.sessions.models import Session

    user = make_user(Role.CALL_HANDLER)
    client.post(reverse("accounts:login"), {"username": user.username, "password": password})
    key = client.session.session_key
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 200
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("core:home")).status_code == 302


def test_sign_out_by_get_is_refused(client, make_user):
    client.force_login(make_user(Role.CALL_HANDLER))
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_sign_in_never_redirects_off_site(client, make_user, password, target):
    user = make_user(Role.CALL_HANDLER)
    response = client.post(
        reverse("accounts:login") + f"?next={target}", {"username": user.username, "password": password}
    )
    assert response["Location"] == reverse("core:home")


def test_a_case_variant_of_a_locked_username_is_locked_too(client, make_user, password):
    make_user(Role.CALL_HANDLER, username="crsup")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "crsup", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "CRSUP", "password": password})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # The refused attempt did not clear the lock for the account's own spelling.
    assert client.post(reverse("accounts:login"), {"username": "crsup", "password": password}).status_code == 429


@pytest.mark.parametrize("spelling", ["Crsup", " crsup "])
def test_failures_under_every_spelling_count_against_one_account(client, make_user, password, spelling):
    make_user(Role.CALL_HANDLER, username="crsup")
    for username in [spelling, "CRSUP", "crsup", "CrSuP", spelling]:
        client.post(reverse("accounts:login"), {"username": username, "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "crsup", "password": password})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_sign_in_under_another_spelling_clears_the_account_s_failures(client, make_user, password):
    make_user(Role.CALL_HANDLER, username="CaseyHall")
    for _ in range(4):
        client.post(reverse("accounts:login"), {"username": "caseyhall", "password": "wrong"})
    assert client.post(reverse("accounts:login"), {"username": "CASEYHALL", "password": password}).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        client.post(reverse("accounts:login"), {"username": "caseyhall", "password": "wrong"})
    assert client.post(reverse("accounts:login"), {"username": "caseyhall", "password": password}).status_code == 302
