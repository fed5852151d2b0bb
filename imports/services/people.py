"""People: each source person is matched against the force's index with the intake search's matcher, or added.

The search a call handler runs at intake (people.selectors.person_search) looks up the query's blocking keys
(query_keys and the surname prefix) in people_matchkey, takes the 200 people sharing the most keys (at most
300 per key) and scores each with people.matching.score. Here the same lookup runs for a whole file at once, in
SQL over the staged keys, and the same score decides: the best candidate at "very likely the same person"
(SAME_PERSON_THRESHOLD, the top band the handler sees) is taken as the source person; otherwise the person is
added to the index, with match data and keys as people_create gives them, so that search finds them at once.
"""

import json

from django.db.backends.utils import CursorWrapper
from pghistory.runtime import Context

from people.match_data import match_data_of, match_record_from_data
from people.matching import SAME_PERSON_THRESHOLD, MatchRecord, score
from people.matching.keys import prepared_match_keys, prepared_query_keys
from people.matching.records import Prepared, prepare
from people.models import Address, Person, Phone
from people.selectors import CANDIDATES_TO_SCORE, ROWS_PER_KEY

from ..models import Source
from .audit import record_inserts
from .staging import Problems, copy_lines, copy_rows

STAGING = """
CREATE TEMP TABLE stage_person (
    line integer PRIMARY KEY, source_key text, given_name text, middle_names text, surname text,
    date_of_birth date, gender text, address_1 text, address_2 text, town text, postcode text, phone text,
    match_data jsonb, known boolean DEFAULT false, match_person bigint, score float, new_id bigint
) ON COMMIT DROP;
CREATE TEMP TABLE stage_qkey (line integer, kind text, value text, prefix boolean) ON COMMIT DROP;
CREATE TEMP TABLE stage_mkey (line integer, kind text, value text) ON COMMIT DROP;
CREATE TEMP TABLE stage_match (line integer, person_id bigint, score float) ON COMMIT DROP;
"""
PERSON_COLUMNS = [
    "line",
    "source_key",
    "given_name",
    "middle_names",
    "surname",
    "date_of_birth",
    "gender",
    "address_1",
    "address_2",
    "town",
    "postcode",
    "phone",
    "match_data",
]


def match_record(*, values: list) -> MatchRecord:
    """The source person as match_record_of sees a person with these fields (people/match_data.py)."""
    _, given, middle, surname, dob, _, address_1, _, town, postcode, phone = values
    return MatchRecord(
        given_names=tuple(n for n in [given, *middle.split()] if n),
        surnames=(surname,),
        date_of_birth=dob,
        phones=(phone,) if phone else (),
        postcodes=(postcode,) if postcode else (),
        address_lines=(address_1,) if address_1 else (),
        towns=(town,) if town else (),
    )


def _prefix(record: Prepared) -> tuple[str, str] | None:
    """prefix_query() of a record already prepared (the same rule, without preparing it twice)."""
    if not record.surnames:
        return None
    start = record.surnames[0].text[:64]
    if len(start) < 2:
        return None
    given = next((form.phon for form in record.given if not form.initial and form.phon), None)
    return ("gp+sn", f"{given}|{start}"[:64]) if given else ("sn", start)


def _data(value: str | dict) -> dict:
    return json.loads(value) if isinstance(value, str) else value


def _key_line(line: int, kind: str, value: str, *rest: str) -> str:
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return "\t".join((str(line), kind, value, *rest)) + "\n"


def index_is_empty(*, cursor: CursorWrapper, force_id: int) -> bool:
    cursor.execute("SELECT NOT EXISTS (SELECT 1 FROM people_matchkey WHERE force_id = %s)", [force_id])
    row = cursor.fetchone()
    assert row is not None  # SELECT NOT EXISTS returns one row
    return row[0]


