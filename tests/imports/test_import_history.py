"""manage.py import_history: a small force history with known answers, a rerun that writes nothing, bad rows
reported as file:line with nothing of their file imported, another force's area refused, and the audit."""

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from accounts.roles import Role
from imports.models import ImportedFile, PersonLink
from imports.rows import ARRESTS, CRIMES, INCIDENTS, PEOPLE
from imports.services import history_import, source_for
from incidents.models import Arrest, Crime, Incident, Party
from incidents.selectors import incident_is_repeat
from people.matching import SAME_PERSON_THRESHOLD, MatchRecord
from people.models import MatchKey, Person
from people.selectors import person_search

from ..factories import make_person

NOW = datetime.fromisoformat("2026-04-15T12:00:00+01:00")

PEOPLE_ROWS = [
    # P1 is Jane Smith of the index (same name, date of birth, address and phone): matched, not added.
    ["P1", "Jane", "", "Smith", "1985-03-02", "female", "12 Acacia Avenue", "", "Worcester", "WR1 2AB", "07700 900123"],
    ["P2", "John", "Paul", "Doe", "1980-07-19", "male", "12 Acacia Avenue", "", "Worcester", "WR1 2AB", ""],
    ["P3", "Mary", "", "Jones", "", "", "", "", "", "", ""],
]
INCIDENT_ROWS = [
    [
        "I1",
        "2025-06-01T22:10:00+01:00",
        "north",
        "999",
        "current_partner",
        "",
        "physical;coercive_control",
        "12 Acacia Avenue",
        "WR1 2AB",
        "Caller reports her partner hit her.",
        "P1",
        "P2",
        "crime",
        "",
    ],
    [
        "I2",
        "2025-09-01 21:00",
        "north",
        "101",
        "current_partner",
        "",
        "psychological",
        "12 Acacia Avenue",
        "WR1 2AB",
        "Threats by text.",
        "P1",
        "P2",
        "crime",
        "2025-09-20T10:00:00+01:00",
    ],
    ["I3", "2025-11-05T08:00:00Z", "south", "online", "family", "sibling", "financial", "", "", "", "P3", "", "", ""],
]
CRIME_ROWS = [
    [
        "C1",
        "I1",
        "WM/25/0001",
        "assault_with_injury",
        "2025-06-02T09:00:00+01:00",
        "charge",
        "2025-06-03T09:00:00+01:00",
        "",
    ],
    ["C2", "I2", "", "harassment", "2025-09-02T09:00:00+01:00", "nfa", "2025-09-20T09:00:00+01:00", "Victim withdrew."],
]
ARREST_ROWS = [["A1", "I1", "P2", "2025-06-01T23:00:00+01:00", "Assault occasioning actual bodily harm"]]


def write(directory: Path, kind, rows) -> None:
    with (directory / kind.file_name).open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(kind.columns)
        writer.writerows(rows)


@pytest.fixture
def history(tmp_path) -> Path:
    write(tmp_path, PEOPLE, PEOPLE_ROWS)
    write(tmp_path, INCIDENTS, INCIDENT_ROWS)
    write(tmp_path, CRIMES, CRIME_ROWS)
    write(tmp_path, ARRESTS, ARREST_ROWS)
    return tmp_path


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def jane(personas, world):
    """Jane Smith as intake added her to the test force's index; her namesake in the neighbouring force."""
    same = dict(
        given_name="Jane",
        surname="Smith",
        date_of_birth=date(1985, 3, 2),
        phones=["07700 900123"],
        address={"line_1": "12 Acacia Avenue", "town": "Worcester", "postcode": "WR1 2AB"},
    )
    make_person(force=world.other_force, **same)
    return make_person(user=personas.handler, **same)


