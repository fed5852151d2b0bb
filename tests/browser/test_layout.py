"""Layout as people see it: a PVP supervisor's full menu on a 1280-px laptop and a 360-px phone, radios in line
with their labels, and axe (WCAG 2.2 AA) clean where it was not: notifications, a plan on a phone, the API docs."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import Role
from core.navigation import nav_for
from core.services import notification_send
from plans import services

from ..factories import make_person
from .conftest import assert_accessible
from .test_intake_journey import sign_in
from .test_plan_journey import open_all_details


def _fits(page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide on a {width}-px screen"


def test_a_pvp_supervisors_pages_fit_a_laptop_and_a_phone(browser, live_server, make_user, password, world):
    dan = make_user(Role.PVP_SUPERVISOR, username="dan", first_name="Daniela", last_name="Featherstonehaugh")
    urls = [item["url"] for item in nav_for(dan, "/") if item["url"] != reverse("api-docs")]
    assert len(urls) >= 10  # the full menu: the case that overflowed
    for width, height in ((1280, 800), (360, 740)):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height})
        page = context.new_page()
        page.set_default_timeout(20_000)
        sign_in(page, "dan", password)
        for url in urls:
            page.goto(url)
            _fits(page, width)
        toggler = page.get_by_role("button", name="Show menu")
        if width < 992:
            toggler.click()
        else:
            expect(toggler).to_be_hidden()
        sign_out = page.get_by_role("button", name="Sign out")
        expect(sign_out).to_be_in_viewport()
        box = sign_out.bounding_box()
        assert box["x"] + box["width"] <= width
        context.close()


def test_radios_sit_in_line_with_their_labels(page, make_user, password):
    make_user(Role.CALL_HANDLER, username="cal")
    sign_in(page, "cal", password)
    page.goto(reverse("incidents:create"))
    misplaced = page.evaluate(
        """() => [...document.querySelectorAll('.form-check')].flatMap(check => {
            const input = check.querySelector('.form-check-input');
            const label = check.querySelector('.form-check-label');
            if (!input || !label) return [];
            const i = input.getBoundingClientRect();
            const l = label.getBoundingClientRect();
            const lineHeight = parseFloat(getComputedStyle(label).lineHeight);
            const firstLine = l.top + lineHeight / 2;
            const problems = [];
            if (Math.abs((i.top + i.height / 2) - firstLine) > 2) problems.push('not centred on its label');
            if (l.left - i.right < 4) problems.push('label runs into the radio');
            return problems.length ? [label.textContent.trim() + ': ' + problems.join(', ')] : [];
        })"""
    )
    assert not misplaced, misplaced
    # "Not known" keeps its distance from the reason asked after it.
    gaps = page.evaluate(
        """() => [...document.querySelectorAll('input[type=radio][value=not_known]')].map(radio => {
            const group = radio.closest('[id^=div_]');
            if (!group || !group.nextElementSibling) return 99;
            const bottom = Math.max(
                radio.getBoundingClientRect().bottom, radio.closest('.form-check').getBoundingClientRect().bottom);
            return group.nextElementSibling.getBoundingClientRect().top - bottom;
        })"""
    )
    assert gaps and min(gaps) >= 8, gaps


def test_axe_is_clean_on_notifications_a_plan_on_a_phone_and_the_api_docs(
    browser, live_server, make_user, password, world
):
    pvp = make_user(Role.PVP_OFFICER, username="priya", first_name="Priya", last_name="Shah")
    plan = services.plan_start(
        victim=make_person(given_name="Vera", surname="Moss"), area=world.area, grade="high", owner=pvp, user=pvp
    )
    services.plan_action_add(plan=plan, user=pvp, kind="alarm", description="TecSOS phone")
    # Unread, with a link: the link sits on the pale warning background.
    notification_send(
        user_id=pvp.pk,
        kind="plan_review_due",
        message=f"The review of plan {plan} is due today.",
        url=plan.get_absolute_url(),
    )
    csp_errors = []
    for width, height in ((1280, 800), (360, 740)):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height})
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
        sign_in(page, "priya", password)
        page.goto(reverse("core:notifications"))
        expect(page.get_by_role("link", name=f"The review of plan {plan} is due today.")).to_be_visible()
        assert_accessible(page)
        page.goto(plan.get_absolute_url())
        open_all_details(page)
        assert_accessible(page)
        if width == 360:
            # A table too wide for the phone scrolls, and the keyboard can reach it to scroll it.
            region = page.locator(".table-responsive[tabindex='0'][role=region]").first
            expect(region).to_have_attribute("aria-label", re.compile(r"\(scrolls sideways\)"))
        context.close()

    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in(page, "priya", password)
    page.goto(reverse("api-docs"))
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("dacase API")
    assert page.evaluate("document.documentElement.lang") == "en-GB"
    assert_accessible(page)
    context.close()
    assert not csp_errors, csp_errors
