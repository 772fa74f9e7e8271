"""R2 target changes: targets of the same metric in the last two members of the series,
both certain (`extract.certainty`), that moved; the largest moves first. Cited: both
targets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyscope.report.model import Sentence
from policyscope.report.registry import rule

if TYPE_CHECKING:
    from policyscope.report.briefing import Briefing


@rule("R2", order=2)
def target_changes(b: Briefing, n: int) -> list[Sentence]:
    ch = b.changes
    if ch is None:
        return []
    out = []
    for tg in ch.targets[:n]:
        _b, bc = b.figure_cite(tg.before.doc_id, tg.before.start, tg.before.end, "")
        _a, ac = b.figure_cite(tg.after.doc_id, tg.after.start, tg.after.end, "")
        if not bc or not ac:
            continue
        text = b.t(
            "kp_target_change",
            metric=b.label(tg.metric),
            member=b.member_name(ch.latest),
            before=b.say_claim(tg.before),
            after=b.say_claim(tg.after),
            direction=tg.direction,
        )
        out.append(Sentence(text, bc + ac))
    return out