def stage_chunk(*, cursor: CursorWrapper, chunk: list[tuple[int, list]], source_id: int, match: bool) -> None:
    """Stage a chunk of people with their keys: the keys to look up (when there is an index to match against)
    and the keys to store; people linked by an earlier import are staged without keys (they are left alone)."""
    cursor.execute(
        "SELECT source_key FROM imports_personlink WHERE source_id = %s AND source_key = ANY(%s)",
        [source_id, [values[0] for _, values in chunk]],
    )
    known = {row[0] for row in cursor.fetchall()}
    people, qkeys, mkeys = [], [], []
    for line, values in chunk:
        record = match_record(values=values)
        people.append([line, *values, json.dumps(match_data_of(record))])
        if values[0] in known:
            continue
        prepared = prepare(record)
        if match:
            qkeys += [_key_line(line, kind, value, "f") for kind, value in prepared_query_keys(prepared)]
            prefix = _prefix(prepared)
            if prefix is not None:
                start = prefix[1].replace("\\", "").replace("%", "").replace("_", "\\_") + "%"
                qkeys.append(_key_line(line, prefix[0], start, "t"))
        mkeys += [_key_line(line, kind, value) for kind, value in prepared_match_keys(prepared)]
    copy_rows(cursor=cursor, table="stage_person", columns=PERSON_COLUMNS, rows=people)
    copy_lines(cursor=cursor, table="stage_qkey", columns=["line", "kind", "value", "prefix"], lines=qkeys)
    copy_lines(cursor=cursor, table="stage_mkey", columns=["line", "kind", "value"], lines=mkeys)


def _match(cursor: CursorWrapper, *, force_id: int) -> int:
    """Score each new source person against the candidates the search would score; keep the best likely one."""
    cursor.execute("SELECT EXISTS (SELECT 1 FROM stage_qkey)")
    row = cursor.fetchone()
    assert row is not None  # SELECT EXISTS returns one row
    if not row[0]:
        return 0  # the force's index was empty: nobody to match
    cursor.execute("ANALYZE stage_person; ANALYZE stage_qkey")
    candidates = f"""
        WITH hits AS (
            SELECT q.line, k.person_id FROM stage_qkey q
            JOIN stage_person s ON s.line = q.line AND NOT s.known
            CROSS JOIN LATERAL (
                SELECT m.person_id FROM people_matchkey m
                WHERE m.force_id = %s AND m.kind = q.kind
                  AND CASE WHEN q.prefix THEN m.value LIKE q.value ELSE m.value = q.value END
                LIMIT {ROWS_PER_KEY:d}
            ) k
        ), ranked AS (
            SELECT line, person_id,
                   row_number() OVER (PARTITION BY line ORDER BY count(*) DESC, person_id) AS place
            FROM hits GROUP BY line, person_id
        )
        SELECT r.line, s.match_data, p.id, p.match_data
        FROM ranked r JOIN stage_person s ON s.line = r.line
        JOIN people_person p ON p.id = r.person_id AND p.force_id = %s AND p.merged_into_id IS NULL
        WHERE r.place <= {CANDIDATES_TO_SCORE:d}
        ORDER BY r.line
    """  # noqa: S608 (only the two integer constants are formatted in)
    found: list[list] = []
    best: tuple[int, int, float] | None = None
    query_line: int | None = None
    query: MatchRecord | None = None
    cursor.execute(candidates, [force_id, force_id])
    while rows := cursor.fetchmany(5000):
        for line, query_data, person_id, person_data in rows:
            if line != query_line:
                if best is not None:
                    found.append(list(best))
                query_line, query, best = line, match_record_from_data(_data(query_data)), None
            assert query is not None  # set on the first row (its line is not None)
            result = score(query, match_record_from_data(_data(person_data))).score
            if result >= SAME_PERSON_THRESHOLD and (
                best is None or result > best[2] or (result == best[2] and person_id < best[1])
            ):
                best = (line, person_id, result)
    if best is not None:
        found.append(list(best))
    copy_rows(cursor=cursor, table="stage_match", columns=["line", "person_id", "score"], rows=found)
    cursor.execute(
        "UPDATE stage_person s SET match_person = m.person_id, score = m.score FROM stage_match m WHERE m.line = s.line"
    )
    return len(found)


