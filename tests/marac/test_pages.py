"""MARAC pages: arranging and building meetings, referring, the case page's forms, the agenda download,
partner access by agency, repeat flags, and every refusal changing nothing."""

import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Agency
from accounts.roles import Role
from audit.models import AccessLog
from core.models import Notification
from marac.models import InformationShare, MaracAction, MaracMeeting, MaracReferral, MaracRepeat
from marac.services import action_add

from ..factories import AgencyFactory, make_person
from ..incidents.helpers import log_incident
from ..plans.factories import assessment as high_assessment
from .factories import make_meeting, move_to, refer


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def probation(make_user):
    """A partner of an agency that attends no meeting here: probation."""
    return make_user(Role.PARTNER_AGENCY, agency=AgencyFactory(name="Probation", kind=Agency.Kind.PROBATION))


@pytest.fixture
def meeting(world):
    return make_meeting(world, days=7, capacity=3)


def _local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


class TestArrangingMeetings:
    def _post(self, client, world, **fields):
        data = {
            "area": world.area.pk,
            "starts_at": _local(timezone.now() + timedelta(days=14)),
            "agencies": [world.police.pk, world.idva_service.pk],
            "capacity": 20,
            "minutes_per_case": 15,
        } | fields
        return client.post(reverse("marac:meeting_create"), data)

    def test_the_chair_arranges_a_meeting(self, client, personas, world):
        client.force_login(personas.chair)
        response = self._post(client, world, chair=personas.chair.pk)
        meeting = MaracMeeting.objects.get()
        assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
        assert meeting.chair == personas.chair and set(meeting.agencies.all()) == {world.police, world.idva_service}

    @pytest.mark.parametrize(
        "fields, field",
        [
            ({"starts_at": _local(timezone.now() - timedelta(days=1))}, "starts_at"),
            ({"starts_at": _local(timezone.now() + timedelta(days=2 * 365 + 2))}, "starts_at"),
            ({"starts_at": "9999-12-31T10:00"}, "starts_at"),
            ({"agencies": []}, "agencies"),
            ({"capacity": 0}, "capacity"),
            ({"minutes_per_case": 3}, "minutes_per_case"),
            ({"minutes_per_case": 99999}, "minutes_per_case"),
            ({"minutes_per_case": 10**30}, "minutes_per_case"),
        ],
    )
    def test_bad_input_is_shown_beside_the_field_and_nothing_is_made(self, client, personas, world, fields, field):
        client.force_login(personas.chair)
        response = self._post(client, world, **fields)
        assert response.status_code == 400
        assert f'id="error_1_id_{field}"' in text(response) or f"id_{field}" in text(response)
        assert response.context["form"].errors[field]
        assert not MaracMeeting.objects.exists()

    def test_a_second_meeting_at_the_same_time_is_refused(self, client, personas, world, meeting):
        client.force_login(personas.coordinator)
        response = self._post(client, world, starts_at=_local(meeting.starts_at))
        assert response.status_code == 400 and "already has a meeting" in text(response)
        assert MaracMeeting.objects.count() == 1

    def test_capacity_cannot_fall_below_the_cases_on_it(self, client, personas, world, meeting):
        refer(world, personas.pvp_officer)
        client.force_login(personas.chair)
        response = client.post(
            reverse("marac:meeting_edit", args=[meeting.pk]),
            {"starts_at": _local(meeting.starts_at), "agencies": [world.police.pk], "capacity": 0, "version": 1},
        )
        assert response.status_code == 400 and response.context["form"].errors["capacity"]
        meeting.refresh_from_db()
        assert meeting.capacity == 3

    def test_a_change_from_an_old_page_is_refused(self, client, personas, world, meeting):
        url = reverse("marac:meeting_edit", args=[meeting.pk])
        data = {
            "starts_at": _local(meeting.starts_at),
            "agencies": [world.police.pk],
            "capacity": 8,
            "version": 1,
            "minutes_per_case": 15,
        }
        client.force_login(personas.chair)
        assert client.post(url, data).status_code == 302
        client.force_login(personas.coordinator)
        stale = client.post(url, data | {"capacity": 4, "location": "Room 9"})
        assert stale.status_code == 400 and "Someone else changed this meeting" in text(stale)
        meeting.refresh_from_db()
        assert (meeting.capacity, meeting.location, meeting.version) == (8, "", 2)


