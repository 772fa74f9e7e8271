"""The `policyscope` command: one module per command group, each command a call to Workspace.

`cli.app` holds the typer app and what the groups share; each group module imports it and
registers its commands when imported here. The order of these imports is the order in which
`policyscope --help` lists the commands, so it is kept by hand."""

from __future__ import annotations

# isort: off
from policyscope.cli import documents  # noqa: F401  ingest, search, kwic, docs, show
from policyscope.cli import knowledge  # noqa: F401  pack, link, reindex, concepts, ...
from policyscope.cli import facts  # noqa: F401  facts, timeline, targets, conflicts
from policyscope.cli import upkeep  # noqa: F401  extract, enrich, optimize
from policyscope.cli import demo  # noqa: F401
from policyscope.cli import analysis  # noqa: F401  trend, first, compare, cooc, terms, ledger
from policyscope.cli import report  # noqa: F401
from policyscope.cli import verify  # noqa: F401
from policyscope.cli import watch  # noqa: F401  watch ..., diff, digest
from policyscope.cli import web  # noqa: F401  serve
# isort: on
from policyscope.cli.app import app, main

__all__ = ["app", "main"]
