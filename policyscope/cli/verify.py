"""The `verify` command: a report's claims about primary documents, checked."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from policyscope.cli.app import FormatOpt, app, out, ws
from policyscope.output import Format, emit

COLOURS = {"supported": "green", "contradicted": "red", "not_checkable": "yellow"}


@app.command(
    epilog="Example: policyscope verify --doc 004_baff780838081e41.txt --against cn-gwr  ·  "
    "policyscope verify --claims claims.yaml --format json"
)
def verify(
    doc: Annotated[
        str | None, typer.Option("--doc", help="The secondary document (id, path or file name)")
    ] = None,
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            help="The series of primary documents [default: the pack's first series, cn-gwr]",
        ),
    ] = None,
    claims: Annotated[
        Path | None,
        typer.Option(
            "--claims",
            help="YAML list of claims: {type: count|first_appearance|figure, term, series, "
            "key, count?, value?, unit?}",
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Check a report's claims about primary documents: 'AI mentioned 9 times', 'first
    appeared in 2024', figures attributed to the Government Work Report. Each claim gets
    supported / contradicted / not_checkable with the evidence (counts per rule, KWIC)."""
    with ws() as w:
        verdicts = w.verify(doc, against=against, claims_file=str(claims) if claims else None)
        against = against or w.main_series
    if fmt != Format.table:
        emit(verdicts, fmt)
        return
    title = f"{len(verdicts)} claims checked against {escape(against or '')}"
    t = Table(title=title, show_lines=True)
    for c, width in (
        ("verdict", 13),
        ("type", 11),
        ("claim", 40),
        ("primary", 18),
        ("evidence", 70),
    ):
        t.add_column(c, overflow="fold", max_width=width)
    for v in verdicts:
        colour = COLOURS.get(v.verdict, "white")
        claim = v.quote if len(v.quote) <= 160 else v.quote[:157] + "…"
        t.add_row(
            f"[bold {colour}]{v.verdict}[/]",
            v.claim_type,
            escape(f"{v.term}: {claim}" if v.term and v.term not in claim else claim),
            escape(v.primary),
            escape(v.evidence),
        )
    out.print(t)
    if not verdicts:
        out.print("[dim]no checkable claims found[/dim]")