class TestBuildingTheMeeting:
    def test_a_full_area_leaves_the_referral_waiting_and_the_chair_adds_it_to_a_later_meeting(
        self, client, personas, world, meeting
    ):
        for n in range(3):
            refer(world, personas.pvp_officer, victim=make_person(given_name=f"Full{n}"))
        waiting = refer(world, personas.pvp_officer, victim=make_person(given_name="Waiting", surname="Case"))
        assert waiting.meeting is None
        later = make_meeting(world, days=21)
        client.force_login(personas.chair)
        page = client.get(later.get_absolute_url())
        assert "Waiting CASE" in text(page) or "Waiting Case" in text(page)
        response = client.post(reverse("marac:referral_schedule", args=[waiting.pk]), {"move-meeting": later.pk})
        assert response.status_code == 302
        waiting.refresh_from_db()
        assert waiting.meeting == later

    def test_the_chair_orders_the_agenda_with_buttons_and_a_partner_or_bad_value_changes_nothing(
        self, client, personas, world, meeting, make_user
    ):
        first, second = (
            refer(world, personas.pvp_officer, victim=make_person(given_name=f"Order{n}")) for n in range(2)
        )
        client.force_login(personas.chair)
        page = text(client.get(meeting.get_absolute_url()))
        assert f'aria-label="Move {second.reference} up the agenda"' in page
        assert f'aria-label="Move {first.reference} up the agenda"' not in page  # the first cannot go higher
        url = reverse("marac:referral_reorder", args=[second.pk])
        response = client.post(url, {"places": "-1"})
        assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
        ordered = [r.pk for r in client.get(meeting.get_absolute_url()).context["cases"]]
        assert ordered == [second.pk, first.pk]
        for bad in ("7", "\x00", ""):
            client.post(url, {"places": bad})
        assert [r.pk for r in client.get(meeting.get_absolute_url()).context["cases"]] == ordered
        client.force_login(personas.idva)
        assert client.post(url, {"places": "1"}).status_code == 403
        client.force_login(make_user(Role.MARAC_CHAIR, area=world.other_area))
        assert client.post(url, {"places": "1"}).status_code == 404
        assert [r.pk for r in MaracReferral.objects.filter(meeting=meeting).order_by("agenda_position")] == ordered

    def test_a_held_meetings_agenda_cannot_be_reordered(self, client, personas, world):
        held = make_meeting(world, days=-1)
        cases = [refer(world, personas.pvp_officer, victim=make_person(given_name=f"Held{n}")) for n in range(2)]
        for case in cases:
            MaracReferral.objects.filter(pk=case.pk).update(meeting=held)
        client.force_login(personas.chair)
        response = client.post(reverse("marac:referral_reorder", args=[cases[1].pk]), {"places": "-1"}, follow=True)
        assert "its agenda can no longer be changed" in text(response)
        assert not MaracReferral.objects.filter(agenda_position__isnull=False).exists()

    def test_moving_to_a_full_meeting_or_the_same_meeting_is_refused(self, client, personas, world, meeting):
        cases = [refer(world, personas.pvp_officer, victim=make_person(given_name=f"V{n}")) for n in range(3)]
        other = make_meeting(world, days=14, capacity=1)
        refer(
            world, personas.pvp_officer, victim=make_person(given_name="Fills")
        )  # goes to the later meeting: now full
        client.force_login(personas.coordinator)
        url = reverse("marac:referral_move", args=[cases[0].pk])
        full = client.post(url, {"move-meeting": other.pk})
        assert full.status_code == 400 and "full" in text(full)
        # The same meeting is not offered; posting it anyway is refused as not a valid choice.
        same = client.post(url, {"move-meeting": meeting.pk})
        assert same.status_code == 400
        cases[0].refresh_from_db()
        assert cases[0].meeting == meeting

    def test_a_victim_is_not_referred_twice_while_waiting(self, client, personas, world, meeting):
        victim = make_person(given_name="Twice")
        log_incident(user=personas.handler, area=world.area, victim=victim)
        refer(world, personas.pvp_officer, victim=victim)
        client.force_login(personas.pvp_officer)
        response = client.post(
            reverse("marac:refer") + f"?victim={victim.pk}",
            {
                "criteria": ["professional_judgement"],
                "judgement_rationale": "Again",
                "information_sharing_basis": "Vital interests",
                "victim_aware": "True",
            },
        )
        assert response.status_code == 400 and "already referred" in text(response)
        assert MaracReferral.objects.filter(victim=victim).count() == 1

    def test_the_meeting_page_reads_a_fixed_number_of_queries(
        self, client, personas, world, django_assert_max_num_queries
    ):
        meeting = make_meeting(world, days=7, capacity=30)
        client.force_login(personas.chair)

        def add(n):
            for i in range(n):
                r = refer(
                    world, personas.pvp_officer, victim=make_person(given_name=f"Q{i}{n}"), perpetrators=[make_person()]
                )
                action_add(
                    referral=r,
                    meeting=meeting,
                    owner_agency=world.police,
                    description="Visit",
                    due=timezone.localdate() + timedelta(days=10),
                    user=personas.chair,
                )

        add(2)
        client.get(meeting.get_absolute_url())
        with django_assert_max_num_queries(40) as small:
            client.get(meeting.get_absolute_url())
        add(10)
        with django_assert_max_num_queries(len(small.captured_queries)):
            assert client.get(meeting.get_absolute_url()).status_code == 200


