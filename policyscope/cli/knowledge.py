"""Commands over the knowledge packs: the `pack` group, link, reindex, concepts, entities,
mentions and candidates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from policyscope.cli import bars
from policyscope.cli.app import DocOpt, FormatOpt, LimitOpt, SeriesOpt, app, err, paged_note, ws
from policyscope.output import Format, emit, page

pack_app = typer.Typer(
    help="Knowledge packs: concepts, entities, metrics and series.",
    epilog="Example: policyscope pack add-alias embodied_ai '체현형 지능'",
    no_args_is_help=True,
)
app.add_typer(pack_app, name="pack")

ITEM_COLUMNS = ["id", "type", "label_en", "label_zh", "label_ko", "mentions", "documents"]


@pack_app.command("list", epilog="Example: policyscope pack list")
def pack_list(fmt: FormatOpt = Format.table) -> None:
    """The packs in use: the shipped China AI pack and any user packs loaded on top."""
    with ws() as w:
        pack = w.pack
        rows: list[dict[str, object]] = [
            dict(
                pack="china_ai (shipped)",
                path="",
                concepts=len(pack.concepts),
                entities=len(pack.entities),
                metrics=len(pack.metrics),
                series=len(pack.series),
            )
        ]
        rows += [
            dict(pack="user", path=p, concepts="", entities="", metrics="", series="")
            for p in w.user_packs
        ]
    emit(rows, fmt)


@pack_app.command("load", epilog="Example: policyscope pack load ./my-pack")
def pack_load(path: Annotated[Path, typer.Argument(help="Folder with pack.yaml")]) -> None:
    """Validate a user pack, load it on top of the shipped one and re-link documents."""
    with ws(create=True) as w:
        packs = w.load_pack(path)
        n = w.stats()["documents"]
    err.print(f"loaded {path}; {len(packs)} user pack(s) in use; re-linked {n} documents")
    err.print("run 'policyscope reindex' so that ranked search cuts words with the pack's terms")


@pack_app.command("add-alias", epilog="Example: policyscope pack add-alias embodied_ai '체화 지능'")
def pack_add_alias(
    item_id: Annotated[str, typer.Argument(help="Concept or entity id")],
    alias: Annotated[str, typer.Argument(help="The new surface form")],
    pack_dir: Annotated[
        Path | None,
        typer.Option(
            "--pack", help="User pack folder (default: policyscope-pack/ beside the database)"
        ),
    ] = None,
) -> None:
    """Add an alias to a user pack file (never the shipped pack) and re-link."""
    with ws(create=True) as w:
        written = w.add_alias(item_id, alias, pack_dir)
    err.print(f"added {alias!r} to {item_id} in {written}; documents re-linked")
    err.print("run 'policyscope reindex' so that ranked search keeps the alias whole")


@app.command(epilog="Example: policyscope link --doc 3")
def link(
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document")] = None,
) -> None:
    """Find concept and entity mentions again in stored documents (after a pack changed)."""
    with ws() as w, bars.counter() as bar:
        task = bar.add_task("", total=1 if doc else len(w.documents()))
        n = w.link(doc, on_result=lambda _d: bar.update(task, advance=1))
    err.print(f"{n} mentions stored")


@app.command(
    epilog="Example: policyscope reindex --workers 2  (or: policyscope reindex "
    "--search-engine tantivy)"
)
def reindex(
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document")] = None,
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (default: by size, up to 4)")
    ] = None,
    ko_tokenizer: Annotated[
        str | None,
        typer.Option(
            "--ko-tokenizer", help="Move the store's Korean to this analyser: mecab or kiwi"
        ),
    ] = None,
    search_engine: Annotated[
        str | None,
        typer.Option(
            "--search-engine",
            help="Rank search on this engine: tantivy (a folder beside a SQLite store, "
            "faster on large stores) or fts5",
        ),
    ] = None,
) -> None:
    """Tokenize stored paragraphs again for ranked search (after extending the term
    dictionary or loading a pack, or for a store from an older PolicyScope); with
    --ko-tokenizer, cut all Korean again with the other analyser (queries follow)."""
    with ws() as w, bars.counter() as bar:
        task = bar.add_task("", total=None)
        n = w.reindex(
            doc,
            workers=workers,
            on_total=lambda k: bar.update(task, total=k),
            on_result=lambda _d: bar.update(task, advance=1),
            ko_tokenizer=ko_tokenizer,
            search_engine=search_engine,
        )
        backend, engine = w.ko_tokenizer, w.search_engine
    err.print(f"{n} paragraphs indexed again (Korean cut by {backend}, ranked by {engine})")


@app.command(epilog="Example: policyscope concepts 智能 --format json")
def concepts(
    query: Annotated[str | None, typer.Argument(help="Part of an id, label or variant")] = None,
    series: SeriesOpt = None,
    limit: LimitOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Concepts of the pack with how often the documents mention them."""
    with ws() as w:
        rows = w.concepts(query, series=series)
    rows, note = page(rows, fmt, limit)
    emit(rows, fmt, ITEM_COLUMNS)
    paged_note(note)


@app.command(epilog="Example: policyscope entities 딥시크 --type company")
def entities(
    query: Annotated[str | None, typer.Argument(help="Part of an id, name or alias")] = None,
    type_: Annotated[
        str | None,
        typer.Option(
            "--type",
            help="organization, company, "
            "person, ai_model, policy_document, regulation, law, place, "
            "programme, event",
        ),
    ] = None,
    series: SeriesOpt = None,
    limit: LimitOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Entities of the pack (actors, models, policies, places) with mention counts."""
    with ws() as w:
        rows = w.entities(query, type=type_, series=series)
    rows, note = page(rows, fmt, limit)
    emit(rows, fmt, ITEM_COLUMNS)
    paged_note(note)


@app.command(epilog="Example: policyscope mentions concept:embodied_ai --spans")
def mentions(
    item: Annotated[str, typer.Argument(help="Concept or entity id (concept:ID works too)")],
    series: SeriesOpt = None,
    doc: DocOpt = None,
    narrower: Annotated[bool, typer.Option(help="Include narrower concepts")] = False,
    spans: Annotated[bool, typer.Option("--spans", help="Every mention, not counts")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Where a concept or entity is mentioned: counts per document, or every span."""
    with ws() as w:
        if spans:
            emit(w.mention_spans(item, series=series, doc=doc, narrower=narrower), fmt)
        else:
            emit(
                w.mentions(item, series=series, doc=doc, narrower=narrower),
                fmt,
                ["doc_id", "series_key", "date", "title", "count", "surfaces"],
            )


@app.command(epilog="Example: policyscope candidates --doc 004_baff780838081e41.txt --top 30")
def candidates(
    series: SeriesOpt = None,
    doc: DocOpt = None,
    min_count: Annotated[
        int,
        typer.Option(
            "--min-count",
            help="Least count for n-grams and proper nouns (quoted terms always count)",
        ),
    ] = 2,
    top: Annotated[int, typer.Option(help="How many")] = 50,
    fmt: FormatOpt = Format.table,
) -> None:
    """Terms the pack does not know yet, ranked, with an example each; add the good ones
    with `policyscope pack add-alias`."""
    with ws() as w:
        rows = w.candidates(series=series, doc=doc, min_count=min_count, top=top)
    if fmt == Format.table:
        for r in rows:
            r.left = f"{r.left[-15:]}[bold yellow]{escape(r.term)}[/]{r.right[:15]}"
        emit(rows, fmt, ["term", "lang", "source", "count", "documents", "score", "doc_id", "left"])
    else:
        emit(rows, fmt)
