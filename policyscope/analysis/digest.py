"""A digest of what was collected since a moment: plain data, each item with its citation.

    dg = build_digest(ws, since="2025-03-01T00:00:00+00:00", topic="concept:embodied_ai")
    dg.new, dg.changed       # [DigestDoc]: by source, changed ones with their diff summary
    dg.first_terms           # [Citation]: pack terms no earlier document of the series had
    dg.targets               # [Citation]: target figures stated in the new/changed texts
    dg.mentions              # [Citation]: the watched concept, where the new texts name it

New: the document's first version was stored at or after `since`; changed: its current
version was, but an older one was stored before (the diff is against the last version
before `since`). A near-duplicate (the same text at another URL, a page's PDF) is listed
once, under its work's first document, with its URL in `also_at`. "Earlier documents" for
first appearances: those stored before `since` (every version), in the same series when the
document has one, else in the whole workspace.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from policyscope.model import Record
from policyscope.store.filters import DocFilter

QUOTE = 40  # characters of context on each side of a cited span


@dataclass
class Citation(Record):
    doc_id: int
    title: str | None
    url: str | None
    start: int
    end: int
    text: str  # the cited words
    quote: str  # the words with some context
    label: str = ""  # term id, metric or concept


@dataclass
class DigestDoc(Record):
    doc_id: int
    status: str  # new | changed
    title: str | None
    date: str | None
    url: str | None
    source: str | None  # the watched source's URL, or None for a manual ingest
    series: str | None
    version: int
    ingested_at: str
    previous_doc_id: int | None = None
    diff_summary: str | None = None
    also_at: list[str] = field(default_factory=list)


@dataclass
class Digest(Record):
    since: str
    topic: str | None = None
    new: list[DigestDoc] = field(default_factory=list)
    changed: list[DigestDoc] = field(default_factory=list)
    first_terms: list[Citation] = field(default_factory=list)
    targets: list[Citation] = field(default_factory=list)
    mentions: list[Citation] = field(default_factory=list)

    def by_source(self) -> dict[str, list[DigestDoc]]:
        out: dict[str, list[DigestDoc]] = {}
        for d in self.new + self.changed:
            out.setdefault(d.source or "", []).append(d)
        return out


def build_digest(ws, since: str, topic: str | None = None) -> Digest:
    from policyscope.watch.history import versions, works

    digest = Digest(since=since, topic=topic)
    linked = works(ws.store.engine)
    sources = _sources_by_doc(ws)
    everything = ws.documents(include_superseded=True)
    current = [d for d in everything if d.superseded_by is None and d.ingested_at >= since]
    groups: dict[int, list] = {}
    for doc in current:
        groups.setdefault(linked.get(doc.id, doc.id), []).append(doc)
    for work, members in sorted(groups.items(), key=lambda g: min(d.id for d in g[1])):
        chains = {d.id: versions(ws, d, everything) for d in members}
        # the entry is the work's own line of versions (the page), the rest its locations
        members.sort(key=lambda d: (work not in {v.id for v in chains[d.id]}, d.id))
        entry = _entry(ws, members[0], chains[members[0].id], since, sources)
        entry.also_at = [d.url or d.source_path or str(d.id) for d in members[1:]]
        (digest.changed if entry.status == "changed" else digest.new).append(entry)
    listed = [d.doc_id for d in digest.new + digest.changed]
    earlier = [d for d in everything if d.ingested_at < since]
    digest.first_terms = _first_terms(ws, listed, earlier)
    digest.targets = _targets(ws, listed)
    if topic:
        spans = ws.mention_spans(topic, doc=listed) if listed else []
        digest.mentions = [_cite(ws, m.doc_id, m.start, m.end, topic) for m in spans]
    return digest


def _entry(ws, doc, chain, since: str, sources) -> DigestDoc:
    before = [v for v in chain if v.ingested_at < since]
    status = "changed" if before else "new"
    entry = DigestDoc(doc.id, status, doc.title, doc.date, doc.url, sources.get(doc.id),
                      doc.series, doc.version, doc.ingested_at)  # fmt: skip
    if before:
        entry.previous_doc_id = before[-1].id
        entry.diff_summary = ws.diff(doc.id, against=before[-1].id).summary()
    return entry


def _sources_by_doc(ws) -> dict[int, str]:
    from sqlalchemy import select

    from policyscope.watch import tables as T

    T.ensure(ws.store.engine)
    with ws.store.engine.connect() as conn:
        rows = conn.execute(
            select(T.items.c.doc_id, T.sources.c.url).join(
                T.sources, T.sources.c.id == T.items.c.source_id
            )
        ).all()
    return {doc_id: url for doc_id, url in rows if doc_id}


def _first_terms(ws, listed: list[int], earlier) -> list[Citation]:
    out: list[Citation] = []
    docs = ws.store.documents_by_id(listed)
    seen_before: dict[str | None, set[str]] = {}
    for doc_id in listed:
        series = docs[doc_id].series
        if series not in seen_before:
            ids = [d.id for d in earlier if series is None or d.series == series]
            flt = DocFilter(doc_ids=ids, include_superseded=True)
            rows = ws.store.mention_rows(None, flt) if ids else []
            seen_before[series] = {r[2] for r in rows}
        first: dict[str, MentionAt] = {}
        for m in ws.doc_mentions(doc_id):
            if m.kind == "concept" and m.item_id not in seen_before[series]:
                first.setdefault(m.item_id, MentionAt(m.start, m.end))
        for item_id, at in first.items():
            out.append(_cite(ws, doc_id, at.start, at.end, item_id))
            seen_before[series].add(item_id)  # first in this digest too: cited once
    return out


@dataclass
class MentionAt:
    start: int
    end: int


def _targets(ws, listed: list[int]) -> list[Citation]:
    if not listed:
        return []
    return [
        _cite(ws, c.doc_id, c.start, c.end, c.metric)
        for c in ws.facts(doc=listed)
        if c.kind == "target"
    ]


def _cite(ws, doc_id: int, start: int, end: int, label: str) -> Citation:
    doc = ws.store.document(doc_id)
    text = ws.store.text(doc_id)
    quote = text[max(0, start - QUOTE) : end + QUOTE].replace("\n", " ")
    return Citation(doc_id, doc.title, doc.url, start, end, text[start:end], quote, label)
