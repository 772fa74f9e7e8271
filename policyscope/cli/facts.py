"""Commands over the figures and events extracted from the documents: facts, timeline,
targets and conflicts."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from policyscope.cli.app import (
    AllLangOpt,
    DocOpt,
    FormatOpt,
    FromOpt,
    LimitOpt,
    SeriesOpt,
    ToOpt,
    app,
    paged_note,
    ws,
)
from policyscope.model import Claim
from policyscope.output import Format, emit, page

Opt = typer.Option

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
TARGET_COLUMNS = [
    "metric",
    "subject",
    "deadline",
    "target_value",
    "target_unit",
    "actual_value",
    "actual_period",
    "status",
    "evidence",
]
CONFLICT_COLUMNS = [
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
]


def _pick(records: list[Any], columns: list[str]) -> list[dict[str, Any]]:
    return [{c: r.to_dict()[c] for c in columns} for r in records]


@app.command(epilog="Example: policyscope facts --metric ai_company_count --format jsonl")
def facts(
    doc: DocOpt = None,
    metric: Annotated[str | None, Opt(help="Pack metric id, e.g. gdp_growth")] = None,
    subject: Annotated[str | None, Opt(help="Entity id, e.g. china, shenzhen")] = None,
    kind: Annotated[str | None, Opt(help="actual|target|forecast|other")] = None,
    period: Annotated[str | None, Opt(help="2023, 2023-06 ... (prefix match)")] = None,
    series: SeriesOpt = None,
    limit: LimitOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Figures with units, periods and provenance (jsonl: one object per claim)."""
    with ws() as w:
        rows = w.facts(
            doc=doc, metric=metric, subject=subject, kind=kind, period=period, series=series
        )
        rows, note = page(rows, fmt, limit)
        # 'uncertain' says what a figure lacks to reach a ledger, a conflict or a key point
        # fields read one by one: a Claim holds only scalars, and dataclasses.asdict's deep
        # copy of every row cost 0.2 s for the 1,657 figures of the demo store
        fields = Claim.columns()
        picked = [
            {**{f: getattr(r, f) for f in fields}, "uncertain": w.uncertain_reason(r)}
            for r in rows
        ]
    if fmt == Format.table:
        cols = ["doc_id", "metric", "value", "unit", "kind", "measure", "period", "qualifier"]
        emit([{c: p[c] for c in [*cols, "uncertain", "quote"]} for p in picked], fmt)
    else:
        emit([{c: p[c] for c in FACT_COLUMNS} for p in picked], fmt)
    paged_note(note)


@app.command(epilog="Example: policyscope timeline --from 2023 --format json")
def timeline(
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    actor: Annotated[str | None, Opt(help="Entity id of the actor")] = None,
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


@app.command(epilog="Example: policyscope targets --metric ai_core_industry_size")
def targets(
    metric: Annotated[str | None, Opt(help="Pack metric id")] = None,
    subject: Annotated[str | None, Opt(help="Entity id")] = None,
    today: Annotated[str | None, Opt(help="Judge deadlines as of this date")] = None,
    all_languages: AllLangOpt = False,
    limit: LimitOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Targets vs actuals: each target with the latest actual, a status and the evidence."""
    with ws() as w:
        rows = w.targets(metric=metric, subject=subject, today=today, all_languages=all_languages)
    rows, note = page(rows, fmt, limit)
    emit(rows, fmt, TARGET_COLUMNS)
    paged_note(note)


@app.command(epilog="Example: policyscope conflicts --format json")
def conflicts(
    metric: Annotated[str | None, Opt(help="Pack metric id")] = None,
    subject: Annotated[str | None, Opt(help="Entity id")] = None,
    all_languages: AllLangOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Figures that disagree across sources (or within one), classified, with both quotes."""
    with ws() as w:
        rows = w.conflicts(metric=metric, subject=subject, all_languages=all_languages)
    emit(rows, fmt, CONFLICT_COLUMNS)
