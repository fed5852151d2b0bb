"""Writes of the reports app: the force's totals (entered or imported) and the log of every report run."""

import csv
import getpass
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import Area, Force, User
from audit.models import AccessLog
from audit.services import access_record

from . import selectors
from .models import COUNT_FIELDS, ForceTotals
from .policies import Scope

logger = logging.getLogger(__name__)

# The columns of a force totals file, in order; "area" empty is the whole force.
CSV_COLUMNS = ("month", "area", *COUNT_FIELDS, "source")
MAX_IMPORT_ROWS = 10_000
# ASCII digits only, the whole cell (a count fits the column: at most 9 digits).
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_COUNT = re.compile(r"[0-9]{1,9}")


@dataclass(frozen=True)
class TotalsSaved:
    created: int
    replaced: int


def _month(text: str) -> date:
    match = _MONTH.fullmatch(text)
    if match is None:
        raise ValidationError({"month": "Give the month as YYYY-MM."})
    year, month = int(match[1]), int(match[2])
    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        raise ValidationError({"month": "Give a real month (YYYY-MM) between 1900 and 2100."})
    return date(year, month, 1)


def _totals_row(*, force: Force, area: Area | None, month: date, counts: dict, source: str, user: User) -> ForceTotals:
    """The row for force, area and month with these figures (the existing one, if any, is replaced); validated."""
    if area is not None and area.force_id != force.pk:
        raise ValidationError({"area": "That area is not one of this force's."})
    if month > timezone.localdate():
        raise ValidationError({"month": "A month to come has no totals yet."})
    existing = ForceTotals.objects.filter(force=force, area=area, month=month.replace(day=1)).first()
    row = existing or ForceTotals(force=force, area=area, month=month.replace(day=1))
    for name in COUNT_FIELDS:
        setattr(row, name, counts[name])
    row.source, row.entered_by = source.strip(), user
    row.entered_at = timezone.now()
    row.full_clean()  # the model's constraints, each with its message
    return row


@transaction.atomic
def force_totals_save(
    *, force: Force, area: Area | None, month: date, counts: dict, source: str, user: User
) -> ForceTotals:
    """Enter one month's totals for the force or one of its areas, replacing what was entered before."""
    row = _totals_row(force=force, area=area, month=month, counts=counts, source=source, user=user)
    row.save()
    return row


def _parse_line(
    fields: dict, *, force: Force, areas: dict[str, Area], whole_force: bool
) -> tuple[Area | None, date, dict, str]:
    errors = {}
    month = area = None
    try:
        month = _month((fields.get("month") or "").strip())
    except ValidationError as exc:
        errors.update(exc.message_dict)
    code = (fields.get("area") or "").strip()
    if code:
        area = areas.get(code)
        if area is None:
            errors["area"] = [f"No area {code!r} of {force.name} within your reach."]
    elif not whole_force:
        errors["area"] = ["The whole force's totals (no area) are beyond your reach."]
    counts = {}
    for name in COUNT_FIELDS:
        text = (fields.get(name) or "").strip()
        if not _COUNT.fullmatch(text):
            errors[name] = ["A whole number, 0 or more."]
        else:
            counts[name] = int(text)
    if errors:
        raise ValidationError(errors)
    assert month is not None  # else refused above
    return area, month, counts, (fields.get("source") or "").strip()


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{field}: {m}" if field != "__all__" else m for field, ms in exc.message_dict.items() for m in ms]
    return exc.messages


