"""The `policyscope` command: one small function per command, each a call to Workspace."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from policyscope.arguments import check_filter
from policyscope.errors import BadArgument, PolicyScopeError
from policyscope.model import DocMeta, Document, KwicLine, SearchHit
from policyscope.output import Format, emit, figure_text

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
STATE: dict = {"db": None, "debug": False}

FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table, json, csv")]
SeriesOpt = Annotated[str | None, typer.Option("--series", help="Only this series, e.g. cn-gwr")]
LangOpt = Annotated[str | None, typer.Option("--lang", help="Only paragraphs in ko|zh|ja|en")]
FromOpt = Annotated[str | None, typer.Option("--from", help="Documents dated on/after (2024)")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Documents dated on/before (2025-03)")]
DocOpt = Annotated[
    list[str] | None, typer.Option("--doc", help="Only this document (id or path); repeatable")
]


AllLangOpt = Annotated[
    bool,
    typer.Option(
        "--all-languages",
        help="Also count a series member's translations (cn-gwr 2024.en beside 2024.zh)",
    ),
]


# Command groups whose commands write to the store (and so may create it), e.g. `watch add`.
WRITING_GROUPS = {"watch"}


def _command() -> str | None:
    """The first word after `policyscope` of the command being run."""
    # typer bundles its own click (typer._click) or uses the installed one, by version
    try:
        from typer._click.globals import get_current_context
    except ImportError:
        from click import get_current_context

    ctx = get_current_context(silent=True)
    words = ctx.command_path.split() if ctx else []
    return words[1] if len(words) > 1 else None


def ws(create: bool = False) -> Workspace:
    """The workspace of --db. Only commands that write (`create`) make a new store; for the
    others a missing file is a typo to report, not an empty store to answer from."""
    # the store (SQLAlchemy: ~0.5 s) loads here, on the first command that needs it, not at
    # start-up: `policyscope --help` must answer in < 0.3 s
    from policyscope.store.sql import display_name
    from policyscope.workspace import Workspace, default_db

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
) -> None:
    STATE["db"] = db
    STATE["debug"] = debug


@app.command(
    epilog="Example: policyscope ingest ../shared/corpus --manifest ../shared/corpus/MANIFEST.tsv"
)
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (walked recursively)")],
    manifest: Annotated[
        Path | None, typer.Option(help="TSV/CSV/YAML with metadata per file")
    ] = None,
    series: SeriesOpt = None,
    series_key: Annotated[
        str | None, typer.Option("--series-key", help="Order key in the series")
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title (for every file given)")] = None,
    date: Annotated[str | None, typer.Option(help="Date, ISO: 2025 / 2025-03 / 2025-03-05")] = None,
    issuer: Annotated[str | None, typer.Option(help="Issuing body")] = None,
    country: Annotated[str | None, typer.Option(help="Country code, e.g. CN")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Main language ko|zh|ja|en")] = None,
    doc_type: Annotated[str | None, typer.Option("--doc-type", help="report, law, plan...")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (0 = automatic)")] = 0,
    enrich: Annotated[
        bool,
        typer.Option(
            "--enrich/--no-enrich",
            help="Also find pack mentions, figures and events now (--no-enrich: store and "
            "index only, about 3x faster on Chinese and English; run 'policyscope enrich' later)",
        ),
    ] = True,
) -> None:
    """Read files into the workspace: text, paragraphs, language, tokens, search index,
    and (unless --no-enrich) pack mentions, figures and events."""
    flags = DocMeta(
        title=title,
        date=date,
        issuer=issuer,
        country=country,
        language=lang,
        doc_type=doc_type,
        series=series,
        series_key=series_key,
    )
    counts: dict[str, int] = {}
    with (
        ws(create=True) as w,
        Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=err,
            transient=False,
        ) as bar,
    ):
        task = bar.add_task("", total=None)

        def on_total(n: int) -> None:
            bar.update(task, total=n)

        def on_result(o) -> None:
            counts[o.status] = counts.get(o.status, 0) + 1
            bar.update(task, advance=1, description=escape(Path(o.path).name))
            if o.status == "failed":
                bar.console.print(f"[red]✗ {escape(o.error or o.path)}[/red]", soft_wrap=True)
            elif o.warning:
                bar.console.print(
                    f"[yellow]! {escape(o.path)}: {escape(o.warning)}[/]", soft_wrap=True
                )

        w.ingest(
            paths,
            manifest=manifest,
            meta=flags,
            workers=workers or None,
            on_total=on_total,
            on_result=on_result,
            enrich=enrich,
        )
        total = w.stats()
        waiting = len(w.store.unenriched_ids())
    summary = ", ".join(f"{v} {k}" for k, v in sorted(counts.items())) or "nothing to do"
    err.print(f"{summary}; workspace {w.store.location} holds {total['documents']} documents")
    if waiting:
        err.print(
            f"{waiting} documents have no mentions, figures or events yet: "
            "run 'policyscope enrich' to add them"
        )
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
    limit: Annotated[int, typer.Option(help="Most hits to show")] = 20,
    offset: Annotated[int, typer.Option(help="Skip this many hits (paging)")] = 0,
    fmt: FormatOpt = Format.table,
) -> None:
    """Ranked search (BM25) over paragraphs, with CJK-aware word boundaries."""
    with ws() as w:
        hits = w.search(
            query,
            series=series,
            lang=lang,
            date_from=date_from,
            date_to=date_to,
            doc=doc,
            limit=limit,
            offset=offset,
        )
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
    window: Annotated[int, typer.Option(help="Characters of context each side")] = 30,
    series: SeriesOpt = None,
    lang: LangOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    doc: DocOpt = None,
    limit: Annotated[int | None, typer.Option(help="Most lines (one page)", min=0)] = None,
    offset: Annotated[int, typer.Option(help="Lines to skip first (next page)", min=0)] = 0,
    ignore_case: Annotated[bool, typer.Option("--ignore-case", "-i")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Keyword in context: every occurrence, with document, date and character offsets."""
    with ws() as w:
        found = w.kwic_page(
            term,
            window=window,
            series=series,
            lang=lang,
            date_from=date_from,
            date_to=date_to,
            doc=doc,
            limit=limit,
            ignore_case=ignore_case,
            offset=offset,
        )
    lines = found.lines
    if fmt == Format.table:
        from rich.table import Table

        title = f"{found.total} occurrences of {escape(term)}"
        if len(lines) < found.total:
            shown = f"{offset + 1}-{offset + len(lines)}" if lines else "none"
            title += f" (lines {shown})"
        t = Table(title=title, header_style="bold")
        paged = any(k.page is not None for k in lines)  # PDFs: where to look in print
        for c, j in (
            ("doc", "right"),
            ("key", "left"),
            ("start", "right"),
            *([("p.", "right")] if paged else []),
            ("left", "right"),
            ("match", "center"),
            ("right", "left"),
        ):
            t.add_column(c, justify=j, overflow="fold")
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
        out.print(t)
    else:
        emit(lines, fmt, kind=KwicLine)


