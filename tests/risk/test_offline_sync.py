"""Answers a phone sends after a lost signal: each event once, in order, the later tap winning per question."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.roles import Role
from risk.models import AnswerEvent, AssessmentAnswer, Question

from .factories import draft


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def dash(personas, world):
    assessment = draft(officer=personas.officer, handler=personas.handler, area=world.area)
    questions = list(Question.objects.filter(section__in=assessment.sections.all()).order_by("number"))
    return assessment, questions


def event(question, value="yes", *, at=None, key=None, **extra):
    at = at or timezone.now()
    return {
        "key": str(key or uuid.uuid4()),
        "question_id": question.pk,
        "value": value,
        "client_time": at.isoformat(),
        **extra,
    }


def send(client, assessment, events, device="phone-a"):
    url = reverse("assessment-answer-events", args=[assessment.pk])
    return client.post(url, {"device": device, "events": events}, format="json")


def test_a_replayed_key_is_accepted_once(personas, dash):
    assessment, questions = dash
    api = client_for(personas.officer)
    batch = [event(questions[0]), event(questions[1], "no")]
    first = send(api, assessment, batch)
    assert first.status_code == 200, first.json()
    assert [r["status"] for r in first.json()["results"]] == ["applied", "applied"]
    again = send(api, assessment, batch)  # the reply was lost: the phone sends the same events again
    assert again.status_code == 200
    assert [r["status"] for r in again.json()["results"]] == ["duplicate", "duplicate"]
    assert AnswerEvent.objects.count() == 2
    assert assessment.answers.count() == 2
    assert again.json()["yes_count"] == 1


def test_events_apply_in_order_and_keep_the_device_time(personas, dash):
    assessment, questions = dash
    api = client_for(personas.officer)
    t0 = timezone.now() - timedelta(minutes=30)
    body = send(
        api,
        assessment,
        [event(questions[0], "yes", at=t0), event(questions[0], "no", at=t0 + timedelta(seconds=5))],
    ).json()
    assert [r["status"] for r in body["results"]] == ["applied", "applied"]
    answer = AssessmentAnswer.objects.get(assessment=assessment, question=questions[0])
    assert answer.value == "no" and answer.client_time == t0 + timedelta(seconds=5) and answer.device == "phone-a"
    stored = AnswerEvent.objects.order_by("pk")
    assert [e.client_time for e in stored] == [t0, t0 + timedelta(seconds=5)]
    assert all(e.received_at > t0 + timedelta(minutes=29) for e in stored)  # the server's time beside it


def test_two_devices_the_later_tap_wins_and_both_are_kept(personas, dash):
    assessment, questions = dash
    api = client_for(personas.officer)
    now = timezone.now()
    # The second phone had a signal and answered at now-1 min; the first, offline, answered earlier.
    send(api, assessment, [event(questions[0], "no", at=now - timedelta(minutes=1))], device="phone-b")
    late = send(api, assessment, [event(questions[0], "yes", at=now - timedelta(minutes=10))], device="phone-a")
    result = late.json()["results"][0]
    assert result["status"] == "superseded" and result["conflict_device"] == "phone-b"
    assert AssessmentAnswer.objects.get(assessment=assessment, question=questions[0]).value == "no"
    # A later tap on phone A does win, and names phone B.
    later = send(api, assessment, [event(questions[0], "not_known", at=now)], device="phone-a").json()["results"][0]
    assert later == {**later, "status": "applied", "conflict_device": "phone-b"}
    answer = AssessmentAnswer.objects.get(assessment=assessment, question=questions[0])
    assert answer.value == "not_known"
    # Both devices' answers are in the history of the answer, and every event is kept.
    history = answer.events.order_by("pgh_id").values_list("value", "device")
    assert list(history) == [("no", "phone-b"), ("not_known", "phone-a")]
    assert AnswerEvent.objects.filter(assessment=assessment).count() == 3
    page = APIClient()
    page.force_login(personas.officer)
    html = page.get(reverse("risk:section", args=[assessment.pk, 1])).content.decode()
    assert "Also answered on another device" in html


@pytest.mark.parametrize("who", ["officer@south", "officer@neighbour", "sergeant", "call_handler"])
def test_another_officer_area_or_force_cannot_send(personas, dash, who):
    assessment, questions = dash
    user = personas.named(who) if "@" in who else getattr(personas, who if who != "call_handler" else "handler")
    response = send(client_for(user), assessment, [event(questions[0])])
    assert response.status_code in (403, 404)
    if "@" in who:
        assert response.status_code == 404
    assert not AnswerEvent.objects.exists()


def test_another_officers_draft_in_the_same_area_is_refused(personas, make_user, world, dash):
    assessment, questions = dash
    colleague = make_user(Role.RESPONSE_OFFICER, username="colleague")
    response = send(client_for(colleague), assessment, [event(questions[0])])
    assert response.status_code == 403
    assert not AnswerEvent.objects.exists()


def test_a_key_another_officer_used_is_refused(personas, make_user, world, dash):
    assessment, questions = dash
    mine = draft(officer=make_user(Role.RESPONSE_OFFICER, username="other"), handler=personas.handler, area=world.area)
    other = mine.officer
    key = uuid.uuid4()
    other_q = Question.objects.filter(section__in=mine.sections.all()).first()
    assert send(client_for(other), mine, [event(other_q, key=key)]).status_code == 200
    stolen = send(client_for(personas.officer), assessment, [event(questions[0], key=key)])
    assert stolen.status_code == 400
    assert AnswerEvent.objects.count() == 1 and not assessment.answers.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"value": "maybe"},
        {"comment": "bad\x00byte"},
        {"source": "x" * 151},
        {"client_time": (timezone.now() + timedelta(days=400)).isoformat()},
        {"client_time": "1900-01-01T00:00:00+00:00"},
        {"client_time": "2026-13-45T99:00:00Z"},
        {"key": "not-a-uuid"},
        {"question_id": 2**40},
    ],
)
def test_hostile_events_are_400_and_nothing_is_written(personas, dash, change):
    assessment, questions = dash
    good = event(questions[1])
    bad = {**event(questions[0]), **change}
    response = send(client_for(personas.officer), assessment, [good, bad])
    assert response.status_code == 400, response.content
    assert response.json()["errors"]
    assert not AnswerEvent.objects.exists() and not assessment.answers.exists()


def test_a_huge_batch_and_a_device_name_with_nul_are_400(personas, dash):
    assessment, questions = dash
    api = client_for(personas.officer)
    huge = [event(questions[i % len(questions)]) for i in range(201)]
    assert send(api, assessment, huge).status_code == 400
    assert send(api, assessment, [event(questions[0])], device="a\x00b").status_code == 400
    assert send(api, assessment, [], device="a").status_code == 400
    assert not AnswerEvent.objects.exists()


def test_a_question_of_another_version_is_refused(personas, dash):
    assessment, questions = dash
    outside = Question.objects.exclude(section__in=assessment.sections.all()).first()
    response = send(client_for(personas.officer), assessment, [event(questions[0]), event(outside)])
    assert response.status_code == 400
    assert not assessment.answers.exists()


def test_a_submitted_assessment_takes_no_more_events(personas, dash):
    from risk.services import assessments as svc

    assessment, questions = dash
    for q in questions:
        svc.assessment_answer(assessment=assessment, user=personas.officer, question_id=q.pk, value="no")
    svc.assessment_submit(
        assessment=assessment, user=personas.officer, grade="standard", children_referral="no_children"
    )
    response = send(client_for(personas.officer), assessment, [event(questions[0], "yes")])
    assert response.status_code == 403  # the page's own policy: only a draft is changed
    assert AssessmentAnswer.objects.get(assessment=assessment, question=questions[0]).value == "no"


def test_the_device_key_is_the_sessions_and_ends_with_it(personas, client, password):
    officer = personas.officer
    client.force_login(officer)
    first = client.get(reverse("device-key")).json()
    assert len(first["key_id"]) >= 12 and len(first["key"]) == 44 and first["csrf_token"]
    assert client.get(reverse("device-key")).json()["key"] == first["key"]  # one key per session
    # Another session (a stolen cookie is another session too once the first is ended) has another key.
    other = APIClient()
    other.force_login(officer)
    assert other.get(reverse("device-key")).json()["key"] != first["key"]
    # Signed out: no key.
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("device-key")).status_code in (401, 403)
    # A token caller has no session to hold a key.
    assert client_for(officer).get(reverse("device-key")).status_code == 403
    response = other.get(reverse("device-key"))
    assert response["Cache-Control"].count("no-store") == 1


def test_the_service_worker_and_manifest_are_served(client):
    sw = client.get(reverse("core:service_worker"))
    assert sw.status_code == 200 and sw["Content-Type"].startswith("text/javascript")
    body = sw.content.decode()
    assert "/static/vendor/workbox/workbox-sw.js" in body and "https://" not in body
    assert "/assessments/" not in body.split("precacheAndRoute(")[1].split(")")[0]  # no page with data
    manifest = client.get(reverse("core:manifest")).json()
    assert manifest["display"] == "standalone" and {i["sizes"] for i in manifest["icons"]} >= {"192x192", "512x512"}
    offline = client.get(reverse("core:offline"))
    assert b"offline-shell" in offline.content