class TestReferring:
    def test_a_police_referral_from_the_dash_suggests_the_criteria_and_books_the_next_meeting(
        self, client, personas, world, meeting
    ):
        suspect = make_person(given_name="Sid")
        victim = make_person(given_name="Dana")
        log_incident(user=personas.handler, area=world.area, victim=victim, suspect=suspect)
        dash = high_assessment(area=world.area, handler=personas.handler, officer=personas.officer, victim=victim)
        client.force_login(personas.pvp_officer)
        url = reverse("marac:refer") + f"?assessment={dash.pk}"
        page = client.get(url)
        assert page.status_code == 200
        assert "Visible high risk (14 or more &#x27;yes&#x27; answers): met" in text(page)
        assert page.context["form"].initial["criteria"] == ["visible_high_risk"]
        # The suspect is offered, and ticked, as a box the referrer can see and untick.
        boxes = re.findall(r'<input[^>]*name="perpetrators"[^>]*>', page.content.decode())
        assert len(boxes) == 1 and f'value="{suspect.pk}"' in boxes[0] and "checked" in boxes[0]
        response = client.post(
            url,
            {
                "perpetrators": [suspect.pk],
                "criteria": ["visible_high_risk"],
                "information_sharing_basis": "Vital interests",
                "victim_aware": "True",
                "idva_offered": "on",
            },
        )
        referral = MaracReferral.objects.get()
        assert response.status_code == 302 and response["Location"] == referral.get_absolute_url()
        assert referral.meeting == meeting and referral.assessment == dash and referral.referring_agency == world.police
        assert list(referral.perpetrators.all()) == [suspect]

    @pytest.mark.parametrize(
        "data, field",
        [
            ({"criteria": []}, "criteria"),
            ({"criteria": ["potential_escalation"]}, "criteria"),  # not met: one incident
            ({"criteria": ["professional_judgement"], "judgement_rationale": ""}, "judgement_rationale"),
            ({"information_sharing_basis": ""}, "information_sharing_basis"),
        ],
    )
    def test_a_referral_that_breaks_a_rule_changes_nothing(self, client, personas, world, meeting, data, field):
        victim = make_person()
        log_incident(user=personas.handler, area=world.area, victim=victim)
        client.force_login(personas.pvp_officer)
        post = {
            "criteria": ["professional_judgement"],
            "judgement_rationale": "Strangulation",
            "information_sharing_basis": "Vital interests",
            "victim_aware": "False",
        } | data
        response = client.post(reverse("marac:refer") + f"?victim={victim.pk}", post)
        assert response.status_code == 400 and response.context["form"].errors[field]
        assert not MaracReferral.objects.exists()

    def test_a_partner_refers_by_describing_the_people(self, client, personas, world):
        client.force_login(personas.idva)
        assert client.get(reverse("marac:refer")).status_code == 200
        response = client.post(
            reverse("marac:refer"),
            {
                "area": world.area.pk,
                "victim_given_name": "Paula",
                "victim_surname": "Partner",
                "perpetrator_given_name": "Pete",
                "perpetrator_surname": "Partner",
                "referrer_dash_yes": 15,
                "criteria": ["visible_high_risk"],
                "information_sharing_basis": "Consent",
                "victim_aware": "True",
            },
        )
        referral = MaracReferral.objects.get()
        assert referral.referring_agency == world.idva_service and referral.victim.surname == "Partner"
        assert [p.given_name for p in referral.perpetrators.all()] == ["Pete"]
        assert referral.criteria == ["visible_high_risk"] and referral.referrer_dash_yes == 15
        # No meeting yet: the partner is told so, and sees the case only once a meeting they attend has it.
        assert response.status_code == 302 and response["Location"] == reverse("marac:meetings")
        assert client.get(referral.get_absolute_url()).status_code == 404
        move_to(referral, make_meeting(world, days=3))
        assert client.get(referral.get_absolute_url()).status_code == 200
        move_to(referral, make_meeting(world, days=4, agencies=[world.police]))
        assert client.get(referral.get_absolute_url()).status_code == 404

    def test_a_partner_cannot_refer_a_victim_already_waiting_with_the_same_name_and_birth_date(
        self, client, personas, world
    ):
        client.force_login(personas.social_worker)
        data = {
            "area": world.area.pk,
            "victim_given_name": "Dina",
            "victim_surname": "Double",
            "victim_date_of_birth": "1990-02-03",
            "criteria": ["professional_judgement"],
            "judgement_rationale": "Threats",
            "information_sharing_basis": "Consent",
            "victim_aware": "True",
        }
        assert client.post(reverse("marac:refer"), data).status_code == 302
        again = client.post(reverse("marac:refer"), data | {"victim_given_name": "DINA"})
        assert again.status_code == 400 and "already referred" in text(again)
        assert MaracReferral.objects.count() == 1

    def test_odd_ids_and_an_account_without_an_agency_get_clear_answers(self, client, personas, world, make_user):
        client.force_login(personas.pvp_officer)
        odd = client.get(reverse("marac:refer") + "?assessment=%C2%B2")
        assert odd.status_code == 400 and "Give a record number." in text(odd)
        victim = make_person()
        log_incident(user=personas.handler, area=world.area, victim=victim)
        nobody = make_user(Role.PVP_OFFICER)
        nobody.agency = None
        nobody.save()
        client.force_login(nobody)
        response = client.post(
            reverse("marac:refer") + f"?victim={victim.pk}",
            {
                "criteria": ["professional_judgement"],
                "judgement_rationale": "Threats",
                "information_sharing_basis": "Vital interests",
                "victim_aware": "True",
            },
        )
        assert response.status_code == 400 and "belongs to no agency" in text(response)
        assert not MaracReferral.objects.exists()

    def test_a_partner_below_the_threshold_cannot_claim_visible_high_risk(self, client, personas, world):
        client.force_login(personas.social_worker)
        response = client.post(
            reverse("marac:refer"),
            {
                "area": world.area.pk,
                "victim_given_name": "Low",
                "victim_surname": "Count",
                "referrer_dash_yes": 9,
                "criteria": ["visible_high_risk"],
                "information_sharing_basis": "Consent",
                "victim_aware": "True",
            },
        )
        assert response.status_code == 400 and "not met" in text(response)
        assert not MaracReferral.objects.exists()