@app.command(epilog="Example: policyscope docs --series cn-gwr --format csv")
def docs(
    series: SeriesOpt = None,
    all_versions: Annotated[bool, typer.Option("--all-versions")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """List the documents in the workspace."""
    with ws() as w:
        check_filter(w.store, series)  # a typo is an error listing the series, not no rows
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
            title=printable(_clip(d.title or "", 48)),
        )
        for d in rows
    ]
    emit(short, fmt)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(s: str) -> str:
    """`s` with control characters shown as \\xNN, so that a file name carrying ANSI escapes
    cannot repaint the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", s)


def _clip(s: str, n: int) -> str:
    """`s` cut to `n` characters, with an ellipsis when something was cut."""
    return s if len(s) <= n else s[: n - 1] + "…"


@app.command(epilog="Example: policyscope show cn-gwr/2025.zh.txt --segments")
def show(
    doc: Annotated[str, typer.Argument(help="Document id or path")],
    segments: Annotated[bool, typer.Option("--segments", help="List paragraphs")] = False,
    sentences: Annotated[bool, typer.Option("--sentences", help="List sentences")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show one document: metadata, then its text or its segments."""
    with ws() as w:
        d = w.document(doc)
        if segments or sentences:
            segs = w.segments(d.id, "sentence" if sentences else "paragraph")
            text = w.text(d.id)
            rows = [
                dict(
                    idx=s.idx,
                    start=s.start,
                    end=s.end,
                    lang=s.lang,
                    page=s.page,
                    text=text[s.start : s.end],
                )
                for s in segs
            ]
            emit(rows, fmt, ["idx", "start", "end", "lang", "page", "text"])
            return
        text = w.text(d.id)
    if fmt == Format.table:
        for k, v in d.to_dict().items():
            if v is not None:
                out.print(f"[bold]{k}[/bold]: {escape(str(v))}")
        out.print()
        out.print(escape(text), soft_wrap=True)
    else:
        emit([{**d.to_dict(), "text": text}], fmt)


