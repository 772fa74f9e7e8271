"""What the watch tables say about stored documents: where and when each was fetched, which
documents are one work, which versions to compare, and from when a digest counts."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from policyscope.errors import BadArgument
from policyscope.watch import tables as T


def fetch_info(engine, doc) -> dict | None:
    T.ensure(engine)
    cols = [T.items.c[k] for k in ("url", "final_url", "role", "parent_url", "status", "etag",
                                   "last_modified", "content_type", "bytes", "fetched_at",
                                   "first_seen", "source_id")]  # fmt: skip
    with engine.connect() as conn:
        row = conn.execute(
            select(*cols).where(T.items.c.doc_id == doc.id).order_by(T.items.c.id).limit(1)
        ).first()
        if row is None and doc.url:  # an older version: its URL's record holds the newest doc
            row = conn.execute(
                select(*cols).where(T.items.c.url == doc.url).order_by(T.items.c.id).limit(1)
            ).first()
    return dict(row._mapping) if row is not None else None


def works(engine) -> dict[int, int]:
    """doc_id -> work_id for every document the watch linked."""
    T.ensure(engine)
    with engine.connect() as conn:
        return dict(conn.execute(select(T.works.c.doc_id, T.works.c.work_id)).all())


def same_work(ws, doc_id: int) -> list:
    """The other current documents of `doc_id`'s work (its other locations)."""
    linked = works(ws.store.engine)
    work = linked.get(doc_id)
    if work is None:
        return []
    ids = [d for d, w in linked.items() if w == work and d != doc_id]
    docs = ws.store.documents_by_id(ids + [work] if work != doc_id else ids)
    return [d for i, d in sorted(docs.items()) if i != doc_id and d.superseded_by is None]


def versions(ws, doc, every: list | None = None) -> list:
    """Every stored version of `doc`, oldest first (followed through `superseded_by`);
    `every` is all stored documents, when the caller has them already."""
    every = every if every is not None else ws.documents(include_superseded=True)
    by_next = {d.superseded_by: d for d in every if d.superseded_by}
    by_id = {d.id: d for d in every}
    chain = [doc]
    while chain[0].id in by_next:
        chain.insert(0, by_next[chain[0].id])
    while chain[-1].superseded_by in by_id:
        chain.append(by_id[chain[-1].superseded_by])
    return chain


def pick_pair(ws, doc, against):
    """(old, new): `doc` and its previous version, a version 'vN' of it, or another doc."""
    new = ws.resolve_doc(doc)
    if against is None or re.fullmatch(r"[vV]\d+", str(against)):
        chain = versions(ws, new)
        if against is None:
            i = next(i for i, d in enumerate(chain) if d.id == new.id)
            if i == 0:
                raise BadArgument(
                    f"document {new.id} has no earlier version; compare it with another "
                    "document: --against DOC"
                )
            return chain[i - 1], new
        wanted = int(str(against)[1:])
        for d in chain:
            if d.version == wanted:
                return d, new
        have = ", ".join(f"v{d.version}" for d in chain)
        raise BadArgument(f"--against {against}: document {new.id} has versions {have}")
    return ws.resolve_doc(against), new


_AGO = re.compile(r"^(\d+)\s*([hdw])$")


def since_stamp(since: str, today: str | None = None) -> str:
    """'7d' / '24h' / '2w' -> the ISO time that long ago; a date 'YYYY-MM-DD' as it is."""
    since = (since or "").strip()
    match = _AGO.match(since)
    if match:
        n, unit = int(match.group(1)), match.group(2)
        delta = {"h": timedelta(hours=n), "d": timedelta(days=n), "w": timedelta(weeks=n)}[unit]
        base = datetime.fromisoformat(today).replace(tzinfo=UTC) if today else datetime.now(UTC)
        return (base - delta).isoformat(timespec="seconds")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(T[\d:]+(\+00:00)?)?", since):
        return since
    raise BadArgument(f"--since {since!r}: give a date (2025-03-01) or an age (24h, 7d, 2w)")
