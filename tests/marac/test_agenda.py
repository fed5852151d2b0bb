"""The agenda PDF: A4, marked, page X of Y, every case with what the meeting needs; partners see less."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from accounts.roles import Role
from marac.agenda import agenda_cases, agenda_pdf
from marac.services import action_add, referral_create

from ..factories import make_person
from .factories import make_meeting


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    # Table cells wrap: compare the words, not the lines.
    return len(reader.pages), " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def meeting(make_user, world):
    past = make_meeting(world, days=-26)
    meeting = make_meeting(world, days=2, capacity=40)
    pvp, chair = make_user(Role.PVP_OFFICER), make_user(Role.MARAC_CHAIR)
    for n in range(18):
        referral = referral_create(
            victim=make_person(given_name=f"Victim{n}", surname="Agenda"),
            perpetrators=[make_person(given_name=f"Perp{n}", surname="Agenda")],
            area=world.area,
            referring_agency=world.police,
            user=pvp,
            criteria=["professional_judgement"],
            judgement_rationale=f"Police-only rationale {n}",
            information_sharing_basis="Vital interests",
            victim_aware=True,
        )
        if n == 0:
            referral.meeting = past
            referral.save()
            action_add(
                referral=referral,
                meeting=past,
                owner_agency=world.idva_service,
                description="Safety plan with the IDVA",
                due=timezone.localdate(),
                user=chair,
            )
            referral.meeting = meeting
            referral.save()
    return meeting


def test_the_pdf_is_marked_paged_and_lists_every_case(meeting):
    pages, text = _text(agenda_pdf(meeting, partner=False))
    assert pages >= 2 and text.count("OFFICIAL-SENSITIVE") == 2 * pages
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert "This agenda is confidential" in text
    for n in range(18):
        assert f"Victim{n} AGENDA" in text and f"Perp{n} AGENDA" in text
    assert "Open action" in text and "Safety plan with the IDVA" in text
    assert "Police-only rationale 3" in text


def test_the_partner_version_leaves_out_police_only_detail(meeting):
    _, text = _text(agenda_pdf(meeting, partner=True))
    assert "Victim3 AGENDA" in text and "Police-only rationale" not in text and "Partner version" in text


def test_cases_are_read_in_a_fixed_number_of_queries(meeting, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        cases = agenda_cases(meeting, partner=False)
    assert len(cases) == 18 and cases[0].open_actions


def test_the_partner_version_carries_only_the_actions_of_agencies_at_the_table(meeting, world):
    meeting.agencies.set([world.police, world.childrens_services])  # the IDVA service is not at this one
    police = {c.number: [a.description for a in c.open_actions] for c in agenda_cases(meeting, partner=False)}
    partner = {c.number: [a.description for a in c.open_actions] for c in agenda_cases(meeting, partner=True)}
    assert police[1] == ["Safety plan with the IDVA"] and partner[1] == []
