"""The DASH API: start, answer, submit, review and the PVP queue, with the same rules as the pages."""

from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from risk.models import Assessment, Question

from ..factories import make_person
from ..incidents.helpers import log_incident
from .factories import in_pvp_queue, questionnaire


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_officer_completes_a_dash_through_the_api(personas, world):
    questionnaire()
    victim = make_person()
    incident = log_incident(user=personas.handler, area=world.area, victim=victim)
    api = client_for(personas.officer)
    body = api.post(reverse("assessment-list"), {"incident": incident.pk, "victim": victim.pk}, format="json").json()
    pk = body["id"]
    questions = Question.objects.filter(section__questionnaire__code="dash", section__code="main").order_by("number")
    answers = [{"question_id": q.pk, "value": "yes" if q.number <= 14 else "no"} for q in questions]
    body = api.post(reverse("assessment-answers", args=[pk]), {"answers": answers}, format="json").json()
    assert body["yes_count"] == 14
    low = api.post(
        reverse("assessment-submit", args=[pk]), {"grade": "medium", "children_referral": "no_children"}, format="json"
    )
    assert low.status_code == 400 and "grade" in low.json()["errors"]
    ok = api.post(
        reverse("assessment-submit", args=[pk]), {"grade": "high", "children_referral": "no_children"}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["status"] == "submitted"


def test_an_answer_to_a_question_outside_the_version_is_400_and_saves_nothing(personas, world):
    questionnaire()
    victim = make_person()
    incident = log_incident(user=personas.handler, area=world.area, victim=victim)
    api = client_for(personas.officer)
    pk = api.post(reverse("assessment-list"), {"incident": incident.pk, "victim": victim.pk}, format="json").json()[
        "id"
    ]
    good = Question.objects.filter(section__questionnaire__code="dash", section__code="main").first()
    response = api.post(
        reverse("assessment-answers", args=[pk]),
        {"answers": [{"question_id": good.pk, "value": "yes"}, {"question_id": 10**9, "value": "no"}]},
        format="json",
    )
    assert response.status_code == 400 and "question" in response.json()["errors"]
    assert not Assessment.objects.get(pk=pk).answers.exists()


def test_another_officers_draft_is_refused(personas, world, make_user):
    questionnaire()
    victim = make_person()
    incident = log_incident(user=personas.handler, area=world.area, victim=victim)
    pk = (
        client_for(personas.officer)
        .post(reverse("assessment-list"), {"incident": incident.pk, "victim": victim.pk}, format="json")
        .json()["id"]
    )
    other = client_for(make_user(Role.RESPONSE_OFFICER))
    assert other.post(reverse("assessment-submit", args=[pk]), {}, format="json").status_code == 403


def test_pvp_queue_claim_clash_is_a_clear_400(personas, world, make_user):
    item = in_pvp_queue(officer=personas.officer, handler=personas.handler, sergeant=personas.sergeant, area=world.area)
    first = client_for(personas.pvp_supervisor)
    second = client_for(make_user(Role.PVP_OFFICER))
    assert first.post(reverse("pvp-claim", args=[item.pk])).status_code == 200
    clash = second.post(reverse("pvp-claim", args=[item.pk]))
    assert clash.status_code == 400 and "already reviewing" in str(clash.json())
    done = first.post(reverse("pvp-complete", args=[item.pk]), {"grade": "medium"}, format="json")
    assert done.status_code == 200 and done.json()["completed_at"]


def test_queue_list_has_no_n_plus_one(personas, world, django_assert_max_num_queries):
    for _ in range(4):
        in_pvp_queue(officer=personas.officer, handler=personas.handler, sergeant=personas.sergeant, area=world.area)
    # The user's permissions (2), areas and roles (reach asks whether they are a partner), then the page.
    with django_assert_max_num_queries(7):
        body = client_for(personas.pvp_supervisor).get(reverse("pvp-queue")).json()
    assert body["count"] == 4


def test_other_area_cannot_see_the_assessment(personas, world, make_user):
    item = in_pvp_queue(officer=personas.officer, handler=personas.handler, sergeant=personas.sergeant, area=world.area)
    outsider = client_for(make_user(Role.PVP_SUPERVISOR, area=world.other_area))
    assert outsider.get(reverse("assessment-detail", args=[item.assessment_id])).status_code == 404
    assert outsider.post(reverse("pvp-claim", args=[item.pk])).status_code == 404
