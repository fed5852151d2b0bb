"""A call handler logs an incident for a known victim with the keyboard alone, sees the repeat flag and the
history, and the incident reaches the control-room supervisor's sign-off list."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from incidents.models import Incident
from incidents.services.outcomes import incident_no_crime, incident_positive_action

from ..factories import make_person
from ..incidents.helpers import log_incident
from .conftest import assert_accessible


def sign_in(page, username, password):
    page.goto(reverse("accounts:login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()


def tab_to(page, selector: str, limit: int = 250) -> None:
    """Press Tab until the element matching ``selector`` has focus, as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def choose(page, name: str, index: int) -> None:
    """Pick the index-th radio of a group: Tab into the group, arrow keys to move, Space to select."""
    tab_to(page, f"[name='{name}']")
    for _ in range(index):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert page.evaluate("n => document.querySelectorAll(`[name='${n}']`)[0].form", name)
    checked = page.evaluate("n => [...document.getElementsByName(n)].findIndex(r => r.checked)", name)
    assert checked == index, f"{name}: chose {checked}, wanted {index}"


def test_keyboard_intake_for_a_repeat_victim(page, make_user, password, world):
    handler = make_user(Role.CALL_HANDLER, username="casey")
    make_user(Role.CONTROL_ROOM_SUPERVISOR, username="morgan")
    victim = make_person(given_name="Kerry", surname="Bright")
    log_incident(user=handler, area=world.area, victim=victim, received_at=timezone.now() - timedelta(days=90))

    sign_in(page, "casey", password)
    page.goto(reverse("incidents:create"))
    assert_accessible(page)

    choose(page, "incident-channel", 0)
    tab_to(page, "#id_incident-location")
    page.keyboard.type("12 Pump Street, Worcester")

    # The victim: typing the name brings the index's candidates; Enter on one links it.
    tab_to(page, "#id_party-0-given_name")
    page.keyboard.type("Kerry")
    page.keyboard.press("Tab")
    page.keyboard.type("Brite")
    pick = page.get_by_role("button", name="Use Kerry BRIGHT")
    expect(pick).to_be_visible()
    tab_to(page, "[data-pick-row='party-0']")
    page.keyboard.press("Enter")
    history = page.locator("[data-party-row='party-0'] .party-history")
    expect(history.get_by_text("Repeat victim")).to_be_visible()
    expect(history.get_by_text("1 domestic-abuse incident as victim in the last 12 months")).to_be_visible()
    assert_accessible(page)

    tab_to(page, "#id_party-0-location")
    page.keyboard.type("Front room")
    page.keyboard.press("Tab")
    # The suspect is new to the index.
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
    page.keyboard.type("Caller says her partner slapped her and threw her phone.")
    for question, answer in [
        ("injuries", 0),
        ("medical_help", 1),
        ("weapons", 1),
        ("children_present", 1),
        ("victim_safe_now", 0),
    ]:
        choose(page, f"checklist-{question}", answer)
    tab_to(page, "#id_checklist-injury_severity")
    page.keyboard.press("ArrowDown")
    tab_to(page, "button[type=submit].btn-lg")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Incident INC-")).to_be_visible()
    expect(page.locator(".flags").get_by_text("Repeat victim")).to_be_visible()
    expect(page.get_by_text("Supervisor attendance required")).to_be_visible()
    incident = Incident.objects.latest("pk")
    assert incident.parties.get(role="victim").person == victim
    assert_accessible(page)

    # The rest of the control room's work, then send for sign-off.
    page.locator("summary", has_text="Record an intelligence check").click()
    page.get_by_label("Police National Computer").check()
    page.get_by_label("Findings").fill("One previous call in August.")
    page.get_by_role("button", name="Record check").click()
    page.locator("summary", has_text="Grade the response").click()
    page.get_by_label("Immediate").check()
    page.get_by_role("button", name="Save grade").click()
    page.locator("summary", has_text="Record supervisor attendance").click()
    page.locator("#id_attend-supervisor").select_option(index=1)
    page.locator("#id_attend-attended_at").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save attendance").click()
    # The attending officer records the outcome from their own device.
    officer = make_user(Role.RESPONSE_OFFICER)
    incident_no_crime(incident=incident, user=officer)
    incident_positive_action(incident=incident, user=officer, rationale="Suspect left; circulated as wanted.")
    page.reload()
    page.get_by_role("button", name="Send for supervisor sign-off").click()
    expect(page.get_by_text("Sent to a supervisor for sign-off.")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    # Signing out first sends what waits and wipes the device store, then leaves: wait for it to land.
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()
    sign_in(page, "morgan", password)
    page.goto(reverse("incidents:sign_off_queue"))
    expect(page.get_by_role("link", name=incident.reference)).to_be_visible()
    assert_accessible(page)
