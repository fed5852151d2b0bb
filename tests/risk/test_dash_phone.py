"""The DASH as an officer works it on a phone: progress that follows each saved answer, the suspect's name in
the questions, supplements added when a draft is resumed, and "continue" rather than "start" for a draft."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from incidents.models import Answer, Party
from risk.models import Assessment, Question
from risk.services import assessments as svc

from ..factories import make_person
from ..incidents.helpers import log_incident
from .factories import answer_all, draft, questionnaire


@pytest.fixture
def officer(make_user):
    return make_user(Role.RESPONSE_OFFICER)


@pytest.fixture
def handler(make_user):
    return make_user(Role.CALL_HANDLER)


def _start(*, officer, handler, world, suspects=()):
    """A draft at an incident with the given suspects."""
    questionnaire()
    victim = make_person(given_name="Lucy", surname="Grey")
    incident = log_incident(user=handler, area=world.area, victim=victim, suspect=suspects[0] if suspects else None)
    for person in suspects[1:]:
        Party.objects.create(
            incident=incident,
            person=person,
            role=Party.Role.SUSPECT,
            location_known=Answer.NOT_KNOWN,
            location_reason="Not said",
        )
    return svc.assessment_start(incident=incident, victim_id=victim.pk, officer=officer)


def test_each_saved_answer_sends_the_new_progress_out_of_band(client, officer, handler, world):
    a = draft(officer=officer, handler=handler, area=world.area)
    client.force_login(officer)
    q = Question.objects.filter(section__in=a.sections.all()).order_by("number").first()
    page = client.get(reverse("risk:section", args=[a.pk, 1])).content.decode()
    assert 'id="dash-progress"' in page and "<strong>0/27</strong>" in page

    html = client.post(
        reverse("risk:answer", args=[a.pk]), {"question": q.pk, "value": "no"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    progress = html[html.index('id="dash-progress"') - 60 :]
    assert 'hx-swap-oob="true"' in progress and "<strong>1/27</strong>" in progress


def test_the_questions_name_the_suspect(client, officer, handler, world):
    a = _start(officer=officer, handler=handler, world=world, suspects=[make_person(given_name="Mark", surname="Dunn")])
    client.force_login(officer)
    page = client.get(reverse("risk:section", args=[a.pk, 1])).content.decode()
    assert "(name of abuser)" not in page
    assert "Has Mark DUNN ever attempted to strangle, choke, suffocate or drown you?" in page
    assert "who are not Mark DUNN&#x27;s?" in page


def test_two_suspects_are_both_named_and_none_reads_the_abuser(client, officer, handler, world):
    two = _start(
        officer=officer,
        handler=handler,
        world=world,
        suspects=[make_person(given_name="Mark", surname="Dunn"), make_person(given_name="Ray", surname="Dunn")],
    )
    client.force_login(officer)
    page = client.get(reverse("risk:section", args=[two.pk, 1])).content.decode()
    assert "Has Mark DUNN or Ray DUNN ever used weapons or objects to hurt you?" in page

    none = draft(officer=officer, handler=handler, area=world.area)
    page = client.get(reverse("risk:section", args=[none.pk, 1])).content.decode()
    assert "(name of abuser)" not in page and "Has the abuser ever used weapons or objects to hurt you?" in page


def test_ticking_a_supplement_when_resuming_a_draft_adds_it(client, officer, handler, world):
    a = draft(officer=officer, handler=handler, area=world.area)
    client.force_login(officer)
    url = reverse("risk:start", args=[a.incident_id])
    response = client.post(url, {"victim": a.victim_id, "supplements": ["stalking"]})
    assert response.status_code == 302 and response["Location"] == reverse("risk:section", args=[a.pk, 1])
    assert Assessment.objects.count() == 1
    assert {s.code for s in a.sections.all()} == {"main", "stalking"}
    # The start page then shows the draft's supplements ticked, and continues rather than starts.
    page = client.get(url).content.decode()
    assert 'value="stalking"' in page and "checked" in page.split('value="stalking"')[1].split(">")[0]
    assert ">Continue</button>" in page


def test_the_incident_offers_to_continue_the_officers_draft(client, officer, handler, world, make_user):
    a = draft(officer=officer, handler=handler, area=world.area)
    client.force_login(officer)
    page = client.get(reverse("incidents:detail", args=[a.incident_id])).content.decode()
    assert "Continue the DASH for Vicky TIM" in page and "Start a DASH assessment" not in page

    # Another officer has no draft of their own there: they are offered to start, and told whose draft it is.
    other = make_user(Role.RESPONSE_OFFICER)
    client.force_login(other)
    page = client.get(reverse("incidents:detail", args=[a.incident_id])).content.decode()
    assert "Start a DASH assessment" in page and "Continue the DASH" not in page
    response = client.post(reverse("risk:start", args=[a.incident_id]), {"victim": a.victim_id})
    assert response.status_code == 400
    assert "already has a draft DASH open for this victim" in response.content.decode()


def test_open_drafts_is_the_officers_unsubmitted_drafts_only(officer, handler, world, make_user):
    a = draft(officer=officer, handler=handler, area=world.area)
    assert list(Assessment.objects.open_drafts(incident=a.incident, officer=officer)) == [a]
    assert not Assessment.objects.open_drafts(incident=a.incident, officer=make_user(Role.RESPONSE_OFFICER)).exists()
    answer_all(a, officer, 3)
    svc.assessment_submit(assessment=a, user=officer, grade="standard", children_referral="no_children")
    assert not Assessment.objects.open_drafts(incident=a.incident, officer=officer).exists()
