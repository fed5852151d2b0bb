"""Audit: changes kept as events, consultations logged, both append-only."""

import pghistory
import pytest
from django.db import connection, transaction
from django.db.utils import InternalError
from django.urls import reverse
from pghistory.models import Events

from accounts.models import Area
from accounts.roles import Role
from audit.models import AccessLog
from audit.services import access_record


def test_create_change_and_delete_of_a_domain_record_are_kept_with_who(make_user, world):
    admin = make_user(Role.ADMINISTRATOR)
    with pghistory.context(user=admin.pk, url="/admin/"):
        area = Area.objects.create(force=world.force, name="East", code="east")
        area.name = "East Mercia"
        area.save()
        area_id = area.pk
        area.delete()
    events = Events.objects.filter(pgh_obj_model="accounts.Area", pgh_obj_id=str(area_id)).order_by("pgh_id")
    assert [e.pgh_label for e in events] == ["insert", "update", "delete"]
    assert events[1].pgh_diff == {"name": ["East", "East Mercia"]}
    assert all(e.pgh_context["user"] == admin.pk for e in events)


def test_password_hashes_never_reach_the_history(make_user):
    user = make_user(Role.SERGEANT)
    user.set_password("another long passphrase")
    user.save()
    for event in Events.objects.filter(pgh_obj_model="accounts.User", pgh_obj_id=str(user.pk)):
        assert "password" not in event.pgh_data


@pytest.mark.parametrize("sql", ["UPDATE audit_accesslog SET reason = 'x'", "DELETE FROM audit_accesslog"])
def test_database_refuses_to_change_the_access_log(make_user, sql):
    access_record(user=make_user(Role.SERGEANT), persons=[7])
    with pytest.raises(InternalError, match="Cannot update or delete"), transaction.atomic(), connection.cursor() as c:
        c.execute(sql)
    assert AccessLog.objects.filter(reason="").count() == 1


@pytest.mark.parametrize("sql", ["UPDATE accounts_areaevent SET name = 'x'", "DELETE FROM accounts_areaevent"])
def test_database_refuses_to_change_the_change_history(world, sql):
    with pytest.raises(InternalError, match="Cannot update or delete"), transaction.atomic(), connection.cursor() as c:
        c.execute(sql)


def test_access_record_keeps_who_what_whose_and_why(make_user, world, rf):
    user = make_user(Role.PVP_OFFICER)
    request = rf.get("/somewhere/?x=1", REMOTE_ADDR="10.1.2.3")
    log = access_record(user=user, obj=world.area, persons=[3, 2, 3], reason=" MARAC preparation ", request=request)
    log.refresh_from_db()
    assert (log.username, log.object_id, log.person_ids, log.reason) == (
        user.username,
        str(world.area.pk),
        [2, 3],
        "MARAC preparation",
    )
    assert log.path == "/somewhere/?x=1" and log.ip_address == "10.1.2.3" and log.at is not None


def test_auditor_finds_every_access_to_one_person(client, make_user, world):
    auditor, officer, other = make_user(Role.AUDITOR), make_user(Role.PVP_OFFICER), make_user(Role.SERGEANT)
    access_record(user=officer, obj=world.area, persons=[41, 42])
    access_record(user=other, obj=world.area, persons=[41])
    access_record(user=other, obj=world.area, persons=[99])
    client.force_login(auditor)
    response = client.get(reverse("audit:search"), {"person": 41})
    assert response.context["page"].paginator.count == 2
    assert {log.username for log in response.context["page"]} == {officer.username, other.username}


def test_auditor_finds_every_record_one_user_opened_and_changed(client, make_user, world):
    auditor, officer = make_user(Role.AUDITOR), make_user(Role.PVP_OFFICER)
    access_record(user=officer, obj=world.area, persons=[5])
    access_record(user=auditor, obj=world.area, persons=[6])
    with pghistory.context(user=officer.pk):
        world.area.name = "Renamed"
        world.area.save()
    client.force_login(auditor)
    response = client.get(reverse("audit:search"), {"username": officer.username.upper()})
    assert [log.person_ids for log in response.context["page"]] == [[5]]
    assert [e.pgh_obj_model for e in response.context["changes"]] == ["accounts.Area"]


def test_auditor_searches_are_themselves_audited(client, make_user):
    auditor = make_user(Role.AUDITOR)
    client.force_login(auditor)
    client.get(reverse("audit:search"), {"person": 12})
    assert AccessLog.objects.get(user=auditor).action == AccessLog.Action.SEARCH


def test_search_without_a_person_or_user_is_a_form_error(client, make_user):
    client.force_login(make_user(Role.AUDITOR))
    response = client.get(reverse("audit:search"), {"date_from": "2026-01-01"})
    assert "Give a person number or a username." in response.content.decode()
    assert not AccessLog.objects.exists()


def test_unknown_username_is_an_error_beside_the_field(client, make_user):
    client.force_login(make_user(Role.AUDITOR))
    response = client.get(reverse("audit:search"), {"username": "nobody"})
    assert response.context["form"].errors["username"] == ["No user of your force has this username."]