@pytest.fixture
def case(personas, world, meeting):
    referral = refer(
        world,
        personas.pvp_officer,
        victim=make_person(given_name="Carla", surname="Case"),
        perpetrators=[make_person(given_name="Perry", surname="Case")],
        judgement_rationale="Police-only rationale",
    )
    action = action_add(
        referral=referral,
        meeting=meeting,
        owner_agency=world.idva_service,
        description="Contact within 48 hours",
        due=timezone.localdate() + timedelta(days=9),
        user=personas.chair,
    )
    return referral, action


class TestTheCase:
    def test_an_action_without_an_owner_is_refused_beside_the_field(self, client, personas, case):
        referral, _ = case
        client.force_login(personas.chair)
        response = client.post(
            reverse("marac:action_add", args=[referral.pk]),
            {"action-description": "Visit", "action-due": (timezone.localdate() + timedelta(days=10)).isoformat()},
        )
        assert response.status_code == 400 and response.context["forms"]["action"].errors["owner_agency"]
        assert MaracAction.objects.count() == 1

    def test_the_owner_agency_updates_its_action_and_another_agency_cannot(self, client, personas, case):
        referral, action = case
        url = reverse("marac:action_update", args=[referral.pk, action.pk])
        client.force_login(personas.social_worker)
        assert client.post(url, {"update-status": "done"}).status_code == 403
        client.force_login(personas.idva)
        refused = client.post(url, {"update-status": "not_possible", "update-status_reason": ""})
        assert refused.status_code == 400 and "Say why" in text(refused)
        action.refresh_from_db()
        assert action.status == "open"
        assert client.post(url, {"update-status": "done"}).status_code == 302
        action.refresh_from_db()
        assert action.status == "done"

    def test_each_agency_shares_before_the_meeting_and_a_non_attending_agency_cannot(
        self, client, personas, case, probation
    ):
        referral, _ = case
        url = reverse("marac:share_add", args=[referral.pk])
        client.force_login(personas.idva)
        assert client.post(url, {"share-stage": "before", "share-text": "Victim engaging"}).status_code == 302
        early = client.post(url, {"share-stage": "at", "share-text": "Too early"})
        assert early.status_code == 400 and "not taken place" in text(early)
        client.force_login(probation)
        assert client.post(url, {"share-stage": "before", "share-text": "x"}).status_code == 404
        assert list(InformationShare.objects.values_list("text", flat=True)) == ["Victim engaging"]

    def test_minutes_from_an_old_page_are_refused(self, client, personas, world, case):
        referral, _ = case
        move_to(referral, make_meeting(world, days=-1))
        url = reverse("marac:referral_minutes", args=[referral.pk])
        client.force_login(personas.chair)
        assert client.post(url, {"minutes-minutes": "Agreed", "minutes-version": 1}).status_code == 302
        stale = client.post(url, {"minutes-minutes": "Overwrites", "minutes-version": 1})
        assert stale.status_code == 400 and "Someone else changed this case" in text(stale)
        referral.refresh_from_db()
        assert referral.minutes == "Agreed"

    def test_police_see_the_rationale_and_partners_do_not(self, client, personas, case):
        referral, _ = case
        client.force_login(personas.chair)
        assert "Police-only rationale" in text(client.get(referral.get_absolute_url()))
        client.force_login(personas.idva)
        page = text(client.get(referral.get_absolute_url()))
        assert "Carla" in page and "Police-only rationale" not in page and "Vital interests" not in page


