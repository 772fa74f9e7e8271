"""Conflicts: figures that disagree, both documents in scope; within one document only
for a secondary source; the two figures must be able to be about the same year (an
undated figure of a yearly series member Y is about Y-1 or Y); both certain; conflicts
involving a secondary document first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyscope.report.model import Cell, Section, Table
from policyscope.report.registry import section
from policyscope.report.tables import lean

if TYPE_CHECKING:
    from policyscope.analysis.conflicts import Conflict
    from policyscope.report.briefing import Briefing

MAX_CONFLICTS = 15


@section("conflicts", position=130)
def conflicts(b: Briefing) -> Section:
    sec = Section("conflicts", b.L["conflicts"])
    stated = [c for c in b.data.conflicts if conflict_kept(b, c)]
    rows = [
        c
        for c in stated
        if b.certain_at(c.a_doc_id, c.a_start) and b.certain_at(c.b_doc_id, c.b_start)
    ]
    if len(rows) < len(stated):
        b.cover("cov_uncertain", section=b.L["conflicts"], n=len(stated) - len(rows))
    rows.sort(key=lambda c: not (b.secondary(c.a_doc_id) or b.secondary(c.b_doc_id)))
    b.found.conflicts = rows
    if not rows:
        sec.blocks.append(b.nodata("conflicting figures"))
        return sec
    if len(rows) > MAX_CONFLICTS:
        b.cover("cov_limit", section=b.L["conflicts"], shown=MAX_CONFLICTS, total=len(rows))
        rows = rows[:MAX_CONFLICTS]
    L = b.L
    table = Table([L["col_metric"], L["col_a"], L["col_b"], L["col_class"]], css="conflicts")
    for c in rows:
        a, ac = b.figure_cite(c.a_doc_id, c.a_start, c.a_end, c.a_quote)
        b_, bc = b.figure_cite(c.b_doc_id, c.b_start, c.b_end, c.b_quote)
        if not ac or not bc:
            continue
        table.rows.append(
            [
                lean(" / ".join(b.label(m) for m in c.metric.split("|")), ac + bc),
                Cell(conflict_side(b, c, "a"), ac, kind="figure", value=a),
                Cell(conflict_side(b, c, "b"), bc, kind="figure", value=b_),
                Cell(b.t.classes.get(c.classification, "")),
            ]
        )
    sec.blocks.append(table)
    return sec


def conflict_side(b: Briefing, c: Conflict, side: str) -> str:
    """'5,784억 위안 (2023, 정부업무보고 2024)': one side of a conflict."""
    doc, start = getattr(c, f"{side}_doc_id"), getattr(c, f"{side}_start")
    base, period = getattr(c, f"{side}_base"), getattr(c, f"{side}_period")
    value = b.say_at(doc, start, base, "", "", c.metric.split("|")[0])
    where = ", ".join(x for x in (period, b.doc_name(doc)) if x)
    return f"{value} ({where})"


def _years(b: Briefing, doc_id: int, period: str) -> set[str] | None:
    """The years a figure can be about: its period; for an undated figure in a yearly
    series member Y, Y-1 or Y (a work report reviews last year and sets this year's
    targets); None (any) for an undated figure elsewhere."""
    if period:
        return {period[:4]}
    d = b.all_docs.get(doc_id)
    if d is not None and d.series and (d.series_key or "").isdigit():
        y = int(d.series_key or "")
        return {str(y - 1), str(y)}
    return None


def conflict_kept(b: Briefing, c: Conflict) -> bool:
    """Both documents in scope and one on the topic; within one document only for a
    secondary source (a report contradicting itself); and the figures can be about the
    same year (see `_years`)."""
    if c.a_doc_id not in b.scope or c.b_doc_id not in b.scope:
        return False
    if not (b.about_topic_at(c.a_doc_id, c.a_start) or b.about_topic_at(c.b_doc_id, c.b_start)):
        return False
    if c.a_doc_id == c.b_doc_id and not b.secondary(c.a_doc_id):
        return False
    ya, yb = _years(b, c.a_doc_id, c.a_period), _years(b, c.b_doc_id, c.b_period)
    return ya is None or yb is None or bool(ya & yb)
