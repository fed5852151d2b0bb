"""Incidents (with their victim and suspect as parties), crimes and arrests: staged, checked, then written.

Each kind is written with one INSERT ... SELECT from its staging table, new rows only: a row whose source id
is already in dacase (imported before) is left as it is, and ON CONFLICT DO NOTHING keeps the unique
(import_source, source_id) constraint the last word. References to other files (a victim's id, an incident's
id) are looked up in what is already imported, so files import in the order people, incidents, crimes, arrests.
"""

from collections.abc import Callable

from django.db.backends.utils import CursorWrapper
from pghistory.runtime import Context

from incidents.models import Arrest, Crime, Incident, Party

from ..models import Source
from .audit import record_inserts
from .staging import Problems, copy_rows

OLD_SYSTEM_LOCATION = "Not recorded in the old system"


class Kind:
    table: str  # the staging table
    columns: list[str]  # its columns after line, in the order the row parser returns them
    staging: str

    def check(self, *, cursor: CursorWrapper, source: Source, problems: Problems) -> None:
        raise NotImplementedError

    def write(self, *, cursor: CursorWrapper, source: Source, user_id: int, context: Context) -> dict[str, int]:
        raise NotImplementedError


def _report(cursor: CursorWrapper, problems: Problems, sql: str, params: list, message: Callable[..., str]) -> None:
    cursor.execute(sql + " ORDER BY line LIMIT 1000", params)
    for line, *values in cursor.fetchall():
        problems.add(line, message(*values))


def _duplicates(cursor: CursorWrapper, table: str, problems: Problems) -> None:
    _report(
        cursor,
        problems,
        f"SELECT line, source_key FROM (SELECT line, source_key, count(*) OVER (PARTITION BY source_key) AS n"  # noqa: S608
        f" FROM {table}) d WHERE n > 1",
        [],
        lambda key: f"id {key!r} is given more than once in the file",
    )


def _mark_known(cursor: CursorWrapper, table: str, target: str, source: Source) -> None:
    cursor.execute(
        f"UPDATE {table} s SET known = true FROM {target} t"  # noqa: S608 (table names are this module's own)
        " WHERE t.import_source_id = %s AND t.source_id = s.source_key",
        [source.pk],
    )


def _person(
    cursor: CursorWrapper, table: str, column: str, key_column: str, source: Source, problems: Problems, what: str
) -> None:
    cursor.execute(
        f"UPDATE {table} s SET {column} = l.person_id FROM imports_personlink l"  # noqa: S608
        f" WHERE l.source_id = %s AND l.source_key = s.{key_column}",
        [source.pk],
    )
    _report(
        cursor,
        problems,
        f"SELECT line, {key_column} FROM {table} WHERE {key_column} IS NOT NULL AND {column} IS NULL",  # noqa: S608
        [],
        lambda key: f"{what} {key!r} is not a person of people.csv (nor imported before)",
    )


def _incident(cursor: CursorWrapper, table: str, source: Source, problems: Problems) -> None:
    cursor.execute(
        f"UPDATE {table} s SET incident = i.id FROM incidents_incident i"  # noqa: S608
        " WHERE i.import_source_id = %s AND i.source_id = s.incident_key",
        [source.pk],
    )
    _report(
        cursor,
        problems,
        f"SELECT line, incident_key FROM {table} WHERE incident IS NULL",  # noqa: S608
        [],
        lambda key: f"incident_id {key!r} is not an incident of incidents.csv (nor imported before)",
    )


def _counts(cursor: CursorWrapper, table: str, created: int) -> dict[str, int]:
    cursor.execute(f"SELECT count(*) FILTER (WHERE known) FROM {table}")  # noqa: S608
    row = cursor.fetchone()
    assert row is not None  # count(*) returns one row
    return {"created": created, "matched": 0, "unchanged": row[0]}


