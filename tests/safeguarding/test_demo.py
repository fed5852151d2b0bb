"""The demo (make run) has what the issue asks to see: a notice awaiting authorisation, one served with its hearing
due, one served before a bank-holiday weekend whose order is being breached, and a civil order."""

from django.core.management import call_command
from django.urls import reverse

from accounts.models import Rank, User
from safeguarding.models import Breach, CivilOrder, ProtectionNotice


def test_the_demo_shows_each_state(db, client):
    call_command("seed_demo")
    notices = ProtectionNotice.objects.filter(area__code="worcestershire")
    assert notices.filter(status="draft").count() == 1
    assert notices.filter(status="served").count() == 1
    heard = notices.get(status="heard")
    assert heard.kind == "dapn" and heard.order.ends_on is None
    assert Breach.objects.filter(order=heard.order, incident__isnull=False).exists()
    assert CivilOrder.objects.filter(officer_safety_warning__gt="").exists()
    assert User.objects.get(username="superintendent").rank == Rank.SUPERINTENDENT
    client.force_login(User.objects.get(username="superintendent"))
    page = client.get(reverse("safeguarding:notice", args=[heard.pk])).content.decode()
    assert "Bank Holiday" in page or "Easter Monday" in page or "May Day" in page
    # The neighbouring force's superintendent sees none of it.
    client.force_login(User.objects.get(username="nb_super"))
    assert client.get(reverse("safeguarding:notice", args=[heard.pk])).status_code == 404
