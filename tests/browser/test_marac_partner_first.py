"""A victim referred by a partner first: the IDVA refers her by describing her; the PVP officer's review then
decides on MARAC for the same woman (the police record), and "MARAC referrals to make" does not ask for a
second referral but says who referred and when. axe-clean (WCAG 2.2 AA) on every page visited."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from marac.models import MaracReferral
from risk.services import reviews

from ..factories import make_person
from ..marac.factories import make_meeting
from ..risk.factories import in_pvp_queue
from .conftest import assert_accessible
from .test_intake_journey import sign_in
from .test_plan_journey import open_all_details


def test_the_pvp_officer_is_not_asked_to_refer_a_victim_the_idva_referred(page, make_user, password, world):
    pvp = make_user(Role.PVP_OFFICER, username="priya")
    make_user(Role.IDVA, username="nina")
    meeting = make_meeting(world, days=8)
    victim = make_person(given_name="Sofia", surname="Safe", date_of_birth=date(1991, 5, 17))

    sign_in(page, "nina", password)
    page.goto(reverse("marac:refer"))
    open_all_details(page)
    assert_accessible(page)
    page.get_by_label("Victim's first name").fill("Sofia")
    page.get_by_label("Victim's surname").fill("Safe")
    page.get_by_label("Victim's date of birth").fill("1991-05-17")
    page.get_by_label("Professional judgement (give your rationale below)").check()
    page.get_by_label("Professional judgement: why").fill("Threats to kill since she left him")
    page.get_by_label("Information sharing basis").fill("Consent")
    page.get_by_role("radio", name="Yes").check()
    page.get_by_label("Safe times to contact the victim").fill("Weekdays 10:00 to 14:00")
    page.get_by_role("button", name="Make the referral").click()
    expect(page.get_by_role("status").get_by_text("on the agenda of")).to_be_visible()
    referral = MaracReferral.objects.get()
    assert referral.meeting == meeting and referral.victim_id != victim.pk

    # The PVP review of the police record decides on MARAC after the IDVA's referral.
    item = in_pvp_queue(
        officer=make_user(Role.RESPONSE_OFFICER),
        handler=make_user(Role.CALL_HANDLER),
        sergeant=make_user(Role.SERGEANT),
        area=world.area,
        yes=14,
        grade="high",
        victim=victim,
    )
    reviews.pvp_claim(item=item, user=pvp)
    reviews.pvp_complete(item=item, user=pvp, grade="high", rationale="", refer_to_marac=True, refer_to_idva=True)

    page.context.clear_cookies()
    sign_in(page, "priya", password)
    section = page.get_by_role("region", name="MARAC referrals to make")
    day = f"{timezone.localtime(referral.referred_at):%d/%m/%Y}"
    expect(section.get_by_text(f"Already referred by IDVA Service on {day}, on the MARAC of")).to_be_visible()
    expect(section.get_by_role("link", name="Refer Sofia SAFE to MARAC")).to_have_count(0)
    expect(section.get_by_text("Overdue")).to_have_count(0)
    assert_accessible(page)
    section.get_by_role("link", name="Sofia SAFE: already referred to MARAC, nothing to make").click()
    expect(page.get_by_role("heading", name=f"MARAC case {referral.reference}")).to_be_visible()
    expect(page.get_by_text("Weekdays 10:00 to 14:00", exact=True)).to_be_visible()
    open_all_details(page)
    assert_accessible(page)
