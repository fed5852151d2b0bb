"""The Django admin is for administrators only; the demo data loads once."""

from django.core.management import call_command
from django.urls import reverse

from accounts.models import Agency, Area, User
from accounts.roles import Role


def test_admin_is_refused_to_other_roles(client, make_user):
    client.force_login(make_user(Role.PVP_SUPERVISOR))
    assert client.get(reverse("admin:index"), follow=True).status_code == 403


def test_admin_sends_anonymous_users_to_the_one_login_page(client, db):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))


def test_administrator_reaches_the_admin_but_cannot_delete_users(client, make_user):
    admin = make_user(Role.ADMINISTRATOR)
    client.force_login(admin)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_user_delete", args=[admin.pk])).status_code == 403


def test_demo_data_loads_every_role_and_a_second_run_changes_nothing(db, capsys):
    call_command("seed_demo")
    counts = (User.objects.count(), Area.objects.count(), Agency.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Area.objects.count(), Agency.objects.count()) == counts
    roles = {g for u in User.objects.prefetch_related("groups") for g in u.groups.values_list("name", flat=True)}
    assert roles == {r.value for r in Role}
    assert "handler" in capsys.readouterr().out
