"""Searching the person index."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from accounts.models import User
from accounts.reach import reach

from .match_data import PROTECTED_DATA, PROTECTED_KIND, match_record_from_data, with_protected
from .matching import (
    CANDIDATE_THRESHOLD,
    Match,
    MatchRecord,
    band,
    given_name_prefixes,
    prefix_query,
    query_keys,
    score,
)
from .models import Person

# Each key contributes at most this many people: a very common key (a surname
# prefix of two letters) must not drag the whole index into the ranking.
ROWS_PER_KEY = 300
CANDIDATES_TO_SCORE = 200
# A search by given name alone can only list some of the people of that name: it shows this many, and says so.
GIVEN_NAME_ONLY_LIMIT = 20


class Banded:
    """A match score with what it means in words (see people.matching.scoring.BANDS)."""

    score: float

    @property
    def band(self) -> str:
        return band(self.score)[1]

    @property
    def band_key(self) -> str:
        return band(self.score)[0]


@dataclass
class Candidate(Banded):
    person_id: int
    name: str
    date_of_birth: date | None
    gender: str
    score: float
    reasons: list[str]


def _lookups(query: MatchRecord) -> tuple[set[tuple[str, str]], list[tuple[str, str]]]:
    """The keys and the prefixes a search looks up; a given name alone is looked up by prefix (bounded)."""
    keys, prefix = query_keys(query), prefix_query(query)
    if keys or prefix is not None:
        return keys, [prefix] if prefix is not None else []
    return keys, given_name_prefixes(query)


def is_given_name_only(query: MatchRecord) -> bool:
    """True when the search can only go by the given name, so it lists some of the people of that name."""
    keys, prefixes = _lookups(query)
    return not keys and bool(prefixes)


def _candidate_ids(force_id: int, keys: set[tuple[str, str]], prefixes: list[tuple[str, str]]) -> list[int]:
    """People of the force sharing the most keys with the query, from the covering index alone."""
    if not keys and not prefixes:
        return []
    parts: list[str] = []
    params: list[str | int] = []
    if keys:
        values = ", ".join(["(%s, %s)"] * len(keys))
        # Only placeholders are interpolated into the SQL text; every value is a parameter.
        parts.append(
            f"""SELECT k.person_id FROM (VALUES {values}) AS q(kind, value)
            CROSS JOIN LATERAL (
                SELECT m.person_id FROM people_matchkey m
                WHERE m.force_id = %s AND m.kind = q.kind AND m.value = q.value LIMIT %s
            ) k"""  # noqa: S608
        )
        for kind, value in sorted(keys):
            params += [kind, value]
        params += [force_id, ROWS_PER_KEY]
    for kind, start in prefixes:
        parts.append(
            "(SELECT m.person_id FROM people_matchkey m"
            " WHERE m.force_id = %s AND m.kind = %s AND m.value LIKE %s LIMIT %s)"
        )
        params += [force_id, kind, start.replace("\\", "").replace("%", "").replace("_", "\\_") + "%", ROWS_PER_KEY]
    hits = " UNION ALL ".join(parts)
    sql = f"SELECT person_id FROM ({hits}) hits GROUP BY person_id ORDER BY count(*) DESC, person_id LIMIT %s"  # noqa: S608
    params.append(CANDIDATES_TO_SCORE)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _rows(force_id: int, ids: list[int]) -> QuerySet[Person, dict[str, Any]]:
    return (
        Person.objects.active()
        .filter(pk__in=ids, force_id=force_id)
        .values("pk", "given_name", "middle_names", "surname", "date_of_birth", "gender", "match_data")
    )


def _candidate(row: dict, match: Match, reasons: list[str]) -> Candidate:
    name = " ".join(p for p in (row["given_name"], row["middle_names"], row["surname"].upper()) if p)
    return Candidate(row["pk"], name, row["date_of_birth"], row["gender"], match.score, reasons)


def _ranked(found: list[Candidate], limit: int) -> list[Candidate]:
    found.sort(key=lambda c: (-c.score, c.name, c.person_id))
    return found[:limit]


def person_search(
    query: MatchRecord, *, user: User, limit: int = 10, exclude_ids: Collection[int] = ()
) -> list[Candidate]:
    """Ranked candidates for the query among the people the user may see (their force's index), each with its
    score and the reasons for it.

    Only what may be disclosed takes part: the keys looked up are the matcher's own kinds, never the
    PROTECTED_KIND keys of confidential addresses, and candidates are scored on their listable data.
    """
    found_reach = reach(user, "people.view_person")
    if found_reach is None:
        return []
    force_id = found_reach.force_id
    ids = [i for i in _candidate_ids(force_id, *_lookups(query)) if i not in set(exclude_ids)]
    if not ids:
        return []
    found = []
    for row in _rows(force_id, ids):
        match = score(query, match_record_from_data(row["match_data"]))
        if match.score >= CANDIDATE_THRESHOLD:
            found.append(_candidate(row, match, match.reasons))
    return _ranked(found, limit)


def duplicate_candidates(
    match_data: dict, *, force_id: int, limit: int = 5, exclude_ids: Collection[int] = ()
) -> list[Candidate]:
    """Likely duplicates of a person among their force's people, for the nightly job only: confidential
    addresses count here.

    A pair may be found and scored through a confidential address, but the reasons shown with it are those of
    the listable data alone, so the suggestion discloses no part of the address.
    """
    query = with_protected(match_record_from_data(match_data), match_data.get(PROTECTED_DATA, {}))
    keys = query_keys(query)
    keys |= {(PROTECTED_KIND + kind, value) for kind, value in keys}
    prefix = prefix_query(query)
    ids = [i for i in _candidate_ids(force_id, keys, [prefix] if prefix else []) if i not in set(exclude_ids)]
    if not ids:
        return []
    public_query = match_record_from_data(match_data)
    found = []
    for row in _rows(force_id, ids):
        data = row["match_data"]
        public = match_record_from_data(data)
        match = score(query, with_protected(public, data.get(PROTECTED_DATA, {})))
        if match.score < CANDIDATE_THRESHOLD:
            continue
        private = PROTECTED_DATA in match_data or PROTECTED_DATA in data
        found.append(_candidate(row, match, score(public_query, public).reasons if private else match.reasons))
    return _ranked(found, limit)