def check(*, cursor: CursorWrapper, source_id: int, problems: Problems) -> None:
    """Ids given twice in the file; people imported before are marked known (left as they are)."""
    cursor.execute(
        """SELECT line, source_key FROM (
               SELECT line, source_key, count(*) OVER (PARTITION BY source_key) AS n FROM stage_person
           ) d WHERE n > 1 ORDER BY line LIMIT 1000"""
    )
    for line, source_key in cursor.fetchall():
        problems.add(line, f"id {source_key!r} is given more than once in the file")
    cursor.execute(
        """UPDATE stage_person s SET known = true FROM imports_personlink l
           WHERE l.source_id = %s AND l.source_key = s.source_key""",
        [source_id],
    )


NEW = "(SELECT new_id FROM stage_person WHERE new_id IS NOT NULL)"


def write(*, cursor: CursorWrapper, source: Source, user_id: int, context: Context) -> dict[str, int]:
    """Match, then add the people not matched, their address, phone, match keys and links."""
    matched = _match(cursor, force_id=source.force_id)
    cursor.execute(
        "UPDATE stage_person SET new_id = nextval(pg_get_serial_sequence('people_person', 'id'))"
        " WHERE NOT known AND match_person IS NULL"
    )
    created = cursor.rowcount
    cursor.execute(
        """INSERT INTO people_person (id, force_id, given_name, middle_names, surname, date_of_birth, gender,
               language, interpreter_needed, created_by_id, updated_at, match_data, import_source_id, source_id)
           SELECT new_id, %s, given_name, middle_names, surname, date_of_birth, gender,
               '', false, %s, now(), match_data, %s, source_key
           FROM stage_person WHERE new_id IS NOT NULL ORDER BY line""",
        [source.force_id, user_id, source.pk],
    )
    cursor.execute(
        """INSERT INTO people_address (person_id, line_1, line_2, town, postcode, confidential, confidential_reason)
           SELECT new_id, address_1, address_2, town, postcode, false, '' FROM stage_person
           WHERE new_id IS NOT NULL AND address_1 <> '' ORDER BY line"""
    )
    cursor.execute(
        """INSERT INTO people_phone (person_id, number, kind, safe_to_call)
           SELECT new_id, phone, 'mobile', true FROM stage_person WHERE new_id IS NOT NULL AND phone <> ''
           ORDER BY line"""
    )
    cursor.execute(
        """INSERT INTO people_matchkey (person_id, force_id, kind, value)
           SELECT s.new_id, %s, k.kind, k.value FROM stage_mkey k JOIN stage_person s ON s.line = k.line
           WHERE s.new_id IS NOT NULL ORDER BY k.kind, k.value""",
        [source.force_id],
    )
    cursor.execute(
        """INSERT INTO imports_personlink (source_id, source_key, person_id, matched, score)
           SELECT %s, source_key, coalesce(new_id, match_person), new_id IS NULL, score FROM stage_person
           WHERE NOT known ORDER BY line""",
        [source.pk],
    )
    record_inserts(cursor=cursor, model=Person, where=f"t.id IN {NEW}", params=[], context=context)
    record_inserts(cursor=cursor, model=Address, where=f"t.person_id IN {NEW}", params=[], context=context)
    record_inserts(cursor=cursor, model=Phone, where=f"t.person_id IN {NEW}", params=[], context=context)
    cursor.execute("SELECT count(*) FROM stage_person WHERE known")
    row = cursor.fetchone()
    assert row is not None  # count(*) returns one row
    return {"created": created, "matched": matched, "unchanged": row[0]}
