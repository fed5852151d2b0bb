"""An officer completes a DASH on a 360 x 740 phone; a sergeant regrades it; a PVP supervisor claims and reviews it."""

from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import Role
from risk.models import Assessment

from ..factories import make_person
from ..incidents.helpers import log_incident
from ..risk.factories import questionnaire
from .conftest import assert_accessible


def sign_in(page, username, password):
    page.goto(reverse("accounts:login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()


def sign_out(page):
    page.goto(reverse("core:home"))
    toggler = page.get_by_role("button", name="Show menu")
    if toggler.is_visible():
        toggler.click()
    page.get_by_role("button", name="Sign out").click()
    # Signing out first sends what waits and wipes the device store, then leaves: wait for it to land.
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()


def test_dash_on_a_phone_then_sergeant_then_pvp(browser, live_server, make_user, password, world):
    make_user(Role.RESPONSE_OFFICER, username="sam")
    make_user(Role.SERGEANT, username="alex")
    make_user(Role.PVP_SUPERVISOR, username="dan")
    questionnaire()
    victim = make_person(given_name="Lucy", surname="Grey")
    incident = log_incident(user=make_user(Role.CALL_HANDLER), area=world.area, victim=victim)

    phone = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, "sam", password)
    page.goto(reverse("incidents:detail", args=[incident.pk]))
    page.get_by_role("link", name="Start a DASH assessment").click()
    page.get_by_role("button", name="Start").click()
    expect(page.locator("h1")).to_contain_text("(1 of 1)")
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)

    questions = page.locator("fieldset.question")
    total = questions.count()
    for i in range(total):
        # The first twelve answers are yes; each is saved as it is tapped.
        label = "Yes" if i < 12 else "No"
        questions.nth(i).get_by_text(label, exact=True).tap()
        if i == 0:
            expect(questions.nth(0).locator(".save-state")).to_contain_text("Saved")
    # Every answer has been saved (requests may finish in any order).
    expect(page.locator("fieldset.question .save-state", has_text="Saved")).to_have_count(total)
    expect(page.locator("#tally")).to_contain_text("12")
    expect(page.locator("#tally")).to_contain_text("suggests medium")
    assessment = Assessment.objects.get()
    assert assessment.answers.count() == total  # saved before the section is even submitted
    page.get_by_role("button", name="Save and go on to children").click()
    page.get_by_role("link", name="Go on to grading").click()
    page.get_by_label("Medium").check()
    page.get_by_label("No children involved").check()
    assert_accessible(page)
    page.get_by_role("button", name="Submit to my sergeant").click()
    expect(page.get_by_text("Assessment submitted")).to_be_visible()
    phone.close()

    page = browser.new_context(base_url=live_server.url).new_page()
    page.set_default_timeout(20_000)
    sign_in(page, "alex", password)
    page.goto(reverse("risk:sergeant_queue"))
    assert_accessible(page)
    page.get_by_role("link", name="Lucy GREY").click()
    page.get_by_label("High").check()
    page.get_by_label("Rationale").fill("Strangulation disclosed to the neighbour; escalating.")
    page.get_by_role("button", name="Record review").click()
    expect(page.get_by_text("Review of")).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.grade == "high" and assessment.status == Assessment.Status.PVP_REVIEW
    sign_out(page)

    sign_in(page, "dan", password)
    page.goto(reverse("risk:pvp_queue"))
    assert_accessible(page)
    page.get_by_role("button", name="Claim the oldest").click()
    expect(page.get_by_role("heading", name="PVP review: Lucy GREY")).to_be_visible()
    page.get_by_label("Refer to MARAC").check()
    page.get_by_label("Refer to an IDVA").check()
    page.get_by_role("button", name="Record review").click()
    expect(page.get_by_text("Review recorded.")).to_be_visible()
    assert_accessible(page)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.COMPLETE and assessment.pvp_item.refer_to_marac

    # High risk: the supervisor goes straight on to start the victim's risk-management plan.
    page.get_by_role("link", name="Start a risk-management plan").click()
    assert_accessible(page)
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_text("started. Add its actions and tasks.")).to_be_visible()
    assert_accessible(page)
    assert assessment.victim.risk_plans.count() == 1
