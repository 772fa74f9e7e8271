"""R4 contradicted verdicts with a finding a reader can check (a count, a first
appearance, a certain figure), counts first. Cited: the claim and the primary
evidence; a finding without its primary evidence is no key point."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyscope.report.model import Sentence
from policyscope.report.registry import rule
from policyscope.report.verdicts import verdict_cites

if TYPE_CHECKING:
    from policyscope.report.briefing import Briefing

TYPES = {"count": 0, "first_appearance": 1, "presence": 2, "attributed_figure": 3}


@rule("R4", order=4)
def contradicted(b: Briefing, n: int) -> list[Sentence]:
    kept = [k for k in b.found.verdicts if k.verdict.verdict == "contradicted"]
    kept.sort(
        key=lambda k: (TYPES.get(k.verdict.claim_type, 4), k.verdict.doc_id or 0, k.verdict.start)
    )
    out = []
    for k in kept:
        text = k.told.key_point(b, b.doc_name(k.doc.id))
        claim, prim = verdict_cites(b, k.verdict)
        if not text or claim is None or not prim:
            continue
        out.append(Sentence(text, [claim] + prim))
        if len(out) >= n:
            break
    return out
