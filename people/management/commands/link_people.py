"""link_people: find the same people within one CSV file, or between two, without the database."""

import csv
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.csv import SafeWriter
from people.matching import SAME_PERSON_THRESHOLD, MatchRecord, link
from people.matching.normalise import parse_date

REQUIRED_COLUMNS = ("record_id", "given_name", "surname", "date_of_birth", "address_1", "address_2", "town", "postcode")
MAX_LINES_LISTED = 20


def _text(row: dict, column: str) -> str:
    return (row.get(column) or "").strip()


def read_records(path: str, warn) -> tuple[list[tuple[str, MatchRecord]], list[int]]:
    """The records of a CSV file, and the line numbers whose date of birth was not a date (read as missing)."""
    try:
        handle = open(path, newline="", encoding="utf-8-sig")  # noqa: SIM115 - closed below, errors reported
    except OSError as error:
        raise CommandError(f"{path}: cannot open ({error.strerror})") from error
    records: list[tuple[str, MatchRecord]] = []
    bad_dates: list[int] = []
    seen: dict[str, int] = {}
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames
            if not header:
                raise CommandError(f"{path}: empty file, expected a header line with {', '.join(REQUIRED_COLUMNS)}")
            header = [name.strip() for name in header]
            reader.fieldnames = header
            missing = [column for column in REQUIRED_COLUMNS if column not in header]
            if missing:
                raise CommandError(f"{path}, line 1: missing column(s) {', '.join(missing)}")
            for row in reader:
                line = reader.line_num
                record_id = _text(row, "record_id")
                if not record_id:
                    raise CommandError(f"{path}, line {line}: record_id is blank")
                if record_id in seen:
                    raise CommandError(
                        f"{path}, line {line}: record_id {record_id!r} already on line {seen[record_id]}"
                    )
                seen[record_id] = line
                try:
                    dob = parse_date(_text(row, "date_of_birth"))
                except ValueError:
                    warn(f"{path}, line {line}: date_of_birth {_text(row, 'date_of_birth')!r} is not a date")
                    bad_dates.append(line)
                    dob = None
                records.append((record_id, _record(row, dob)))
        except UnicodeDecodeError as error:
            raise CommandError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
        except csv.Error as error:
            raise CommandError(f"{path}, line {reader.line_num}: {error}") from error
    return records, bad_dates


def _record(row: dict, dob) -> MatchRecord:
    address = ", ".join(part for part in (_text(row, "address_1"), _text(row, "address_2")) if part)
    fields = {"given_name": (), "surname": (), "postcode": (), "town": (), "phone": ()}
    for column in fields:
        value = _text(row, column)
        fields[column] = (value,) if value else ()
    return MatchRecord(
        given_names=fields["given_name"],
        surnames=fields["surname"],
        date_of_birth=dob,
        postcodes=fields["postcode"],
        address_lines=(address,) if address else (),
        phones=fields["phone"],
        towns=fields["town"],
    )


class Command(BaseCommand):
    help = (
        "Find the same people in CSV files: duplicates within A, or each record of B linked to one of A. "
        f"Columns: {', '.join(REQUIRED_COLUMNS)}, and optionally phone. Writes record_id_a,record_id_b,score."
    )
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file_a", help="CSV of people (deduplicated alone, or the file B is linked to)")
        parser.add_argument("file_b", nargs="?", help="CSV of people to link to those of file_a")
        parser.add_argument("--out", required=True, help="CSV to write the pairs judged the same person to")
        parser.add_argument(
            "--threshold",
            type=float,
            default=SAME_PERSON_THRESHOLD,
            help=f"lowest score written, between 0 and 1 (default {SAME_PERSON_THRESHOLD})",
        )

    def handle(self, *args, file_a: str, file_b: str | None, out: str, threshold: float, **options) -> None:
        if not 0.0 < threshold <= 1.0:
            raise CommandError(f"--threshold must be above 0 and at most 1, not {threshold}")
        started = time.perf_counter()
        bad_lines: dict[str, list[int]] = {}
        records_a, bad_lines[file_a] = read_records(file_a, self._warn)
        records_b = None
        if file_b:
            records_b, bad_lines[file_b] = read_records(file_b, self._warn)
        for path, lines in bad_lines.items():
            if lines:
                listed = ", ".join(str(n) for n in lines[:MAX_LINES_LISTED])
                more = f" and {len(lines) - MAX_LINES_LISTED} more" if len(lines) > MAX_LINES_LISTED else ""
                self.stderr.write(f"{path}: {len(lines)} bad date(s) of birth read as missing, lines {listed}{more}")
        pairs = link(records_a, records_b, threshold=threshold)
        try:
            with open(out, "w", newline="", encoding="utf-8") as handle:
                writer = SafeWriter(handle)
                writer.writerow(["record_id_a", "record_id_b", "score"])
                writer.writerows((a, b, f"{value:.4f}") for a, b, value in pairs)
        except OSError as error:
            raise CommandError(f"{out}: cannot write ({error.strerror})") from error
        read = f"{len(records_a)} records from {Path(file_a).name}"
        if records_b is not None:
            read += f" and {len(records_b)} from {Path(file_b).name}"
        seconds = time.perf_counter() - started
        self.stdout.write(f"Read {read}; wrote {len(pairs)} pairs to {out} in {seconds:.1f} s")

    def _warn(self, message: str) -> None:
        self.stderr.write(message)
