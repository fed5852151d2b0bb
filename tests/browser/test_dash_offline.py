"""The DASH as it is really done: on a 360-px phone whose signal drops mid-section, and from the keyboard alone."""

from urllib.parse import parse_qs

from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import Role
from risk.models import Assessment, AssessmentAnswer

from ..factories import make_person
from ..incidents.helpers import log_incident
from ..risk.factories import questionnaire
from .conftest import assert_accessible
from .test_intake_journey import sign_in, tab_to


def _incident(make_user, world):
    questionnaire()
    return log_incident(
        user=make_user(Role.CALL_HANDLER),
        area=world.area,
        victim=make_person(given_name="Lucy", surname="Grey"),
        suspect=make_person(given_name="Mark", surname="Dunn"),
    )


def test_a_lost_signal_mid_dash_is_shown_retried_and_saved_once(phone_page, make_user, password, world):
    page = phone_page
    make_user(Role.RESPONSE_OFFICER, username="sam")
    incident = _incident(make_user, world)
    saved_posts = []
    page.on(
        "response",
        lambda r: (
            saved_posts.append(parse_qs(r.request.post_data or "").get("question", [""])[0])
            if r.request.method == "POST" and r.url.endswith("/answer/") and r.status == 200
            else None
        ),
    )

    sign_in(page, "sam", password)
    page.goto(reverse("incidents:detail", args=[incident.pk]))
    page.get_by_role("link", name="Start a DASH assessment").click()
    page.get_by_role("button", name="Start").click()
    expect(page.locator("h1")).to_contain_text("(1 of 1)")
    # The questions name the suspect; the sticky head leaves the screen to them (at most a tenth of it).
    expect(page.get_by_text("Has Mark DUNN ever used weapons or objects to hurt you?")).to_be_visible()
    head = page.locator(".dash-head").bounding_box()
    assert head["height"] <= 0.10 * 740, head
    progress = page.locator("#dash-progress")
    expect(progress).to_contain_text("0/27")

    questions = page.locator("fieldset.question")
    questions.nth(0).get_by_text("Yes", exact=True).tap()
    expect(questions.nth(0).locator(".save-state")).to_contain_text("Saved")
    expect(progress).to_contain_text("1/27")

    # The signal goes: the tapped answer says it is not saved, and the page counts it.
    page.context.set_offline(True)
    second = questions.nth(1)
    second.get_by_text("No", exact=True).tap()
    expect(second.locator(".save-state")).to_contain_text("Not saved — will retry")
    expect(second).to_have_class("question border-bottom py-3 answer-unsaved")
    expect(page.locator("#unsaved-count")).to_have_text("1 answer not saved yet: retrying when the connection returns.")
    expect(progress).to_contain_text("1/27")
    # Going on is refused, with the reason.
    page.get_by_role("button", name="Save and go on to children").click()
    expect(page.locator("#unsaved-block")).to_contain_text("1 answer is not saved yet")
    assert "/section/1/" in page.url
    assessment = Assessment.objects.get()
    assert assessment.answers.count() == 1
    assert_accessible(page)

    # The signal returns: the answer is sent again, once, and saved.
    page.context.set_offline(False)
    expect(second.locator(".save-state")).to_contain_text("Saved")
    expect(page.locator("#unsaved-count")).to_have_text("")
    expect(progress).to_contain_text("2/27")
    question_id = second.get_attribute("data-question")
    assert saved_posts.count(question_id) == 1, saved_posts
    answer = AssessmentAnswer.objects.get(assessment=assessment, question_id=question_id)
    assert answer.value == "no"

    # Nothing unsaved now: the section goes on.
    page.get_by_role("button", name="Save and go on to children").click()
    expect(page).to_have_url(reverse("risk:children", args=[assessment.pk]))


def test_a_dash_section_from_the_keyboard_alone(page, make_user, password, world):
    make_user(Role.RESPONSE_OFFICER, username="sam")
    incident = _incident(make_user, world)
    sign_in(page, "sam", password)
    page.goto(reverse("risk:start", args=[incident.pk]))
    tab_to(page, "button[type=submit]:not(.btn-outline-light)")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("(1 of 1)")

    questions = page.locator("fieldset.question")
    total = questions.count()
    for i in range(total):
        question_id = questions.nth(i).get_attribute("data-question")
        tab_to(page, f"input[name='q{question_id}']")
        if i < 3:
            page.keyboard.press("ArrowRight")  # moves to "No" and chooses it
        else:
            page.keyboard.press("Space")  # chooses "Yes"
        if i == 0:
            # The focus shows on the button the officer sees, not on the hidden radio.
            outline = page.evaluate("() => getComputedStyle(document.activeElement.nextElementSibling).outlineStyle")
            assert outline == "solid"
    expect(page.locator("fieldset.question .save-state", has_text="Saved")).to_have_count(total)
    expect(page.locator("#dash-progress")).to_contain_text(f"{total}/{total}")
    expect(page.locator("#tally")).to_contain_text(f"{total - 3}")
    tab_to(page, "form.dash-section button[type=submit]")
    page.keyboard.press("Enter")
    assessment = Assessment.objects.get()
    expect(page).to_have_url(reverse("risk:children", args=[assessment.pk]))
    assert assessment.answers.filter(value="yes").count() == total - 3
