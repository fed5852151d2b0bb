"""The MARAC API: meetings, referrals (police and partner), moves, minutes, actions, shares and the agenda."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Agency
from accounts.roles import Role
from audit.models import AccessLog
from marac.models import InformationShare, MaracAction, MaracMeeting, MaracReferral
from marac.services import action_add
from people.models import Person

from ..factories import AgencyFactory, make_person
from ..risk.factories import submitted
from .factories import make_meeting, move_to, refer


@pytest.fixture
def case(personas, world):
    """A coming meeting of area A with one case on it (victim Vera CASE, perpetrator Sid CASE)."""
    meeting = make_meeting(world, days=7, capacity=2)
    referral = refer(world, personas.pvp_officer, perpetrators=[make_person(given_name="Sid", surname="Case")])
    assert referral.meeting_id == meeting.pk
    return referral


def _when(days: float) -> str:
    return (timezone.now() + timedelta(days=days)).replace(microsecond=0).isoformat()


def _pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


class TestMeetings:
    def body(self, personas, world, **fields):
        return {
            "area": world.area.pk,
            "starts_at": _when(14),
            "chair": personas.chair.pk,
            "coordinator": personas.coordinator.pk,
            "agencies": [world.police.pk, world.idva_service.pk],
            "capacity": 12,
            "location": "Town hall",
        } | fields

    def test_the_coordinator_arranges_a_meeting(self, as_user, personas, world):
        response = as_user(personas.coordinator).post(
            reverse("marac-meeting-list"), self.body(personas, world), format="json"
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["area"]["code"] == "north" and body["chair"]["id"] == personas.chair.pk and body["cases"] == 0
        assert {a["id"] for a in body["agencies"]} == {world.police.pk, world.idva_service.pk}

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"starts_at": _when(-1)}, "starts_at"),
            ({"starts_at": _when(2 * 365 + 2)}, "starts_at"),
            ({"starts_at": "9999-12-31T10:00:00+05:00"}, "starts_at"),
            ({"area": "other"}, "area"),
            ({"agencies": []}, "agencies"),
            ({"chair": "pvp"}, "chair"),
            ({"capacity": 0}, "capacity"),
        ],
    )
    def test_bad_input_is_400_on_its_field_and_nothing_is_made(self, as_user, personas, world, fields, field):
        values = {"other": world.other_area.pk, "pvp": personas.pvp_officer.pk}
        body = self.body(
            personas, world, **{k: values.get(v, v) if isinstance(v, str) else v for k, v in fields.items()}
        )
        response = as_user(personas.coordinator).post(reverse("marac-meeting-list"), body, format="json")
        assert response.status_code == 400 and field in response.json()["errors"], response.json()
        assert not MaracMeeting.objects.exists()

    def test_a_second_meeting_at_the_same_time_is_refused(self, as_user, personas, world):
        body = self.body(personas, world)
        assert as_user(personas.coordinator).post(reverse("marac-meeting-list"), body, format="json").status_code == 201
        response = as_user(personas.chair).post(reverse("marac-meeting-list"), body, format="json")
        assert response.status_code == 400 and "starts_at" in response.json()["errors"]
        assert MaracMeeting.objects.count() == 1

    def test_the_pvp_officer_cannot_arrange_one(self, as_user, personas, world):
        response = as_user(personas.pvp_officer).post(
            reverse("marac-meeting-list"), self.body(personas, world), format="json"
        )
        assert response.status_code == 403 and not MaracMeeting.objects.exists()

    def test_list_coming_or_past_by_area(self, as_user, personas, world, case):
        past = make_meeting(world, days=-30)
        make_meeting(world, days=10, area=world.other_area)
        api = as_user(personas.pvp_officer)
        coming = api.get(reverse("marac-meeting-list")).json()["results"]
        assert [(m["id"], m["cases"]) for m in coming] == [(case.meeting_id, 1)]
        assert [m["id"] for m in api.get(reverse("marac-meeting-list"), {"when": "past"}).json()["results"]] == [
            past.pk
        ]
        # An area outside the caller's reach is no choice of theirs.
        outside = api.get(reverse("marac-meeting-list"), {"area": "south"})
        assert outside.status_code == 400 and outside.json()["errors"]["area"]
        assert api.get(reverse("marac-meeting-list"), {"when": "soon"}).status_code == 400

    @pytest.mark.parametrize("meetings", [1, 10])
    def test_list_has_no_query_per_meeting(self, as_user, personas, world, meetings, django_assert_max_num_queries):
        for n in range(meetings):
            meeting = make_meeting(world, days=n + 1, chair=personas.chair, coordinator=personas.coordinator)
            move_to(refer(world, personas.pvp_officer, victim=make_person(given_name=f"V{n}")), meeting)
        api = as_user(personas.idva)
        with django_assert_max_num_queries(7):
            body = api.get(reverse("marac-meeting-list")).json()
        assert body["count"] == meetings and all(len(m["agencies"]) == 3 for m in body["results"])

    def test_detail_shows_the_cases_and_is_audited(self, as_user, personas, case):
        body = as_user(personas.social_worker).get(reverse("marac-meeting-detail", args=[case.meeting_id])).json()
        assert [r["victim"]["name"] for r in body["referrals"]] == ["Vera CASE"]
        assert "judgement_rationale" not in body["referrals"][0]
        log = AccessLog.objects.get(user=personas.social_worker, action="view")
        assert set(log.person_ids) == set(case.audit_person_ids())


class TestReferrals:
    def body(self, world, person, **fields):
        return {
            "victim": person.pk,
            "perpetrators": [],
            "area": world.area.pk,
            "criteria": ["professional_judgement"],
            "judgement_rationale": "Threats to kill",
            "information_sharing_basis": "Vital interests",
            "victim_aware": True,
        } | fields

    def test_a_police_referral_goes_on_the_next_meeting_with_room(self, as_user, personas, world):
        full = make_meeting(world, days=3, capacity=1)
        move_to(refer(world, personas.pvp_officer, victim=make_person(given_name="First")), full)
        meeting = make_meeting(world, days=10)
        victim, perp = make_person(given_name="Ann"), make_person(given_name="Bob")
        body = self.body(world, victim, perpetrators=[perp.pk], referring_agency=world.idva_service.pk)
        response = as_user(personas.pvp_officer).post(reverse("marac-referral-list"), body, format="json")
        assert response.status_code == 201, response.json()
        data = response.json()
        assert data["meeting"] == meeting.pk and data["referring_agency"]["id"] == world.police.pk  # never the client's
        assert [p["id"] for p in data["perpetrators"]] == [perp.pk] and data["version"] == 1
        assert data["judgement_rationale"] == "Threats to kill"

    def test_a_referral_with_a_dash_shows_its_grade(self, as_user, personas, world, make_user):
        victim = make_person(given_name="Dana")
        officer, handler = make_user(Role.RESPONSE_OFFICER), make_user(Role.CALL_HANDLER)
        dash = submitted(officer=officer, handler=handler, area=world.area, yes=15, grade="high", victim=victim)
        body = self.body(world, victim, assessment=dash.pk, criteria=["visible_high_risk"], judgement_rationale="")
        response = as_user(personas.pvp_officer).post(reverse("marac-referral-list"), body, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["risk_grade"] == type(dash).objects.get(pk=dash.pk).grade

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"criteria": []}, "criteria"),
            ({"criteria": ["visible_high_risk"]}, "criteria"),  # not met: no DASH
            ({"criteria": ["gut_feeling"]}, "criteria"),
            ({"judgement_rationale": ""}, "judgement_rationale"),
            ({"information_sharing_basis": ""}, "information_sharing_basis"),
            ({"victim": 999999}, "victim"),
            ({"perpetrators": [999999]}, "perpetrators"),
            ({"area": "other"}, "area"),
            ({"assessment": "elsewhere"}, "assessment"),
        ],
    )
    def test_bad_input_is_400_and_nothing_is_written(self, as_user, personas, world, make_user, fields, field):
        if fields.get("assessment") == "elsewhere":
            handler, officer = make_user(Role.CALL_HANDLER), make_user(Role.RESPONSE_OFFICER, area=world.other_area)
            fields = {
                "assessment": submitted(
                    officer=officer, handler=handler, area=world.other_area, yes=2, grade="standard"
                ).pk
            }
        if fields.get("area") == "other":
            fields = {"area": world.other_area.pk}
        response = as_user(personas.pvp_officer).post(
            reverse("marac-referral-list"), self.body(world, make_person(), **fields), format="json"
        )
        assert response.status_code == 400 and field in response.json()["errors"], response.json()
        assert not MaracReferral.objects.exists()

    def test_a_partner_referral_adds_the_people_and_is_their_agencys(self, as_user, personas, world):
        make_meeting(world, days=5)
        body = {
            "victim": {"given_name": "Pia", "surname": "Partner", "date_of_birth": "1990-02-03"},
            "perpetrators": [{"given_name": "Pete", "surname": "Partner"}],
            "area": world.area.pk,
            "criteria": ["visible_high_risk"],
            "referrer_dash_yes": 16,
            "information_sharing_basis": "Consent",
            "victim_aware": True,
            "referring_agency": world.police.pk,
        }
        response = as_user(personas.idva).post(reverse("marac-referral-list"), body, format="json")
        assert response.status_code == 201, response.json()
        data = response.json()
        assert data["referring_agency"]["id"] == world.idva_service.pk and data["victim"]["name"] == "Pia PARTNER"
        assert "information_sharing_basis" not in data and "version" not in data
        referral = MaracReferral.objects.get()
        assert referral.referred_by == personas.idva and referral.referrer_dash_yes == 16
        assert Person.objects.filter(surname="Partner").count() == 2

    def test_a_bad_partner_referral_adds_nobody(self, as_user, personas, world):
        body = {
            "victim": {"given_name": "Pia", "surname": "Partner"},
            "area": world.area.pk,
            "criteria": ["visible_high_risk"],
            "referrer_dash_yes": 3,
            "information_sharing_basis": "Consent",
            "victim_aware": True,
        }
        response = as_user(personas.social_worker).post(reverse("marac-referral-list"), body, format="json")
        assert response.status_code == 400 and "criteria" in response.json()["errors"]
        assert not Person.objects.exists() and not MaracReferral.objects.exists()

    def test_partners_get_the_partner_version(self, as_user, personas, case):
        url = reverse("marac-referral-detail", args=[case.pk])
        police = as_user(personas.pvp_officer).get(url).json()
        assert police["judgement_rationale"] == "Escalating threats" and police["information_sharing_basis"]
        for partner in (personas.social_worker, personas.idva):
            data = as_user(partner).get(url).json()
            assert data["victim"]["name"] == "Vera CASE" and data["perpetrators"][0]["name"] == "Sid CASE"
            hidden = {"judgement_rationale", "information_sharing_basis", "minutes", "version", "assessment"}
            assert not hidden & data.keys(), data.keys()
            assert "date_of_birth" not in str(data) and "address" not in str(data)
        assert AccessLog.objects.filter(user=personas.idva, action="view", object_id=str(case.pk)).exists()

    def test_list_filters_and_is_audited(self, as_user, personas, world, case):
        waiting = refer(
            world, personas.pvp_officer, victim=make_person(given_name="Wait")
        )  # the meeting holds 2: booked
        waiting.meeting = None
        waiting.save(update_fields=["meeting"])
        api = as_user(personas.chair)
        assert api.get(reverse("marac-referral-list")).json()["count"] == 2
        assert [r["id"] for r in api.get(reverse("marac-referral-list"), {"awaiting": "true"}).json()["results"]] == [
            waiting.pk
        ]
        by_meeting = api.get(reverse("marac-referral-list"), {"meeting": case.meeting_id}).json()["results"]
        assert [r["id"] for r in by_meeting] == [case.pk]
        assert api.get(reverse("marac-referral-list"), {"meeting": "x"}).status_code == 400
        log = AccessLog.objects.filter(user=personas.chair, action="search").order_by("pk").first()
        # Everyone named in the list is logged: victims and perpetrators.
        assert set(log.person_ids) == {*case.audit_person_ids(), *waiting.audit_person_ids()}

    @pytest.mark.parametrize("cases", [1, 10])
    def test_list_has_no_query_per_case(self, as_user, personas, world, cases, django_assert_max_num_queries):
        meeting = make_meeting(world, days=3, capacity=20)
        for n in range(cases):
            perps = [make_person(given_name=f"P{n}"), make_person(given_name=f"Q{n}")]
            move_to(
                refer(world, personas.pvp_officer, victim=make_person(given_name=f"V{n}"), perpetrators=perps), meeting
            )
        with django_assert_max_num_queries(8):  # the same for 1 case and 10
            body = as_user(personas.social_worker).get(reverse("marac-referral-list")).json()
        assert body["count"] == cases and all(len(r["perpetrators"]) == 2 for r in body["results"])


class TestReach:
    def test_an_idva_of_an_agency_not_attending_gets_404(self, as_user, case, make_user):
        outsider = make_user(Role.IDVA, agency=AgencyFactory(name="Other IDVA", kind=Agency.Kind.IDVA))
        api = as_user(outsider)
        assert api.get(reverse("marac-referral-detail", args=[case.pk])).status_code == 404
        assert api.get(reverse("marac-meeting-agenda", args=[case.meeting_id])).status_code == 404
        assert api.get(reverse("marac-meeting-agenda-pdf", args=[case.meeting_id])).status_code == 404
        assert api.get(reverse("marac-referral-list")).json()["count"] == 0

    def test_another_areas_officer_gets_404(self, as_user, personas, case):
        api = as_user(personas.named("pvp_officer@south"))
        assert api.get(reverse("marac-referral-detail", args=[case.pk])).status_code == 404
        assert api.get(reverse("marac-meeting-detail", args=[case.meeting_id])).status_code == 404
        share = {"stage": "before", "text": "Seen"}
        assert api.post(reverse("marac-share-create", args=[case.pk]), share, format="json").status_code == 404


class TestMovesAndMinutes:
    def test_move_to_a_full_meeting_or_the_same_one_is_400(self, as_user, personas, world, case):
        full = make_meeting(world, days=14, capacity=1)
        move_to(refer(world, personas.pvp_officer, victim=make_person(given_name="Other")), full)
        url, api = reverse("marac-referral-move", args=[case.pk]), as_user(personas.coordinator)
        response = api.post(url, {"meeting": full.pk}, format="json")
        assert response.status_code == 400 and "full" in response.json()["errors"]["meeting"][0]
        response = api.post(url, {"meeting": case.meeting_id}, format="json")
        assert response.status_code == 400 and "already on that meeting" in response.json()["errors"]["meeting"][0]
        assert MaracReferral.objects.get(pk=case.pk).meeting_id == case.meeting_id

    def test_move_to_a_meeting_with_room(self, as_user, personas, world, case):
        later = make_meeting(world, days=21)
        response = as_user(personas.coordinator).post(
            reverse("marac-referral-move", args=[case.pk]), {"meeting": later.pk}
        )
        assert response.status_code == 200 and response.json()["meeting"] == later.pk
        assert response.json()["version"] == 2

    def test_minutes_from_a_stale_version_are_409(self, as_user, personas, world):
        referral = refer(world, personas.pvp_officer)
        move_to(referral, make_meeting(world, days=-0.01))
        url = reverse("marac-referral-minutes", args=[referral.pk])
        response = as_user(personas.chair).post(url, {"minutes": "Safety plan agreed", "version": 1}, format="json")
        assert response.status_code == 200 and response.json()["version"] == 2
        response = as_user(personas.coordinator).post(url, {"minutes": "Other", "version": 1}, format="json")
        assert response.status_code == 409 and response.json()["status"] == 409
        assert MaracReferral.objects.get(pk=referral.pk).minutes == "Safety plan agreed"


class TestActionsAndShares:
    def test_add_an_action_and_one_without_an_owner_is_400(self, as_user, personas, world, case):
        url, due = reverse("marac-action-list", args=[case.pk]), str(timezone.localdate() + timedelta(days=10))
        body = {"owner_agency": world.idva_service.pk, "description": "Call the victim", "due": due}
        response = as_user(personas.chair).post(url, body, format="json")
        assert response.status_code == 201 and response.json()["meeting"] == case.meeting_id
        response = as_user(personas.chair).post(url, {**body, "owner_agency": None}, format="json")
        assert response.status_code == 400 and "owner_agency" in response.json()["errors"]
        response = as_user(personas.chair).post(url, {**body, "owner_agency": Agency.objects.create(name="X").pk})
        assert response.status_code == 400 and "owner_agency" in response.json()["errors"]
        assert MaracAction.objects.count() == 1

    def test_only_the_owner_agency_updates_its_action(self, as_user, personas, world, case):
        action = action_add(
            referral=case,
            meeting=case.meeting,
            owner_agency=world.idva_service,
            description="Safety plan",
            due=timezone.localdate() + timedelta(days=10),
            user=personas.chair,
        )
        url = reverse("marac-action-update", args=[action.pk])
        response = as_user(personas.social_worker).post(url, {"status": "done"}, format="json")
        assert response.status_code == 403 and response.json()["status"] == 403
        response = as_user(personas.idva).post(url, {"status": "not_possible"}, format="json")
        assert response.status_code == 400 and "status_reason" in response.json()["errors"]
        response = as_user(personas.idva).post(url, {"status": "done"}, format="json")
        assert response.status_code == 200 and response.json()["status"] == "done"

    def test_an_agency_shares_what_it_knows(self, as_user, personas, world, case):
        url = reverse("marac-share-create", args=[case.pk])
        response = as_user(personas.social_worker).post(
            url, {"stage": "before", "text": "Child at risk"}, format="json"
        )
        assert response.status_code == 201 and response.json()["agency"]["id"] == world.childrens_services.pk
        response = as_user(personas.social_worker).post(url, {"stage": "at", "text": "Too early"}, format="json")
        assert response.status_code == 400 and "stage" in response.json()["errors"]
        assert InformationShare.objects.count() == 1

    def test_an_agency_not_attending_cannot_share(self, as_user, personas, world):
        # Even the agency that referred the case: not at the meeting, it neither sees the case nor shares on it.
        referral = refer(world, personas.pvp_officer, referring_agency=world.childrens_services)
        move_to(referral, make_meeting(world, days=3, agencies=[world.police]))
        response = as_user(personas.social_worker).post(
            reverse("marac-share-create", args=[referral.pk]), {"stage": "before", "text": "x"}
        )
        assert response.status_code == 404 and not InformationShare.objects.exists()


class TestAgenda:
    def test_the_agenda_as_data_police_and_partner(self, as_user, personas, case):
        url = reverse("marac-meeting-agenda", args=[case.meeting_id])
        police = as_user(personas.pvp_officer).get(url).json()
        assert police["version"] == "police" and police["cases"][0]["police_note"] == "Escalating threats"
        assert police["cases"][0]["victim"] == "Vera CASE" and police["cases"][0]["perpetrators"] == ["Sid CASE"]
        partner = as_user(personas.social_worker).get(url, {"version": "police"}).json()  # partners always get theirs
        assert partner["version"] == "partner" and partner["cases"][0]["police_note"] == ""
        assert as_user(personas.pvp_officer).get(url, {"version": "partner"}).json()["cases"][0]["police_note"] == ""
        assert as_user(personas.pvp_officer).get(url, {"version": "draft"}).status_code == 400

    def test_the_pdf_and_its_download_is_audited(self, as_user, personas, case):
        url = reverse("marac-meeting-agenda-pdf", args=[case.meeting_id])
        response = as_user(personas.chair).get(url, HTTP_ACCEPT="application/pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        text = _pdf_text(response.content)
        assert "Vera CASE" in text and "Sid CASE" in text and "Escalating threats" in text
        log = AccessLog.objects.get(user=personas.chair, action=AccessLog.Action.DOWNLOAD)
        assert set(log.person_ids) == set(case.audit_person_ids()) and log.object_id == str(case.meeting_id)
        text = _pdf_text(as_user(personas.idva).get(url).content)
        assert "Partner version" in text and "Vera CASE" in text and "Escalating threats" not in text
        assert AccessLog.objects.filter(user=personas.idva, action="download").exists()

    def test_no_pdf_without_the_permission(self, as_user, case, make_user):
        response = as_user(make_user(Role.RESPONSE_OFFICER)).get(
            reverse("marac-meeting-agenda-pdf", args=[case.meeting_id]), HTTP_ACCEPT="application/pdf"
        )
        assert response.status_code == 403 and response.json()["status"] == 403
        assert not AccessLog.objects.filter(action="download").exists()


def test_the_schema_documents_the_marac_endpoints(as_user, personas):
    schema = as_user(personas.pvp_officer).get(reverse("api-schema"), HTTP_ACCEPT="application/json").json()
    for path in (
        "/api/v1/marac/meetings/",
        "/api/v1/marac/meetings/{id}/agenda.pdf",
        "/api/v1/marac/referrals/{id}/",
        "/api/v1/marac/referrals/{id}/minutes/",
        "/api/v1/marac/actions/{id}/status/",
    ):
        assert path in schema["paths"], sorted(schema["paths"])
    pdf = schema["paths"]["/api/v1/marac/meetings/{id}/agenda.pdf"]["get"]["responses"]["200"]["content"]
    assert pdf == {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}


class TestChanges:
    def test_a_meeting_changed_from_an_old_version_is_409_and_unchanged(self, as_user, personas, world, case):
        meeting = case.meeting
        url = reverse("marac-meeting-detail", args=[meeting.pk])
        body = {
            "starts_at": _when(8),
            "chair": personas.chair.pk,
            "coordinator": None,
            "agencies": [world.police.pk, world.idva_service.pk],
            "capacity": 12,
            "location": "Room 2",
            "version": 1,
        }
        first = as_user(personas.coordinator).put(url, body, format="json")
        assert first.status_code == 200 and first.json()["capacity"] == 12 and first.json()["version"] == 2
        stale = as_user(personas.chair).put(url, body | {"capacity": 5}, format="json")
        assert stale.status_code == 409 and "Someone else changed this meeting" in stale.json()["detail"]
        too_small = as_user(personas.chair).put(url, body | {"capacity": 0, "version": 2}, format="json")
        assert too_small.status_code == 400 and "capacity" in too_small.json()["errors"]
        meeting.refresh_from_db()
        assert (meeting.capacity, meeting.location, meeting.version) == (12, "Room 2", 2)
        assert as_user(personas.idva).put(url, body | {"version": 2}, format="json").status_code == 403

    def test_the_case_is_allocated_to_an_idva_service_of_its_area(self, as_user, personas, world, case):
        from decimal import Decimal

        from marac.models import IdvaService

        service = IdvaService.objects.create(area=world.area, agency=world.idva_service, staff_fte=Decimal("1"))
        elsewhere = IdvaService.objects.create(area=world.other_area, agency=world.idva_service, staff_fte=Decimal("1"))
        url = reverse("marac-referral-idva", args=[case.pk])
        api = as_user(personas.coordinator)
        wrong = api.post(url, {"idva_service": elsewhere.pk, "idva_outcome": "", "version": 1}, format="json")
        assert wrong.status_code == 400 and "idva_service" in wrong.json()["errors"]
        done = api.post(url, {"idva_service": service.pk, "idva_outcome": "Engaging", "version": 1}, format="json")
        assert done.status_code == 200 and done.json()["idva_service"] == world.idva_service.name
        case.refresh_from_db()
        assert (case.idva_service, case.idva_offered, case.idva_outcome, case.version) == (service, True, "Engaging", 2)
