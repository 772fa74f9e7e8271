"""Key figures: observed kinds (actual, share, growth rate, estimate, forecast) of pack
metrics, one row per (metric, subject, value, period, kind); secondary documents first
when there are more than `MAX_FIGURES`. A translation restating its original is no
second source (its figures are left out)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyscope.extract.certainty import is_certain
from policyscope.report.model import Cell, Section, Table
from policyscope.report.registry import section
from policyscope.report.tables import lean

if TYPE_CHECKING:
    from policyscope.model import Claim
    from policyscope.report.briefing import Briefing

MAX_FIGURES = 40
OBSERVED = ("actual", "share", "growth_rate", "estimate", "forecast")


@section("figures", position=80)
def figures(b: Briefing) -> Section:
    sec = Section("figures", b.L["figures"])
    skip = b.data.translations
    stated = [
        c
        for c in b.facts
        if c.doc_id in b.scope
        and c.doc_id not in skip
        and c.kind in OBSERVED
        and not c.metric.startswith("np:")
        and b.about_topic(c.doc_id, c.quote_start or c.start, c.quote_end or c.end)
    ]
    claims = [c for c in stated if is_certain(c)]
    if len(claims) < len(stated):
        b.cover("cov_uncertain", section=b.L["figures"], n=len(stated) - len(claims))
    rows = _ranked(b, _distinct(claims))
    if not rows:
        sec.blocks.append(b.nodata("figures"))
        return sec
    L = b.L
    cols = ["col_metric", "col_subject", "col_value", "col_kind", "col_period", "col_source"]
    table = Table([L[c] for c in cols], css="figures")
    for c in rows:
        src, cites = b.figure_cite(c.doc_id, c.start, c.end, c.quote)
        if not cites:
            continue
        table.rows.append(
            [
                lean(b.label(c.metric), cites),
                lean(b.label(c.subject), cites),
                Cell(b.say_claim(c), cites, kind="figure", value=src),
                Cell(b.t.kinds.get(c.kind, c.kind)),
                Cell(c.period or "", cites if c.period else []),
                Cell(b.doc_name(c.doc_id), cites),
            ]
        )
    sec.blocks.append(table)
    return sec


def _distinct(claims: list[Claim]) -> list[Claim]:
    seen, rows = set(), []
    for c in claims:
        key = (c.metric, c.subject, c.value_base, c.period, c.kind)
        if key not in seen:
            seen.add(key)
            rows.append(c)
    return rows


def _ranked(b: Briefing, rows: list[Claim]) -> list[Claim]:
    """By metric and period; beyond `MAX_FIGURES`, secondary documents' figures first."""

    def rank(c: Claim) -> tuple:
        d = b.doc(c.doc_id)
        return (d is not None and d.series is not None, b.label(c.metric), c.period)

    rows = sorted(rows, key=rank)
    if len(rows) > MAX_FIGURES:
        b.cover("cov_limit", section=b.L["figures"], shown=MAX_FIGURES, total=len(rows))
        rows = rows[:MAX_FIGURES]
    return sorted(rows, key=lambda c: (b.label(c.metric), c.period))
