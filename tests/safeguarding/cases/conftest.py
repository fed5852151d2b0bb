"""Scenes for the Clare's Law, bail and Victims' Code tests: people, an incident with an arrest, an application."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from safeguarding.services import disclosures as dvds

from ...factories import make_person
from ...incidents.helpers import log_incident

LONDON = ZoneInfo("Europe/London")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


@pytest.fixture
def clock():
    """Time stands at 09:00 on Monday 2 March 2026 (London) until the test moves it."""
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def people(personas):
    return {
        "victim": make_person(personas.handler, given_name="Vera", surname="Moss"),
        "suspect": make_person(personas.handler, given_name="Ian", surname="Cross"),
        "friend": make_person(personas.handler, given_name="Fay", surname="Lowe"),
    }


@pytest.fixture
def incident(personas, world, people, clock):
    return log_incident(user=personas.handler, area=world.area, victim=people["victim"], suspect=people["suspect"])


def open_application(user, area, people, **kwargs):
    return dvds.disclosure_open(
        user=user,
        route=kwargs.pop("route", "right_to_ask"),
        area=area,
        person_at_risk=people["victim"],
        subject=people["suspect"],
        applicant_kind=kwargs.pop("applicant_kind", "person_at_risk"),
        relationship_to_subject="New partner",
        concern="He told her he had never been in trouble; a friend says otherwise.",
        **kwargs,
    )


@pytest.fixture
def application(personas, world, people, clock):
    return open_application(personas.pvp_officer, world.area, people)


def through_research(application, user):
    for stage, extra in (
        ("initial_contact", {"immediate_risk": False}),
        ("face_to_face", {"identity_checked": True, "identity_evidence": "Passport"}),
        ("research", {"checks": "PNC, PND, local intelligence"}),
    ):
        dvds.disclosure_stage_record(
            application=application, user=user, stage=stage, rationale=f"{stage} done", **extra
        )
    application.refresh_from_db()
    return application
