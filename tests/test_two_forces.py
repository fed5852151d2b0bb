"""Two forces share the deployment (a regional collaboration): nothing of one force reaches the other's users.

Each force has the same victim on record (the same name, date of birth, phone and postcode: a twin record),
an incident, a DASH in the PVP queue, a plan, a MARAC case on a coming meeting, an IDVA service and a pair of
near-duplicate records. Every list, search, count, API answer and job result is asked by each force's users,
and must name only their own force's records. (Every page and API answer about one record gives another
force's users 404: tests/test_access_table.py. There are no CSV exports yet; the agenda PDF is a page about
one meeting, covered there.)
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from core.models import Notification
from incidents.models import Incident
from marac.models import IdvaService, MaracMeeting, MaracReferral
from people.matching import MatchRecord
from people.models import DuplicateSuggestion, Person
from people.selectors import person_search
from people.services import duplicates_suggest, person_merge
from plans import services as plan_services
from plans.models import RiskManagementPlan
from plans.services.reminders import plans_send_reminders
from risk.models import Assessment, PvpQueueItem

from .factories import AreaFactory, make_person
from .incidents.helpers import log_incident
from .marac.factories import make_meeting, refer
from .plans.factories import backdate, make_task
from .risk.factories import in_pvp_queue

TWIN = {
    "given_name": "Joanna",
    "surname": "Twyford",
    "date_of_birth": date(1988, 5, 17),
    "phones": ["07700 900555"],
    "address": {"line_1": "4 Mill Lane", "postcode": "WR2 6NN"},
}


@dataclass
class Side:
    """One force's records and the users who work with them."""

    user: object  # callable: role -> that role's user in this force
    area: object
    victim: Person
    incident: Incident
    assessment: Assessment
    pvp_item: PvpQueueItem
    plan: RiskManagementPlan
    meeting: MaracMeeting
    referral: MaracReferral
    duplicates: tuple


def _side(world, user, area, police, idva_service, childrens) -> Side:
    force = area.force
    handler, officer = user(Role.CALL_HANDLER), user(Role.RESPONSE_OFFICER)
    victim = make_person(force=force, **TWIN)
    suspect = make_person(force=force, given_name="Mark", surname="Twyford", gender="male")
    incident = log_incident(user=handler, area=area, victim=victim, suspect=suspect)
    item = in_pvp_queue(
        officer=officer, handler=handler, sergeant=user(Role.SERGEANT), area=area, yes=15, grade="high", victim=victim
    )
    pvp = user(Role.PVP_OFFICER)
    plan = plan_services.plan_start(assessment=item.assessment, owner=pvp, user=pvp)
    task = make_task(plan=plan, assignee=officer)
    backdate(task, due_date=timezone.localdate() - timedelta(days=5))
    meeting = make_meeting(world, days=7, area=area, agencies=[police, idva_service, childrens])
    service = IdvaService.objects.create(area=area, agency=idva_service, staff_fte=Decimal("1.5"), caseload=40)
    referral = refer(world, pvp, victim=victim, area=area, referring_agency=police, idva_service=service)
    duplicates = (
        make_person(force=force, given_name="Dora", surname="Dupont", date_of_birth=date(1970, 2, 3)),
        make_person(force=force, given_name="Dora", surname="Dupnot", date_of_birth=date(1970, 2, 3)),
    )
    return Side(user, area, victim, incident, item.assessment, item, plan, meeting, referral, duplicates)


@pytest.fixture
def forces(personas, world):
    ours = _side(world, personas.__getitem__, world.area, world.police, world.idva_service, world.childrens_services)
    theirs = _side(
        world,
        personas.other_force,
        world.other_force_area,
        world.other_police,
        world.other_idva_service,
        world.other_childrens_services,
    )
    duplicates_suggest()
    return ours, theirs


def _both(forces):
    ours, theirs = forces
    return [(ours, theirs), (theirs, ours)]


def _id(value) -> str:
    return "" if callable(value) else str(getattr(value, "value", value))


