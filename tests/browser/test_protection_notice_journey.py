"""A superintendent authorises a DVPN on a 360-px phone; the notice is served; a call handler taking a later call
picks the caller and her ex-partner at intake and sees at once the notice that forbids him contact (axe clean)."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Rank
from accounts.roles import Role
from safeguarding import services
from safeguarding.models import ProtectionNotice

from ..factories import make_person
from ..safeguarding.factories import draft
from .conftest import assert_accessible
from .test_intake_journey import sign_in


def test_a_superintendent_authorises_on_a_phone_and_intake_shows_the_notice(
    phone_page, page, make_user, password, world
):
    officer = make_user(Role.RESPONSE_OFFICER, username="sam")
    make_user(Role.SENIOR_OFFICER, username="ruth", rank=Rank.SUPERINTENDENT)
    make_user(Role.CALL_HANDLER, username="casey")
    handler = make_user(Role.CALL_HANDLER)
    victim = make_person(given_name="Carla", surname="Dunmore", date_of_birth=date(1990, 3, 3))
    ex = make_person(given_name="Wayne", surname="Haskett", date_of_birth=date(1987, 7, 7))
    notice = draft(officer=officer, handler=handler, area=world.area, victim=victim, suspect=ex)

    # The superintendent, on a phone: the list, the notice, the reasons, Authorise.
    sign_in(phone_page, "ruth", password)
    phone_page.goto(reverse("safeguarding:notices"))
    phone_page.get_by_role("link", name=notice.reference).tap()
    expect(
        phone_page.get_by_role("heading", name=f"Domestic violence protection notice (DVPN) {notice.reference}")
    ).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone_page)
    phone_page.get_by_label("Reasons for authorising").fill(
        "Assault last night; she fears his return. Necessary to protect her."
    )
    phone_page.get_by_role("button", name=f"Authorise {notice.reference}").tap()
    expect(phone_page.get_by_text(f"{notice.reference} authorised")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone_page)
    notice.refresh_from_db()
    assert notice.status == ProtectionNotice.Status.AUTHORISED and notice.authorised_by.username == "ruth"

    services.notice_serve(
        notice=notice, user=officer, served_at=timezone.now(), hearing_notice_address="Flat 2, 9 Mill Lane"
    )

    # A later call: the caller is Carla; her ex-partner Wayne is named as the suspect.
    sign_in(page, "casey", password)
    page.goto(reverse("incidents:create"))
    page.locator("#id_party-0-given_name").fill("Carla")
    page.locator("#id_party-0-surname").fill("Dunmore")
    page.get_by_role("button", name="Use Carla DUNMORE").click()
    page.locator("#id_party-1-given_name").fill("Wayne")
    page.locator("#id_party-1-surname").fill("Haskett")
    page.get_by_role("button", name="Use Wayne HASKETT").click()
    suspect_history = page.locator("[data-party-row='party-1'] .party-history")
    expect(suspect_history.get_by_text("Protection notices and orders in force")).to_be_visible()
    expect(
        suspect_history.get_by_text(f"{notice.reference} in force, against this person, protecting Carla DUNMORE")
    ).to_be_visible()
    expect(suspect_history.get_by_text("No contact, direct or indirect")).to_be_visible()
    caller_history = page.locator("[data-party-row='party-0'] .party-history")
    expect(
        caller_history.get_by_text(f"{notice.reference} in force, protects this person from Wayne HASKETT")
    ).to_be_visible()
    assert_accessible(page)
