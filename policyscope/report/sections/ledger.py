""" "주요 목표 비교" (main targets compared): the target/outcome ledger of the series
(built by the facts layer from certain figures only) for its last `LEDGER_YEARS` years,
each year's target beside the outcome a later member reports, with the status. Left out
when the workspace has no ledger or it has no row. Built first: the targets section
leaves out the series' own targets when this table shows them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyscope.errors import PolicyScopeError
from policyscope.report.model import Cell, Notice, Section, Table
from policyscope.report.registry import section
from policyscope.report.tables import drop_empty_columns

if TYPE_CHECKING:
    from policyscope.analysis.ledger import Cell as LedgerCell
    from policyscope.report.briefing import Briefing

LEDGER_YEARS = 3  # the KIET brief compares the last three years


@section("ledger", position=30, stage=0)
def ledger(b: Briefing) -> Section | None:
    if b.data.ledger is None or not b.series:
        return None
    try:
        led = b.data.ledger(b.series)
    except PolicyScopeError:
        return None
    years = led.years[-LEDGER_YEARS:]
    L = b.L
    header = [L["col_metric"]]
    for y in years:
        header += [f"{y} {L['col_target']}", f"{y} {L['col_actual']}"]
    table = Table(header, css="ledger")
    for row in led.rows:
        cells = [ledger_cells(b, row.cells.get(y), y in led.missing) for y in years]
        if not any(c.cites for pair in cells for c in pair):
            continue
        table.rows.append([Cell(b.label(row.metric))] + [c for p in cells for c in p])
    drop_empty_columns(table, L["absent"])
    sec = Section("ledger", L["ledger"])
    b.found.ledger_shown = bool(table.rows)
    b.found.ledger_metrics = {row.metric for row in led.rows}
    if not table.rows:
        sec.blocks.append(b.nodata("ledger"))
        return sec
    sec.blocks.append(table)
    keys = [y for y in led.missing if y in years]
    if keys:
        series = b.series_name(b.series)
        sec.blocks.append(Notice(b.t("missing_members", series=series, keys=keys), True))
    return sec


def ledger_cells(b: Briefing, cell: LedgerCell | None, missing: bool) -> tuple[Cell, Cell]:
    """The target and the outcome (with its status) of one year of one metric."""
    out = []
    for claim in (getattr(cell, "target", None), getattr(cell, "actual", None)):
        if missing and (claim is None or claim is getattr(cell, "target", None)):
            # the year's own report is not stored: its target is unknown, but a
            # later report may still give the outcome
            out.append(Cell(b.L["not_stored"]))
            continue
        if claim is None or not b.about_topic(claim.doc_id, claim.start, claim.end):
            out.append(Cell(b.L["absent"]))
            continue
        src, cites = b.figure_cite(claim.doc_id, claim.start, claim.end, claim.quote)
        text = b.say_claim(claim)
        if cell is not None and claim is cell.actual and cell.status in ("met", "missed"):
            text += f" ({b.t.statuses.get(cell.status, '')})"
        out.append(Cell(text, cites, kind="figure", value=src))
    return out[0], out[1]
