"""The typer app every command group registers on, and what the groups share: the consoles,
the global options, the common option types, opening the workspace, and `main`.

This module imports no command group; `policyscope.cli` imports the groups after it, so
that registration runs without an import cycle."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from policyscope.errors import BadArgument, PolicyScopeError
from policyscope.output import TABLE_LIMIT, Format

# typer bundles its own click (typer._click) or uses the installed one, by version
try:
    from typer._click.globals import get_current_context
except ImportError:
    from click import get_current_context  # type: ignore[no-redef]

if TYPE_CHECKING:
    from policyscope.workspace import Workspace

app = typer.Typer(
    help="PolicyScope: a source-cited knowledge base over AI-policy documents "
    "(Korean, Chinese, Japanese, English).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
err = Console(stderr=True)
out = Console()
STATE: dict[str, Any] = {"db": None, "debug": False}

FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table, json, csv")]
SeriesOpt = Annotated[str | None, typer.Option("--series", help="Only this series, e.g. cn-gwr")]
LangOpt = Annotated[str | None, typer.Option("--lang", help="Only paragraphs in ko|zh|ja|en")]
FromOpt = Annotated[str | None, typer.Option("--from", help="Documents dated on/after (2024)")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Documents dated on/before (2025-03)")]
DocOpt = Annotated[
    list[str] | None, typer.Option("--doc", help="Only this document (id or path); repeatable")
]
LimitOpt = Annotated[
    int | None,
    typer.Option(
        "--limit",
        help=f"Most rows (default: {TABLE_LIMIT} in a table, all in json/csv; 0: all)",
        min=0,
    ),
]
AllLangOpt = Annotated[
    bool,
    typer.Option(
        "--all-languages",
        help="Also count a series member's translations (cn-gwr 2024.en beside 2024.zh)",
    ),
]

# `policyscope.ingest.run.NICE_ENV`, named here: importing ingest would cost every command
# its start-up time (tests/test_perf_workers.py checks that the two agree)
WORKER_NICE_ENV = "POLICYSCOPE_WORKER_NICE"

# Command groups whose commands write to the store (and so may create it), e.g. `watch add`.
WRITING_GROUPS = {"watch"}


def _command() -> str | None:
    """The first word after `policyscope` of the command being run."""
    ctx = get_current_context(silent=True)
    words = ctx.command_path.split() if ctx else []
    return words[1] if len(words) > 1 else None


def ws(create: bool = False) -> Workspace:
    """The workspace of --db. Only commands that write (`create`) make a new store; for the
    others a missing file is a typo to report, not an empty store to answer from."""
    # the store (SQLAlchemy: ~0.5 s) loads on the first command that needs it, not at
    # start-up: `policyscope --help` must answer in < 0.3 s
    from policyscope.workspace import (  # noqa: PLC0415 (lazy: start-up time)
        Workspace,
        default_db,
        display_name,
    )

    db = STATE["db"] or default_db()
    create = create or _command() in WRITING_GROUPS
    if not create and "://" not in str(db) and not Path(db).expanduser().exists():
        raise BadArgument(
            f"{db}: no such workspace; check --db (or POLICYSCOPE_DB), or create it with "
            f"'policyscope --db {db} ingest FILES'"
        )

    def upgrading(old: int, new: int) -> None:
        err.print(
            f"upgrading {display_name(db)} from schema {old} to {new}: done once, and a large "
            "store takes a minute or more; run 'policyscope optimize' afterwards to give "
            "freed space back"
        )
        if old < 7:  # the schema that came with words inside longer terms in the index
            err.print(
                "its search index predates words inside longer terms (人工智能 inside "
                "生成式人工智能): run 'policyscope reindex' so that search finds them"
            )
        elif old < 8:  # schema 7 put those words between the terms, breaking phrases
            err.print(
                "its search index puts the words inside longer terms between the terms, so "
                "a phrase such as 生成式人工智能发展 is missed: run 'policyscope reindex'"
            )

    return Workspace(db, on_upgrade=upgrading)


@app.callback()
def _global(
    db: Annotated[
        str | None,
        typer.Option(
            "--db", envvar="POLICYSCOPE_DB", help="Workspace database (default ./policyscope.db)"
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks")] = False,
    background: Annotated[
        bool,
        typer.Option(
            "--background",
            help="Run the worker processes of ingest, enrich and reindex at background "
            "priority (nice 19) so they yield to other work; default: normal priority. "
            "Example: policyscope --background ingest docs/ --workers 2",
        ),
    ] = False,
) -> None:
    STATE["db"] = db
    STATE["debug"] = debug
    if background:
        # the pools read it when they start their workers (spawned: they inherit it)
        os.environ[WORKER_NICE_ENV] = "19"


def warn(msg: str | None) -> None:
    """A yellow warning line on stderr (nothing when there is nothing to say)."""
    if msg:
        err.print(f"[yellow]warning:[/yellow] {escape(msg)}", soft_wrap=True)


def paged_note(note: str | None) -> None:
    """How many rows a page left out (`output.page`), on stderr: stdout stays the table."""
    if note:
        err.print(f"[dim]{escape(note)}[/dim]")


def _database_error(exc: Exception) -> bool:
    # looked up, not imported: SQLAlchemy is loaded only once a command opened a store
    dbapi = getattr(sys.modules.get("sqlalchemy.exc"), "DBAPIError", None)
    return dbapi is not None and isinstance(exc, dbapi)


def _database_line(exc: Exception) -> str:
    """The database's own words for `exc`, with the workspace it concerns and a hint."""
    from policyscope.workspace import (  # noqa: PLC0415 (lazy: start-up time)
        default_db,
        display_name,
    )

    orig = getattr(exc, "orig", exc)
    db = display_name(STATE["db"] or default_db())
    full = "disk is full" in str(orig) or "No space" in str(orig)
    hint = "free some space and retry" if full else "retry with --debug for details"
    return f"{db}: {orig}; {hint}"


def main() -> None:
    # typer's standalone mode prints usage errors itself (whichever click it bundles);
    # our own errors become one red line and exit code 1, unless --debug.
    try:
        app()
    except PolicyScopeError as exc:
        if STATE["debug"]:
            raise
        err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        sys.exit(1)
    except Exception as exc:  # e.g. a full disk during optimize: the database's own words
        if STATE["debug"] or not _database_error(exc):
            raise
        err.print(f"[red]error:[/red] {escape(_database_line(exc))}", soft_wrap=True)
        sys.exit(1)
