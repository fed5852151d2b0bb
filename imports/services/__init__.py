"""Importing a force's history from its old system: a directory of CSV files, one per kind.

Each file imports whole or not at all: it is read and checked row by row, COPYed into temporary staging
tables, checked again against what dacase holds (ids, areas, references), and written with set-based
INSERT ... SELECT, all in one transaction. Any bad row (reported as file:line) rolls the file back. A rerun
of the same files finds every record by its source id and writes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pghistory
import pgtrigger
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Area, Force, User

from .. import rows
from ..models import ImportedFile, Source
from . import people, records
from .audit import INSERT_TRIGGERS, attach_context
from .staging import Problems, file_facts, read_rows

KINDS: dict[str, records.Kind | None] = {
    "people": None,
    "incidents": records.Incidents(),
    "crimes": records.Crimes(),
    "arrests": records.Arrests(),
}

STAGING_TABLES = (
    "stage_person",
    "stage_qkey",
    "stage_mkey",
    "stage_match",
    "stage_incident",
    "stage_crime",
    "stage_arrest",
)


@dataclass
class FileResult:
    kind: str
    path: Path
    rows: int = 0
    created: int = 0
    matched: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def imported(self) -> bool:
        return not self.problems


Progress = Callable[[str, int, int], None]  # (file name, rows read, lines in the file)


def source_for(*, force: Force, name: str) -> Source:
    source, _ = Source.objects.get_or_create(force=force, name=name)
    return source


def _import_file(
    path: Path, kind: rows.Columns, *, source: Source, user: User, progress: Progress | None
) -> FileResult:
    result = FileResult(kind.kind, path)
    digest, lines = file_facts(path=path)
    problems = Problems(path.name)
    now = timezone.now()
    context = {
        "now": now,
        "today": timezone.localdate(now),
        "areas": dict(Area.objects.filter(force_id=source.force_id).values_list("code", "pk")),
    }
    handler = KINDS[kind.kind]
    metadata = {"user": user.pk, "command": "import_history", "source": source.name, "file": path.name}
    try:
        with (
            transaction.atomic(),
            pghistory.context(**metadata, sha256=digest) as history,
            connection.cursor() as cursor,
        ):
            # ON COMMIT DROP ends them with the transaction; a file imported inside a caller's transaction
            # (the tests) drops the last file's first.
            cursor.execute(f"DROP TABLE IF EXISTS {', '.join(STAGING_TABLES)}")
            cursor.execute(people.STAGING if handler is None else handler.staging)
            match = handler is None and not people.index_is_empty(cursor=cursor, force_id=source.force_id)
            parse = rows.PARSERS[kind.kind]
            for chunk in read_rows(path=path, kind=kind, parse=parse, problems=problems, context=context):
                if handler is None:
                    people.stage_chunk(cursor=cursor, chunk=chunk, source_id=source.pk, match=match)
                else:
                    records.stage(kind=handler, cursor=cursor, chunk=chunk)
                result.rows += len(chunk)
                if progress is not None:
                    progress(path.name, result.rows, lines)
            if not problems.count:
                if handler is None:
                    people.check(cursor=cursor, source_id=source.pk, problems=problems)
                else:
                    handler.check(cursor=cursor, source=source, problems=problems)
            if problems.count:
                raise ValidationError(problems.all())
            attach_context(cursor=cursor, context=history)
            with pgtrigger.ignore(*INSERT_TRIGGERS):
                write = people.write if handler is None else handler.write
                counts = write(cursor=cursor, source=source, user_id=user.pk, context=history)
            result.created, result.matched, result.unchanged = counts["created"], counts["matched"], counts["unchanged"]
            ImportedFile.objects.create(
                source=source,
                kind=kind.kind,
                file_name=path.name,
                sha256=digest,
                rows=result.rows,
                created=result.created,
                matched=result.matched,
                unchanged=result.unchanged,
                imported_by=user,
            )
    except ValidationError as exc:
        result.problems = exc.messages
        result.created = result.matched = result.unchanged = 0
    return result


def history_import(
    *, directory: Path, source: Source, user: User, progress: Progress | None = None
) -> list[FileResult]:
    """Import each file of the directory that is there, in the order people, incidents, crimes, arrests.

    Each file is one transaction; one with a bad row imports nothing, and the files after it still run
    (their rows that refer to its records are reported as bad in their turn).
    """
    results = []
    for kind in rows.KINDS:
        path = directory / kind.file_name
        if path.exists():
            results.append(_import_file(path, kind, source=source, user=user, progress=progress))
    return results


__all__ = ["FileResult", "history_import", "source_for"]
