"""Rendering lists of records for a terminal or a script: table, json or csv."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import sys
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    jsonl = "jsonl"


def rows_of(records: list[Any]) -> list[dict[str, Any]]:
    return [r.to_dict() if hasattr(r, "to_dict") else dict(r) for r in records]


def emit(
    records: list[Any],
    fmt: Format,
    columns: list[str] | None = None,
    title: str | None = None,
    console: Console | None = None,
    styles: dict[str, str] | None = None,
    kind: type | None = None,
) -> None:
    """`columns` picks and orders the table's columns; json/csv always carry every field.
    `kind` (the records' dataclass) names the CSV header when there are no records, so a
    script reading the CSV sees an empty answer, not a broken file."""
    rows = rows_of(records)
    if fmt == Format.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    elif fmt == Format.jsonl:
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == Format.csv:
        header = list(rows[0].keys()) if rows else _header(kind, columns)
        if not header:
            return
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        sys.stdout.write(buf.getvalue())
    else:
        console = console or Console()
        cols = columns or (list(rows[0].keys()) if rows else [])
        table = Table(title=title, show_lines=False, header_style="bold")
        for c in cols:
            table.add_column(c, style=(styles or {}).get(c), overflow="fold")
        for r in rows:
            table.add_row(*[_cell(r.get(c)) for c in cols])
        console.print(table)
        if not rows:
            console.print("[dim]no results[/dim]")


# a rich table of thousands of rows takes seconds to draw and nobody reads it on a terminal
TABLE_LIMIT = 50


def page(records: list[Any], fmt: Format, limit: int | None) -> tuple[list[Any], str | None]:
    """The records to show, and the line that says how many were left out (None: all shown).

    `limit` None: a table shows its first TABLE_LIMIT rows, json/csv/jsonl every row (a
    script gets the whole answer); 0: every row; N: the first N."""
    if limit is None:
        limit = TABLE_LIMIT if fmt == Format.table else 0
    if limit <= 0 or len(records) <= limit:
        return records, None
    return records[:limit], f"{limit} of {len(records)} shown; --limit to see more (0: all)"


def _header(kind: type | None, columns: list[str] | None) -> list[str]:
    if kind is not None and dataclasses.is_dataclass(kind):
        return [f.name for f in dataclasses.fields(kind)]
    return list(columns or [])


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


_QUALIFIER_MARKS = {"approx": "~", "lower_bound": "≥", "upper_bound": "≤"}


def figure_text(claim) -> str:
    """A figure as a terminal shows it, its qualifier as a mark: '~5%', '≥1200万人',
    '6%-6.5%' (a range is written as the source wrote it)."""
    if claim is None:
        return ""
    return f"{_QUALIFIER_MARKS.get(claim.qualifier, '')}{claim.value}{claim.unit}"


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(s: str) -> str:
    """`s` with control characters shown as \\xNN, so that a file name carrying ANSI escapes
    cannot repaint the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", s)


def clip(s: str, n: int) -> str:
    """`s` cut to `n` characters, with an ellipsis when something was cut."""
    return s if len(s) <= n else s[: n - 1] + "…"
