""" "새로 등장한 용어" (new terms): concepts linked in the latest series member and in no
earlier stored member, most mentions first, each with a few words of context. When the
member right before the latest is missing, a notice says the term may have appeared
there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyscope.report.model import Cell, Notice, Paragraph, Section, Sentence, Table
from policyscope.report.registry import section

if TYPE_CHECKING:
    from policyscope.report.briefing import Briefing
    from policyscope.report.changes import Changes

MAX_TERMS = 12


@section("new_terms", position=50, stage=2)
def new_terms(b: Briefing) -> Section:
    ch = b.changes
    sec = Section("new_terms", b.L["new_terms"])
    if ch is None or not ch.new_terms:
        sec.blocks.append(b.nodata("new terms"))
        return sec
    member = b.member_name(ch.latest)
    intro = Sentence(b.t("new_terms_intro", member=member), b.member_cites(ch.latest))
    sec.blocks.append(Paragraph([intro]))
    if ch.earlier_missing:
        sec.blocks.append(Notice(b.t("first_gap", member=_gap_member(b, ch), term="…"), True))
    L = b.L
    table = Table([L["col_term"], L["col_count"], L["col_context"]], css="new-terms")
    for tc in ch.new_terms[:MAX_TERMS]:
        c = b.occurrence(tc.doc_id, tc.start, tc.end)
        if c is None:
            continue
        table.rows.append(
            [
                Cell(b.term_with_gloss(tc.surface, tc.item_id), [c]),
                Cell(str(tc.count), [c], kind="count"),
                Cell(b.context(tc.doc_id, tc.start, tc.end), [c], lang=b.quote_lang(c)),
            ]
        )
    if len(ch.new_terms) > MAX_TERMS:
        b.cover("cov_limit", section=sec.title, shown=MAX_TERMS, total=len(ch.new_terms))
    sec.blocks.append(table)
    return sec


def _gap_member(b: Briefing, ch: Changes) -> str:
    key = ch.latest[0]
    prev = str(int(key) - 1) if key.isdigit() else ""
    return b.t("doc_member", series=b.series_name(b.series), key=prev, lang="")
