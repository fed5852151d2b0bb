"""Bad parameters are errors beside the field (a 400), on the page, its downloads, the API and the command; a
period the force's monthly totals cannot cover shows "—" with the reason and the counts."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.roles import Role
from reports.models import ForceTotals

from .scene import MONTHS, NORTH, WHOLE
from .test_known_answers import PERIOD, page_rows

BAD = [
    ({"start": "2025-02-30"}, "start", "Use an ISO 8601 date"),
    ({"start": "31/01/2025"}, "start", "Use an ISO 8601 date"),
    ({"start": "1800-01-01"}, "start", "between 1900 and 2100"),
    ({"end": "2025-03-01"}, "end", "on or after its start"),
    ({"start": "2000-01-01"}, "end", "at most 5 years"),
    ({"end": "2026-06-30"}, "end", "cannot end after today"),
    ({"snapshot": "2026-05-16"}, "snapshot", "not on a day to come"),
    ({"snapshot": "yesterday"}, "snapshot", "Use an ISO 8601 date"),
    ({"area": "north\x00"}, "area", "Null characters are not allowed"),
    ({"area": "no spaces"}, "area", "letters, numbers, underscores or hyphens"),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD, ids=[b[1] + ":" + b[2] for b in BAD])
def test_the_api_refuses_a_bad_parameter_naming_the_field(year, as_user, force_analyst, change, field, message):
    response = as_user(force_analyst).get(reverse("report-force-page"), PERIOD | change)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and message in " ".join(body["errors"][field])


@pytest.mark.parametrize(("change", "field", "message"), BAD, ids=[b[1] + ":" + b[2] for b in BAD])
def test_the_page_shows_the_error_beside_the_field(year, client, force_analyst, change, field, message):
    client.force_login(force_analyst)
    response = client.get(reverse("reports:force_page"), PERIOD | change)
    assert response.status_code == 400
    html = response.content.decode().replace("&#x27;", "'")
    assert message in html and f'id="error_1_id_{field}"' in html
    # No figures from a wrong request.
    assert "Domestic-abuse share" not in html


@pytest.mark.parametrize("name", ["reports:force_page_pdf", "reports:force_page_csv"])
def test_the_downloads_refuse_bad_parameters_with_the_400_page(year, client, force_analyst, name):
    client.force_login(force_analyst)
    response = client.get(reverse(name), PERIOD | {"end": "2025-03-01"})
    assert response.status_code == 400
    assert "on or after its start" in response.content.decode()


def test_the_api_refuses_a_parameter_given_twice_or_sent_empty(year, as_user, force_analyst):
    client = as_user(force_analyst)
    twice = client.get(reverse("report-force-page") + "?start=2025-04-01&start=2025-05-01&end=2026-03-31")
    assert twice.status_code == 400 and twice.json()["errors"]["start"] == ["Give this once."]
    empty = client.get(reverse("report-force-page") + "?start=&end=2026-03-31")
    assert empty.status_code == 400 and "leave the parameter out" in empty.json()["errors"]["start"][0]


def test_the_command_refuses_bad_parameters(year):
    with pytest.raises(CommandError, match="--end: The end of the period must be on or after its start"):
        call_command("force_page", "--force=test", "--start=2025-04-01", "--end=2025-03-01", "--json")
    with pytest.raises(CommandError, match="No area 'elsewhere' within reach"):
        call_command("force_page", "--force=test", "--area=elsewhere", "--json")
    with pytest.raises(CommandError, match="Name the force"):
        call_command("force_page", "--json")


def test_the_defaults_are_the_twelve_whole_months_past(year, as_user, make_user):
    data = as_user(make_user(Role.SENIOR_OFFICER)).get(reverse("report-force-page")).json()
    # Today is 15 May 2026.
    assert (data["start"], data["end"], data["snapshot"]) == ("2025-05-01", "2026-04-30", "2026-04-30")


def test_a_period_of_part_months_gives_the_counts_and_a_dash_for_the_shares(year, client, as_user, force_analyst):
    """The force's totals are monthly: a period starting mid-month cannot be divided by them."""
    data = as_user(force_analyst).get(reverse("report-force-page"), PERIOD | {"start": "2025-04-02"}).json()
    assert data["da_call_share_pct"] is None and data["calls_for_assistance"] is None
    assert data["da_crime_share_pct"] is None and data["category_share_pct"]["harassment"] is None
    assert "from the first day of a month to the last day of a month" in data["force_totals"]["missing"]
    assert data["da_incidents"] == WHOLE["da_incidents"]  # all received after 2 April
    assert data["repeat_call_share_pct"] == WHOLE["repeat_call_share_pct"]  # needs no totals
    client.force_login(force_analyst)
    html = client.get(reverse("reports:force_page"), PERIOD | {"start": "2025-04-02"}).content.decode()
    assert "choose a period from the first day of a month to the last day of a month" in html
    value, counts = page_rows(html)["Domestic-abuse share of calls for assistance"]
    assert value == "—" and counts.startswith(f"{WHOLE['da_incidents']} domestic-abuse incidents of — (not entered)")


def test_a_month_without_totals_is_named_and_the_shares_wait_for_it(year, as_user, force_analyst):
    ForceTotals.objects.filter(area=year.south, month=MONTHS[5]).delete()
    client = as_user(force_analyst)
    whole = client.get(reverse("report-force-page"), PERIOD).json()
    assert whole["da_call_share_pct"] is None
    assert whole["force_totals"]["missing_months"] == [f"{MONTHS[5]:%Y-%m}"]
    assert whole["force_totals"]["missing"] == "No force totals for September 2025."
    # North's months are all there.
    north = client.get(reverse("report-force-page"), PERIOD | {"area": "north"}).json()
    assert north["da_call_share_pct"] == NORTH["da_call_share_pct"]


def test_a_whole_force_month_entered_as_such_is_used_instead_of_its_areas(year, as_user, force_analyst):
    year.totals(None, MONTHS[5], calls=200, crimes=100)  # September for the whole force, areas' rows aside
    data = as_user(force_analyst).get(reverse("report-force-page"), PERIOD).json()
    assert data["calls_for_assistance"] == WHOLE["calls_for_assistance"] - 12 + 200
    assert data["recorded_crimes"] == WHOLE["recorded_crimes"] - 10 + 100


def test_the_command_prints_lines_of_text_without_json(year):
    out = io.StringIO()
    call_command("force_page", "--force=test", *(f"--{k}={v}" for k, v in PERIOD.items()), stdout=out)
    assert "Domestic-abuse share of calls for assistance: 11% (16 / 144)" in out.getvalue()
