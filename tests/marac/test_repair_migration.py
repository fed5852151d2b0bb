"""The data migration that gives police referrals back the perpetrators the form lost."""

import importlib

from django.apps import apps

from incidents.models import Party

from ..factories import make_person
from ..plans.factories import assessment as high_assessment
from .factories import refer

repair = importlib.import_module("marac.migrations.0005_repair_lost_perpetrators").repair


def test_a_referral_from_a_dash_gets_its_incidents_suspects_back(make_user, world):
    """Only referrals with no perpetrator and a linked assessment change; the victim is never added."""
    from accounts.roles import Role

    handler, officer, pvp = (make_user(r) for r in (Role.CALL_HANDLER, Role.RESPONSE_OFFICER, Role.PVP_OFFICER))
    victim, suspect = make_person(given_name="Lost"), make_person(given_name="Found")
    dash = high_assessment(area=world.area, handler=handler, officer=officer, victim=victim)
    Party.objects.create(incident=dash.incident, person=suspect, role=Party.Role.SUSPECT, location_known="no")
    lost = refer(world, pvp, victim=victim, assessment=dash)
    named = make_person(given_name="Named")
    kept = refer(world, pvp, victim=make_person(given_name="Other"), perpetrators=[named])
    without_dash = refer(world, pvp, victim=make_person(given_name="Plain"))

    repair(apps, None)

    assert list(lost.perpetrators.all()) == [suspect]
    assert list(kept.perpetrators.all()) == [named]
    assert list(without_dash.perpetrators.all()) == []
