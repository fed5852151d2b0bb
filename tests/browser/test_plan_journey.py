"""A PVP officer works a risk-management plan in a real browser; every plan page passes axe (WCAG 2.2 AA),
with its folded forms opened, and runs under the strict CSP (no inline script or style)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from core.services import notification_send
from plans import services
from plans.models import PlanTask

from ..factories import make_person
from .conftest import assert_accessible
from .test_intake_journey import sign_in


def open_all_details(page) -> None:
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")


def test_pvp_officer_adds_a_task_and_every_plan_page_is_accessible(page, make_user, password, world):
    pvp = make_user(Role.PVP_OFFICER, username="priya", first_name="Priya", last_name="Shah")
    make_user(Role.PVP_SUPERVISOR, username="dan")
    officer = make_user(Role.RESPONSE_OFFICER, username="sam", first_name="Sam", last_name="Patel")
    plan = services.plan_start(
        victim=make_person(given_name="Vera", surname="Moss"), area=world.area, grade="high", owner=pvp, user=pvp
    )
    services.plan_action_add(plan=plan, user=pvp, kind="alarm", description="TecSOS phone")
    notification_send(user_id=pvp.pk, kind="plan_review_due", message=f"The review of plan {plan} is due today.")
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    sign_in(page, "priya", password)
    page.goto(plan.get_absolute_url())
    expect(page.get_by_role("heading", name=f"Risk-management plan {plan.reference}")).to_be_visible()
    page.get_by_text("Add a task").click()
    page.get_by_label("Task*").fill("Fit a door chain")  # crispy marks required fields with an asterisk
    page.get_by_label("Given to*").select_option(label="Sam Patel")
    page.get_by_label("Due on*").fill((timezone.localdate() + timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Add task").click()
    expect(page.get_by_role("status").get_by_text("Task added;")).to_be_visible()
    assert PlanTask.objects.get(plan=plan).assignee == officer

    for url in (
        plan.get_absolute_url(),
        reverse("plans:list"),
        reverse("plans:without_plan"),
        reverse("plans:my_tasks"),
        reverse("core:notifications"),
        reverse("core:home"),
    ):
        page.goto(url)
        open_all_details(page)
        assert_accessible(page)
    assert not [e for e in errors if "Content Security Policy" in e], errors
