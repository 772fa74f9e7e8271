"""Commands that work on stored documents again: extract, enrich and optimize."""

from __future__ import annotations

from typing import Annotated

import typer

from policyscope.cli import bars
from policyscope.cli.app import app, err, ws


@app.command(epilog="Example: policyscope extract --doc 3")
def extract(
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document")] = None,
) -> None:
    """Extract figures and events again from stored documents (after an upgrade or a pack
    change)."""
    with ws() as w, bars.counter() as bar:
        task = bar.add_task("", total=1 if doc else len(w.documents()))
        n_claims, n_events = w.extract(doc, on_result=lambda _d: bar.update(task, advance=1))
    err.print(f"{n_claims} claims and {n_events} events stored")


@app.command(epilog="Example: policyscope ingest big-folder --no-enrich && policyscope enrich")
def enrich(
    everything: Annotated[
        bool, typer.Option("--all", help="Every document, not only those stored with --no-enrich")
    ] = False,
    workers: Annotated[int, typer.Option(help="Worker processes (0 = automatic)")] = 0,
) -> None:
    """Find pack mentions, figures and events for the documents ingested with --no-enrich
    (one transaction per document; an interrupted run resumes)."""
    with (
        ws() as w,
        bars.labelled("enrich") as bar,
    ):
        task = bar.add_task("", total=None)
        n_docs, n_mentions, n_claims, n_events = w.enrich(
            everything,
            workers=workers or None,
            on_total=lambda n: bar.update(task, total=n),
            on_result=lambda _d: bar.update(task, advance=1),
        )
    err.print(
        f"{n_docs} documents enriched: {n_mentions} mentions, {n_claims} claims, {n_events} events"
    )


@app.command(epilog="Example: policyscope --db policy.db optimize")
def optimize() -> None:
    """Merge the full-text indexes and give free space back (after a large ingest, deleted
    documents or a schema upgrade). The store is rewritten and locked meanwhile: about 15 s
    per GB for SQLite (which needs as much free disk as the store takes), 30 s per GB for
    PostgreSQL (VACUUM FULL)."""
    with ws() as w, err.status("merging indexes and compacting the store"):
        before, after = w.optimize()
    err.print(f"{w.location}: {before / 1e6:,.1f} MB -> {after / 1e6:,.1f} MB")
