"""Targets vs actuals: pack metrics only (unlinked 'np:' noun phrases are not reliable
names) and not superseded; of those, judged ones (status other than 'unknown'), targets
stated by documents outside a series, and targets with the latest deadline. When the
ledger is shown, only secondary sources' targets of other metrics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyscope.report.model import Cell, Section, Table
from policyscope.report.registry import section
from policyscope.report.tables import lean

if TYPE_CHECKING:
    from policyscope.analysis.targets import TargetRow
    from policyscope.report.briefing import Briefing

MAX_TARGETS = 40


@section("targets", position=70)
def targets(b: Briefing) -> Section:
    sec = Section("targets", b.L["targets"])
    stated = [
        r
        for r in b.data.targets
        if r.target_doc_id in b.scope
        and not r.metric.startswith("np:")
        and r.status != "superseded"
        and b.about_topic(r.target_doc_id, r.target_start, r.target_end)
    ]
    rows = [r for r in stated if b.certain_at(r.target_doc_id, r.target_start)]
    if b.found.ledger_shown:
        # the series' own targets are in the ledger table (also when a secondary
        # source restates them); here the others
        rows = [
            r
            for r in rows
            if b.secondary(r.target_doc_id) and r.metric not in b.found.ledger_metrics
        ]
    if len(rows) < len(stated):
        b.cover("cov_uncertain", section=b.L["targets"], n=len(stated) - len(rows))
    if not rows:
        sec.blocks.append(b.nodata("targets"))
        return sec
    kept = _kept(b, rows)
    if len(kept) < len(rows):
        b.cover("cov_limit", section=b.L["targets"], shown=len(kept), total=len(rows))
    L = b.L
    cols = ["col_metric", "col_subject", "col_target", "col_deadline", "col_actual"]
    table = Table([L[c] for c in [*cols, "col_period", "col_status"]], css="targets")
    for r in kept:
        table.rows.append(target_cells(b, r))
    sec.blocks.append(table)
    return sec


def _kept(b: Briefing, rows: list[TargetRow]) -> list[TargetRow]:
    latest = max((r.deadline[:4] for r in rows if r.deadline), default="")

    def keep(r: TargetRow) -> bool:
        if r.status != "unknown":
            return True
        d = b.doc(r.target_doc_id)
        return (d is not None and not d.series) or (r.deadline or "")[:4] >= latest

    return [r for r in rows if keep(r)][:MAX_TARGETS]


def target_cells(b: Briefing, r: TargetRow) -> list[Cell]:
    t_src, t_cites = b.figure_cite(r.target_doc_id, r.target_start, r.target_end, r.target_quote)
    t_val = b.say_at(
        r.target_doc_id, r.target_start, r.target_base, r.base_unit, r.qualifier, r.metric
    )
    # an actual is shown only when it is certain too, and never the target itself
    # (the same figure of the same period quoted by two documents)
    actual = (
        r.actual_doc_id is not None
        and b.certain_at(r.actual_doc_id, r.actual_start)
        and not (r.actual_base == r.target_base and r.actual_period == r.deadline)
        and r.status != "unknown"  # another period's figure is not this target's outcome
    )
    a_src, a_cites = (
        b.figure_cite(r.actual_doc_id, r.actual_start, r.actual_end, r.actual_quote)
        if actual
        else ("", [])
    )
    a_val = (
        b.say_at(r.actual_doc_id, r.actual_start, r.actual_base, r.base_unit, "", r.metric)
        if actual
        else ""
    )
    status = r.status if actual else "unknown"
    return [
        lean(b.label(r.metric), t_cites[:1]),
        lean(b.label(r.subject), t_cites[:1]),
        Cell(t_val, t_cites, kind="figure", value=t_src),
        Cell(r.deadline or "", t_cites if r.deadline else []),
        Cell(a_val, a_cites, kind="figure", value=a_src) if a_val else Cell(""),
        Cell(r.actual_period or "", a_cites) if a_val and r.actual_period else Cell(""),
        Cell(b.t.statuses.get(status, status)),
    ]