pack_app = typer.Typer(
    help="Knowledge packs: concepts, entities, metrics and series.",
    epilog="Example: policyscope pack add-alias embodied_ai '체현형 지능'",
    no_args_is_help=True,
)
app.add_typer(pack_app, name="pack")


@pack_app.command("list", epilog="Example: policyscope pack list")
def pack_list(fmt: FormatOpt = Format.table) -> None:
    """The packs in use: the shipped China AI pack and any user packs loaded on top."""
    with ws() as w:
        pack = w.pack
        rows = [
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
    with ws() as w, Progress(BarColumn(), MofNCompleteColumn(), console=err, transient=True) as bar:
        task = bar.add_task("", total=1 if doc else len(w.documents()))
        n = w.link(doc, on_result=lambda _d: bar.update(task, advance=1))
    err.print(f"{n} mentions stored")


@app.command(epilog="Example: policyscope reindex --workers 2")
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
) -> None:
    """Tokenize stored paragraphs again for ranked search (after extending the term
    dictionary or loading a pack, or for a store from an older PolicyScope); with
    --ko-tokenizer, cut all Korean again with the other analyser (queries follow)."""
    with ws() as w, Progress(BarColumn(), MofNCompleteColumn(), console=err, transient=True) as bar:
        task = bar.add_task("", total=None)
        n = w.reindex(
            doc,
            workers=workers,
            on_total=lambda k: bar.update(task, total=k),
            on_result=lambda _d: bar.update(task, advance=1),
            ko_tokenizer=ko_tokenizer,
        )
        backend = w.ko_tokenizer
    err.print(f"{n} paragraphs indexed again (Korean cut by {backend})")


