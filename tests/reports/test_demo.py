"""The demo's force totals (make run): the 12 whole months past for every area, entered once."""

from django.urls import reverse

from accounts import demo as accounts_demo
from accounts.models import User
from reports import demo
from reports.models import ForceTotals


def test_the_demo_enters_a_year_of_totals_once_and_the_force_page_uses_them(db, client, today):
    accounts_demo.seed()
    made = demo.seed()
    assert made == 12 * 4 and ForceTotals.objects.count() == made
    assert demo.seed() == 0
    assert set(ForceTotals.objects.values_list("entered_by__username", "source").distinct()) == {
        ("analyst", demo.SOURCE)
    }
    client.force_login(User.objects.get(username="analyst"))
    data = client.get(reverse("report-force-page")).json()
    assert data["area"] is None and data["force_totals"]["missing"] == ""
    assert data["calls_for_assistance"] > 0 and data["da_call_share_pct"] == 0  # no demo calls loaded here
