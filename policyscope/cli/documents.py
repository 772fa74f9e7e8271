"""Commands that read files in and find and show documents: ingest, search, kwic, docs, show."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from policyscope.cli import bars
from policyscope.cli.app import (
    DocOpt,
    FormatOpt,
    FromOpt,
    LangOpt,
    SeriesOpt,
    ToOpt,
    app,
    err,
    out,
    ws,
)
from policyscope.model import DocMeta, Document, IngestOutcome, KwicLine, SearchHit
from policyscope.output import Format, clip, emit, printable

if TYPE_CHECKING:  # the kwic module loads only when KWIC is asked for
    from policyscope.analysis.kwic import KwicPage

Opt = typer.Option


def _ingest_summary(counts: dict[str, int], location: str, documents: int, waiting: int) -> None:
    summary = ", ".join(f"{v} {k}" for k, v in sorted(counts.items())) or "nothing to do"
    err.print(f"{summary}; workspace {location} holds {documents} documents")
    if waiting:
        err.print(
            f"{waiting} documents have no mentions, figures or events yet: "
            "run 'policyscope enrich' to add them"
        )


@app.command(
    epilog="Example: policyscope ingest ../shared/corpus --manifest ../shared/corpus/MANIFEST.tsv"
)
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (walked recursively)")],
    manifest: Annotated[Path | None, Opt(help="TSV/CSV/YAML with metadata per file")] = None,
    series: SeriesOpt = None,
    series_key: Annotated[str | None, Opt("--series-key", help="Order key in the series")] = None,
    title: Annotated[str | None, Opt(help="Title (for every file given)")] = None,
    date: Annotated[str | None, Opt(help="Date, ISO: 2025 / 2025-03 / 2025-03-05")] = None,
    issuer: Annotated[str | None, Opt(help="Issuing body")] = None,
    country: Annotated[str | None, Opt(help="Country code, e.g. CN")] = None,
    lang: Annotated[str | None, Opt("--lang", help="Main language ko|zh|ja|en")] = None,
    doc_type: Annotated[str | None, Opt("--doc-type", help="report, law, plan...")] = None,
    workers: Annotated[
        int, Opt(help="Processes preparing documents, this one included (0 = automatic)")
    ] = 0,
    enrich: Annotated[
        bool,
        Opt(
            "--enrich/--no-enrich",
            help="Also find pack mentions, figures and events now (--no-enrich: store and "
            "index only, about 3x faster on Chinese and English; run 'policyscope enrich' later)",
        ),
    ] = True,
) -> None:
    """Read files into the workspace: text, paragraphs, language, tokens, search index,
    and (unless --no-enrich) pack mentions, figures and events."""
    flags = DocMeta(title=title, date=date, issuer=issuer, country=country, language=lang,
                    doc_type=doc_type, series=series, series_key=series_key)  # fmt: skip
    counts: dict[str, int] = {}
    with ws(create=True) as w, bars.labelled("ingest", detail=True) as bar:
        task = bar.add_task("", total=None)

        def on_result(o: IngestOutcome) -> None:
            counts[o.status] = counts.get(o.status, 0) + 1
            bar.update(task, advance=1, description=escape(Path(o.path).name))
            if o.status == "failed":
                bar.console.print(f"[red]✗ {escape(o.error or o.path)}[/red]", soft_wrap=True)
            elif o.warning:
                bar.console.print(
                    f"[yellow]! {escape(o.path)}: {escape(o.warning)}[/]", soft_wrap=True
                )

        w.ingest(
            list(paths),
            manifest=manifest,
            meta=flags,
            workers=workers or None,
            on_total=lambda n: bar.update(task, total=n),
            on_result=on_result,
            enrich=enrich,
        )
        documents, waiting = w.stats()["documents"], w.unenriched_count()
    _ingest_summary(counts, w.location, documents, waiting)
    if counts.get("failed"):
        raise typer.Exit(1)


@app.command(epilog="Example: policyscope search 新质生产力 --series cn-gwr --format json")
def search(
    query: Annotated[str, typer.Argument(help='Words; "quotes" keep a phrase together')],
    series: SeriesOpt = None,
    lang: LangOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    doc: DocOpt = None,
    limit: Annotated[int, Opt(help="Most hits to show")] = 20,
    offset: Annotated[int, Opt(help="Skip this many hits (paging)")] = 0,
    fmt: FormatOpt = Format.table,
) -> None:
    """Ranked search (BM25) over paragraphs, with CJK-aware word boundaries."""
    with ws() as w:
        hits = w.search(query, series=series, lang=lang, date_from=date_from, date_to=date_to,
                        doc=doc, limit=limit, offset=offset)  # fmt: skip
    if fmt == Format.table:
        for h in hits:
            h.snippet = h.snippet.replace("«", "[bold yellow]").replace("»", "[/bold yellow]")
    cols = ["doc_id", "series_key", "date", "title", "score", "start", "snippet"]
    if any(h.page is not None for h in hits):
        cols.insert(6, "page")  # PDFs: where to look in the printed document
    emit(hits, fmt, cols, kind=SearchHit)


@app.command(epilog="Example: policyscope kwic 具身智能 --series cn-gwr --window 20")
def kwic(
    term: Annotated[str, typer.Argument(help="Literal text; full- and half-width are the same")],
    window: Annotated[int, Opt(help="Characters of context each side")] = 30,
    series: SeriesOpt = None,
    lang: LangOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    doc: DocOpt = None,
    limit: Annotated[int | None, Opt(help="Most lines (one page)", min=0)] = None,
    offset: Annotated[int, Opt(help="Lines to skip first (next page)", min=0)] = 0,
    ignore_case: Annotated[bool, Opt("--ignore-case", "-i")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Keyword in context: every occurrence, with document, date and character offsets."""
    with ws() as w:
        found = w.kwic_page(term, window=window, series=series, lang=lang,
                            date_from=date_from, date_to=date_to, doc=doc, limit=limit,
                            ignore_case=ignore_case, offset=offset)  # fmt: skip
    if fmt == Format.table:
        out.print(_kwic_table(found, term, offset))
    else:
        emit(found.lines, fmt, kind=KwicLine)


