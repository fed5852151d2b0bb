"""The data migration that names each repeat flag's victim and keeps one flag per incident and victim."""

import importlib
from datetime import timedelta

from django.apps import apps
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from marac.models import MaracReferral, MaracRepeat

from ..factories import make_person
from ..incidents.helpers import log_incident
from .factories import make_meeting, move_to, refer

backfill = importlib.import_module("marac.migrations.0009_repeat_flag_victim_backfill").backfill


def test_each_flag_gets_its_victim_and_a_doubled_incident_keeps_the_latest_referrals_flag(make_user, world):
    handler, pvp = make_user(Role.CALL_HANDLER), make_user(Role.PVP_OFFICER)
    victim, suspect, other = make_person(given_name="Rita"), make_person(given_name="Ray"), make_person()
    older = refer(world, pvp, victim=victim, perpetrators=[suspect])
    move_to(older, make_meeting(world, days=-150))
    newer = refer(world, pvp, victim=victim, perpetrators=[suspect])
    move_to(newer, make_meeting(world, days=-50))
    MaracReferral.objects.filter(pk=older.pk).update(referred_at=timezone.now() - timedelta(days=200))
    MaracReferral.objects.filter(pk=newer.pk).update(referred_at=timezone.now() - timedelta(days=100))
    doubled = log_incident(user=handler, area=world.area, victim=victim, suspect=suspect)
    single = log_incident(user=handler, area=world.area, victim=other, suspect=suspect)
    alone = refer(world, pvp, victim=other, perpetrators=[suspect])
    MaracRepeat.objects.all().delete()
    # The table as it was before the migration (undone with the test's transaction): no victim, two flags of one
    # incident allowed, as the old rule made them.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred check may wait on the table we alter
        cursor.execute("ALTER TABLE marac_maracrepeat DROP CONSTRAINT one_repeat_flag_per_incident_and_victim")
        cursor.execute("ALTER TABLE marac_maracrepeat ALTER COLUMN victim_id DROP NOT NULL")
    for referral, incident in ((older, doubled), (newer, doubled), (alone, single)):
        MaracRepeat.objects.create(referral=referral, incident=incident, victim=None)

    backfill(apps, None)

    flags = {(f.incident_id, f.victim_id): f.referral_id for f in MaracRepeat.objects.all()}
    assert flags == {(doubled.pk, victim.pk): newer.pk, (single.pk, other.pk): alone.pk}