class Incidents(Kind):
    table = "stage_incident"
    columns = [
        "source_key",
        "received_at",
        "area_id",
        "channel",
        "relationship",
        "family_relation",
        "abuse_types",
        "location",
        "postcode",
        "summary",
        "victim_key",
        "suspect_key",
        "crime_decision",
        "closed_at",
    ]
    staging = """CREATE TEMP TABLE stage_incident (
        line integer PRIMARY KEY, source_key text, received_at timestamptz, area_id bigint, channel text,
        relationship text, family_relation text, abuse_types text[], location text, postcode text, summary text,
        victim_key text, suspect_key text, crime_decision text, closed_at timestamptz,
        known boolean DEFAULT false, victim bigint, suspect bigint, new_id bigint
    ) ON COMMIT DROP"""

    def check(self, *, cursor: CursorWrapper, source: Source, problems: Problems) -> None:
        _duplicates(cursor, self.table, problems)
        _person(cursor, self.table, "victim", "victim_key", source, problems, "victim_id")
        _person(cursor, self.table, "suspect", "suspect_key", source, problems, "suspect_id")
        _report(
            cursor,
            problems,
            "SELECT line, victim_key FROM stage_incident WHERE victim = suspect",
            [],
            lambda key: f"suspect_id is the same person as the victim ({key!r})",
        )
        _mark_known(cursor, self.table, "incidents_incident", source)

    def write(self, *, cursor: CursorWrapper, source: Source, user_id: int, context: Context) -> dict[str, int]:
        cursor.execute(
            "UPDATE stage_incident SET new_id = nextval(pg_get_serial_sequence('incidents_incident', 'id'))"
            " WHERE NOT known"
        )
        created = cursor.rowcount
        # The reference is intake's (INC-<year>-<id>), made from the id taken above: no second write.
        cursor.execute(
            """INSERT INTO incidents_incident (id, reference, area_id, channel, received_at, is_domestic_abuse,
                   location, location_postcode, children_location, relationship, family_relation, abuse_types,
                   summary, response_grade, appointment_reason, crime_decision, positive_action_rationale, status,
                   signed_off_by_id, signed_off_at, sign_off_note, created_by_id, import_source_id, source_id)
               SELECT new_id,
                   'INC-' || to_char(received_at AT TIME ZONE 'UTC', 'YYYY') || '-' || lpad(new_id::text, 7, '0'),
                   area_id, channel, received_at, true,
                   location, postcode, '', relationship, family_relation, abuse_types,
                   summary, '', '', crime_decision, '', CASE WHEN closed_at IS NULL THEN 'open' ELSE 'closed' END,
                   CASE WHEN closed_at IS NULL THEN NULL ELSE %s::bigint END, closed_at,
                   CASE WHEN closed_at IS NULL THEN '' ELSE 'Closed in the old system' END,
                   %s, %s, source_key
               FROM stage_incident WHERE new_id IS NOT NULL ORDER BY line
               ON CONFLICT DO NOTHING""",
            [user_id, user_id, source.pk],
        )
        cursor.execute(
            """INSERT INTO incidents_party (incident_id, person_id, role, is_caller, location_known, location,
                   location_reason)
               SELECT new_id, person, role, false, 'not_known', '', %s FROM (
                   SELECT line, new_id, victim AS person, 'victim' AS role FROM stage_incident
                   WHERE new_id IS NOT NULL
                   UNION ALL
                   SELECT line, new_id, suspect, 'suspect' FROM stage_incident
                   WHERE new_id IS NOT NULL AND suspect IS NOT NULL
               ) p ORDER BY line, role DESC""",
            [OLD_SYSTEM_LOCATION],
        )
        new = "(SELECT new_id FROM stage_incident WHERE new_id IS NOT NULL)"
        record_inserts(cursor=cursor, model=Incident, where=f"t.id IN {new}", params=[], context=context)
        record_inserts(cursor=cursor, model=Party, where=f"t.incident_id IN {new}", params=[], context=context)
        return _counts(cursor, self.table, created)


