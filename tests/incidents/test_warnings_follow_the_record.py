"""Officer-safety warnings and flags follow the record: the suspect's weapon marker and serial-perpetrator flag,
and the victim's repeat flag, shown on the incident, the DASH, the sergeant's and PVP reviews, the MARAC case and
the police agenda; never to a partner agency."""

import html
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from marac.agenda import agenda_pdf
from risk.services import reviews

from ..marac.factories import make_meeting, move_to, refer
from .warnings_scene import KNIFE, REPEAT, SERIAL, armed_suspect_scene, submit


def alert_text(response) -> str:
    """The text of the page's alerts (role="alert"), without tags: what a screen reader announces."""
    blocks = re.findall(r'<div[^>]*role="alert"[^>]*>(.*?)</div>', response.content.decode(), re.S)
    return " ".join(html.unescape(" ".join(re.sub(r"<[^>]+>", " ", b) for b in blocks)).split())


def assert_warned(response) -> None:
    assert response.status_code == 200
    text = alert_text(response)
    assert "Warnings and flags" in text
    assert f"Mark DALE (suspect): Warning: Weapons — {KNIFE}" in text
    assert SERIAL in text
    assert "Vera MOSS (victim)" in text and REPEAT in text


@pytest.fixture
def scene(personas, world):
    return armed_suspect_scene(handler=personas.handler, area=world.area, officer=personas.officer)


def test_the_incident_page_warns_of_the_suspects_knife_and_the_flags(client, personas, scene):
    client.force_login(personas.handler)
    assert_warned(client.get(scene.incident.get_absolute_url()))


def test_every_page_of_the_dash_warns_the_officer_at_the_scene(client, personas, scene):
    client.force_login(personas.officer)
    assert_warned(client.get(reverse("risk:start", args=[scene.incident.pk])))
    for name, args in (("risk:section", [scene.assessment.pk, 1]), ("risk:children", [scene.assessment.pk])):
        assert_warned(client.get(reverse(name, args=args)))
    assert_warned(client.get(reverse("risk:submit", args=[scene.assessment.pk])))


def test_the_sergeants_review_warns_too(client, personas, scene):
    submit(scene, personas.officer)
    client.force_login(personas.sergeant)
    page = client.get(scene.assessment.get_absolute_url())
    assert_warned(page)
    assert "Record review" in page.content.decode()
    # A refused review shows the page again, warnings and all.
    refused = client.post(reverse("risk:sergeant_review", args=[scene.assessment.pk]), {"grade": "standard"})
    assert refused.status_code == 400 and KNIFE in refused.content.decode()


def test_the_pvp_review_warns_too(client, personas, scene):
    submit(scene, personas.officer)
    reviews.sergeant_review(assessment=scene.assessment, sergeant=personas.sergeant, grade="high")
    item = scene.assessment.pvp_item
    reviews.pvp_claim(item=item, user=personas.pvp_officer)
    client.force_login(personas.pvp_officer)
    assert_warned(client.get(reverse("risk:pvp_review", args=[item.pk])))


def test_the_marac_case_warns_the_police_but_never_a_partner(client, personas, scene, world):
    referral = refer(world, personas.pvp_officer, victim=scene.victim, perpetrators=[scene.suspect])
    move_to(referral, make_meeting(world, days=5))
    client.force_login(personas.pvp_officer)
    page = client.get(referral.get_absolute_url())
    assert page.status_code == 200
    text = alert_text(page)
    assert f"Mark DALE (perpetrator): Warning: Weapons — {KNIFE}" in text and SERIAL in text

    client.force_login(personas.idva)
    page = client.get(referral.get_absolute_url())
    assert page.status_code == 200  # the IDVA service is at the table: the case is theirs to see
    body = page.content.decode()
    assert KNIFE not in body and "Serial perpetrator" not in body and "Warnings and flags" not in body


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_police_agenda_carries_the_warnings_and_the_partner_agenda_does_not(personas, scene, world):
    meeting = make_meeting(world, days=5)
    move_to(refer(world, personas.pvp_officer, victim=scene.victim, perpetrators=[scene.suspect]), meeting)
    police = _pdf_text(agenda_pdf(meeting, partner=False))
    assert f"Mark DALE (perpetrator): Warning: Weapons — {KNIFE}" in police and SERIAL in police
    partner = _pdf_text(agenda_pdf(meeting, partner=True))
    assert KNIFE not in partner and "Serial perpetrator" not in partner


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_pages_queries_do_not_grow_with_the_people_on_the_record(client, personas, scene, world):
    """No N+1: more marked suspects on the incident or perpetrators on the case cost no more queries."""
    from incidents.models import Answer, Party
    from people.models import Marker
    from people.services import marker_add

    from ..factories import make_person

    referral = refer(world, personas.pvp_officer, victim=scene.victim, perpetrators=[scene.suspect])
    client.force_login(personas.pvp_officer)
    before = {"incident": _queries(client, scene.incident.get_absolute_url())}
    before["case"] = _queries(client, referral.get_absolute_url())
    for n in range(4):
        extra = make_person(given_name=f"Extra{n}", surname="Suspect")
        marker_add(person=extra, kind=Marker.Kind.WARNING, code=Marker.Code.FIREARMS, user=personas.handler)
        Party.objects.create(
            incident=scene.incident,
            person=extra,
            role=Party.Role.SUSPECT,
            location_known=Answer.NOT_KNOWN,
            location_reason="Left before the call",
        )
        referral.perpetrators.add(extra)
    after = {"incident": _queries(client, scene.incident.get_absolute_url())}
    after["case"] = _queries(client, referral.get_absolute_url())
    assert after == before
    assert alert_text(client.get(referral.get_absolute_url())).count("Warning: Firearms") == 4
