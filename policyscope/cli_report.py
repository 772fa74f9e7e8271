"""CLI command `report`: registered on `policyscope.cli.app` when the CLI is imported."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from policyscope.cli import FromOpt, ToOpt, app, err, out, ws
from policyscope.errors import BadArgument


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
    fmt: Annotated[str, typer.Option("--format", "-f", help="md | html | pdf | docx")] = "html",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default by lang/format)")
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="Folder overriding <lang>/sentences.j2, page.html.j2"),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Re-read the output and verify every citation (md/html)")
    ] = False,
) -> None:
    """Write a briefing built only from the workspace: key points, timeline, targets,
    figures, term trends (chart), actors, regulation box, verification, conflicts and
    references. Every figure and statement cites its source span (document, location,
    quote)."""
    if check and fmt not in ("md", "html"):
        raise BadArgument("--check reads md or html output")
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
        problems = []
        if check:
            from policyscope.report.check import check_html, check_markdown

            text = path.read_text(encoding="utf-8")
            checker = check_html if fmt == "html" else check_markdown
            problems = checker(text, w.text)
    out.print(f"briefing written to {escape(str(path))}")
    if check:
        for p in problems[:50]:
            err.print(f"[red]✗[/red] {escape(str(p))}", soft_wrap=True)
        if problems:
            raise typer.Exit(1)
        err.print("[green]✓[/green] every number is cited and every quote is found at its span")