# Lists, pages and API answers: one force's records never appear to the other's users.

LIST_PAGES = [
    (Role.CALL_HANDLER, "incidents:list", lambda s: s.incident.reference),
    (Role.SENIOR_OFFICER, "incidents:list", lambda s: s.incident.reference),
    (Role.PVP_SUPERVISOR, "risk:pvp_queue", lambda s: reverse("risk:pvp_claim", args=[s.pvp_item.pk])),
    (Role.SENIOR_OFFICER, "plans:list", lambda s: s.plan.reference),
    (Role.PVP_SUPERVISOR, "plans:list", lambda s: s.plan.reference),
    (Role.RESPONSE_OFFICER, "plans:my_tasks", lambda s: s.plan.reference),
    (Role.SENIOR_OFFICER, "marac:meetings", lambda s: reverse("marac:meeting", args=[s.meeting.pk])),
    (Role.IDVA, "marac:meetings", lambda s: reverse("marac:meeting", args=[s.meeting.pk])),
    (Role.CONTROL_ROOM_SUPERVISOR, "people:duplicates", lambda s: f"/people/{s.duplicates[0].pk}/"),
    (Role.SENIOR_OFFICER, "marac:capacity", lambda s: s.area.name),
]


@pytest.mark.parametrize(
    "role, name, mark", LIST_PAGES, ids=lambda v: getattr(v, "value", v) if not callable(v) else ""
)
def test_a_list_page_shows_its_own_forces_records_only(client, forces, role, name, mark):
    for mine, other in _both(forces):
        client.force_login(mine.user(role))
        html = client.get(reverse(name)).content.decode()
        assert mark(mine) in html, f"{role} does not see their own force's record on {name}"
        assert mark(other) not in html, f"{role} sees the other force's record on {name}"


API_LISTS = [
    (Role.CALL_HANDLER, "incident-list", lambda s: s.incident.pk),
    (Role.SENIOR_OFFICER, "assessment-list", lambda s: s.assessment.pk),
    (Role.PVP_OFFICER, "pvp-queue", lambda s: s.pvp_item.pk),
    (Role.SENIOR_OFFICER, "plan-list", lambda s: s.plan.pk),
    (Role.MARAC_CHAIR, "marac-meeting-list", lambda s: s.meeting.pk),
    (Role.IDVA, "marac-meeting-list", lambda s: s.meeting.pk),
    (Role.SENIOR_OFFICER, "marac-referral-list", lambda s: s.referral.pk),
    (Role.IDVA, "marac-referral-list", lambda s: s.referral.pk),
    (Role.CALL_HANDLER, "person-list", lambda s: s.victim.pk),
    (Role.CALL_HANDLER, "area-list", lambda s: s.area.pk),
]


def _ids(body) -> set:
    rows = body["results"] if isinstance(body, dict) and "results" in body else body
    return {row["id"] for row in rows}


@pytest.mark.parametrize("role, name, pk", API_LISTS, ids=_id)
def test_an_api_list_gives_its_own_forces_records_only(as_user, forces, role, name, pk):
    for mine, other in _both(forces):
        response = as_user(mine.user(role)).get(reverse(name))
        assert response.status_code == 200, response.content
        ids = _ids(response.json())
        assert pk(mine) in ids and pk(other) not in ids, name


# Searches: the person index is each force's own.


def test_the_person_search_finds_the_twin_of_the_searchers_force_only(client, as_user, forces):
    query = {"given_name": TWIN["given_name"], "surname": TWIN["surname"], "date_of_birth": "1988-05-17"}
    for mine, other in _both(forces):
        handler = mine.user(Role.CALL_HANDLER)
        client.force_login(handler)
        # The intake form's live search (htmx), the search page and the API: the same answer.
        live = client.get(reverse("people:search"), {**query, "pick": "party-0"}, HTTP_HX_REQUEST="true")
        live = live.content.decode()
        assert f'data-person-id="{mine.victim.pk}"' in live and f'data-person-id="{other.victim.pk}"' not in live
        page = client.get(reverse("people:search"), query).content.decode()
        assert f"/people/{mine.victim.pk}/" in page and f"/people/{other.victim.pk}/" not in page
        found = {c["person_id"] for c in as_user(handler).get(reverse("person-search"), query).json()}
        assert mine.victim.pk in found and other.victim.pk not in found
        record = MatchRecord(
            given_names=(TWIN["given_name"],),
            surnames=(TWIN["surname"],),
            date_of_birth=TWIN["date_of_birth"],
            postcodes=("WR2 6NN",),
            address_lines=(),
            phones=("07700900555",),
        )
        assert [c.person_id for c in person_search(record, user=handler)] == [mine.victim.pk]


