"""The reach rule (accounts/reach.py, README "Reach"): one force per user, own areas or the whole own force,
partners by agency and never a police record."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.reach import FORCE_WIDE, force_of, reach
from accounts.roles import ROLE_PERMISSIONS, Role
from accounts.services import user_create
from incidents.models import Incident

from .factories import AreaFactory, UserFactory, make_person
from .incidents.helpers import log_incident


def test_the_control_room_and_senior_officers_are_force_wide_and_no_one_else():
    assert {role for role, perms in ROLE_PERMISSIONS.items() if FORCE_WIDE in perms} == {
        Role.CALL_HANDLER,
        Role.CONTROL_ROOM_SUPERVISOR,
        Role.SENIOR_OFFICER,
    }
    assert not any("incidents.view_all_areas" in perms for perms in ROLE_PERMISSIONS.values())


def test_a_force_wide_role_reaches_every_area_of_its_force_and_none_of_another(personas, world):
    handler = reach(personas.handler, "incidents.view_incident")
    assert handler.area_ids == {world.area.pk, world.other_area.pk} and handler.own_area_ids == {world.area.pk}
    assert not handler.covers(world.other_force_area)
    officer = reach(personas.officer, "incidents.view_incident")
    assert officer.area_ids == {world.area.pk}
    theirs = reach(personas.other_force(Role.CALL_HANDLER), "incidents.view_incident")
    assert theirs.area_ids == {world.other_force_area.pk} and theirs.force_id == world.other_force.pk


def test_without_the_permission_there_is_no_reach(personas):
    assert reach(personas.officer, "plans.view_plan_list") is None
    assert reach(None) is None


def test_a_user_of_two_forces_or_of_none_reaches_nothing(world):
    both = UserFactory(roles=[Role.SENIOR_OFFICER], areas=[world.area, world.other_force_area])
    nowhere = UserFactory(roles=[Role.SENIOR_OFFICER], areas=[])
    log_incident(user=UserFactory(roles=[Role.CALL_HANDLER], areas=[world.area]), area=world.area, victim=make_person())
    for user in (both, nowhere):
        assert force_of(user) is None and reach(user, "incidents.view_incident") is None
        assert not Incident.objects.visible_to(user).exists()


def test_an_account_with_areas_of_two_forces_is_refused(world, client, make_user):
    with pytest.raises(ValidationError) as refused:
        user_create(username="two", password=None, roles=[Role.ANALYST], areas=[world.area, world.other_force_area])
    assert "one force" in refused.value.message_dict["areas"][0]
    admin, victim = make_user(Role.ADMINISTRATOR, is_superuser=True), make_user(Role.ANALYST)
    client.force_login(admin)
    url = reverse("admin:accounts_user_change", args=[victim.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("password", "last_login")}
    data |= {"areas": [world.area.pk, world.other_force_area.pk], "groups": [g.pk for g in victim.groups.all()]}
    data |= {"date_joined_0": "2026-01-01", "date_joined_1": "09:00:00", "user_permissions": []}
    response = client.post(url, data)
    assert response.status_code == 200 and "one force" in response.content.decode()
    assert set(victim.areas.values_list("pk", flat=True)) == {world.area.pk}


def test_a_partner_reaches_by_agency_only_and_never_a_police_record(world, make_user):
    idva = make_user(Role.IDVA, Role.PVP_OFFICER)  # a police role added to an IDVA's account opens nothing
    assert reach(idva, "incidents.view_incident") is None and reach(idva, "plans.view_riskmanagementplan") is None
    marac = reach(idva, "marac.view_maracreferral", partners=True)
    assert marac.agency_id == world.idva_service.pk and marac.area_ids == {world.area.pk}


def test_an_area_of_another_force_with_the_same_code_is_not_the_users(personas, world):
    twin = AreaFactory(force=world.other_force, name="North (neighbour)", code="north")
    assert not reach(personas.senior_officer, "incidents.view_incident").covers(twin)


def test_the_migration_moves_every_grant_of_the_old_permission(db, make_user):
    migration = importlib.import_module("accounts.migrations.0009_force_wide_permission")
    new = Permission.objects.get(content_type__app_label="accounts", codename="view_force_wide")
    old = Permission.objects.create(
        content_type=new.content_type.__class__.objects.get_or_create(app_label="incidents", model="incident")[0],
        codename="view_all_areas",
        name="Can see incidents in every area (control room)",
    )
    group = Group.objects.create(name="custom force-wide group")
    group.permissions.add(old)
    user = make_user(Role.ANALYST)
    user.user_permissions.add(old)
    migration.move_grants(apps, None)
    assert not Permission.objects.filter(pk=old.pk).exists()
    assert group.permissions.filter(pk=new.pk).exists() and user.user_permissions.filter(pk=new.pk).exists()
