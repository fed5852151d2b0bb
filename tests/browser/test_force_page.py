"""The force page on a 360-px phone and a laptop: it fits, axe (WCAG 2.2 AA) finds nothing, and an analyst
changes the period and area with the form alone."""

from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import Role

from ..reports.scene import ForceYear
from .conftest import assert_accessible
from .test_intake_journey import sign_in


def _fits(page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide on a {width}-px screen"


def test_an_analyst_reads_the_force_page_on_a_phone(phone_page, make_user, password, world):
    ForceYear(world, make_user).build()
    analyst = make_user(Role.ANALYST, username="omar")
    analyst.areas.set([world.area, world.other_area])
    page = phone_page
    sign_in(page, "omar", password)
    page.goto(reverse("reports:force_page"))
    page.get_by_label("From", exact=True).fill("2025-04-01")
    page.get_by_label("To", exact=True).fill("2026-03-31")
    page.get_by_label("Area", exact=True).select_option(label="North")
    page.get_by_label("Active cases on", exact=True).fill("2026-03-31")
    page.get_by_role("button", name="Show the figures").click()
    expect(page.get_by_role("heading", name="Force page: North")).to_be_visible()
    row = page.get_by_role("row", name="Domestic-abuse share of calls for assistance")
    expect(row).to_contain_text("25%")
    expect(row).to_contain_text("12 domestic-abuse incidents of 48 calls for assistance")
    expect(page.get_by_role("heading", name="Active cases on 31/03/2026: 6")).to_be_visible()
    _fits(page, 360)
    assert_accessible(page)
    page.goto(reverse("reports:totals"))
    expect(page.get_by_role("heading", name="The force's totals: Test Constabulary")).to_be_visible()
    _fits(page, 360)
    assert_accessible(page)


def test_the_force_page_with_an_error_is_accessible_on_a_laptop(page, make_user, password):
    make_user(Role.SENIOR_OFFICER, username="supt")
    sign_in(page, "supt", password)
    page.goto(reverse("reports:force_page") + "?start=2025-04-01&end=2025-01-01")
    expect(page.get_by_text("The end of the period must be on or after its start.")).to_be_visible()
    assert_accessible(page)