def test_the_intake_form_will_not_link_a_person_of_another_force(client, forces, world):
    from .incidents.test_intake_view import form_data

    ours, theirs = forces
    client.force_login(ours.user(Role.CALL_HANDLER))
    response = client.post(reverse("incidents:create"), form_data(world, **{"party-0-person": str(theirs.victim.pk)}))
    assert response.status_code == 400
    assert not Incident.objects.filter(parties__person=theirs.victim, area__force=world.force).exists()


def test_the_services_refuse_to_join_two_forces_records(forces, world):
    """Below the forms: a party, a plan, a referral, a merge and an owner never cross a force."""
    ours, theirs = forces
    handler, pvp = ours.user(Role.CALL_HANDLER), ours.user(Role.PVP_OFFICER)
    with pytest.raises(ValidationError, match="another force"):
        log_incident(user=handler, area=ours.area, victim=theirs.victim)
    with pytest.raises(ValidationError) as refused:
        plan_services.plan_start(victim=theirs.victim, area=theirs.area, grade="high", owner=pvp, user=pvp)
    assert "area" in refused.value.message_dict
    with pytest.raises(ValidationError, match="another force"):
        plan_services.plan_start(victim=theirs.victim, area=ours.area, grade="high", owner=pvp, user=pvp)
    with pytest.raises(ValidationError):
        refer(world, pvp, victim=theirs.victim, area=ours.area)
    with pytest.raises(ValidationError):
        refer(world, pvp, victim=ours.victim, area=theirs.area)
    with pytest.raises(ValidationError, match="two forces"):
        person_merge(survivor=ours.victim, merged=theirs.victim, user=ours.user(Role.PVP_SUPERVISOR), reason="x")
    with pytest.raises(ValidationError):
        plan_services.plan_reassign(
            plan=ours.plan, user=pvp, version=ours.plan.version, owner=theirs.user(Role.PVP_OFFICER)
        )
    with pytest.raises(ValidationError):
        make_task(plan=ours.plan, assignee=theirs.user(Role.RESPONSE_OFFICER))


def test_an_area_code_names_an_area_of_the_callers_force(as_user, forces, world):
    """Codes are unique within a force only: the neighbour's 'north' is not ours, and never a 500."""
    ours, theirs = forces
    AreaFactory(force=world.other_force, name="North (neighbour)", code="north")
    senior, pvp = ours.user(Role.SENIOR_OFFICER), ours.user(Role.PVP_OFFICER)
    listed = as_user(senior).get(reverse("plan-list"), {"area": "north"})
    assert listed.status_code == 200 and _ids(listed.json()) == {ours.plan.pk}
    victim = make_person(force=world.force, given_name="Nora", surname="North")
    made = as_user(pvp).post(
        reverse("plan-list"), {"victim": victim.pk, "area": "north", "grade": "high"}, format="json"
    )
    assert made.status_code == 201 and RiskManagementPlan.objects.get(pk=made.json()["id"]).area == world.area
    refused = as_user(pvp).post(
        reverse("plan-list"), {"victim": victim.pk, "area": "east", "grade": "high"}, format="json"
    )
    assert refused.status_code == 400 and "area" in refused.json()["errors"]
    from .incidents.test_api import payload

    logged = as_user(ours.user(Role.CALL_HANDLER)).post(reverse("incident-list"), payload(world), format="json")
    assert logged.status_code == 201 and Incident.objects.get(pk=logged.json()["id"]).area == world.area