@transaction.atomic
def force_totals_import(
    *, force: Force, lines: Iterable[str], user: User, areas: Iterable[Area] | None = None, whole_force: bool = True
) -> TotalsSaved:
    """Import a CSV of totals (columns CSV_COLUMNS, a header row first): every row, or none.

    Every bad row is reported with its line number, in one ValidationError (its messages are the lines).
    A month entered before is replaced; a file naming one area and month twice is refused. ``areas`` (default:
    every area of the force) and ``whole_force`` say which rows the importer may write.
    """
    reader = csv.DictReader(lines)
    header = [h.strip() for h in (reader.fieldnames or [])]
    if tuple(header) != CSV_COLUMNS:
        raise ValidationError(f"Line 1: the columns must be, in order: {', '.join(CSV_COLUMNS)}.")
    reader.fieldnames = header
    by_code = {a.code: a for a in (Area.objects.filter(force=force) if areas is None else areas)}
    problems: list[str] = []
    rows: list = []
    seen: dict[tuple[int | None, date], int] = {}
    for number, fields in enumerate(reader, start=2):
        if number - 1 > MAX_IMPORT_ROWS:
            problems.append(f"Line {number}: a file has at most {MAX_IMPORT_ROWS} rows; split it.")
            break
        if None in fields or any(v is None for v in fields.values()):
            problems.append(f"Line {number}: it must have exactly {len(CSV_COLUMNS)} columns.")
            continue
        try:
            area, month, counts, source = _parse_line(fields, force=force, areas=by_code, whole_force=whole_force)
        except ValidationError as exc:
            problems.extend(f"Line {number}: {m}" for m in _messages(exc))
            continue
        key = (area.pk if area else None, month)
        if key in seen:
            problems.append(f"Line {number}: the same area and month as line {seen[key]}.")
        seen.setdefault(key, number)
        try:
            rows.append(_totals_row(force=force, area=area, month=month, counts=counts, source=source, user=user))
        except ValidationError as exc:
            problems.extend(f"Line {number}: {m}" for m in _messages(exc))
    if not rows and not problems:
        problems.append("The file has no rows of totals.")
    if problems:
        raise ValidationError(problems)
    replaced = sum(1 for r in rows if r.pk)
    for row in rows:
        row.save()
    return TotalsSaved(created=len(rows) - replaced, replaced=replaced)


def decode_upload(*, data: bytes) -> list[str]:
    """A CSV file's lines (UTF-8, with or without a byte-order mark); a file of another encoding is refused."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError("Save the file as CSV in UTF-8.") from exc
    if "\x00" in text:
        raise ValidationError("This is not a CSV file.")
    return io.StringIO(text, newline="").readlines()


def report_parameters(*, scope: Scope, start: date, end: date, snapshot: date) -> str:
    area = scope.area.code if scope.area else "whole force"
    return f"force {scope.force.code}, area {area}, {start:%Y-%m-%d} to {end:%Y-%m-%d}, snapshot {snapshot:%Y-%m-%d}"


# How each way of taking the report is logged: (access-log action, words).
REPORT_FORMATS = {
    "page": (AccessLog.Action.VIEW, "page"),
    "api": (AccessLog.Action.VIEW, "API"),
    "pdf": (AccessLog.Action.DOWNLOAD, "PDF"),
    "csv": (AccessLog.Action.EXPORT, "CSV"),
    "command": (AccessLog.Action.VIEW, "command"),
}


def force_page_run(
    *, user: User, scope: Scope, query: dict, fmt: str, request: HttpRequest | None = None
) -> selectors.ForcePage:
    """The force page's figures for the parsed parameters, the run logged: the one way every output takes them."""
    when = {name: query[name] for name in ("start", "end", "snapshot")}
    page = selectors.force_page(scope, **when)
    report_run_record(user=user, scope=scope, fmt=fmt, request=request, **when)
    return page


def report_run_record(
    *, user: User, scope: Scope, start: date, end: date, snapshot: date, fmt: str, request: HttpRequest | None = None
) -> None:
    """Log a run or download of the force page: who, which report, its parameters and how it was taken.

    A user's run goes to the access log (the auditor's page finds it); a command run without a user (an
    administrator on the server) goes to the application log with the operating-system account.
    """
    action, words = REPORT_FORMATS[fmt]
    reason = f"Force page ({words}): {report_parameters(scope=scope, start=start, end=end, snapshot=snapshot)}"
    if user is None:
        logger.info("report run", extra={"report": "force_page", "os_user": getpass.getuser(), "parameters": reason})
        return
    access_record(user=user, action=action, reason=reason, request=request)
