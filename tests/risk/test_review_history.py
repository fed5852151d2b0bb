"""Reviews are not made blind: the sergeant's and the PVP review show the victim's history panel (the intake
screen's own), with earlier incidents, DASH grades, the open plan, earlier MARAC referrals and markers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.models import Marker
from people.services import marker_add
from plans import services as plans
from risk.services import reviews

from ..incidents.helpers import log_incident
from ..incidents.warnings_scene import armed_suspect_scene, submit
from ..marac.factories import refer


@pytest.fixture
def scene(personas, world):
    """Vera's third incident, her DASH submitted; she has an open plan and an earlier MARAC referral."""
    scene = armed_suspect_scene(handler=personas.handler, area=world.area, officer=personas.officer)
    marker_add(person=scene.victim, kind=Marker.Kind.VULNERABILITY, code=Marker.Code.PREGNANT, user=personas.handler)
    scene.plan = plans.plan_start(
        victim=scene.victim, area=world.area, grade="medium", owner=personas.pvp_officer, user=personas.pvp_officer
    )
    scene.referral = refer(world, personas.pvp_officer, victim=scene.victim, perpetrators=[scene.suspect])
    submit(scene, personas.officer)
    return scene


def assert_history(page: str, scene) -> None:
    assert "History: Vera MOSS" in page
    assert scene.incident.reference in page  # the previous incidents table
    assert "Risk-management plans" in page and scene.plan.reference in page and "Priya Shah" in page
    assert scene.referral.reference in page  # the MARAC section
    assert "Vulnerability:" in page and "Pregnant or recent baby" in page


def test_the_sergeant_reviews_with_the_victims_history(client, personas, scene):
    client.force_login(personas.sergeant)
    page = client.get(scene.assessment.get_absolute_url()).content.decode()
    assert "Your review" in page
    assert_history(page, scene)


def test_the_history_stays_beside_a_refused_sergeants_review(client, personas, scene):
    client.force_login(personas.sergeant)
    response = client.post(reverse("risk:sergeant_review", args=[scene.assessment.pk]), {"grade": "standard"})
    assert response.status_code == 400
    assert_history(response.content.decode(), scene)


def _pvp_item(personas, scene):
    reviews.sergeant_review(assessment=scene.assessment, sergeant=personas.sergeant, grade="high")
    item = scene.assessment.pvp_item
    reviews.pvp_claim(item=item, user=personas.pvp_officer)
    return item


def test_the_pvp_review_shows_the_history_before_and_after_it_is_recorded(client, personas, scene):
    item = _pvp_item(personas, scene)
    client.force_login(personas.pvp_officer)
    url = reverse("risk:pvp_review", args=[item.pk])
    assert_history(client.get(url).content.decode(), scene)
    reviews.pvp_complete(item=item, user=personas.pvp_officer, grade="high", refer_to_marac=True, refer_to_idva=True)
    assert_history(client.get(url).content.decode(), scene)


def test_a_first_time_victim_is_not_called_a_repeat_victim_on_her_review(client, personas, world, make_user):
    """On intake the call being logged counts as the next incident; on a review it is already counted."""
    from ..risk.factories import in_pvp_queue

    item = in_pvp_queue(
        officer=personas.officer, handler=personas.handler, sergeant=personas.sergeant, area=world.area, yes=12
    )
    reviews.pvp_claim(item=item, user=personas.pvp_officer)
    client.force_login(personas.pvp_officer)
    page = client.get(reverse("risk:pvp_review", args=[item.pk])).content.decode()
    assert "History: Vicky TIM" in page and "Repeat victim" not in page


def test_the_review_pages_queries_do_not_grow_with_the_victims_history(client, personas, scene, world):
    item = _pvp_item(personas, scene)
    client.force_login(personas.pvp_officer)
    url = reverse("risk:pvp_review", args=[item.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    for _ in range(5):
        log_incident(user=personas.handler, area=world.area, victim=scene.victim, suspect=scene.suspect)
    assert queries() == before