def run(directory: Path, user: str = "administrator", *extra: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_history", str(directory), f"--user={user}", "--source=niche", *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts() -> dict:
    return {m.__name__: m.objects.count() for m in (Person, Party, Incident, Crime, Arrest, MatchKey, PersonLink)}


def test_a_small_history_imports_with_known_answers(clock, history, jane, personas, world):
    out, _ = run(history)
    assert "people.csv: 3 rows, 2 new, 1 matched to the index, 0 imported before" in out
    assert "incidents.csv: 3 rows, 3 new" in out and "crimes.csv: 2 rows, 2 new" in out
    assert "arrests.csv: 1 rows, 1 new" in out

    links = {link.source_key: link for link in PersonLink.objects.all()}
    assert links["P1"].person == jane and links["P1"].matched and links["P1"].score >= SAME_PERSON_THRESHOLD
    john = links["P2"].person
    assert not links["P2"].matched and john.import_source.name == "niche" and john.source_id == "P2"
    assert john.force == world.force and john.created_by == personas.administrator
    # Added to the index as intake adds people: the search finds him at once.
    found = person_search(
        MatchRecord(("John",), ("Doe",), date(1980, 7, 19), ("WR1 2AB",), (), ()), user=personas.handler
    )
    assert found[0].person_id == john.pk and found[0].band_key == "likely"

    i1, i2, i3 = (Incident.objects.get(source_id=s) for s in ("I1", "I2", "I3"))
    assert i1.reference == f"INC-2025-{i1.pk:07d}" and i1.import_source.force == world.force
    assert i1.received_at == datetime.fromisoformat("2025-06-01T22:10:00+01:00")
    assert i2.received_at == datetime.fromisoformat("2025-09-01T21:00:00+01:00")  # UK time without an offset
    assert i1.area == world.area and i3.area == world.other_area and i3.family_relation == "sibling"
    assert i1.abuse_types == ["coercive_control", "physical"]
    assert i2.status == "closed" and i2.signed_off_by == personas.administrator and i1.status == "open"
    assert [(p.role, p.person_id) for p in i1.parties.order_by("role")] == [("suspect", john.pk), ("victim", jane.pk)]
    # Jane's history, flags and the force page count the imported incidents like native ones.
    assert not incident_is_repeat(i1) and incident_is_repeat(i2)
    c1, c2 = Crime.objects.get(source_id="C1"), Crime.objects.get(source_id="C2")
    assert c1.crime_number == "WM/25/0001" and c1.outcome == "charge" and c2.crime_number == "niche-C2"
    assert Arrest.objects.get(source_id="A1").person == john

    page = io.StringIO()
    call_command("force_page", "--force=test", "--start=2025-04-01", "--end=2026-03-31", "--json", stdout=page)
    figures = json.loads(page.getvalue())
    assert figures["da_incidents"] == 3 and figures["repeat_incidents"] == 1
    assert figures["da_crimes"] == 2 and figures["arrests"] == 1
    assert figures["outcomes"]["charge"] == 1


def test_a_rerun_changes_nothing(clock, history, jane, personas):
    run(history)
    before = counts()
    events = Incident.pgh_event_model.objects.count(), Person.pgh_event_model.objects.count()
    out, _ = run(history)
    assert counts() == before
    assert (Incident.pgh_event_model.objects.count(), Person.pgh_event_model.objects.count()) == events
    assert "people.csv: 3 rows, 0 new, 0 matched to the index, 3 imported before" in out
    assert "incidents.csv: 3 rows, 0 new, 0 matched to the index, 3 imported before" in out


BAD_INCIDENTS = {
    "impossible date": (1, "2025-02-30T10:00:00", "received_at '2025-02-30T10:00:00' is not a date and time"),
    "unknown area": (2, "nowhere", "area 'nowhere' is not an area of this force"),
    "another force's area": (2, "east", "area 'east' is not an area of this force"),
    "NUL byte": (7, "12 Acacia\x00 Avenue", "location holds a NUL byte"),
    "formula": (9, '=HYPERLINK("http://x","y")', "summary starts with '='"),
    "huge value": (7, "x" * 100_000, "location is longer than 200 characters"),
    "missing victim": (10, "", "victim_id is missing"),
    "victim not in people.csv": (10, "P9", "victim_id 'P9' is not a person of people.csv"),
}


@pytest.mark.parametrize("case", BAD_INCIDENTS)
def test_a_bad_row_is_reported_with_file_and_line_and_nothing_of_its_file_is_imported(
    clock, history, jane, personas, case
):
    column, value, message = BAD_INCIDENTS[case]
    rows = [list(r) for r in INCIDENT_ROWS]
    rows[1][column] = value  # the second row: line 3 of the file
    write(history, INCIDENTS, rows)
    with pytest.raises(CommandError, match="not imported"):
        run(history)
    result = history_import(
        directory=history,
        source=source_for(force=personas.administrator.areas.first().force, name="niche"),
        user=personas.administrator,
    )
    problems = {r.kind: r.problems for r in result}
    assert any(p.startswith("incidents.csv:3: ") and message in p for p in problems["incidents"]), problems
    assert not Incident.objects.exists()
    assert not ImportedFile.objects.filter(kind="incidents").exists()
    # People came in (their own file was good); crimes and arrests name the missing incidents by line.
    assert Person.objects.filter(source_id="P2").exists()
    assert problems["crimes"][0].startswith("crimes.csv:2: incident_id 'I1' is not an incident")


def test_formula_and_nul_in_people_are_refused_by_line(clock, history, personas):
    rows = [list(r) for r in PEOPLE_ROWS]
    rows[0][3] = "@SUM(A1)"
    rows[2][1] = "Ma\x00ry"
    write(history, PEOPLE, rows)
    result = history_import(
        directory=history,
        source=source_for(force=personas.administrator.areas.first().force, name="niche"),
        user=personas.administrator,
    )
    assert result[0].problems == [
        "people.csv:2: surname starts with '@', as a spreadsheet formula does",
        "people.csv:4: given_name holds a NUL byte",
    ]
    assert not Person.objects.exists()


def test_the_importer_is_checked_like_import_force_totals(clock, history, personas):
    with pytest.raises(CommandError, match="may not import"):
        run(history, "analyst")
    personas.other_force(Role.ADMINISTRATOR)
    with pytest.raises(CommandError, match="imports into neighbour, not test"):
        run(history, "administrator_neighbour", "--force=test")
    assert not Incident.objects.exists()


def test_the_neighbouring_forces_importer_cannot_use_our_areas(clock, history, personas, world):
    personas.other_force(Role.ADMINISTRATOR)
    with pytest.raises(CommandError):
        run(history, "administrator_neighbour")
    assert not Incident.objects.exists()  # north and south are not areas of the neighbour
    # Its people went to its own index only, and matched no one of ours.
    assert set(Person.objects.values_list("force", flat=True)) == {world.other_force.pk}


def test_each_file_and_record_is_audited(clock, history, jane, personas):
    run(history)
    files = ImportedFile.objects.order_by("id")
    assert [(f.kind, f.file_name, f.imported_by) for f in files] == [
        ("people", "people.csv", personas.administrator),
        ("incidents", "incidents.csv", personas.administrator),
        ("crimes", "crimes.csv", personas.administrator),
        ("arrests", "arrests.csv", personas.administrator),
    ]
    assert ImportedFile.pgh_event_model.objects.filter(pgh_label="insert").count() == 4
    incident = Incident.objects.get(source_id="I1")
    event = Incident.pgh_event_model.objects.get(pgh_obj=incident, pgh_label="insert")
    assert event.pgh_context.metadata["command"] == "import_history"
    assert event.pgh_context.metadata["user"] == personas.administrator.pk
    assert event.pgh_context.metadata["file"] == "incidents.csv"
    assert Party.pgh_event_model.objects.filter(pgh_obj__incident=incident).count() == 2
    john = Person.objects.get(source_id="P2")
    assert Person.pgh_event_model.objects.get(pgh_obj=john).pgh_context.metadata["source"] == "niche"


AGREEMENT_ROWS = [
    # The same person, typed a little differently (a nickname, a day and month swapped): intake's top band.
    ["Q1", "Jenny", "", "Smith", "1985-02-03", "female", "12 Acacia Ave", "", "Worcester", "WR1 2AB", ""],
    # A namesake born another year, elsewhere: intake offers her at best as "possibly", so she is added.
    ["Q2", "Jane", "", "Smith", "1991-08-30", "female", "3 Mill Lane", "", "Hereford", "HR4 9AA", ""],
    # Nobody like him in the index.
    ["Q3", "Oliver", "", "Quigley", "1970-01-01", "male", "", "", "", "", ""],
]


def test_the_import_matches_whom_the_intake_search_calls_very_likely_the_same_person(clock, tmp_path, jane, personas):
    write(tmp_path, PEOPLE, AGREEMENT_ROWS)
    searched = {}
    for source_key, given, _, surname, dob, *_, address, __, town, postcode, phone in AGREEMENT_ROWS:
        record = MatchRecord(
            (given,),
            (surname,),
            date.fromisoformat(dob),
            (postcode,) if postcode else (),
            (address,) if address else (),
            (phone,) if phone else (),
            (town,) if town else (),
        )
        found = person_search(record, user=personas.handler)
        searched[source_key] = found[0].person_id if found and found[0].band_key == "likely" else None
    run(tmp_path)
    links = {link.source_key: link for link in PersonLink.objects.all()}
    imported = {key: link.person_id if link.matched else None for key, link in links.items()}
    assert imported == searched == {"Q1": jane.pk, "Q2": None, "Q3": None}


def test_an_imported_incident_opens_like_a_native_one_and_says_where_it_came_from(
    clock, client, history, jane, personas
):
    from django.urls import reverse

    run(history)
    incident = Incident.objects.get(source_id="I1")
    client.force_login(personas.sergeant)
    response = client.get(reverse("incidents:detail", args=[incident.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Imported from niche, id I1" in page and "Jane" in page and "Not recorded in the old system" in page
    response = client.get(reverse("people:detail", args=[jane.pk]))
    assert response.status_code == 200 and incident.reference in response.content.decode()