class TestPartnerAccess:
    def test_a_partner_sees_only_meetings_their_agency_attends(
        self, client, personas, world, case, make_user, probation
    ):
        referral, _ = case
        theirs = referral.meeting
        other = make_meeting(world, days=14, agencies=[world.police])
        hidden = refer(world, personas.pvp_officer, victim=make_person(given_name="Hidden"))
        move_to(hidden, other)
        client.force_login(personas.idva)
        listing = client.get(reverse("marac:meetings"))
        assert [m.pk for m in listing.context["coming"]] == [theirs.pk]
        for url in (
            other.get_absolute_url(),
            hidden.get_absolute_url(),
            reverse("marac:agenda", args=[other.pk]),
        ):
            assert client.get(url).status_code == 404, url
        client.force_login(probation)
        assert client.get(referral.get_absolute_url()).status_code == 404
        assert client.get(reverse("marac:agenda", args=[theirs.pk])).status_code == 404
        # The agency attends another area's meeting too; an IDVA working in area A does not see it.
        south = make_meeting(world, days=9, area=world.other_area)
        southern = refer(world, make_user(Role.PVP_OFFICER, area=world.other_area), area=world.other_area)
        move_to(southern, south)
        client.force_login(personas.idva)
        assert client.get(south.get_absolute_url()).status_code == 404
        assert client.get(southern.get_absolute_url()).status_code == 404
        client.force_login(make_user(Role.IDVA, area=world.other_area))
        assert client.get(southern.get_absolute_url()).status_code == 200

    def test_an_idva_with_a_police_role_added_is_still_a_partner(self, client, personas, world, case, make_user):
        referral, _ = case
        hidden = refer(world, personas.pvp_officer, victim=make_person(given_name="Hidden"))
        move_to(hidden, make_meeting(world, days=14, agencies=[world.police]))
        mixed = make_user(Role.IDVA, Role.ANALYST)
        assert mixed.is_partner
        client.force_login(mixed)
        assert client.get(referral.get_absolute_url()).status_code == 200
        assert client.get(hidden.get_absolute_url()).status_code == 404

    def test_open_actions_from_a_meeting_the_agency_did_not_attend_are_not_shown(self, client, personas, world, case):
        referral, _ = case
        earlier = make_meeting(world, days=-30, agencies=[world.police])
        old = refer(world, personas.pvp_officer, victim=make_person(given_name="Olga"))
        move_to(old, earlier)
        MaracReferral.objects.filter(pk=old.pk).update(
            victim=referral.victim, referred_at=timezone.now() - timedelta(days=31)
        )
        MaracAction.objects.create(
            referral=old,
            meeting=earlier,
            owner_agency=world.police,
            description="Police-only earlier action",
            due=timezone.localdate(),
            created_by=personas.chair,
        )
        client.force_login(personas.chair)
        assert "Police-only earlier action" in text(client.get(referral.get_absolute_url()))
        client.force_login(personas.idva)
        assert "Police-only earlier action" not in text(client.get(referral.get_absolute_url()))

    def test_the_agenda_download_is_audited_and_partners_get_the_partner_version(self, client, personas, case):
        referral, _ = case
        url = reverse("marac:agenda", args=[referral.meeting_id])
        client.force_login(personas.idva)
        response = client.get(url + "?version=police")
        assert response["Content-Type"] == "application/pdf"
        pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
        assert "Partner version" in pdf and "Carla CASE" in pdf and "Police-only rationale" not in pdf
        log = AccessLog.objects.get(action=AccessLog.Action.DOWNLOAD)
        assert log.user == personas.idva and set(log.person_ids) == set(referral.audit_person_ids())
        client.force_login(personas.chair)
        police = client.get(url)
        pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(police.content)).pages).split())
        assert "Police version" in pdf and "Police-only rationale" in pdf
        assert AccessLog.objects.filter(action=AccessLog.Action.DOWNLOAD).count() == 2


