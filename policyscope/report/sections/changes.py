""" "무엇이 바뀌었나" (what changed): the latest series member against the previous one —
concepts gained and dropped (counts of cited mentions) and targets of the same metric
that moved (both certain, `report.changes`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyscope.report.model import Cell, Paragraph, Section, Sentence, Table
from policyscope.report.registry import section

if TYPE_CHECKING:
    from policyscope.report.briefing import Briefing
    from policyscope.report.changes import Changes

MAX_TERMS = 12


@section("changes", position=40, stage=2)
def changes(b: Briefing) -> Section:
    ch = b.changes
    sec = Section("changes", b.L["changes"])
    if ch is None or not (ch.gained or ch.dropped or ch.targets or ch.new_terms):
        sec.blocks.append(b.nodata("changes"))
        return sec
    before, after = b.member_name(ch.previous), b.member_name(ch.latest)
    intro = b.t("changes_intro", before=before, after=after)
    cites = b.member_cites(ch.previous) + b.member_cites(ch.latest)
    sec.blocks.append(Paragraph([Sentence(intro, cites)]))
    L = b.L
    table = Table([L["col_change"], L["col_term"], L["col_before"], L["col_after"]], css="changes")
    table.rows += _term_rows(b, ch)
    for tg in ch.targets:
        b_src, bc = b.figure_cite(tg.before.doc_id, tg.before.start, tg.before.end, "")
        a_src, ac = b.figure_cite(tg.after.doc_id, tg.after.start, tg.after.end, "")
        table.rows.append(
            [
                Cell(L[tg.direction]),
                Cell(b.label(tg.metric)),
                Cell(b.say_claim(tg.before), bc, kind="figure", value=b_src),
                Cell(b.say_claim(tg.after), ac, kind="figure", value=a_src),
            ]
        )
    sec.blocks.append(table)
    return sec


def _term_rows(b: Briefing, ch: Changes) -> list[list[Cell]]:
    """Terms gained (new ones first) with their count now, and dropped with their count
    before; each cited where it is counted."""
    L, rows = b.L, []
    for label, terms, side in (
        (L["gained"], ch.new_terms + ch.gained, ch.latest),
        (L["dropped"], ch.dropped, ch.previous),
    ):
        for tc in terms[:MAX_TERMS]:
            c = b.occurrence(tc.doc_id, tc.start, tc.end)
            if c is None:
                continue
            now = str(tc.count) if side is ch.latest else L["absent"]
            was = (str(tc.before) or L["absent"]) if side is ch.latest else str(tc.count)
            was = was if was != "0" else L["absent"]
            rows.append(
                [
                    Cell(label),
                    Cell(b.term_with_gloss(tc.surface, tc.item_id), [c]),
                    Cell(was, [c] if side is ch.previous else [], kind="count"),
                    Cell(now, [c] if side is ch.latest else [], kind="count"),
                ]
            )
    return rows
