"""Every run and download of the force page is logged with who, which report and its parameters; the PDF follows
the agenda's print conventions and the CSV cannot run in a spreadsheet."""

import csv
import io
import logging

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from accounts.roles import Role
from audit.models import AccessLog
from reports import selectors
from reports.exports import CSV_HEADER
from reports.models import ForceTotals
from reports.policies import Scope

from .scene import END, SNAPSHOT, START, WHOLE
from .test_known_answers import PERIOD

PARAMETERS = "force test, area north, 2025-04-01 to 2026-03-31, snapshot 2026-03-31"


@pytest.mark.parametrize(
    ("name", "action", "words"),
    [
        ("reports:force_page", AccessLog.Action.VIEW, "page"),
        ("reports:force_page_pdf", AccessLog.Action.DOWNLOAD, "PDF"),
        ("reports:force_page_csv", AccessLog.Action.EXPORT, "CSV"),
    ],
)
def test_each_run_and_download_is_logged_with_who_and_its_parameters(year, client, force_analyst, name, action, words):
    client.force_login(force_analyst)
    assert client.get(reverse(name), PERIOD | {"area": "north"}).status_code == 200
    log = AccessLog.objects.get(user=force_analyst)
    assert log.action == action and log.person_ids == []
    assert log.reason == f"Force page ({words}): {PARAMETERS}"
    assert log.path.startswith(reverse(name) + "?")


def test_an_api_call_is_logged_too(year, as_user, force_analyst):
    as_user(force_analyst).get(reverse("report-force-page"), PERIOD | {"area": "north"})
    assert AccessLog.objects.get(user=force_analyst).reason == f"Force page (API): {PARAMETERS}"


def test_a_refused_or_wrong_request_logs_no_run(year, client, force_analyst):
    client.force_login(force_analyst)
    client.get(reverse("reports:force_page"), PERIOD | {"end": "2025-01-01"})
    client.get(reverse("reports:force_page"), PERIOD | {"area": "elsewhere"})
    assert not AccessLog.objects.filter(user=force_analyst).exists()


def test_a_command_run_is_logged_as_the_user_named_or_the_server_account(year, force_analyst, caplog):
    args = ["force_page", "--force=test", "--area=north", *(f"--{k}={v}" for k, v in PERIOD.items()), "--json"]
    call_command(*args, "--user=force_analyst", stdout=io.StringIO())
    assert AccessLog.objects.get(user=force_analyst).reason == f"Force page (command): {PARAMETERS}"
    with caplog.at_level(logging.INFO, logger="reports.services"):
        call_command(*args, stdout=io.StringIO())
    record = next(r for r in caplog.records if r.name == "reports.services")
    assert record.parameters == f"Force page (command): {PARAMETERS}" and record.os_user


def test_a_command_run_as_a_user_keeps_to_their_reach(year, make_user):
    make_user(Role.PVP_SUPERVISOR, username="north_only")
    with pytest.raises(CommandError, match="No area 'south' within reach"):
        call_command("force_page", "--user=north_only", "--area=south", "--json", stdout=io.StringIO())
    with pytest.raises(CommandError, match="may not see the force page"):
        call_command("force_page", "--user=scene_pvp", "--json", stdout=io.StringIO())


def test_the_pdf_is_a4_marked_and_numbered_with_the_figures(year, client, force_analyst):
    client.force_login(force_analyst)
    response = client.get(reverse("reports:force_page_pdf"), PERIOD)
    assert response["Content-Type"] == "application/pdf" and "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"] == 'attachment; filename="force-page-test-2025-04-01-to-2026-03-31.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4 in points
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert text.count("OFFICIAL-SENSITIVE") >= 2 * len(reader.pages)
    assert f"Page 1 of {len(reader.pages)}" in text
    assert "Force page: Test Constabulary (whole force)" in text
    assert (
        f"{WHOLE['da_call_share_pct']}%" in text and "16 domestic-abuse incidents of 144 calls for assistance" in text
    )


def test_the_csv_holds_every_figure_with_its_counts_and_is_formula_safe(year, client, force_analyst):
    ForceTotals.objects.filter(area=year.north).update(source='=HYPERLINK("http://evil.invalid","x")')
    client.force_login(force_analyst)
    response = client.get(reverse("reports:force_page_csv"), PERIOD | {"area": "north"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Force totals from", '\'=HYPERLINK("http://evil.invalid","x")'] in rows
    header = rows.index(CSV_HEADER)
    figures = {row[0]: row for row in rows[header + 1 :] if len(row) == len(CSV_HEADER)}
    assert figures["da_call_share"][3:8] == ["25", "12", "domestic-abuse incidents", "48", "calls for assistance"]
    assert figures["category_share.harassment"][3] == "67"
    assert figures["active_by_grade.standard"][3:5] == ["67", "4"]


def test_the_figures_take_a_fixed_handful_of_queries(year, django_assert_max_num_queries):
    scope = Scope(force=year.world.force)
    with django_assert_max_num_queries(7):
        page = selectors.force_page(scope, start=START, end=END, snapshot=SNAPSHOT)
    assert page.da_incidents == WHOLE["da_incidents"]
