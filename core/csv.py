"""CSV that a spreadsheet cannot run: every file the project writes goes through this writer.

A cell beginning with = + - @ (or a tab or carriage return, which some spreadsheets skip before
reading a formula) is taken by Excel and LibreOffice as a formula: `=HYPERLINK(...)` in a record id
becomes a link that sends data away. Such a cell is written with a leading apostrophe, which the
spreadsheet shows as text (OWASP, "CSV injection"). Numbers are written as numbers.
"""

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value, with text that a spreadsheet would read as a formula made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer's interface, with every cell passed through safe_cell."""

    def __init__(self, handle, **kwargs) -> None:
        self._writer = csv.writer(handle, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
