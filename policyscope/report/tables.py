"""Small helpers for the cells and tables of a briefing."""

from __future__ import annotations

import re

from policyscope.report.model import Cell, Citation, Table

_HAS_DIGIT = re.compile(r"\d")


def lean(text: str, cites: list[Citation]) -> Cell:
    """A label cell of a cited row: it carries the row's citation only when it holds a
    number (the row's figure cells carry it anyway), to keep tables readable."""
    return Cell(text, cites if _HAS_DIGIT.search(text or "") else [])


def drop_empty_columns(table: Table, absent: str) -> None:
    """Columns where no row has a value (the outcome of the current year) are left out."""
    keep = [
        i
        for i in range(len(table.header))
        if i == 0 or any(r[i].text != absent for r in table.rows)
    ]
    table.header = [table.header[i] for i in keep]
    table.rows = [[r[i] for i in keep] for r in table.rows]
