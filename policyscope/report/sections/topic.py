"""The topic overview of a focused briefing (`--topic concept:X`): how often and where
the topic is mentioned (a term and its glosses count once, `report.topic`), the concepts
and entities named in the same sentences, and paragraphs that define it. Only with a
concept/entity topic."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from policyscope.report.cite import short_quote
from policyscope.report.model import Cell, Paragraph, Section, Sentence, Table
from policyscope.report.registry import section

if TYPE_CHECKING:
    from policyscope.report.briefing import Briefing
    from policyscope.report.topic import Mention, Topic

MAX_COOC = 8


@section("topic", position=20)
def topic(b: Briefing) -> Section | None:
    if b.topic is None:
        return None
    sec = Section("topic", b.L["topic"])
    ms = [m for m in b.topic.mentions if m.doc_id in b.scope]
    if not ms:
        sec.blocks.append(b.nodata("mentions"))
        return sec
    docs = sorted({m.doc_id for m in ms}, key=lambda d: (b.all_docs[d].date or "", d))
    first = min((m for m in ms if m.doc_id == docs[0]), key=lambda m: m.start)
    fc = b.occurrence(first.doc_id, first.start, first.end)
    d0 = b.all_docs[first.doc_id]
    first_txt = f"{b.doc_name(first.doc_id)} ({d0.date or ''})".replace(" ()", "")
    name = ", ".join(b.label(i) for i in b.topic.items)
    intro = b.t("topic_intro", term=name, n=len(ms), docs=len(docs), first=first_txt)
    sec.blocks.append(Paragraph([Sentence(intro, [fc] if fc else [])]))
    L = b.L
    table = Table([L["col_doc"], L["col_date"], L["col_mentions"]], css="topic-docs")
    for d in docs:
        dm = [m for m in ms if m.doc_id == d]
        c = b.occurrence(d, dm[0].start, dm[0].end)
        table.rows.append(
            [
                Cell(b.doc_name(d), [c] if c else []),
                Cell(b.all_docs[d].date or "", [c] if c and b.all_docs[d].date else []),
                Cell(str(len(dm)), [c] if c else [], kind="count"),
            ]
        )
    sec.blocks.append(table)
    cooc = cooccurring(b, b.topic, ms)
    if cooc.rows:
        sec.blocks.append(cooc)
    defs = _defining(b, b.topic)
    if defs is not None:
        sec.blocks.append(defs)
    return sec


def cooccurring(b: Briefing, topic: Topic, ms: list[Mention]) -> Table:
    """Concepts and entities named in the sentences that mention the topic."""
    counts: Counter = Counter()
    first: dict[str, tuple[int, int, int]] = {}
    spans: dict[int, list[tuple[int, int]]] = {}
    for m in ms:
        spans.setdefault(m.doc_id, []).append(b.notes.sentence_span(m.doc_id, m.start))
    for r in b.mentions(doc_ids=list(spans)):
        if r.item_id in topic.items:
            continue
        if any(a <= r.start < e for a, e in spans.get(r.doc_id, ())):
            counts[r.item_id] += 1
            first.setdefault(r.item_id, (r.doc_id, r.start, r.end))
    L = b.L
    t = Table([L["col_cooc"], L["col_type"], L["col_count"]], css="topic-cooc")
    for item, n in counts.most_common(MAX_COOC):
        doc_id, s, e = first[item]
        c = b.occurrence(doc_id, s, e)
        kind = getattr(b.pack.get(item), "type", "concept")  # concepts have no type
        t.rows.append(
            [
                Cell(b.label(item), [c] if c else []),
                Cell(b.t.types.get(kind, "")),
                Cell(str(n), [c] if c else [], kind="count"),
            ]
        )
    return t


def _defining(b: Briefing, topic: Topic) -> Table | None:
    """Paragraphs that define or explain the topic, quoted (None when none does)."""
    defs = topic.defining(b.paragraphs)
    if not defs:
        return None
    t = Table([b.L["col_doc"], b.t("topic_define")], css="topic-defs")
    for doc_id, lo, hi in defs:
        c = b.notes.cite(doc_id, lo, hi)
        if c is not None:
            t.rows.append(
                [
                    Cell(b.doc_name(doc_id)),
                    Cell(short_quote(c.quote, 220), [c], lang=b.quote_lang(c)),
                ]
            )
    return t
