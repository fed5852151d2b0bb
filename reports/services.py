"""Writes of the reports app: the force's totals (entered or imported) and the log of every report run."""

import csv
import getpass
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from people.models import Person

    from .profile.figures import ProblemProfile

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
    "xlsx": (AccessLog.Action.EXPORT, "XLSX"),
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


# -- the problem profile -----------------------------------------------------------------------------------------


def profile_parameters(*, scope: Scope, start: date, end: date) -> str:
    area = scope.area.code if scope.area else "whole force"
    return f"force {scope.force.code}, area {area}, {start:%Y-%m-%d} to {end:%Y-%m-%d}"


def problem_profile_run(
    *, user: User | None, scope: Scope, query: dict, fmt: str, request: HttpRequest | None = None
) -> "ProblemProfile":
    """The problem profile for the parsed parameters, the run logged with the pseudonymised people it lists."""
    from .profile.selectors import problem_profile

    profile = problem_profile(scope, start=query["start"], end=query["end"])
    action, words = REPORT_FORMATS[fmt]
    reason = f"Problem profile ({words}): {profile_parameters(scope=scope, start=query['start'], end=query['end'])}"
    if user is None:
        logger.info(
            "report run", extra={"report": "problem_profile", "os_user": getpass.getuser(), "parameters": reason}
        )
    else:
        access_record(user=user, action=action, reason=reason, persons=profile.person_ids, request=request)
    return profile


@transaction.atomic
def person_reidentify(
    *, user: User, scope: Scope, pseudonym: str, reason: str, request: HttpRequest | None = None
) -> "Person":
    """The person behind a pseudonym of a report, for a user with the permission, within the scope; logged.

    The pseudonym is looked for among the victims and suspects of the scope's domestic-abuse incidents (the
    people a profile of it can list); one not found there is a ValidationError. The access log keeps who, the
    person, the pseudonym and the reason.
    """
    from incidents.models import Party
    from people.models import Person

    from .profile.pseudonyms import find, is_well_formed

    errors = {}
    if not is_well_formed(pseudonym):
        errors["pseudonym"] = "Give a pseudonym as the report shows it: P- and ten letters or digits."
    if len(reason.strip()) < 10:
        errors["reason"] = "Say why you need to know who this is (at least 10 characters)."
    if errors:
        raise ValidationError(errors)
    parties = Party.objects.filter(
        selectors.in_scope(scope, "incident__area"),
        incident__is_domestic_abuse=True,
        role__in=[Party.Role.VICTIM, Party.Role.SUSPECT],
    )
    ids = parties.values_list("person_id", flat=True).distinct().iterator(chunk_size=5000)
    person_id = find(pseudonym, ids, scope.force.code)
    if person_id is None:
        raise ValidationError({"pseudonym": "No victim or perpetrator of this area's incidents has this pseudonym."})
    person = Person.objects.get(pk=person_id)
    access_record(
        user=user,
        obj=person,
        persons=[person.pk],
        action=AccessLog.Action.REVEAL,
        reason=f"Re-identified {pseudonym.strip().upper()} of a report ({scope.label}): {reason.strip()}",
        request=request,
    )
    return person
