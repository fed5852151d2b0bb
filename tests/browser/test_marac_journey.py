"""A MARAC chair builds the coming meeting, downloads its agenda and records an action in a real browser;
an IDVA then sees only the cases of meetings their agency attends. Every MARAC page passes axe (WCAG 2.2 AA)
with its folded forms opened, under the strict CSP."""

import io
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.roles import Role
from audit.models import AccessLog
from marac.models import IdvaService, MaracAction

from ..factories import make_person
from ..marac.factories import make_meeting, move_to, refer
from .conftest import assert_accessible
from .test_intake_journey import sign_in
from .test_plan_journey import open_all_details


def test_chair_builds_the_meeting_takes_the_agenda_and_records_actions(page, make_user, password, world):
    chair = make_user(Role.MARAC_CHAIR, username="helen", first_name="Helen", last_name="Price")
    pvp = make_user(Role.PVP_OFFICER, username="priya")
    make_user(Role.IDVA, username="nina")
    IdvaService.objects.create(area=world.area, agency=world.idva_service, staff_fte=Decimal("2"), caseload=150)
    full = make_meeting(world, days=3, capacity=1)
    refer(world, pvp, victim=make_person(given_name="Fay", surname="First"))  # fills the first meeting
    waiting = refer(
        world,
        pvp,
        victim=make_person(given_name="Wendy", surname="Waits"),
        perpetrators=[make_person(given_name="Walter", surname="Waits")],
    )
    assert waiting.meeting is None
    coming = make_meeting(world, days=10, chair=chair)
    hidden = refer(world, pvp, victim=make_person(given_name="Hana", surname="Hidden"))
    move_to(hidden, make_meeting(world, days=17, agencies=[world.police]))
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    sign_in(page, "helen", password)
    page.get_by_role("link", name="MARAC", exact=True).click()
    expect(page.get_by_role("heading", name="Waiting for a meeting")).to_be_visible()
    page.get_by_role("link", name=str(coming)).click()
    page.get_by_role("button", name=f"Add {waiting.reference} to this meeting").click()
    expect(page.get_by_role("status").get_by_text("added to the meeting")).to_be_visible()
    expect(page.get_by_role("cell", name="Wendy WAITS")).to_be_visible()
    assert full.referrals.count() == 1

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the agenda (police, PDF)").click()
    with open(download.value.path(), "rb") as saved:
        pdf = PdfReader(io.BytesIO(saved.read()))
    words = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "OFFICIAL-SENSITIVE" in words and "Page 1 of" in words and "Wendy WAITS" in words
    assert "Walter WAITS" in words and "This agenda is confidential" in words
    assert AccessLog.objects.filter(user=chair, action=AccessLog.Action.DOWNLOAD).count() == 1

    page.get_by_role("link", name=waiting.reference).click()
    page.get_by_text("Record an action").click()
    page.get_by_label("Owner agency").select_option(label=world.idva_service.name)
    page.get_by_role("textbox", name="Action").fill("Contact Wendy within 48 hours and agree a safety plan")
    page.get_by_label("Due on").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Record action").click()
    expect(page.get_by_role("status").get_by_text("Action recorded.")).to_be_visible()
    action = MaracAction.objects.get()
    assert action.owner_agency == world.idva_service and action.meeting == coming

    for url in (
        reverse("marac:meetings"),
        coming.get_absolute_url(),
        waiting.get_absolute_url(),
        reverse("marac:meeting_create"),
        reverse("marac:meeting_edit", args=[coming.pk]),
        reverse("marac:capacity"),
        reverse("core:home"),
    ):
        page.goto(url)
        open_all_details(page)
        assert_accessible(page)

    # The IDVA: only the meetings their agency attends; the one they do not attend is not found.
    page.context.clear_cookies()
    sign_in(page, "nina", password)
    expect(page.get_by_role("heading", name="MARAC actions for your agency")).to_be_visible()
    page.get_by_role("link", name="MARAC", exact=True).click()
    expect(page.get_by_role("link", name=str(coming))).to_be_visible()
    expect(page.get_by_role("link", name=str(hidden.meeting))).to_have_count(0)
    page.get_by_role("link", name=str(coming)).click()
    expect(page.get_by_role("cell", name="Wendy WAITS")).to_be_visible()
    expect(page.get_by_text("Hana")).to_have_count(0)
    page.get_by_role("link", name=waiting.reference).click()
    page.get_by_text("Update the action").click()
    page.get_by_label("Done", exact=True).check()
    page.get_by_role("button", name="Save status").click()
    expect(page.get_by_role("status").get_by_text("Action updated.")).to_be_visible()
    action.refresh_from_db()
    assert action.status == "done"
    assert page.goto(hidden.get_absolute_url()).status == 404
    for url in (reverse("marac:meetings"), waiting.get_absolute_url(), reverse("marac:refer")):
        page.goto(url)
        open_all_details(page)
        assert_accessible(page)
    assert not [e for e in errors if "Content Security Policy" in e], errors
