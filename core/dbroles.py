"""The application's database role: it owns nothing and may only read and write rows.

The owner (the role that runs `migrate`) owns every table. The app role gets
SELECT, INSERT, UPDATE and DELETE on tables and USAGE, SELECT on sequences,
and nothing else: no TRUNCATE, no REFERENCES or TRIGGER, no ownership, so no
ALTER TABLE ... DISABLE TRIGGER and no DROP. On tables whose rows a pgtrigger
Protect trigger guards (the access log, pghistory's event tables) the guarded
operations are withheld as well: any role may set pgtrigger.ignore and so
step past the trigger, but not past a missing privilege.

Works on any DB-API cursor connected as the owner (or a superuser), so that a
test can run it inside its own transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

ROW_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# Django's record of applied migrations: the app reads it (runserver's warning), only migrate writes it.
_READ_ONLY_TABLES = ("django_migrations",)


class RoleSetupError(Exception):
    """The app role cannot be made safe by granting alone (it owns things, or is the owner)."""


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def append_only_tables() -> dict[str, set[str]]:
    """Each table that an unconditional pgtrigger Protect guards, with the operations it refuses."""
    import pgtrigger
    from django.apps import apps

    guarded: dict[str, set[str]] = {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for trigger in getattr(model._meta, "triggers", []):
            if isinstance(trigger, pgtrigger.Protect) and trigger.condition is None:
                operations = {op.strip() for op in str(trigger.operation).split(" OR ")}
                guarded.setdefault(model._meta.db_table, set()).update(operations & set(ROW_PRIVILEGES))
    return guarded


def _one(cursor: Any, sql: str, params: Iterable[Any] = ()) -> Any:
    cursor.execute(sql, list(params))
    row = cursor.fetchone()
    return None if row is None else row[0]


def _refuse_if_it_owns_anything(cursor: Any, role: str) -> None:
    """Grants cannot take away what ownership (or membership of the owner) gives."""
    if _one(
        cursor, "SELECT pg_has_role(%s, datdba, 'MEMBER') FROM pg_database WHERE datname = current_database()", [role]
    ):
        raise RoleSetupError(f"{role} owns this database (or is a member of its owner); use another role for the app")
    if _one(
        cursor, "SELECT pg_has_role(%s, nspowner, 'MEMBER') FROM pg_namespace WHERE nspname = current_schema()", [role]
    ):
        raise RoleSetupError(f"{role} owns the schema (or is a member of its owner); use another role for the app")
    owned = _one(
        cursor,
        """SELECT string_agg(c.relname, ', ' ORDER BY c.relname) FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = current_schema() AND pg_has_role(%s, c.relowner, 'MEMBER')""",
        [role],
    )
    if owned:
        raise RoleSetupError(
            f"{role} owns (or is a member of the owner of) {owned}; "
            f"REASSIGN OWNED BY {role} TO the owner role first, and migrate as the owner"
        )


def app_role_setup(*, cursor: Any, role: str, password: str | None = None) -> dict[str, set[str]]:
    """Create ``role`` if missing and leave it with row privileges only; safe to run again after each migrate.

    Returns the append-only tables with the privileges withheld on each.
    Raises RoleSetupError if the role owns anything here, or is the connected (owner) role itself.
    """
    if not _ROLE_NAME.match(role):
        raise RoleSetupError(f"{role!r} is not a plain role name (lower-case letters, digits and _)")
    if role == _one(cursor, "SELECT current_user"):
        raise RoleSetupError(f"{role} is the role running this setup, the owner; the app needs a role of its own")
    quoted = _ident(role)
    attributes = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
    if _one(cursor, "SELECT count(*) FROM pg_roles WHERE rolname = %s", [role]) == 0:
        cursor.execute(f"CREATE ROLE {quoted} LOGIN {attributes}")
    elif _one(
        cursor,
        "SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls FROM pg_roles "
        "WHERE rolname = %s",
        [role],
    ):
        cursor.execute(f"ALTER ROLE {quoted} {attributes}")
    if password:
        cursor.execute(f"ALTER ROLE {quoted} LOGIN PASSWORD %s", [password])
    _refuse_if_it_owns_anything(cursor, role)

    database = _ident(_one(cursor, "SELECT current_database()"))
    schema = _ident(_one(cursor, "SELECT current_schema()"))
    owner = _ident(_one(cursor, "SELECT current_user"))
    # Before PostgreSQL 15 every role may create tables in public; the app must not.
    if _one(cursor, "SELECT has_schema_privilege('public', current_schema(), 'CREATE')"):
        cursor.execute(f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC")
    cursor.execute(f"GRANT CONNECT ON DATABASE {database} TO {quoted}")
    cursor.execute(f"GRANT USAGE ON SCHEMA {schema} TO {quoted}")
    # From nothing each time, so that a privilege granted by hand or by an older setup does not linger.
    cursor.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {quoted}")
    cursor.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {quoted}")
    cursor.execute(f"GRANT {', '.join(ROW_PRIVILEGES)} ON ALL TABLES IN SCHEMA {schema} TO {quoted}")
    cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {quoted}")
    # Tables that later migrations create (as this owner) get the same row privileges; running this
    # again after migrate also withholds what their Protect triggers guard.
    cursor.execute(
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT {', '.join(ROW_PRIVILEGES)} ON TABLES TO {quoted}"
    )
    cursor.execute(
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {quoted}"
    )
    existing = set(_tables(cursor))
    withheld = {table: ops for table, ops in append_only_tables().items() if table in existing and ops}
    for table, ops in sorted(withheld.items()):
        cursor.execute(f"REVOKE {', '.join(sorted(ops))} ON TABLE {schema}.{_ident(table)} FROM {quoted}")
    for table in _READ_ONLY_TABLES:
        if table in existing:
            cursor.execute(f"REVOKE INSERT, UPDATE, DELETE ON TABLE {schema}.{_ident(table)} FROM {quoted}")
    return withheld


def _tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
    )
    return [row[0] for row in cursor.fetchall()]
