"""R5 latest events: the timeline's most recent entries, asked for only when the other
rules give fewer than three points. Cited: the event's sentence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyscope.report.model import Sentence
from policyscope.report.registry import rule

if TYPE_CHECKING:
    from policyscope.report.briefing import Briefing


@rule("R5", order=5, fill=True)
def latest_events(b: Briefing, n: int) -> list[Sentence]:
    out = []
    for e in sorted(b.found.events, key=lambda e: e.date, reverse=True)[:n]:
        c = b.notes.cite(e.doc_id, e.quote_start, e.quote_end, focus=e.start)
        if c:
            text = b.t(
                "kp_event",
                date=e.date,
                actor=b.label(e.actor),
                action=b.t.actions.get(e.action, e.action),
                object=b.label(e.object),
            )
            out.append(Sentence(text, [c]))
    return out