def _kwic_table(found: KwicPage, term: str, offset: int) -> Table:
    lines = found.lines
    title = f"{found.total} occurrences of {escape(term)}"
    if len(lines) < found.total:
        shown = f"{offset + 1}-{offset + len(lines)}" if lines else "none"
        title += f" (lines {shown})"
    t = Table(title=title, header_style="bold")
    paged = any(k.page is not None for k in lines)  # PDFs: where to look in print
    for c in ("doc", "key", "start", *(["p."] if paged else []), "left"):
        t.add_column(c, justify="left" if c == "key" else "right", overflow="fold")
    t.add_column("match", justify="center", overflow="fold")
    t.add_column("right", justify="left", overflow="fold")
    for k in lines:
        t.add_row(
            str(k.doc_id),
            k.series_key or (k.date or ""),
            str(k.start),
            *([str(k.page or "")] if paged else []),
            escape(k.left),
            f"[bold yellow]{escape(k.match)}[/]",
            escape(k.right),
        )
    return t


@app.command(epilog="Example: policyscope docs --series cn-gwr --format csv")
def docs(
    series: SeriesOpt = None,
    all_versions: Annotated[bool, Opt("--all-versions")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """List the documents in the workspace."""
    with ws() as w:
        w.check_filter(series)  # a typo is an error listing the series, not no rows
        rows = w.documents(series=series, include_superseded=all_versions)
    if fmt != Format.table:
        emit(rows, fmt, kind=Document)
        return
    short = [
        dict(
            id=d.id,
            series=d.series,
            key=d.series_key,
            date=d.date,
            lang=d.language,
            chars=d.chars,
            v=d.version,
            file=printable(Path(d.source_path or "").name),
            title=printable(clip(d.title or "", 48)),
        )
        for d in rows
    ]
    emit(short, fmt)


@app.command(epilog="Example: policyscope show cn-gwr/2025.zh.txt --segments")
def show(
    doc: Annotated[str, typer.Argument(help="Document id or path")],
    segments: Annotated[bool, Opt("--segments", help="List paragraphs")] = False,
    sentences: Annotated[bool, Opt("--sentences", help="List sentences")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show one document: metadata, then its text or its segments."""
    with ws() as w:
        d = w.document(doc)
        text = w.text(d.id)
        listed = segments or sentences
        segs = w.segments(d.id, "sentence" if sentences else "paragraph") if listed else []
    if listed:
        rows = [
            dict(idx=s.idx, start=s.start, end=s.end, lang=s.lang, page=s.page,
                 text=text[s.start : s.end])
            for s in segs
        ]  # fmt: skip
        emit(rows, fmt, ["idx", "start", "end", "lang", "page", "text"])
    elif fmt == Format.table:
        for k, v in d.to_dict().items():
            if v is not None:
                out.print(f"[bold]{k}[/bold]: {escape(str(v))}")
        out.print()
        out.print(escape(text), soft_wrap=True)
    else:
        emit([{**d.to_dict(), "text": text}], fmt)
