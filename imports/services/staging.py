"""Reading a file in bounded memory and COPYing its rows into a temporary staging table.

A file is read once, in chunks of CHUNK_ROWS rows: each row is checked (imports/rows.py) and, while no row
has failed, written to the staging table with COPY. Memory holds one chunk and the error messages (at most
MAX_ERRORS of them are kept; the rest are counted), whatever the file's size.
"""

import csv
import datetime
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.backends.utils import CursorWrapper

from ..rows import Columns, RowError

CHUNK_ROWS = 20_000
MAX_ERRORS = 200


@dataclass
class Problems:
    """Every bad row of a file, as "file:line: what is wrong"."""

    file_name: str
    messages: list[str] = field(default_factory=list)
    count: int = 0

    def add(self, line: int, message: str) -> None:
        self.count += 1
        if len(self.messages) < MAX_ERRORS:
            self.messages.append(f"{self.file_name}:{line}: {message}")

    def all(self) -> list[str]:
        more = self.count - len(self.messages)
        return self.messages + ([f"{self.file_name}: and {more} more bad rows"] if more > 0 else [])


def file_facts(*, path: Path) -> tuple[str, int]:
    """The file's SHA-256 and its number of lines, read in blocks."""
    digest, lines = hashlib.sha256(), 0
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
            lines += block.count(b"\n")
    return digest.hexdigest(), lines


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "t" if value else "f"
    value = str(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def copy_rows(*, cursor: CursorWrapper, table: str, columns: list[str], rows: list[list]) -> None:
    """COPY rows into a table in PostgreSQL's text format (None is NULL)."""
    if not rows:
        return
    buffer = io.StringIO()
    buffer.writelines("\t".join(_copy_value(v) for v in row) + "\n" for row in rows)
    buffer.seek(0)
    cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def copy_lines(*, cursor: CursorWrapper, table: str, columns: list[str], lines: list[str]) -> None:
    """COPY lines already in PostgreSQL's text format."""
    if not lines:
        return
    buffer = io.StringIO()
    buffer.writelines(lines)
    buffer.seek(0)
    cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def read_rows(
    *, path: Path, kind: Columns, parse: Callable[..., list], problems: Problems, context: dict
) -> Iterator[list[tuple[int, list]]]:
    """Chunks of (line, values) of the file's good rows; every bad row goes to ``problems``.

    Once a row has failed nothing more is yielded (the file will not be imported), but every row is still
    checked so that all bad rows are reported at once.
    """
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
        handle.read(0)
    except OSError as exc:
        problems.add(0, f"cannot be read ({exc.strerror})")
        return
    with handle:
        reader = csv.reader(handle)
        try:
            header = [h.strip() for h in next(reader, [])]
        except (UnicodeDecodeError, csv.Error):
            problems.add(1, "is not a UTF-8 CSV file")
            return
        if tuple(header) != kind.columns:
            problems.add(1, f"the columns must be, in order: {','.join(kind.columns)}")
            return
        chunk: list[tuple[int, list]] = []
        line = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except UnicodeDecodeError:
                problems.add(reader.line_num + 1, "is not UTF-8 text")
                break
            except csv.Error as exc:
                problems.add(reader.line_num, f"is not well-formed CSV ({exc})")
                break
            line = reader.line_num
            if not cells:
                continue
            if len(cells) != len(kind.columns):
                problems.add(line, f"has {len(cells)} columns, not {len(kind.columns)}")
                continue
            try:
                values = parse(dict(zip(kind.columns, cells, strict=True)), **context)
            except RowError as exc:
                problems.add(line, str(exc))
                continue
            if problems.count:
                continue
            chunk.append((line, values))
            if len(chunk) >= CHUNK_ROWS:
                yield chunk
                chunk = []
        if chunk and not problems.count:
            yield chunk
