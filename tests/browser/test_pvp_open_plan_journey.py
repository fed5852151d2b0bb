"""A PVP officer reviews a new high-risk DASH for a victim who already has an open plan and whose partner carries a
lock knife: the review warns of the knife and the serial-perpetrator flag, shows the victim's history (the open
plan among it), and the DASH joins the open plan, its review brought forward and its owner told. Every page passes
axe (WCAG 2.2 AA)."""

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from core.models import Notification
from plans import services as plans
from plans.models import PlanAssessment
from risk.services import reviews

from ..incidents.warnings_scene import KNIFE, SERIAL, armed_suspect_scene, submit
from .conftest import assert_accessible
from .test_intake_journey import sign_in


def test_pvp_officer_adds_a_new_dash_to_the_victims_open_plan(page, make_user, password, world):
    handler = make_user(Role.CALL_HANDLER)
    officer = make_user(Role.RESPONSE_OFFICER)
    sergeant = make_user(Role.SERGEANT)
    make_user(Role.PVP_OFFICER, username="priya", first_name="Priya", last_name="Shah")
    owner = make_user(Role.PVP_SUPERVISOR, username="dan", first_name="Dan", last_name="Hill")
    scene = armed_suspect_scene(handler=handler, area=world.area, officer=officer)
    plan = plans.plan_start(victim=scene.victim, area=world.area, grade="medium", owner=owner, user=owner)
    submit(scene, officer, yes=15, grade="high")
    reviews.sergeant_review(assessment=scene.assessment, sergeant=sergeant, grade="high")
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    sign_in(page, "priya", password)
    page.goto(reverse("risk:pvp_queue"))
    assert_accessible(page)
    page.get_by_role("button", name="Claim the oldest").click()
    expect(page.get_by_role("heading", name="PVP review: Vera MOSS")).to_be_visible()

    # Officer safety first: the suspect's knife and his serial-perpetrator flag, in words, as an alert.
    warning = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="Warnings and flags"))
    expect(warning).to_contain_text(f"Mark DALE (suspect): Warning: Weapons — {KNIFE}")
    expect(warning).to_contain_text(SERIAL)
    # Not blind: the intake screen's history panel, with the open plan and its owner.
    history = page.locator("section.history")
    expect(history.get_by_role("heading", name="History: Vera MOSS")).to_be_visible()
    expect(history).to_contain_text(f"{plan.reference}: open, medium risk, owner Dan Hill")
    assert_accessible(page)

    page.get_by_label("Refer to MARAC").check()
    page.get_by_label("Refer to an IDVA").check()
    page.get_by_role("button", name="Record review").click()
    expect(page.get_by_text("Review recorded.")).to_be_visible()

    # No dead end: the open plan is offered with its owner and next review, and no second plan.
    offer = page.locator("section.open-plan")
    expect(offer.get_by_role("heading", name=f"Open plan {plan.reference}")).to_be_visible()
    expect(offer).to_contain_text("Dan Hill")
    expect(offer).to_contain_text(plan.next_review_due.strftime("%d/%m/%Y"))
    expect(offer).to_contain_text("review due today")
    expect(page.get_by_role("link", name="Start a risk-management plan")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("button", name="Add to the open plan").click()
    expect(page.get_by_role("heading", name=f"Risk-management plan {plan.reference}")).to_be_visible()
    expect(
        page.get_by_role("status").get_by_text(f"added to plan {plan.reference}; Dan Hill was told.")
    ).to_be_visible()
    expect(page.get_by_role("link", name=f"DASH {scene.assessment.pk}")).to_be_visible()
    expect(page.get_by_text(timezone.localdate().strftime("%d/%m/%Y")).first).to_be_visible()
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert_accessible(page)

    plan.refresh_from_db()
    assert plan.next_review_due == timezone.localdate() and plan.victim.risk_plans.count() == 1
    assert PlanAssessment.objects.get().assessment == scene.assessment
    assert Notification.objects.filter(user=owner, kind="plan_assessment_added").count() == 1
    assert not [e for e in errors if "Content Security Policy" in e], errors