@app.command(epilog="Example: policyscope concepts 智能 --format json")
def concepts(
    query: Annotated[str | None, typer.Argument(help="Part of an id, label or variant")] = None,
    series: SeriesOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Concepts of the pack with how often the documents mention them."""
    with ws() as w:
        rows = w.concepts(query, series=series)
    emit(rows, fmt, ["id", "type", "label_en", "label_zh", "label_ko", "mentions", "documents"])


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
    fmt: FormatOpt = Format.table,
) -> None:
    """Entities of the pack (actors, models, policies, places) with mention counts."""
    with ws() as w:
        rows = w.entities(query, type=type_, series=series)
    emit(rows, fmt, ["id", "type", "label_en", "label_zh", "label_ko", "mentions", "documents"])


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


FACT_COLUMNS = [
    "doc_id",
    "doc_title",
    "source_path",
    "metric",
    "subject",
    "value",
    "unit",
    "value_base",
    "base_unit",
    "kind",
    "measure",
    "period",
    "period_kind",
    "period_unknown",
    "qualifier",
    "conversion_of",
    "uncertain",
    "quote",
    "start",
    "end",
]
EVENT_COLUMNS = [
    "date",
    "precision",
    "actor",
    "action",
    "object",
    "quote",
    "start",
    "end",
    "doc_id",
    "source_path",
]


def _pick(records, columns: list[str]) -> list[dict]:
    return [{c: r.to_dict()[c] for c in columns} for r in records]


@app.command(epilog="Example: policyscope facts --metric ai_company_count --format jsonl")
def facts(
    doc: DocOpt = None,
    metric: Annotated[str | None, typer.Option(help="Pack metric id, e.g. gdp_growth")] = None,
    subject: Annotated[str | None, typer.Option(help="Entity id, e.g. china, shenzhen")] = None,
    kind: Annotated[str | None, typer.Option(help="actual|target|forecast|other")] = None,
    period: Annotated[str | None, typer.Option(help="2023, 2023-06 ... (prefix match)")] = None,
    series: SeriesOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Figures with units, periods and provenance (jsonl: one object per claim)."""
    with ws() as w:
        rows = w.facts(
            doc=doc, metric=metric, subject=subject, kind=kind, period=period, series=series
        )
    from policyscope.extract.certainty import uncertain_reason

    # 'uncertain' says what a figure lacks to reach a ledger, a conflict or a key point
    picked = [{**r.to_dict(), "uncertain": uncertain_reason(r)} for r in rows]
    if fmt == Format.table:
        cols = ["doc_id", "metric", "value", "unit", "kind", "measure", "period", "qualifier"]
        emit([{c: p[c] for c in [*cols, "uncertain", "quote"]} for p in picked], fmt)
    else:
        emit([{c: p[c] for c in FACT_COLUMNS} for p in picked], fmt)


@app.command(epilog="Example: policyscope timeline --from 2023 --format json")
def timeline(
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    actor: Annotated[str | None, typer.Option(help="Entity id of the actor")] = None,
    doc: DocOpt = None,
    series: SeriesOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Dated events (issued, took effect, established, held...) in date order, with quotes."""
    with ws() as w:
        rows = w.timeline(date_from=date_from, date_to=date_to, actor=actor, doc=doc, series=series)
    emit(
        _pick(rows, EVENT_COLUMNS),
        fmt,
        ["date", "actor", "action", "object", "doc_id", "quote"] if fmt == Format.table else None,
    )


DEMO_LEDGER = ["gdp_growth", "cpi_growth", "urban_new_jobs", "urban_surveyed_unemployment"]


def _demo_ledger(w, d, steps) -> None:
    """The last four years' targets beside the outcomes the next report gives."""
    led, secs = d.timed(w.ledger, "cn-gwr", metric=DEMO_LEDGER)
    steps.append(("targets ledger", secs))
    years = led.years[-4:]
    out.rule("targets (T) and outcomes (A) in the Government Work Reports: policyscope ledger")
    for r in led.rows:
        cells = []
        for y in years:
            c = r.cells[y]
            t = figure_text(c.target) or "–"
            a = figure_text(c.actual) or "–"
            cells.append(f"{y} T {t} A {a} {c.status}")
        out.print(f"{escape(r.label):>34}  " + " | ".join(escape(x) for x in cells))


@app.command(epilog="Example: policyscope targets --metric ai_core_industry_size")
def targets(
    metric: Annotated[str | None, typer.Option(help="Pack metric id")] = None,
    subject: Annotated[str | None, typer.Option(help="Entity id")] = None,
    today: Annotated[str | None, typer.Option(help="Judge deadlines as of this date")] = None,
    all_languages: AllLangOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Targets vs actuals: each target with the latest actual, a status and the evidence."""
    with ws() as w:
        rows = w.targets(metric=metric, subject=subject, today=today, all_languages=all_languages)
    emit(
        rows,
        fmt,
        [
            "metric",
            "subject",
            "deadline",
            "target_value",
            "target_unit",
            "actual_value",
            "actual_period",
            "status",
            "evidence",
        ],
    )


@app.command(epilog="Example: policyscope conflicts --format json")
def conflicts(
    metric: Annotated[str | None, typer.Option(help="Pack metric id")] = None,
    subject: Annotated[str | None, typer.Option(help="Entity id")] = None,
    all_languages: AllLangOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Figures that disagree across sources (or within one), classified, with both quotes."""
    with ws() as w:
        rows = w.conflicts(metric=metric, subject=subject, all_languages=all_languages)
    emit(
        rows,
        fmt,
        [
            "metric",
            "subject",
            "classification",
            "a_value",
            "a_period",
            "a_doc_id",
            "b_value",
            "b_period",
            "b_doc_id",
            "explanation",
        ],
    )


@app.command(epilog="Example: policyscope extract --doc 3")
def extract(
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document")] = None,
) -> None:
    """Extract figures and events again from stored documents (after an upgrade or a pack
    change)."""
    with ws() as w, Progress(BarColumn(), MofNCompleteColumn(), console=err, transient=True) as bar:
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
        Progress(
            TextColumn("[bold]enrich"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
        ) as bar,
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
    err.print(f"{w.store.location}: {before / 1e6:,.1f} MB -> {after / 1e6:,.1f} MB")


@app.command(epilog="Example: policyscope demo --out demo-out --shared ../shared")
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the demo workspace")] = Path(
        "demo-out"
    ),
    shared: Annotated[Path | None, typer.Option(help="The shared data folder")] = Path("../shared"),
    corpus: Annotated[
        Path | None, typer.Option(help="Use this folder instead of shared data")
    ] = None,
) -> None:
    """Build a fresh workspace from the sample inputs and show what it can answer."""
    from policyscope import demo as d

    p = d.plan(out_dir, shared, corpus)
    w = d.fresh_workspace(p.db)
    STATE["db"] = str(p.db)
    steps: list[tuple[str, float]] = []
    with w:
        for inp in p.inputs:
            err.print(
                f"[bold]ingest[/bold] {inp.path}"
                + (f" (manifest {inp.manifest})" if inp.manifest else "")
            )
            with Progress(
                BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True
            ) as bar:
                task = bar.add_task("", total=None)
                outcomes, secs = d.timed(
                    w.ingest,
                    [inp.path],
                    manifest=inp.manifest,
                    on_total=lambda n, t=task: bar.update(t, total=n),
                    on_result=lambda o, t=task: bar.update(t, advance=1),
                )
            for o in outcomes:
                if o.status == "failed":
                    err.print(f"[red]✗ {escape(o.error or o.path)}[/red]")
            steps.append((f"ingest {inp.path.name} ({len(outcomes)} files)", secs))
        for q in ("新质生产力", "신체화", "embodied intelligence"):
            hits, secs = d.timed(w.search, q, limit=5)
            steps.append((f"search {q}", secs))
            out.rule(f"search {q}: {len(hits)} top hits")
            for h in hits:
                snippet = escape(h.snippet).replace("«", "[bold yellow]").replace("»", "[/]")
                out.print(
                    f"[cyan]#{h.doc_id}[/] {escape(_clip(h.title or '', 40))} "
                    f"[dim]{h.date or ''}[/] {snippet}"
                )
        for term, series in (
            ("具身智能", "cn-gwr"),
            ("人工智能+", "cn-gwr"),
            ("concept:embodied_ai", None),
            ("concept:new_quality_productive_forces", None),
        ):
            lines, secs = d.timed(w.kwic, term, window=18, series=series)
            steps.append((f"kwic {term}", secs))
            out.rule(f"kwic {term}" + (f" in {series}" if series else "") + f": {len(lines)} lines")
            for k in lines[:8]:
                out.print(
                    f"[cyan]#{k.doc_id}[/] {k.series_key or k.date or '':>6} "
                    f"{escape(k.left):>20}[bold yellow]{escape(k.match)}[/]{escape(k.right)}"
                )
        if any(d.series == "cn-gwr" for d in w.documents()):
            firsts, secs = d.timed(
                w.first, ["人工智能+", "具身智能", "新质生产力", "互联网+", "智能+"], "cn-gwr"
            )
            steps.append(("first appearances", secs))
            out.rule("first appearance in the Government Work Reports (cn-gwr)")
            for f in firsts:
                warn = f"  [dim]({escape(f.warning)})[/]" if f.warning else ""
                out.print(f"{escape(f.term):>10} {f.first_key}{warn}")
        if any(d.series == "cn-gwr" for d in w.documents()):
            _demo_ledger(w, d, steps)
        seeds = [x for x in w.documents() if x.series is None and x.language == "ko"]
        for doc in seeds[:2]:
            verdicts, secs = d.timed(w.verify, doc.id)
            steps.append((f"verify {Path(doc.source_path or '').name}", secs))
            tally = {}
            for v in verdicts:
                tally[v.verdict] = tally.get(v.verdict, 0) + 1
            out.rule(f"verify {escape(Path(doc.source_path or '').name)}: {tally}")
            for v in [v for v in verdicts if v.verdict == "contradicted"][:3]:
                out.print(
                    f"[red]contradicted[/] {escape(v.quote[:60])} — {escape(v.evidence[:140])}"
                )
        out.rule("briefings")
        for lang in ("ko", "en"):
            for fmt in ("html", "pdf"):
                target = out_dir / f"briefing.{lang}.{fmt}"
                path, secs = d.timed(w.report, lang=lang, fmt=fmt, out=target)
                steps.append((f"briefing {lang} {fmt}", secs))
                out.print(f"[green]{path}[/]")
    out.rule("timings")
    for name, secs in steps:
        out.print(f"{secs:8.2f} s  {escape(name)}")
    out.print(f"workspace: {p.db}")


def _database_error(exc: Exception) -> bool:
    # looked up, not imported: SQLAlchemy is loaded only once a command opened a store
    dbapi = getattr(sys.modules.get("sqlalchemy.exc"), "DBAPIError", None)
    return dbapi is not None and isinstance(exc, dbapi)


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
        from policyscope.store.sql import display_name
        from policyscope.workspace import default_db

        db = display_name(STATE["db"] or default_db())
        full = "disk is full" in str(exc.orig) or "No space" in str(exc.orig)
        hint = "free some space and retry" if full else "retry with --debug for details"
        line = f"{db}: {exc.orig}; {hint}"
        err.print(f"[red]error:[/red] {escape(line)}", soft_wrap=True)
        sys.exit(1)


# Commands that live in their own modules register themselves on `app` when imported.
from policyscope import cli_analysis, cli_report, cli_verify, cli_watch, cli_web  # noqa: E402, F401

if __name__ == "__main__":
    # Under `python -m policyscope.cli` this file is __main__, a second copy of the module:
    # run the canonical one, on which the command modules registered themselves.
    from policyscope.cli import main as canonical_main

    canonical_main()
