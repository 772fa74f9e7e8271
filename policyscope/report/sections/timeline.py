"""Timeline: dated events `extract.events.event_flaw` accepts (a date, an action from a
closed list, a pack object of a kind that action takes, an entity actor stated or implied
by the pack); the same date, action and object from several documents is one entry citing
each (up to 3). Beyond `MAX_EVENTS`, events about pack items are kept first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyscope.extract.events import briefing_events
from policyscope.report.model import Section, Sentence, Timeline, TimelineEntry
from policyscope.report.registry import section

if TYPE_CHECKING:
    from policyscope.model import Event
    from policyscope.report.briefing import Briefing

MAX_EVENTS = 60


@section("timeline", position=60)
def timeline(b: Briefing) -> Section:
    sec = Section("timeline", b.L["timeline"])
    stated = [
        e
        for e in b.events_in_dates()
        if e.doc_id in b.scope and b.about_topic(e.doc_id, e.quote_start, e.quote_end)
    ]
    events = briefing_events(stated, b.pack)
    if len(events) < len(stated):
        b.cover("cov_events", n=len(stated) - len(events))
    entries = _entries(b, _merged(events))
    b.found.events = [e for e, _ in entries]
    if not entries:
        sec.blocks.append(b.nodata("dated events"))
        return sec
    if len(entries) > MAX_EVENTS:
        # keep events about pack items (documents, programmes) first, then the rest
        ranked = sorted(entries, key=lambda x: (x[0].object not in b.pack, x[0].date))
        keep = {id(x[1]) for x in ranked[:MAX_EVENTS]}
        b.cover("cov_limit", section=b.L["timeline"], shown=MAX_EVENTS, total=len(entries))
        entries = [x for x in entries if id(x[1]) in keep]
    sec.blocks.append(Timeline([t for _e, t in entries]))
    return sec


def _merged(events: list[Event]) -> dict[tuple[str, str, str], list[Event]]:
    """Events grouped by (date, action, object), in date order."""
    merged: dict[tuple[str, str, str], list[Event]] = {}
    for e in sorted(events, key=lambda e: -len(e.date)):
        # a less precise date of the same action and object ('2023-08') joins the
        # precise one ('2023-08-15')
        key = next(
            (
                k
                for k in merged
                if k[1] == e.action and k[2] == e.object and k[0].startswith(e.date)
            ),
            (e.date, e.action, e.object),
        )
        merged.setdefault(key, []).append(e)
    return dict(sorted(merged.items(), key=lambda kv: (kv[0][0], kv[1][0].doc_id or 0)))


def _entries(b: Briefing, merged: dict) -> list[tuple[Event, TimelineEntry]]:
    entries = []
    for (date, action, _obj), group in merged.items():
        e = group[0]
        cites = b.notes.cites(*[(g.doc_id, g.quote_start, g.quote_end, g.start) for g in group[:3]])
        if not cites:
            continue
        text = b.t(
            "event",
            actor=b.label(e.actor),
            action=b.t.actions.get(action, action),
            object=b.label(e.object),
        )
        entries.append((e, TimelineEntry(date, Sentence(text, cites))))
    return entries
