"""Crime-harm weights: each offence category dacase records (incidents' Crime.offence) mapped to days.

The weights ship as data, reports/data/harm_index.csv (columns offence, days, basis), in the manner of the
Cambridge Crime Harm Index (Sherman, Neyroud and Neyroud, "The Cambridge Crime Harm Index: measuring total harm
from crime based on sentencing guidelines", Policing 10(3), 2016): the harm of a crime is the days of custody at
the Sentencing Council guideline's starting point for a first offender, a non-custodial sentence counted as a few
days. The shipped figures are our reading of those starting points for the category's commonest offence, not a
copy of a published table: a force checks them against the index it uses and changes the file (or points
DACASE_HARM_INDEX_FILE at its own).
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from incidents.models import Crime

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "data" / "harm_index.csv"
MAX_DAYS = 36_500  # a hundred years: anything more is a typing error
COLUMNS = ["offence", "days", "basis"]


@dataclass(frozen=True)
class HarmIndex:
    days: dict[str, int]
    basis: dict[str, str]
    source: str

    def arrays(self) -> tuple[list[str], list[int]]:
        """(offences, days) in one order: the SQL joins them with unnest()."""
        keys = sorted(self.days)
        return keys, [self.days[k] for k in keys]


def harm_file() -> Path:
    return Path(getattr(settings, "DACASE_HARM_INDEX_FILE", "") or DEFAULT_FILE)


def parse(lines, *, source: str) -> HarmIndex:
    """The weights of a harm-index file; every offence category exactly once, whole days from 0 to MAX_DAYS."""
    reader = csv.DictReader(lines)
    if reader.fieldnames != COLUMNS:
        raise ImproperlyConfigured(f"{source}: the columns must be {', '.join(COLUMNS)}.")
    days, basis, problems = {}, {}, []
    known = set(Crime.Offence.values)
    for number, row in enumerate(reader, start=2):
        offence, text = (row.get("offence") or "").strip(), (row.get("days") or "").strip()
        if offence not in known:
            problems.append(f"line {number}: {offence!r} is not an offence category ({', '.join(sorted(known))})")
        elif offence in days:
            problems.append(f"line {number}: {offence} is given twice")
        elif not text.isascii() or not text.isdigit() or int(text) > MAX_DAYS:
            problems.append(f"line {number}: days must be a whole number from 0 to {MAX_DAYS}")
        else:
            days[offence], basis[offence] = int(text), (row.get("basis") or "").strip()
    missing = known - days.keys()
    if missing and not problems:
        problems.append(f"no weight for {', '.join(sorted(missing))}")
    if problems:
        raise ImproperlyConfigured(f"{source}: " + "; ".join(problems))
    return HarmIndex(days=days, basis=basis, source=source)


def harm_index() -> HarmIndex:
    path = harm_file()
    with path.open(encoding="utf-8", newline="") as handle:
        return parse(handle, source=path.name)
