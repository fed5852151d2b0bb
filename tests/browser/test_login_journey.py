"""A call handler signs in with the keyboard and reaches their home page."""

from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import Role

from .conftest import assert_accessible


def test_call_handler_signs_in_and_reaches_home(page, make_user, password):
    make_user(Role.CALL_HANDLER, username="casey", first_name="Casey", last_name="Hall")
    page.goto(reverse("core:home"))
    assert page.url.endswith(reverse("accounts:login") + "?next=/")
    assert_accessible(page)

    # Keyboard only: the username field has focus on arrival.
    assert page.evaluate("document.activeElement.name") == "username"
    page.keyboard.type("casey")
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    assert page.url.endswith("/") and "login" not in page.url
    expect(page.get_by_text("Casey Hall · Call handler")).to_be_visible()
    assert page.locator(".marking-top").inner_text() == "OFFICIAL-SENSITIVE"
    assert_accessible(page)

    # The first Tab reaches the skip link, which moves focus to the main content.
    page.reload()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_wrong_password_error_is_accessible(page, make_user):
    make_user(Role.CALL_HANDLER, username="casey")
    page.goto(reverse("accounts:login"))
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()
    assert_accessible(page)