class TestRepeatsAndHistory:
    def test_a_new_incident_with_the_same_perpetrator_is_flagged_and_the_coordinator_told(
        self, client, personas, world
    ):
        victim, suspect = make_person(given_name="Rita"), make_person(given_name="Ray")
        first = refer(world, personas.pvp_officer, victim=victim, perpetrators=[suspect])
        MaracReferral.objects.filter(pk=first.pk).update(referred_at=timezone.now() - timedelta(days=90))
        incident = log_incident(user=personas.handler, area=world.area, victim=victim, suspect=suspect)
        flag = MaracRepeat.objects.get()
        assert (flag.referral, flag.incident) == (first, incident)
        note = Notification.objects.get(user=personas.coordinator)
        assert incident.reference in note.message and "Rita" not in note.message
        client.force_login(personas.coordinator)
        assert "Repeat: " + first.reference in text(client.get(reverse("core:home")))
        # Referring again answers the flag.
        move_to(first, make_meeting(world, days=-80))
        make_meeting(world, days=5)
        again = refer(world, personas.pvp_officer, victim=victim, perpetrators=[suspect], criteria=["repeat"])
        flag.refresh_from_db()
        assert flag.rereferral == again and again.is_repeat

    def test_an_incident_with_someone_else_is_not_a_repeat(self, personas, world):
        victim = make_person(given_name="Rita")
        refer(world, personas.pvp_officer, victim=victim, perpetrators=[make_person(given_name="Ray")])
        MaracReferral.objects.update(referred_at=timezone.now() - timedelta(days=30))
        log_incident(user=personas.handler, area=world.area, victim=victim, suspect=make_person(given_name="New"))
        assert not MaracRepeat.objects.exists()

    def test_the_person_page_shows_marac_history_and_the_referral_button(self, client, personas, world, case):
        referral, _ = case
        client.force_login(personas.pvp_officer)
        page = text(client.get(referral.victim.get_absolute_url()))
        assert referral.reference in page and "Refer to MARAC" in page


class TestMyWork:
    def test_a_pvp_review_deciding_on_marac_stays_on_my_work_until_the_referral_is_made(
        self, client, personas, world, make_user
    ):
        from core.work import my_work
        from risk.services import reviews

        from ..risk.factories import in_pvp_queue

        sergeant = make_user(Role.SERGEANT)
        item = in_pvp_queue(
            officer=personas.officer, handler=personas.handler, sergeant=sergeant, area=world.area, yes=14, grade="high"
        )
        reviews.pvp_claim(item=item, user=personas.pvp_officer)
        reviews.pvp_complete(
            item=item, user=personas.pvp_officer, grade="high", rationale="", refer_to_marac=True, refer_to_idva=True
        )
        sections = {s.title: s for s in my_work(personas.pvp_officer)}
        victim = item.assessment.victim
        assert [i.label for i in sections["MARAC referrals to make"].items] == [f"Refer {victim.full_name} to MARAC"]
        # The home page shows the name: the read is logged.
        client.force_login(personas.pvp_officer)
        assert victim.full_name in client.get(reverse("core:home")).content.decode()
        assert AccessLog.objects.filter(user=personas.pvp_officer, person_ids__contains=[victim.pk]).exists()
        refer(world, personas.pvp_officer, victim=victim)
        assert "MARAC referrals to make" not in {s.title for s in my_work(personas.pvp_officer)}
