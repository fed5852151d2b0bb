"""A link is shown only when its page opens: every role follows every link of the pages it works from.

The pages are the incident record, the incident list, the person record and "my work". Each link in the
main content (not the navigation, which has its own test) is followed; none may answer 403 or 404.
"""

from urllib.parse import urldefrag, urlsplit

import pytest
import tinyhtml5
from django.urls import reverse

from accounts.roles import Role
from incidents.models import Evidence
from risk.services import assessments as svc

from .factories import make_person
from .incidents.helpers import log_incident
from .risk.factories import questionnaire
from .test_access_table import png_upload

XHTML = "{http://www.w3.org/1999/xhtml}"
# Links that act rather than show (signing out) are not followed.
NOT_FOLLOWED = {"/accounts/logout/"}


def main_links(html: str) -> list[str]:
    """The internal hrefs inside <main>, without fragments, in page order."""
    tree = tinyhtml5.parse(html)
    main = tree.find(f".//{XHTML}main")
    assert main is not None, "the page has no <main>"
    links = []
    for anchor in main.iter(f"{XHTML}a"):
        href = urldefrag(anchor.get("href") or "").url
        if not href or urlsplit(href).netloc or href.startswith(("mailto:", "tel:")) or href in NOT_FOLLOWED:
            continue
        if href.startswith("?"):
            continue  # the page itself with other filters or pages
        links.append(href)
    return list(dict.fromkeys(links))


@pytest.fixture
def scene(personas, world, tmp_path, settings):
    """An incident in area A with a DASH draft and a photograph; the victim also has an incident in area B."""
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {**settings.STORAGES["evidence"], "OPTIONS": {"location": tmp_path, "base_url": None}},
    }
    handler, officer = personas[Role.CALL_HANDLER], personas[Role.RESPONSE_OFFICER]
    victim = make_person(given_name="Kerry", surname="Bright")
    suspect = make_person(given_name="Steve", surname="Bright", gender="male")
    incident = log_incident(user=handler, area=world.area, victim=victim, suspect=suspect)
    log_incident(user=handler, area=world.other_area, victim=victim, suspect=suspect)
    questionnaire()
    svc.assessment_start(incident=incident, victim_id=victim.pk, officer=officer, supplements=[])
    Evidence.objects.create(incident=incident, kind=Evidence.Kind.PHOTOGRAPH, image=png_upload(), captured_by=officer)
    return {"incident": incident, "victim": victim, "suspect": suspect}


def _pages(scene) -> list[str]:
    return [
        reverse("core:home"),
        reverse("incidents:list"),
        reverse("incidents:detail", args=[scene["incident"].pk]),
        reverse("people:detail", args=[scene["victim"].pk]),
        reverse("people:detail", args=[scene["suspect"].pk]),
    ]


@pytest.mark.parametrize("role", [*Role, "other_area_officer", "other_force_handler"], ids=str)
def test_every_link_on_the_pages_a_role_works_from_opens(client, personas, scene, role):
    if role == "other_area_officer":
        user = personas.other_area(Role.RESPONSE_OFFICER)
    elif role == "other_force_handler":  # force-wide, in the neighbouring force: every page here is a 404
        user = personas.other_force(Role.CALL_HANDLER)
    else:
        user = personas[role]
    client.force_login(user)
    broken = []
    for page in _pages(scene):
        response = client.get(page)
        if response.status_code != 200:
            continue  # a page the role may not open at all: tests/test_access_table.py covers that
        for href in main_links(response.content.decode()):
            status = client.get(href).status_code
            if status in (403, 404):
                broken.append(f"{page} -> {href}: {status}")
    assert not broken, f"{role} is shown links it cannot follow:\n" + "\n".join(broken)


def test_the_call_handler_sees_the_dash_by_name_without_a_link(client, personas, scene):
    client.force_login(personas[Role.CALL_HANDLER])
    html = client.get(reverse("incidents:detail", args=[scene["incident"].pk])).content.decode()
    assessment = scene["incident"].assessments.get()
    assert "DASH for Kerry BRIGHT" in html
    assert reverse("risk:detail", args=[assessment.pk]) not in main_links(html)
