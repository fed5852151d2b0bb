"""The agenda PDF: A4, marked, page X of Y, every case with what the meeting needs; partners see less."""

import io
from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader

from accounts.roles import Role
from incidents.models import Party
from marac.agenda import agenda_cases, agenda_pdf
from marac.services import action_add, meeting_case_move, referral_create
from risk.models import AssessmentChild

from ..factories import make_person
from ..plans.factories import assessment as high_assessment
from .factories import make_meeting, move_to, refer


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
    # Six for the cases; the police version adds five for the people's warnings and flags (incidents.safety:
    # four, and one for the notices and orders in force, safeguarding.selectors.orders_in_force) and three for
    # their bail, custody and Clare's Law lines (safeguarding.case_selectors.safeguarding_lines).
    with django_assert_max_num_queries(14):
        cases = agenda_cases(meeting, partner=False)
    assert len(cases) == 18 and cases[0].open_actions
    with django_assert_max_num_queries(6):
        assert len(agenda_cases(meeting, partner=True)) == 18


def test_the_partner_version_carries_only_the_actions_of_agencies_at_the_table(meeting, world):
    meeting.agencies.set([world.police, world.childrens_services])  # the IDVA service is not at this one
    police = {c.number: [a.description for a in c.open_actions] for c in agenda_cases(meeting, partner=False)}
    partner = {c.number: [a.description for a in c.open_actions] for c in agenda_cases(meeting, partner=True)}
    assert police[1] == ["Safety plan with the IDVA"] and partner[1] == []


class TestTwoSmithsAndTheTimetable:
    """What a chair needs to run the meeting from the agenda: who is who, when, and what is late."""

    @pytest.fixture
    def smiths(self, make_user, world):
        meeting = make_meeting(world, days=3, capacity=5, minutes_per_case=12)
        pvp = make_user(Role.PVP_OFFICER)
        referrals = []
        for born in (date(1980, 5, 3), date(1994, 11, 20)):
            referrals.append(
                refer(world, pvp, victim=make_person(given_name="Jane", surname="Smith", date_of_birth=born))
            )
        for r in referrals:
            move_to(r, meeting)
        return meeting, referrals

    def test_the_police_agenda_tells_two_victims_of_one_name_apart_and_the_partner_one_shows_no_birth_date(
        self, smiths
    ):
        meeting, _ = smiths
        _, police = _text(agenda_pdf(meeting, partner=False))
        assert "born 03/05/1980" in police and "born 20/11/1994" in police
        _, partner = _text(agenda_pdf(meeting, partner=True))
        assert "1980" not in partner and "1994" not in partner

    def test_each_case_has_its_time_slot_from_the_start_and_the_minutes_per_case(self, smiths):
        meeting, _ = smiths
        cases = agenda_cases(meeting, partner=False)
        start = meeting.starts_at
        assert [(c.starts, c.ends) for c in cases] == [
            (start, start + timedelta(minutes=12)),
            (start + timedelta(minutes=12), start + timedelta(minutes=24)),
        ]
        _, text = _text(agenda_pdf(meeting, partner=False))
        first = timezone.localtime(start)
        assert f"{first:%H:%M}–{first + timedelta(minutes=12):%H:%M}" in text

    def test_the_chair_orders_the_cases_and_the_agenda_follows(self, smiths, make_user):
        meeting, (first, second) = smiths
        chair = make_user(Role.MARAC_CHAIR)
        meeting_case_move(referral=second, places=-1, user=chair)
        assert [c.victim_born for c in agenda_cases(meeting, partner=False)] == ["born 20/11/1994", "born 03/05/1980"]
        meeting_case_move(referral=second, places=-1, user=chair)  # already first: stays first
        meeting_case_move(referral=second, places=1, user=chair)
        assert [c.victim_born for c in agenda_cases(meeting, partner=False)][0] == "born 03/05/1980"

    def test_children_are_counted_from_the_dash_and_the_victims_incidents_once_each(self, make_user, world):
        meeting = make_meeting(world, days=3)
        handler, officer, pvp = (make_user(r) for r in (Role.CALL_HANDLER, Role.RESPONSE_OFFICER, Role.PVP_OFFICER))
        victim = make_person(given_name="Mum")
        dash = high_assessment(area=world.area, handler=handler, officer=officer, victim=victim)
        kid, other = make_person(given_name="Kid"), make_person(given_name="Other")
        Party.objects.create(
            incident=dash.incident, person=kid, role=Party.Role.CHILD, location_known="yes", location="Home"
        )
        AssessmentChild.objects.create(assessment=dash, person=kid, name="Kid Smith")
        AssessmentChild.objects.create(assessment=dash, name="Baby Smith")
        unrelated = high_assessment(area=world.area, handler=handler, officer=officer, victim=make_person())
        Party.objects.create(
            incident=unrelated.incident, person=other, role=Party.Role.CHILD, location_known="yes", location="Home"
        )
        move_to(refer(world, pvp, victim=victim, assessment=dash), meeting)
        assert [c.children for c in agenda_cases(meeting, partner=False)] == [2]

    def test_open_actions_past_their_due_date_are_marked_overdue(self, meeting):
        with time_machine.travel(timezone.now() + timedelta(days=1)):
            _, text = _text(agenda_pdf(meeting, partner=False))
        assert "OVERDUE Open action" in text
        _, today = _text(agenda_pdf(meeting, partner=False))
        assert "OVERDUE" not in today
