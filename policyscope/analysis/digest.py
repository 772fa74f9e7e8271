"""A digest of what was collected since a moment: plain data, each item with its citation.

    dg = build_digest(corpus, since="2025-03-01T00:00:00+00:00", topic="concept:embodied_ai",
                      works=works(engine), sources=watched_sources(engine), diff=summary_of)
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

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from policyscope.corpus import Corpus, DocFilter, DocRef
from policyscope.model import Record
from policyscope.watch import tables as T
from policyscope.watch.history import versions

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


_Read = dict[int, tuple[Any, str]]


def build_digest(
    corpus: Corpus,
    since: str,
    topic: str | None = None,
    works: dict[int, int] | None = None,
    sources: dict[int, str] | None = None,
    diff: Callable[[int, int], str] | None = None,
) -> Digest:
    """`works`: {doc_id: the first document of its work} (near-duplicates); `sources`:
    {doc_id: the watched source's URL}; `diff(new, old)`: the summary of what changed."""
    digest = Digest(since=since, topic=topic)
    linked = works or {}
    everything = corpus.documents(include_superseded=True)
    current = [d for d in everything if d.superseded_by is None and d.ingested_at >= since]
    groups: dict[int, list[DocRef]] = {}
    for doc in current:
        groups.setdefault(linked.get(doc.id, doc.id), []).append(doc)
    for work, members in sorted(groups.items(), key=lambda g: min(d.id for d in g[1])):
        chains = {d.id: versions(corpus, d, everything) for d in members}
        # the entry is the work's own line of versions (the page), the rest its locations
        members.sort(key=lambda d: (work not in {v.id for v in chains[d.id]}, d.id))
        entry = _entry(members[0], chains[members[0].id], since, sources or {}, diff)
        entry.also_at = [d.url or d.source_path or str(d.id) for d in members[1:]]
        (digest.changed if entry.status == "changed" else digest.new).append(entry)
    listed = [d.doc_id for d in digest.new + digest.changed]
    earlier = [d for d in everything if d.ingested_at < since]
    read: _Read = {}  # each cited document and its text, read once
    digest.first_terms = _first_terms(corpus, listed, earlier, read)
    digest.targets = _targets(corpus, listed, read)
    if topic:
        spans = _topic_mentions(corpus, topic, listed) if listed else []
        digest.mentions = [_cite(corpus, m.doc_id, m.start, m.end, topic, read) for m in spans]
    return digest


def _topic_mentions(corpus: Corpus, topic: str, listed: list[int]):
    return corpus.mentions(corpus.item_ids(topic), corpus.filter(doc=listed))


def _entry(doc: DocRef, chain: list[DocRef], since: str, sources: dict[int, str],
           diff: Callable[[int, int], str] | None) -> DigestDoc:  # fmt: skip
    before = [v for v in chain if v.ingested_at < since]
    status = "changed" if before else "new"
    entry = DigestDoc(doc.id, status, doc.title, doc.date, doc.url, sources.get(doc.id),
                      doc.series, doc.version, doc.ingested_at)  # fmt: skip
    if before:
        entry.previous_doc_id = before[-1].id
        entry.diff_summary = diff(doc.id, before[-1].id) if diff else None
    return entry


def watched_sources(engine) -> dict[int, str]:
    """{doc_id: URL of the watched source it came from}."""
    T.ensure(engine)
    with engine.connect() as conn:
        rows = conn.execute(
            select(T.items.c.doc_id, T.sources.c.url).join(
                T.sources, T.sources.c.id == T.items.c.source_id
            )
        ).all()
    return {doc_id: url for doc_id, url in rows if doc_id}


def _first_terms(
    corpus: Corpus, listed: list[int], earlier: list[DocRef], read: _Read
) -> list[Citation]:
    out: list[Citation] = []
    docs = corpus.documents_by_id(listed)
    seen_before: dict[str | None, set[str]] = {}
    for doc_id in listed:
        series = docs[doc_id].series
        if series not in seen_before:
            ids = [d.id for d in earlier if series is None or d.series == series]
            flt = DocFilter(doc_ids=ids, include_superseded=True)
            rows = corpus.mentions(None, flt) if ids else []
            seen_before[series] = {r.item_id for r in rows}
        first: dict[str, MentionAt] = {}
        for m in corpus.mentions(None, corpus.filter(doc=doc_id)):
            if m.kind == "concept" and m.item_id not in seen_before[series]:
                first.setdefault(m.item_id, MentionAt(m.start, m.end))
        for item_id, at in first.items():
            out.append(_cite(corpus, doc_id, at.start, at.end, item_id, read))
            seen_before[series].add(item_id)  # first in this digest too: cited once
    return out


@dataclass
class MentionAt:
    start: int
    end: int


def _targets(corpus: Corpus, listed: list[int], read: _Read) -> list[Citation]:
    if not listed:
        return []
    return [
        _cite(corpus, c.doc_id or 0, c.start, c.end, c.metric, read)
        for c in corpus.claims(corpus.filter(doc=listed))
        if c.kind == "target"
    ]


def _cite(corpus: Corpus, doc_id: int, start: int, end: int, label: str, read: _Read) -> Citation:
    # hundreds of targets lie in a few documents: reading the text for each cost 0.5 s
    if doc_id not in read:
        read[doc_id] = (corpus.document(doc_id), corpus.text(doc_id))
    doc, text = read[doc_id]
    quote = text[max(0, start - QUOTE) : end + QUOTE].replace("\n", " ")
    return Citation(doc_id, doc.title, doc.url, start, end, text[start:end], quote, label)