class Crimes(Kind):
    table = "stage_crime"
    columns = [
        "source_key",
        "incident_key",
        "crime_number",
        "offence",
        "recorded_at",
        "outcome",
        "outcome_at",
        "outcome_reason",
    ]
    staging = """CREATE TEMP TABLE stage_crime (
        line integer PRIMARY KEY, source_key text, incident_key text, crime_number text, offence text,
        recorded_at timestamptz, outcome text, outcome_at timestamptz, outcome_reason text,
        known boolean DEFAULT false, incident bigint, new_id bigint
    ) ON COMMIT DROP"""

    def check(self, *, cursor: CursorWrapper, source: Source, problems: Problems) -> None:
        _duplicates(cursor, self.table, problems)
        _incident(cursor, self.table, source, problems)
        _mark_known(cursor, self.table, "incidents_crime", source)
        # A crime without its number is given the source's name and id, which is unique within the source.
        cursor.execute(
            "UPDATE stage_crime SET crime_number = left(%s || '-' || source_key, 30) WHERE crime_number IS NULL",
            [source.name],
        )
        _report(
            cursor,
            problems,
            """SELECT s.line, s.crime_number FROM stage_crime s
               JOIN incidents_crime c ON c.crime_number = s.crime_number WHERE NOT s.known""",
            [],
            lambda number: f"crime_number {number!r} is already the number of another crime",
        )
        _report(
            cursor,
            problems,
            """SELECT line, crime_number FROM (SELECT line, crime_number,
                   count(*) OVER (PARTITION BY crime_number) AS n FROM stage_crime) d WHERE n > 1""",
            [],
            lambda number: f"crime_number {number!r} is given more than once in the file",
        )

    def write(self, *, cursor: CursorWrapper, source: Source, user_id: int, context: Context) -> dict[str, int]:
        cursor.execute(
            "UPDATE stage_crime SET new_id = nextval(pg_get_serial_sequence('incidents_crime', 'id')) WHERE NOT known"
        )
        cursor.execute(
            """INSERT INTO incidents_crime (id, incident_id, crime_number, offence, recorded_at, recorded_by_id,
                   allocation_rule, outcome, outcome_reason, outcome_at, import_source_id, source_id)
               SELECT new_id, incident, crime_number, offence, recorded_at, %s, '', outcome, outcome_reason,
                   outcome_at, %s, source_key
               FROM stage_crime WHERE new_id IS NOT NULL ORDER BY line
               ON CONFLICT DO NOTHING""",
            [user_id, source.pk],
        )
        created = cursor.rowcount
        record_inserts(
            cursor=cursor,
            model=Crime,
            where="t.id IN (SELECT new_id FROM stage_crime WHERE new_id IS NOT NULL)",
            params=[],
            context=context,
        )
        return _counts(cursor, self.table, created)


class Arrests(Kind):
    table = "stage_arrest"
    columns = ["source_key", "incident_key", "person_key", "arrested_at", "offence"]
    staging = """CREATE TEMP TABLE stage_arrest (
        line integer PRIMARY KEY, source_key text, incident_key text, person_key text, arrested_at timestamptz,
        offence text, known boolean DEFAULT false, incident bigint, person bigint, new_id bigint
    ) ON COMMIT DROP"""

    def check(self, *, cursor: CursorWrapper, source: Source, problems: Problems) -> None:
        _duplicates(cursor, self.table, problems)
        _incident(cursor, self.table, source, problems)
        _person(cursor, self.table, "person", "person_key", source, problems, "person_id")
        _mark_known(cursor, self.table, "incidents_arrest", source)

    def write(self, *, cursor: CursorWrapper, source: Source, user_id: int, context: Context) -> dict[str, int]:
        cursor.execute(
            "UPDATE stage_arrest SET new_id = nextval(pg_get_serial_sequence('incidents_arrest', 'id')) WHERE NOT known"
        )
        cursor.execute(
            """INSERT INTO incidents_arrest (id, incident_id, person_id, arrested_at, offence, recorded_by_id,
                   import_source_id, source_id)
               SELECT new_id, incident, person, arrested_at, offence, %s, %s, source_key
               FROM stage_arrest WHERE new_id IS NOT NULL ORDER BY line
               ON CONFLICT DO NOTHING""",
            [user_id, source.pk],
        )
        created = cursor.rowcount
        record_inserts(
            cursor=cursor,
            model=Arrest,
            where="t.id IN (SELECT new_id FROM stage_arrest WHERE new_id IS NOT NULL)",
            params=[],
            context=context,
        )
        return _counts(cursor, self.table, created)


def stage(*, kind: Kind, cursor: CursorWrapper, chunk: list[tuple[int, list]]) -> None:
    copy_rows(
        cursor=cursor,
        table=kind.table,
        columns=["line", *kind.columns],
        rows=[[line, *values] for line, values in chunk],
    )
