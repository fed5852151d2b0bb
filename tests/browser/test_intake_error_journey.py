"""The bad parts of a call handler's intake, keyboard only: a checklist answer forgotten, the form back with the
chosen victim still shown by name with the band of the match and the history, fixed and logged; and on an
incident with a DASH, the name of the DASH without a link the call handler could not open."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from incidents.models import Incident
from risk.services import assessments as svc

from ..factories import make_person
from ..incidents.helpers import log_incident
from ..risk.factories import questionnaire
from .conftest import assert_accessible
from .test_intake_journey import choose, sign_in, tab_to


def test_validation_error_mid_intake_keeps_the_chosen_victim_and_the_history(page, make_user, password, world):
    handler = make_user(Role.CALL_HANDLER, username="casey")
    officer = make_user(Role.RESPONSE_OFFICER)
    victim = make_person(given_name="Kerry", surname="Bright")
    earlier = log_incident(
        user=handler, area=world.area, victim=victim, received_at=timezone.now() - timedelta(days=40)
    )
    questionnaire()
    svc.assessment_start(incident=earlier, victim_id=victim.pk, officer=officer, supplements=[])

    sign_in(page, "casey", password)
    page.goto(reverse("incidents:create"))
    choose(page, "incident-channel", 0)
    tab_to(page, "#id_incident-location")
    page.keyboard.type("12 Pump Street, Worcester")

    tab_to(page, "#id_party-0-given_name")
    page.keyboard.type("Kerry")
    page.keyboard.press("Tab")
    page.keyboard.type("Brite")
    expect(page.get_by_role("button", name="Use Kerry BRIGHT")).to_be_visible()
    row = page.locator("[data-party-row='party-0']")
    expect(row.locator(".party-candidates .match-band")).to_contain_text("the same person")
    tab_to(page, "[data-pick-row='party-0']")
    page.keyboard.press("Enter")
    expect(row.locator(".linked-person")).to_contain_text("Linked to Kerry BRIGHT")
    expect(row.locator(".party-history").get_by_text("Repeat victim")).to_be_visible()

    tab_to(page, "#id_party-0-location")
    page.keyboard.type("Front room")
    tab_to(page, "#id_party-1-given_name")
    page.keyboard.type("Lewis")
    page.keyboard.press("Tab")
    page.keyboard.type("Crane")
    choose(page, "party-1-location_known", 2)
    tab_to(page, "#id_party-1-location_reason")
    page.keyboard.type("Ran off before police arrived")
    choose(page, "incident-relationship", 0)
    tab_to(page, "#id_incident-abuse_types_0")
    page.keyboard.press("Space")
    tab_to(page, "#id_incident-summary")
    page.keyboard.type("Caller says her partner slapped her.")
    # Weapons is forgotten.
    for question, answer in [("injuries", 1), ("medical_help", 1), ("children_present", 1), ("victim_safe_now", 0)]:
        choose(page, f"checklist-{question}", answer)
    tab_to(page, "button[type=submit].btn-lg")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="The incident was not saved")).to_be_visible()
    expect(page.locator("#form-errors")).to_be_focused()
    row = page.locator("[data-party-row='party-0']")
    expect(row.locator(".linked-person")).to_contain_text("Linked to Kerry BRIGHT")
    expect(row.locator(".linked-person")).not_to_contain_text("index record")
    expect(row.locator(".linked-person .match-band")).to_contain_text("the same person")
    expect(row.locator(".party-history").get_by_text("Repeat victim")).to_be_visible()
    assert_accessible(page)

    choose(page, "checklist-weapons", 1)
    tab_to(page, "button[type=submit].btn-lg")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Incident INC-")).to_be_visible()
    incident = Incident.objects.latest("pk")
    assert incident.parties.get(role="victim").person == victim
    assert incident.checklist.weapons == "no"

    # The earlier incident has a DASH: the call handler sees that it exists, but no link they cannot open.
    page.goto(reverse("incidents:detail", args=[earlier.pk]))
    dash = page.locator("#dash-h + ul")
    expect(dash).to_contain_text("DASH for Kerry BRIGHT")
    expect(dash.get_by_role("link")).to_have_count(0)
    assert_accessible(page)
