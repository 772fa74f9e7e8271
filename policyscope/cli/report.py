"""The `report` command: a briefing written from the workspace, its citations checked."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from policyscope.cli.app import FromOpt, ToOpt, app, err, out, ws
from policyscope.errors import BadArgument
from policyscope.extras import require

SUFFIXES = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}


def output_format(fmt: str | None, output: Path | None) -> str:
    """--format when given (it must agree with the suffix of -o), else the suffix of -o,
    else html. An unknown suffix is an error: writing HTML into 'x.pdf' helps nobody."""
    by_suffix = None
    if output is not None:
        suffix = output.suffix.lower()
        by_suffix = SUFFIXES.get(suffix)
        if by_suffix is None and fmt is None:
            raise BadArgument(
                f"--output {output}: unknown suffix {suffix or '(none)'!r}; "
                "use .md, .html, .pdf or .docx (or give --format)"
            )
    if fmt is not None and by_suffix is not None and fmt != by_suffix:
        raise BadArgument(f"--format {fmt} does not match --output {output} (a .{by_suffix} file)")
    return fmt or by_suffix or "html"


@app.command(
    epilog="Example: policyscope report --lang ko --format html -o briefing.html "
    "--topic concept:embodied_ai --from 2024"
)
def report(
    topic: Annotated[
        list[str] | None,
        typer.Option("--topic", help="concept:ID, entity:ID or series:S; repeatable"),
    ] = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of the briefing: ko | en")] = "en",
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="md | html | pdf | docx (default: from -o, else html)"),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default by lang/format)")
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="Folder overriding <lang>/sentences.j2, page.html.j2"),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Re-read the output and verify every citation (any format)"),
    ] = False,
) -> None:
    """Write a briefing built only from the workspace: key points, timeline, targets,
    figures, term trends (chart), actors, regulation box, verification, conflicts and
    references. Every figure and statement cites its source span (document, location,
    quote)."""
    fmt = output_format(fmt, output)
    if fmt == "pdf":
        require("pdf")
    with ws() as w:
        path = w.report(
            topics=topic,
            date_from=date_from,
            date_to=date_to,
            lang=lang,
            fmt=fmt,
            out=output,
            templates=templates,
        )
        problems = w.check_report(path, fmt) if check else []
    out.print(f"briefing written to {escape(str(path))}")
    if check:
        for p in problems[:50]:
            err.print(f"[red]✗[/red] {escape(str(p))}", soft_wrap=True)
        if problems:
            raise typer.Exit(1)
        err.print("[green]✓[/green] every number is cited and every quote is found at its span")