# Counts: the home page and the capacity page count their own force only.


def test_home_page_counts_are_of_the_users_force(client, forces):
    for mine, _ in _both(forces):
        client.force_login(mine.user(Role.PVP_SUPERVISOR))
        html = client.get(reverse("core:home")).content.decode()
        # Each force has one pair to review and one DASH waiting unclaimed: counting both forces would say 2.
        assert "1 pair to review" in html
        assert "1 unclaimed in the PVP queue" in html


def test_the_capacity_page_gives_its_own_forces_areas_and_figures(client, forces):
    for mine, other in _both(forces):
        client.force_login(mine.user(Role.SENIOR_OFFICER))
        html = client.get(reverse("marac:capacity")).content.decode()
        assert mine.area.name in html and other.area.name not in html


# Jobs: the duplicate check, the reminders and the call audits stay within a force.


def test_the_duplicate_job_pairs_records_of_one_force_only(forces):
    ours, theirs = forces
    pairs = {(s.person_a_id, s.person_b_id) for s in DuplicateSuggestion.objects.all()}
    for side in (ours, theirs):
        assert tuple(sorted(p.pk for p in side.duplicates)) in pairs
    forces_of = dict(Person.objects.values_list("pk", "force_id"))
    assert all(forces_of[a] == forces_of[b] for a, b in pairs)
    assert not DuplicateSuggestion.objects.filter(
        person_a__in=[ours.victim, theirs.victim], person_b__in=[ours.victim, theirs.victim]
    ).exists()


def test_reminders_go_to_the_users_of_the_plans_force(forces):
    plans_send_reminders(today=timezone.localdate())
    ours, theirs = forces
    for side in (ours, theirs):
        force = side.area.force_id
        told = Notification.objects.filter(url__contains=f"/plans/{side.plan.pk}/")
        assert told.exists()
        assert set(told.values_list("user__areas__force", flat=True)) == {force}


def test_a_call_audit_draws_and_counts_its_own_forces_calls(forces):
    from incidents.selectors import call_audit_shares
    from incidents.services import call_audit_draw

    for mine, _ in _both(forces):
        supervisor = mine.user(Role.CONTROL_ROOM_SUPERVISOR)
        drawn = call_audit_draw(auditor=supervisor, month=timezone.localdate(), per_handler=5)
        assert {a.incident.area.force_id for a in drawn} == {mine.area.force_id}
        shares = call_audit_shares(user=supervisor, month=timezone.localdate())
        assert {s.handler_id for s in shares} == {mine.user(Role.CALL_HANDLER).pk}


def test_an_auditor_searches_their_own_forces_people_and_users_only(client, forces):
    for mine, other in _both(forces):
        client.force_login(mine.user(Role.AUDITOR))
        for query in ({"person": other.victim.pk}, {"username": other.user(Role.CALL_HANDLER).username}):
            response = client.get(reverse("audit:search"), query)
            assert response.status_code == 400, query
        for query in ({"person": mine.victim.pk}, {"username": mine.user(Role.CALL_HANDLER).username}):
            assert client.get(reverse("audit:search"), query).status_code == 200, query


def test_the_force_page_and_its_csv_count_the_users_own_force(as_user, client, forces):
    """Reports (the force page, its CSV export and the API) count one force's records, never both forces'."""
    today = timezone.localdate()
    period = {"start": today.replace(day=1).isoformat(), "end": today.isoformat()}
    for mine, other in _both(forces):
        senior = mine.user(Role.SENIOR_OFFICER)
        body = as_user(senior).get(reverse("report-force-page"), period).json()
        assert body["da_incidents"] == 2, body  # the twin's call and her DASH's call: 4 would count both forces
        client.force_login(senior)
        csv = client.get(reverse("reports:force_page_csv"), period)
        text = csv.content.decode()
        assert csv.status_code == 200 and mine.area.force.name in text and other.area.force.name not in text
