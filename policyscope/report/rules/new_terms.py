"""R1 new terms: concepts linked in the latest series member and in no earlier stored
member, most mentions first; none when the member right before it is missing (the term
may have appeared there). Cited: the first occurrence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyscope.report.model import Sentence
from policyscope.report.registry import rule

if TYPE_CHECKING:
    from policyscope.report.briefing import Briefing


@rule("R1", order=1)
def new_terms(b: Briefing, n: int) -> list[Sentence]:
    ch = b.changes
    if ch is None or ch.earlier_missing:
        return []
    out = []
    member = b.member_name(ch.latest)
    for tc in ch.new_terms[:n]:
        c = b.occurrence(tc.doc_id, tc.start, tc.end)
        if c is None:
            continue
        label = b.label(tc.item_id)
        gloss = label if label != tc.surface else ""
        text = b.t("kp_new_term2", term=tc.surface, gloss=gloss, member=member, count=tc.count)
        out.append(Sentence(text, [c]))
    return out
