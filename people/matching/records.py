"""The record a matcher compares (MatchRecord), its result (Match) and the prepared, normalised form of a record."""

import datetime
import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from .names import canonical_given, given_frequency, phonetic, surname_frequency
from .normalise import (
    AddressLine,
    Postcode,
    clean_dob,
    name_forms,
    normalise_address,
    normalise_phone,
    normalise_postcode,
    normalise_town,
)


@dataclass(frozen=True)
class MatchRecord:
    """What the matcher knows of a person, or what a searcher typed: every field may be empty."""

    given_names: tuple[str, ...]
    surnames: tuple[str, ...]
    date_of_birth: datetime.date | None
    postcodes: tuple[str, ...]
    address_lines: tuple[str, ...]
    phones: tuple[str, ...]
    towns: tuple[str, ...] = ()


@dataclass
class Match:
    """The verdict on a pair: a score in 0..1 and the reasons for it in plain English."""

    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class NameForm:
    """One form of one name of a record, with what the comparisons need precomputed."""

    text: str  # folded, without spaces: "smithjones"
    phon: str  # phonetic code
    canon: frozenset[str]  # canonical given names (nickname table); empty for surnames
    freq: float  # share of people with this name
    alias: bool  # from an alias or previous name rather than the main one
    part: bool  # a word of a longer name (one half of "Smith-Jones")
    initial: bool  # a single letter


@dataclass(frozen=True, slots=True)
class Prepared:
    """A MatchRecord normalised once, so that scoring many pairs does not repeat the work."""

    given: tuple[NameForm, ...]
    surnames: tuple[NameForm, ...]
    dob: datetime.date | None
    dob_text: str  # YYYYMMDD, "" when unknown
    postcodes: tuple[Postcode, ...]
    lines: tuple[AddressLine, ...]
    phones: tuple[str, ...]
    towns: tuple[str, ...]


_NO_CANON: frozenset[str] = frozenset()


def _forms(names: tuple[str, ...], frequency: Callable[[str], float], *, given: bool) -> tuple[NameForm, ...]:
    seen: set[str] = set()
    result: list[NameForm] = []
    for position, name in enumerate(names):
        for index, text in enumerate(name_forms(name, given=given)):
            if text in seen:
                continue
            seen.add(text)
            # Interned: a name recurs across thousands of records, and one copy serves them all.
            text = sys.intern(text)
            canon = canonical_given(text) if given else _NO_CANON
            result.append(
                NameForm(text, phonetic(text), canon, frequency(text), position > 0, index > 0, len(text) == 1)
            )
    return tuple(result)


def _unique(values) -> tuple:
    return tuple(dict.fromkeys(v for v in values if v))


def prepare_record(
    record: MatchRecord,
    given_frequency: Callable[[str], float] = given_frequency,
    surname_frequency: Callable[[str], float] = surname_frequency,
) -> Prepared:
    """Normalise a record, taking name frequencies from the given functions (the national lists by default)."""
    dob = clean_dob(record.date_of_birth)
    return Prepared(
        given=_forms(record.given_names, given_frequency, given=True),
        surnames=_forms(record.surnames, surname_frequency, given=False),
        dob=dob,
        dob_text=dob.strftime("%Y%m%d") if dob else "",
        postcodes=_unique(normalise_postcode(p) for p in record.postcodes),
        lines=_unique(normalise_address(line) for line in record.address_lines),
        phones=_unique(normalise_phone(p) for p in record.phones),
        towns=_unique(normalise_town(t) for t in record.towns),
    )


@functools.lru_cache(maxsize=4096)
def prepare(record: MatchRecord) -> Prepared:
    """Normalise a record once (cached: a search scores one query against many candidates)."""
    return prepare_record(record)
