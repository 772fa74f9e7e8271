"""Commands for text analytics over series and documents: trend, first, compare, cooc,
terms and ledger.

Output contract of `trend`: json/csv/jsonl carry one row per (term, member) including the
members missing from the store, as rows with doc_id, count and per_10k null (so the json
stays one array and a plot keeps the gap); the table shows the members present only. In
every format the missing members are also named in a warning line on stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from policyscope.cli.app import DocOpt, FormatOpt, SeriesOpt, app, err, out, warn, ws
from policyscope.errors import BadArgument
from policyscope.output import Format, emit, figure_text

RuleOpt = Annotated[
    str,
    typer.Option(
        "--rule",
        help="literal (substring, as KWIC) | token (whole tokens) | concept (linked mentions)",
    ),
]
SeriesLangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Documents in ko|zh|ja|en (default: the term's language, or the series' main one)",
    ),
]
SeriesReqOpt = Annotated[str, typer.Option("--series", help="The series, e.g. cn-gwr")]


@app.command(
    epilog="Example: policyscope trend 人工智能 具身智能 --series cn-gwr --per 10k --chart ai.png"
)
def trend(
    terms: Annotated[list[str], typer.Argument(help="Terms; concept:ID for linked mentions")],
    series: SeriesReqOpt,
    rule: RuleOpt = "literal",
    per: Annotated[str, typer.Option("--per", help="raw counts or per 10k (chart axis)")] = "raw",
    lang: SeriesLangOpt = None,
    chart: Annotated[
        Path | None, typer.Option("--chart", help="Write a chart: .png, .svg or .html")
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Count terms in each member of a series (e.g. each year's Government Work Report).

    Rows: series_key, doc_id, term, rule, count, per_10k. Missing members (known from the
    pack's series definition or from gaps in the years) are named on stderr; json/csv also
    carry them as rows with count null."""
    with ws() as w:
        res = w.trend(terms, series, rule=rule, per=per, lang=lang)
        if chart:
            w.write_trend_chart(res, chart)
    warn(res.warning())
    if fmt == Format.table:
        cols = ["series_key", "doc_id", "term", "rule", "count", "per_10k"]
        if per == "10k":
            cols = ["series_key", "doc_id", "term", "rule", "per_10k", "count"]
        units = ", ".join(f"{t}: per 10k {u}" for t, u in res.units.items())
        emit(res.rows, fmt, cols, title=f"{res.series} ({units})")
    else:
        emit(res.table(include_missing=True), fmt)
    if chart:
        err.print(f"chart written to {escape(str(chart))}")


