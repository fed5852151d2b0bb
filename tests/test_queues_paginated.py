"""The work queues a user goes through (the sergeant's review queue, the control room's sign-off queue) come a
page at a time: every item can be reached, none is cut off at a fixed limit, a hostile page number is no 500,
the other force's items are on no page, and only the names shown are logged as seen."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from audit.models import AccessLog
from incidents.views import lists as incident_lists
from risk import views as risk_views

from .factories import make_person
from .incidents.helpers import log_incident
from .risk.factories import submitted
from .test_access_table import _awaiting_sign_off

HOSTILE_PAGES = ["0", "-1", "99999999999999999999", "abc", "1\x00", "２"]


@pytest.fixture
def waiting_review(personas, world, monkeypatch):
    """Five assessments waiting for North's sergeant, two a page; one in the neighbouring force."""
    monkeypatch.setattr(risk_views, "QUEUE_PAGE", 2)
    mine = [
        submitted(officer=personas.officer, handler=personas.handler, area=world.area, yes=2, grade="standard")
        for _ in range(5)
    ]
    theirs = submitted(
        officer=personas.other_force(Role.RESPONSE_OFFICER),
        handler=personas.other_force(Role.CALL_HANDLER),
        area=world.other_force_area,
        yes=2,
        grade="standard",
        victim=make_person(force=world.other_force_area.force),
    )
    return mine, theirs


def _names_on(client, url, page):
    return client.get(url, {"page": page}).content.decode()


def test_the_sergeant_queue_reaches_every_assessment_a_page_at_a_time(client, personas, waiting_review):
    mine, theirs = waiting_review
    client.force_login(personas.sergeant)
    url = reverse("risk:sergeant_queue")
    pages = [client.get(url, {"page": n}) for n in (1, 2, 3)]
    assert [len(p.context["rows"]) for p in pages] == [2, 2, 1]
    shown = [a.pk for p in pages for a, _ in p.context["rows"]]
    assert shown == [a.pk for a in mine]  # oldest first, each once, none left out
    assert "Page 1 of 3" in pages[0].content.decode() and "page=2" in pages[0].content.decode()
    assert all(theirs.victim.full_name not in p.content.decode() for p in pages)


def test_the_sergeant_queue_logs_only_the_names_on_the_page(client, personas, waiting_review):
    mine, _ = waiting_review
    client.force_login(personas.sergeant)
    client.get(reverse("risk:sergeant_queue"), {"page": 2})
    log = AccessLog.objects.filter(user=personas.sergeant, action="search").latest("pk")
    assert sorted(log.person_ids) == sorted(a.victim_id for a in mine[2:4])


@pytest.mark.parametrize("page", HOSTILE_PAGES)
def test_a_hostile_page_number_shows_a_page_not_an_error(client, personas, waiting_review, page):
    client.force_login(personas.sergeant)
    response = client.get(reverse("risk:sergeant_queue"), {"page": page})
    assert response.status_code == 200 and len(response.context["rows"]) in (1, 2)


def test_the_sign_off_queue_reaches_every_incident_a_page_at_a_time(client, personas, world, monkeypatch):
    monkeypatch.setattr(incident_lists, "SIGN_OFF_PAGE", 2)
    handler = personas.handler
    mine = [_awaiting_sign_off(log_incident(user=handler, area=world.area, victim=make_person()), handler)]
    mine += [_awaiting_sign_off(log_incident(user=handler, area=world.area, victim=make_person()), handler)]
    mine += [_awaiting_sign_off(log_incident(user=handler, area=world.area, victim=make_person()), handler)]
    other = personas.other_force(Role.CALL_HANDLER)
    theirs = _awaiting_sign_off(
        log_incident(user=other, area=world.other_force_area, victim=make_person(force=world.other_force_area.force)),
        other,
    )
    client.force_login(personas.control_room_supervisor)
    url = reverse("incidents:sign_off_queue")
    pages = [client.get(url, {"page": n}) for n in (1, 2)]
    assert [len(p.context["queue"]) for p in pages] == [2, 1]
    assert [i.pk for p in pages for i in p.context["queue"]] == [i.pk for i in mine]
    assert all(theirs.reference not in p.content.decode() for p in pages)
    for page in HOSTILE_PAGES:
        assert client.get(url, {"page": page}).status_code == 200
