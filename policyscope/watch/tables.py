"""The watch tables: sources, fetched items, runs, the run lock and works (near-duplicates).

They live in their own MetaData and are created with `checkfirst` whenever a watch
function opens a store, on SQLite and PostgreSQL alike, so the store's schema version
stays untouched (its migrations belong to the store; these tables are additive).
"""

from __future__ import annotations

import weakref

from sqlalchemy import Column, Float, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

sources = Table(
    "watch_sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", Text, nullable=False, unique=True),
    Column("kind", String(16), nullable=False),  # feed | sitemap | listing | page
    Column("options_json", Text, nullable=False),  # series, issuer, include, selector...
    Column("added_at", String(32), nullable=False),
)

items = Table(
    "watch_items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source_id", Integer, nullable=False),
    Column("url", Text, nullable=False),
    Column("role", String(12), nullable=False),  # index | item | attachment
    Column("parent_url", Text),  # the page an attachment was linked from
    Column("title", Text),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("lastmod", Text),  # as the feed or sitemap announced it
    Column("sha256", String(64)),
    Column("doc_id", Integer),
    Column("status", Integer),  # last HTTP status
    Column("content_type", Text),
    Column("final_url", Text),
    Column("bytes", Integer),
    Column("fetched_at", String(32)),
    Column("first_seen", String(32), nullable=False),
    Column("error", Text),
    Index("ix_watch_items_url", "source_id", "url", unique=True),
)

runs = Table(
    "watch_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32)),
    Column("summary_json", Text),  # counts and errors, see watch.run.RunReport
)

lock = Table(
    "watch_lock",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("holder", Text, nullable=False),
    Column("since", String(32), nullable=False),
)

works = Table(
    "watch_works",
    metadata,
    Column("doc_id", Integer, primary_key=True),
    Column("work_id", Integer, nullable=False),  # the first stored document of the work
    Column("similarity", Float),
    Column("signature", Text),  # MinHash, JSON (see text.neardup)
    Index("ix_watch_works_work", "work_id"),
)

_READY: weakref.WeakSet = weakref.WeakSet()  # engines whose database has the tables


def ensure(engine) -> None:
    """Create the watch tables if they are missing (once per engine and process)."""
    if engine in _READY:
        return
    metadata.create_all(engine, checkfirst=True)
    _READY.add(engine)