@app.command(epilog="Example: policyscope first 人工智能+ 具身智能 新质生产力 --series cn-gwr")
def first(
    terms: Annotated[list[str], typer.Argument(help="Terms; concept:ID for linked mentions")],
    series: SeriesReqOpt,
    rule: RuleOpt = "literal",
    lang: SeriesLangOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """First (and last) member of a series where each term occurs, with a warning when a
    member missing from the store comes before the first appearance."""
    with ws() as w:
        rows = w.first(terms, series, rule=rule, lang=lang)
    for r in rows:
        warn(r.warning)
    if fmt == Format.table:
        emit(
            [
                {
                    "term": r.term,
                    "first": r.first_key,
                    "last": r.last_key,
                    "present in": ", ".join(r.keys_present),
                    "missing before first": ", ".join(r.missing_before_first),
                    "doc_id": r.first_doc_id,
                }
                for r in rows
            ],
            fmt,
        )
    elif fmt == Format.csv:  # lists as '2024, 2025' (json keeps them as arrays)
        emit([{k: _flat(v) for k, v in r.to_dict().items()} for r in rows], fmt)
    else:
        emit(rows, fmt)


def _flat(v):
    return ", ".join(map(str, v)) if isinstance(v, list) else v


@app.command(epilog="Example: policyscope compare cn-gwr/2024.zh.txt cn-gwr/2025.zh.txt --top 20")
def compare(
    doc_a: Annotated[str, typer.Argument(help="Document A (id or path), the reference")],
    doc_b: Annotated[str, typer.Argument(help="Document B (id or path), the one examined")],
    top: Annotated[int, typer.Option(help="Most rows per list")] = 30,
    min_g2: Annotated[
        float, typer.Option("--min-g2", help="Rising/falling need G² of at least this")
    ] = 3.84,
    fmt: FormatOpt = Format.table,
) -> None:
    """Keyness of B against A (log-likelihood G² and log ratio over content words): words
    new in B, dropped from A, rising and falling. Pack policy terms rank first among the
    new and dropped words."""
    if top < 1:
        raise BadArgument(f"--top must be at least 1 (got {top})")
    with ws() as w:
        res = w.compare(doc_a, doc_b, top=top, min_g2=min_g2)
    if fmt != Format.table:
        emit(res.rows(), fmt)
        return
    cols = ["term", "count_a", "count_b", "g2", "log_ratio", "is_term"]
    out.print(
        f"A = #{res.doc_a} {escape(res.label_a)} ({res.tokens_a} content tokens), "
        f"B = #{res.doc_b} {escape(res.label_b)} ({res.tokens_b})"
    )
    for name, title in (
        ("new_in_b", "new in B"),
        ("dropped_from_a", "dropped from A"),
        ("rising", "rising in B"),
        ("falling", "falling in B"),
    ):
        emit(getattr(res, name), fmt, cols, title=title)


@app.command(
    epilog="Example: policyscope cooc concept:embodied_ai --window paragraph --measure llr"
)
def cooc(
    term: Annotated[str, typer.Argument(help="A literal term, or concept:ID / entity:ID")],
    window: Annotated[
        str, typer.Option("--window", help="sentence | paragraph | N (tokens each side)")
    ] = "sentence",
    measure: Annotated[str, typer.Option("--measure", help="pmi | llr | jaccard")] = "pmi",
    series: SeriesOpt = None,
    doc: DocOpt = None,
    lang: SeriesLangOpt = None,
    top: Annotated[int, typer.Option(help="Most rows")] = 30,
    min_count: Annotated[
        int, typer.Option("--min-count", help="Seen together at least this often")
    ] = 2,
    graph: Annotated[
        Path | None,
        typer.Option("--graph", help="Write the network: .graphml, .png, .svg or .html"),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Words that co-occur with a term or concept, scored by PMI, log-likelihood or
    Jaccard, within sentences, paragraphs or a window of N tokens."""
    with ws() as w:
        rows = w.cooc(
            term,
            window=window,
            measure=measure,
            series=series,
            doc=doc,
            top=top,
            min_count=min_count,
            lang=lang,
        )
        if graph:
            w.write_cooc_graph(rows, term, graph)
    emit(rows, fmt, ["other", "count", "other_total", "term_units", "units", "score"])
    if graph:
        err.print(f"graph written to {escape(str(graph))}")


@app.command(epilog="Example: policyscope terms --doc cn-gwr/2025.zh.txt --top 30 --pos")
def terms(
    doc: DocOpt = None,
    series: SeriesOpt = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Only documents in ko|zh|ja|en")
    ] = None,
    pos: Annotated[bool, typer.Option("--pos", help="Keep parts of speech apart")] = False,
    top: Annotated[int, typer.Option(help="How many")] = 50,
    fmt: FormatOpt = Format.table,
) -> None:
    """Most frequent content words (punctuation, numbers and each language's stopwords
    left out) of documents or a series."""
    with ws() as w:
        rows = w.terms(doc=doc, series=series, top=top, pos=pos, lang=lang)
    cols = ["rank", "term", "pos", "lang", "count", "docs", "per_10k"]
    if not pos:
        cols.remove("pos")
    emit(rows, fmt, cols)


# -- ledger ---------------------------------------------------------------------------

_STATUS_MARK = {"met": "✓ met", "missed": "✗ missed", "no_outcome": "?", "missing": "no report"}


def _side(c) -> dict:
    keys = ("value", "unit", "value_base", "qualifier", "period", "doc_id", "start", "end")
    if c is None:
        return {k: None for k in (*keys, "quote")}
    return {**{k: getattr(c, k) for k in keys}, "quote": c.quote}


def _ledger_long(ledger) -> list[dict]:
    out = []
    for r in ledger.rows:
        for y in ledger.years:
            cell = r.cells[y]
            t, a = _side(cell.target), _side(cell.actual)
            out.append(
                {
                    "metric": r.metric,
                    "label": r.label,
                    "year": y,
                    "status": cell.status,
                    **{f"target_{k}": v for k, v in t.items()},
                    **{f"actual_{k}": v for k, v in a.items()},
                }
            )
    return out


@app.command(
    epilog="Example: policyscope ledger --series cn-gwr --metric gdp_growth --from 2019 -f csv"
)
def ledger(
    series: SeriesReqOpt,
    metric: Annotated[
        list[str] | None, typer.Option("--metric", help="Pack metric id; repeatable")
    ] = None,
    year_from: Annotated[str | None, typer.Option("--from", help="First year, e.g. 2019")] = None,
    year_to: Annotated[str | None, typer.Option("--to", help="Last year, e.g. 2025")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Targets and outcomes per year: one row per metric, each year's target (from that
    year's member) beside the outcome a later member reports, with met/missed by the
    target's qualifier (左右 ~, 以上 ≥, 以内 ≤). csv/json: one row per metric and year with
    the document and character span of each figure. Years whose member is not stored are
    shown as 'no report'."""
    with ws() as w:
        led = w.ledger(series, metric=metric, year_from=year_from, year_to=year_to)
    if led.missing:
        warn(f"members of {series} not in the store: {', '.join(led.missing)}")
    if fmt != Format.table:
        emit(_ledger_long(led), fmt)
        return
    table_rows = []
    for r in led.rows:
        row = {"metric": r.label}
        for y in led.years:
            c = r.cells[y]
            if c.status == "missing":
                row[y] = "T no report" + (f"\nA {figure_text(c.actual)}" if c.actual else "")
                continue
            mark = _STATUS_MARK.get(c.status, "")
            row[y] = "\n".join(
                x
                for x in (
                    f"T {figure_text(c.target)}" if c.target else "",
                    f"A {figure_text(c.actual)}" if c.actual else "",
                    mark if c.target else "",
                )
                if x
            )
        table_rows.append(row)
    emit(table_rows, fmt, ["metric", *led.years], title=f"{series}: targets (T) and outcomes (A)")
