"""Two victims called Jane Smith on one agenda: the chair tells them apart by date of birth, puts them in
the order the meeting will take them with the keyboard alone, and the agenda PDF follows, with times."""

import io
from datetime import date, timedelta

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.roles import Role

from ..factories import make_person
from ..marac.factories import make_meeting, move_to, refer
from .conftest import assert_accessible
from .test_intake_journey import sign_in


def test_the_chair_orders_two_jane_smiths_by_keyboard_and_the_agenda_tells_them_apart(page, make_user, password, world):
    chair = make_user(Role.MARAC_CHAIR, username="helen")
    pvp = make_user(Role.PVP_OFFICER, username="priya")
    meeting = make_meeting(world, days=5, chair=chair, minutes_per_case=15)
    older = refer(world, pvp, victim=make_person(given_name="Jane", surname="Smith", date_of_birth=date(1970, 2, 1)))
    younger = refer(world, pvp, victim=make_person(given_name="Jane", surname="Smith", date_of_birth=date(1999, 9, 9)))
    for referral in (older, younger):
        move_to(referral, meeting)

    sign_in(page, "helen", password)
    page.goto(meeting.get_absolute_url())
    expect(page.get_by_text("born 01/02/1970")).to_be_visible()
    expect(page.get_by_text("born 09/09/1999")).to_be_visible()
    assert_accessible(page)

    # Keyboard only: focus the younger Jane's "Up" button and press Enter.
    up = page.get_by_role("button", name=f"Move {younger.reference} up the agenda")
    up.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").get_by_text(f"{younger.reference} moved up.")).to_be_visible()
    rows = page.locator('section[aria-labelledby="cases"] tbody tr')
    expect(rows.nth(0)).to_contain_text("born 09/09/1999")
    start = timezone.localtime(meeting.starts_at)
    expect(rows.nth(1)).to_contain_text(f"{start + timedelta(minutes=15):%H:%M}")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the agenda (police, PDF)").click()
    with open(download.value.path(), "rb") as saved:
        words = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(saved.read())).pages).split())
    assert words.index("born 09/09/1999") < words.index("born 01/02/1970")
    assert f"{start:%H:%M}–{start + timedelta(minutes=15):%H:%M}" in words
