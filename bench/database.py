"""What every database benchmark shares: a database of its own, and COPY for bulk loads.

Import it after django.setup().
"""

import csv
import io

from django.db import OperationalError, connection, connections


def use_database(name: str) -> None:
    """Point the default connection at the benchmark's own database, creating it if needed."""
    try:
        connection.ensure_connection()
    except OperationalError:
        # DATABASE_URL's own database need not exist: the server's maintenance database will do.
        connections["default"].settings_dict["NAME"] = "postgres"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    connections["default"].settings_dict["NAME"] = name


def copy_rows(cursor, table: str, columns: list[str], rows: list[list]) -> None:
    """COPY rows into a table (None becomes NULL)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["\\N" if v is None else v for v in row])
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer)
