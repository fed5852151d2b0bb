"""Backups rehearsed (docs/operations.md, "Backups and restore"): the test database is dumped with pg_dump as
the procedure says, restored with pg_restore into a fresh database, and the audit trail is found intact there:
every consultation row and every change event with its context, byte for byte, the links between them, and the
append-only triggers still refusing to change them."""

import contextlib
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pghistory.models
import psycopg2
import pytest
from django.apps import apps
from django.db import connection

from accounts.roles import Role
from audit.models import AccessLog
from audit.services import access_record
from people.models import Person

from .factories import make_person


def _program(name: str) -> str:
    """The client program of the server's major version (else the nearest newer one): the machine's, or the
    embedded server's own (pgserver ships them), so that ``make test`` and a machine's server both work."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        server = int(cursor.fetchone()[0]) // 10000
    found = []
    if shutil.which(name):
        found.append(Path(shutil.which(name)))
    with contextlib.suppress(ImportError):
        import pgserver

        found.append(Path(pgserver.__file__).parent / "pginstall" / "bin" / name)
    versions = {}
    for path in found:
        if path.exists():
            out = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
            versions[path] = int(re.search(r"\) (\d+)", out).group(1))
    usable = sorted((major, str(path)) for path, major in versions.items() if major >= server)
    if not usable:
        pytest.skip(f"no {name} of PostgreSQL {server} or newer")
    return usable[0][1]


def _audit_tables() -> list[str]:
    """The consultation log, every pghistory event table and the events' context."""
    events = [m._meta.db_table for m in apps.get_models() if issubclass(m, pghistory.models.Event)]
    return sorted({AccessLog._meta.db_table, "pghistory_context", *events})


def _fingerprint(cursor, table: str) -> tuple[int, str]:
    """(rows, md5 of every row's text in primary-key order): equal only when every value is."""
    cursor.execute(
        f"SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), '')) FROM \"{table}\" t"  # noqa: S608 - table names from the models
    )
    return cursor.fetchone()


def _client_env() -> tuple[dict, list[str]]:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    # HOST is an address, or the socket directory of the embedded server.
    return env, ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]


@pytest.fixture
def restored_name(transactional_db):
    name = connection.settings_dict["NAME"] + "_restored"
    _drop(name)
    yield name
    _drop(name)


def _drop(name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_dump_restored_into_a_fresh_database_keeps_the_audit_trail_intact(restored_name, make_user, tmp_path):
    officer = make_user(Role.PVP_OFFICER)
    person = make_person(given_name="Rhiannon", surname="Pryce", date_of_birth=date(1990, 5, 17))
    Person.objects.filter(pk=person.pk).update(surname="Pryce-Jones")  # a change: one more event, by trigger
    access_record(user=officer, obj=person, persons=[person.pk], action=AccessLog.Action.REVEAL, reason="Safeguard")
    tables = _audit_tables()
    with connection.cursor() as cursor:
        before = {table: _fingerprint(cursor, table) for table in tables}
    assert before[AccessLog._meta.db_table][0] >= 1 and before["pghistory_context"][0] >= 0
    assert sum(rows for rows, _ in before.values()) >= 10  # something to lose: the world's, the user's, the person's

    env, server = _client_env()
    dump = tmp_path / "dacase.dump"
    subprocess.run(  # noqa: S603 - a fixed argument list
        [_program("pg_dump"), *server, "--format=custom", "--file", str(dump), connection.settings_dict["NAME"]],
        env=env,
        check=True,
        timeout=120,
    )
    subprocess.run(  # noqa: S603
        [_program("createdb"), *server, "--template=template0", restored_name], env=env, check=True, timeout=60
    )
    subprocess.run(  # noqa: S603
        [_program("pg_restore"), *server, "--exit-on-error", "--dbname", restored_name, str(dump)],
        env=env,
        check=True,
        timeout=120,
    )

    db = connection.settings_dict
    restored = psycopg2.connect(
        dbname=restored_name,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )
    try:
        restored.autocommit = True
        with restored.cursor() as cursor:
            assert {table: _fingerprint(cursor, table) for table in tables} == before
            # The links: every event's context and every consultation's user resolve in the restored copy.
            for table in tables:
                cursor.execute(
                    "SELECT count(*) FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
                    [table, "pgh_context_id"],
                )
                if cursor.fetchone()[0]:
                    cursor.execute(
                        f'SELECT count(*) FROM "{table}" e LEFT JOIN pghistory_context c ON c.id = e.pgh_context_id'  # noqa: S608
                        " WHERE e.pgh_context_id IS NOT NULL AND c.id IS NULL"
                    )
                    assert cursor.fetchone()[0] == 0, f"{table} lost its contexts"
            cursor.execute(
                "SELECT count(*) FROM audit_accesslog a LEFT JOIN accounts_user u ON u.id = a.user_id"
                " WHERE u.id IS NULL"
            )
            assert cursor.fetchone()[0] == 0
            # Still append-only: the restored triggers refuse a change to the trail.
            with pytest.raises(psycopg2.Error, match="append_only|Cannot update|protect"):
                cursor.execute("UPDATE audit_accesslog SET reason = 'rewritten'")
            # And it goes on: the next row gets a new id (the sequences came back too).
            cursor.execute(
                "SELECT max(id) < nextval(pg_get_serial_sequence('audit_accesslog', 'id')) FROM audit_accesslog"
            )
            assert cursor.fetchone()[0] is True
    finally:
        restored.close()
