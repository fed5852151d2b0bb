"""The problem profile on a 360-px phone and a 1280-px laptop: it fits, axe (WCAG 2.2 AA) finds nothing, the charts
are images with their text and tables, and a PVP supervisor re-identifies a pseudonym with a reason."""

from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import Role
from reports.profile.pseudonyms import pseudonym

from ..reports import profile_scene
from .conftest import assert_accessible
from .test_force_page import _fits
from .test_intake_journey import sign_in


def _show(page):
    page.goto(reverse("reports:problem_profile"))
    page.get_by_label("From", exact=True).fill("2025-04-01")
    page.get_by_label("To", exact=True).fill("2026-03-31")
    page.get_by_label("Area", exact=True).select_option(label="North")
    page.get_by_role("button", name="Show the profile").click()
    expect(page.get_by_role("heading", name="Problem profile: North")).to_be_visible()
    expect(page.locator("tr[data-measure=repeat_victim_pct]")).to_contain_text("60%")
    expect(page.get_by_role("img", name="Incidents by hour and weekday: Heat map", exact=False)).to_be_visible()


def test_an_analyst_reads_the_profile_on_a_phone(phone_page, make_user, password, world, settings):
    settings.DACASE_HARM_INDEX_FILE = str(profile_scene.HARM_FILE)
    profile_scene.ProfileYear(world, make_user).build()
    make_user(Role.ANALYST, username="omar")
    sign_in(phone_page, "omar", password)
    _show(phone_page)
    _fits(phone_page, 360)
    assert_accessible(phone_page)


def test_a_supervisor_reads_the_profile_and_reidentifies_on_a_laptop(page, make_user, password, world, settings):
    settings.DACASE_HARM_INDEX_FILE = str(profile_scene.HARM_FILE)
    year = profile_scene.ProfileYear(world, make_user).build()
    make_user(Role.PVP_SUPERVISOR, username="sup")
    sign_in(page, "sup", password)
    _show(page)
    _fits(page, 1280)
    assert_accessible(page)
    page.get_by_role("textbox", name="Pseudonym").fill(pseudonym(year.people["S1"].pk, world.force.code))
    page.get_by_role("textbox", name="Reason").fill("Safeguarding: the PVP team must contact the victim")
    page.get_by_role("button", name="Re-identify").click()
    expect(page.get_by_role("link", name="S1 Profile")).to_be_visible()
    assert_accessible(page)
