"""The force's totals: entered by an analyst or imported from a CSV file (every row or none, each bad row named
by its line), one per area or force and month, never negative, with who entered them and from what source."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.roles import Role
from reports.models import ForceTotals
from reports.services import CSV_COLUMNS

HEADER = ",".join(CSV_COLUMNS)
ROW = "2026-01,{area},300,120,3,10,8,4,Force crime system"


@pytest.fixture
def analyst(force_analyst, today):
    return force_analyst


def totals_form(**changes) -> dict:
    data = {
        "month": "2026-02",
        "where": "north",
        "calls_for_assistance": "40",
        "recorded_crimes": "20",
        "assault_with_intent_crimes": "1",
        "assault_with_injury_crimes": "2",
        "harassment_crimes": "3",
        "sexual_offence_crimes": "4",
        "source": "Monthly return to the Home Office",
    }
    return data | changes


def test_an_analyst_enters_a_month_and_entering_it_again_replaces_it(client, analyst, world):
    client.force_login(analyst)
    response = client.post(reverse("reports:totals"), totals_form())
    assert response.status_code == 302
    row = ForceTotals.objects.get()
    assert (row.area, row.calls_for_assistance, row.entered_by) == (world.area, 40, analyst)
    assert row.source == "Monthly return to the Home Office" and row.force == world.force
    client.post(reverse("reports:totals"), totals_form(calls_for_assistance="45", source="Corrected return"))
    row = ForceTotals.objects.get()
    assert (row.calls_for_assistance, row.source) == (45, "Corrected return")
    assert row.pgh_event_model.objects.filter(pgh_obj=row).count() == 2  # both versions kept
    page = client.get(reverse("reports:totals")).content.decode()
    assert "February 2026" in page and "Corrected return" in page


def test_the_whole_force_is_entered_with_no_area(client, analyst):
    client.force_login(analyst)
    client.post(reverse("reports:totals"), totals_form(where=""))
    assert ForceTotals.objects.get().area is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"calls_for_assistance": "-1"}, "greater than or equal to 0"),
        ({"recorded_crimes": "5"}, "The four categories add up to more than all recorded crimes."),
        ({"month": "2026-13"}, "Use a month written YYYY-MM."),
        ({"month": "2026-06"}, "A month to come has no totals yet."),
        ({"source": ""}, "This field is required."),
        ({"where": "elsewhere"}, "Select a valid choice."),
    ],
)
def test_a_wrong_month_is_refused_beside_the_field_and_nothing_is_saved(client, analyst, changes, message):
    client.force_login(analyst)
    response = client.post(reverse("reports:totals"), totals_form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not ForceTotals.objects.exists()


def test_an_area_analyst_enters_their_area_only(client, make_user, today):
    analyst = make_user(Role.ANALYST, username="north_analyst")
    client.force_login(analyst)
    page = client.get(reverse("reports:totals")).content.decode()
    assert "The whole force</option>" not in page
    assert client.post(reverse("reports:totals"), totals_form(where="south")).status_code == 400
    assert client.post(reverse("reports:totals"), totals_form(where="")).status_code == 400
    assert not ForceTotals.objects.exists()


@pytest.mark.parametrize("role", [Role.SENIOR_OFFICER, Role.PVP_SUPERVISOR, Role.IDVA])
def test_only_analysts_enter_totals(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("reports:totals")).status_code == 403
    assert client.post(reverse("reports:totals"), totals_form()).status_code == 403


def test_the_database_refuses_negative_numbers_and_categories_beyond_the_crimes(analyst, world):
    fields = dict(force=world.force, area=world.area, month="2026-01-01", calls_for_assistance=1, recorded_crimes=10,
                  assault_with_intent_crimes=1, assault_with_injury_crimes=1, harassment_crimes=1,
                  sexual_offence_crimes=1, source="x", entered_by=analyst)  # fmt: skip
    for wrong in ({"calls_for_assistance": -1}, {"recorded_crimes": 3}, {"month": "2026-01-02"}, {"source": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ForceTotals.objects.create(**fields | wrong)
    ForceTotals.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        ForceTotals.objects.create(**fields)  # the same area and month twice
    ForceTotals.objects.create(**fields | {"area": None})
    with pytest.raises(IntegrityError), transaction.atomic():
        ForceTotals.objects.create(**fields | {"area": None})  # the whole force's month twice


def write(tmp_path, *lines: str, name="totals.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_command_imports_a_file_and_a_second_run_replaces_it(tmp_path, analyst, world):
    path = write(tmp_path, HEADER, ROW.format(area="north"), ROW.format(area="south"), ROW.format(area=""))
    out = io.StringIO()
    call_command("import_force_totals", str(path), "--user", analyst.username, stdout=out)
    assert "Imported 3 new months and replaced 0" in out.getvalue()
    assert ForceTotals.objects.count() == 3
    assert set(ForceTotals.objects.values_list("entered_by", flat=True)) == {analyst.pk}
    call_command("import_force_totals", str(path), "--user", analyst.username, stdout=out)
    assert "Imported 0 new months and replaced 3" in out.getvalue()
    assert ForceTotals.objects.count() == 3


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported(tmp_path, analyst, world):
    path = write(
        tmp_path,
        HEADER,
        ROW.format(area="north"),  # line 2: good, yet not imported
        "2026-1,north,300,120,3,10,8,4,x",  # 3: month
        "2026-02,nowhere,300,120,3,10,8,4,x",  # 4: area
        "2026-02,south,-3,120,3,10,8,four,x",  # 5: two counts
        "2026-02,south,300,10,3,10,8,4,x",  # 6: categories beyond the crimes
        ROW.format(area="north"),  # 7: line 2 again
        "2026-03,south,300,120,3,10,8,4,",  # 8: no source
        "2026-02,south,300",  # 9: short
        "2027-01,south,300,120,3,10,8,4,x",  # 10: a month to come
        "2026-04,south,٣٠٠,120,3,10,8,4,x",  # 11: digits, but not ASCII ones
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_force_totals", str(path), "--user", analyst.username, stderr=err)
    lines = err.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == [f"Line {n}" for n in (3, 4, 5, 5, 6, 7, 8, 9, 10, 11)]
    assert "Line 3: month: Give the month as YYYY-MM." in lines
    assert "Line 4: area: No area 'nowhere' of Test Constabulary within your reach." in lines
    assert "Line 5: calls_for_assistance: A whole number, 0 or more." in lines
    assert "Line 5: sexual_offence_crimes: A whole number, 0 or more." in lines
    assert "Line 6: The four categories add up to more than all recorded crimes." in lines
    assert "Line 7: the same area and month as line 2." in lines
    assert any(line.startswith("Line 8: source:") for line in lines)
    assert "Line 9: it must have exactly 9 columns." in lines
    assert "Line 10: month: A month to come has no totals yet." in lines
    assert not ForceTotals.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("month,area,calls\n2026-01,north,3\n", "Line 1: the columns must be, in order"),
        (HEADER + "\n", "The file has no rows of totals."),
        (b"\xff\xfe" + "month".encode("utf-16-le"), "Save the file as CSV in UTF-8."),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused(tmp_path, analyst, content, message):
    path = tmp_path / "totals.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_force_totals", str(path), "--user", analyst.username, stderr=err)
    assert message in err.getvalue()


def test_the_command_needs_an_analyst_and_a_file(tmp_path, make_user, analyst):
    path = write(tmp_path, HEADER, ROW.format(area="north"))
    make_user(Role.PVP_OFFICER, username="pvp_officer")
    with pytest.raises(CommandError, match="may not enter the force's totals"):
        call_command("import_force_totals", str(path), "--user", "pvp_officer")
    with pytest.raises(CommandError, match="No active user"):
        call_command("import_force_totals", str(path), "--user", "nobody")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_force_totals", str(tmp_path / "missing.csv"), "--user", analyst.username)


def test_an_analyst_imports_a_file_from_the_page(client, analyst):
    client.force_login(analyst)
    upload = io.BytesIO(("\ufeff" + HEADER + "\n" + ROW.format(area="north") + "\n").encode())
    upload.name = "totals.csv"
    response = client.post(reverse("reports:totals_import"), {"file": upload})
    assert response.status_code == 302
    assert ForceTotals.objects.get().calls_for_assistance == 300


def test_a_bad_file_on_the_page_lists_its_lines_and_imports_nothing(client, make_user, today):
    client.force_login(make_user(Role.ANALYST, username="north_analyst"))
    upload = io.BytesIO((HEADER + "\n" + ROW.format(area="north") + "\n" + ROW.format(area="south") + "\n").encode())
    upload.name = "totals.csv"
    response = client.post(reverse("reports:totals_import"), {"file": upload})
    assert response.status_code == 400
    assert (
        "Line 3: area: No area &#x27;south&#x27; of Test Constabulary within your reach." in response.content.decode()
    )
    assert not ForceTotals.objects.exists()


def test_the_change_link_opens_the_form_with_the_months_figures(client, analyst):
    client.force_login(analyst)
    client.post(reverse("reports:totals"), totals_form())
    page = client.get(reverse("reports:totals")).content.decode()
    assert "?month=2026-02&amp;where=north" in page
    form = client.get(reverse("reports:totals"), {"month": "2026-02", "where": "north"}).content.decode()
    assert 'value="Monthly return to the Home Office"' in form and 'value="40"' in form
    assert client.get(reverse("reports:totals"), {"month": "2026-99"}).status_code == 400
