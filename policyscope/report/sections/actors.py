"""Actors: the organisations, companies, models and people the documents in scope
mention most (at most `ACTORS_PER_TYPE` of each type), each with the documents that
name them most. A focused briefing counts an actor where it is named with the topic."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from policyscope.report.model import Cell, Section, Sentence, Table
from policyscope.report.registry import section

if TYPE_CHECKING:
    from policyscope.model import ItemCount, MentionSpan
    from policyscope.report.briefing import Briefing

ACTOR_TYPES = ("organization", "company", "ai_model", "person")
ACTORS_PER_TYPE = 6


@section("actors", position=100)
def actors(b: Briefing) -> Section:
    sec = Section("actors", b.L["actors"])
    L = b.L
    table = Table([L["col_actor"], L["col_type"], L["col_mentions"], L["col_where"]], css="actors")
    if not b.scope:
        sec.blocks.append(b.nodata("documents"))
        return sec
    for typ in ACTOR_TYPES:
        for n, e, rows in _most_named(b, typ):
            table.rows.append(_row(b, typ, n, e, rows))
    if not table.rows:
        sec.blocks.append(b.nodata("organisations, companies, models, people"))
    else:
        sec.blocks.append(table)
    return sec


def _most_named(b: Briefing, typ: str) -> list[tuple[int, ItemCount, list[MentionSpan]]]:
    scope_ids = list(b.scope)
    scored = []
    for e in [e for e in b.data.entities(typ) if e.mentions > 0][:15]:
        rows = b.mentions([e.id], doc_ids=scope_ids)
        rows = [r for r in rows if b.about_topic_at(r.doc_id, r.start)]
        if rows:
            scored.append((len(rows), e, rows))
    scored.sort(key=lambda x: (-x[0], x[1].id))
    return scored[:ACTORS_PER_TYPE]


def _row(b: Briefing, typ: str, n: int, e: ItemCount, rows: list[MentionSpan]) -> list[Cell]:
    per_doc: dict[int, list[MentionSpan]] = defaultdict(list)
    for r in rows:
        per_doc[r.doc_id].append(r)
    first = b.occurrence(rows[0].doc_id, rows[0].start, rows[0].end)
    parts = []
    for doc_id, rs in sorted(per_doc.items(), key=lambda x: -len(x[1]))[:3]:
        c = b.occurrence(doc_id, rs[0].start, rs[0].end)
        parts.append(Sentence(f"{b.doc_name(doc_id)} ({len(rs)})", [c] if c else []))
    return [
        Cell(b.label(e.id), [first] if first else []),
        Cell(b.t.types.get(typ, typ)),
        Cell(str(n), [first] if first else [], kind="count"),
        Cell("", parts=parts),
    ]
