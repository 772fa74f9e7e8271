"""Tables, written with SQLAlchemy Core so that SQLite and PostgreSQL share them.

Full-text indexes are not here: they are engine-specific and live behind
`policyscope.store.fts.FtsIndex`.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

SCHEMA_VERSION = 12

metadata = MetaData()

schema_info = Table(
    "schema_info",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("title", Text),
    Column("date", String(10)),
    Column("issuer", Text),
    Column("country", String(8)),
    Column("language", String(8)),
    Column("doc_type", String(32)),
    Column("series", String(64)),
    Column("series_key", String(32)),
    Column("source_path", Text),  # as given at ingest
    Column("abs_path", Text),  # resolved; a new file at the same place is a new version
    Column("url", Text),
    Column("sha256", String(64), nullable=False),
    Column("version", Integer, nullable=False, default=1),
    Column("format", String(8)),
    Column("chars", Integer, nullable=False),
    Column("ingested_at", String(32), nullable=False),
    Column("superseded_by", Integer),
    Column("meta_json", Text),
    Index("ix_documents_sha256", "sha256"),
    Index("ix_documents_abs_path", "abs_path"),
    Index("ix_documents_series", "series", "series_key"),
)

texts = Table(
    "texts",
    metadata,
    Column("doc_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("text", Text, nullable=False),
    # [[normalised offsets], [original offsets]] breakpoints, see text.normalize.OffsetMap
    Column("offset_map", Text),
    Column("page_starts", Text),
)

segments = Table(
    "segments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(12), nullable=False),  # paragraph | sentence
    Column("idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("lang", String(8), nullable=False),
    Column("page", Integer),
    Column("n_tokens", Integer),
    Index("ix_segments_doc", "doc_id", "kind", "idx"),
)

# Per-document token counts by language: the denominators of frequency rates.
doc_stats = Table(
    "doc_stats",
    metadata,
    Column("doc_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("n_tokens", Integer, nullable=False),
    Column("n_paragraphs", Integer, nullable=False),
    Column("n_sentences", Integer, nullable=False),
    Column("seconds", Float),
    # version 4: 1 when the document's mentions and facts are stored, 0 after
    # `ingest --no-enrich` until `enrich` runs
    Column("enriched", Integer),
)

# -- version 2 ------------------------------------------------------------------------
# Mentions of pack concepts and entities, each with its span in the stored text.
mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(12), nullable=False),  # concept | entity
    Column("item_id", String(128), nullable=False),
    Column("surface", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_mentions_item", "item_id", "doc_id"),
    Index("ix_mentions_doc", "doc_id", "start"),
)

# Workspace settings as JSON values, e.g. the user packs loaded on top of the shipped one.
settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# -- version 3 ------------------------------------------------------------------------
# Figures (claims) and dated events extracted from each document, with their spans.
claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("metric", String(160), nullable=False),
    Column("metric_text", Text),
    Column("subject", String(128), nullable=False),
    Column("value", Text, nullable=False),
    Column("unit", Text, nullable=False),
    Column("value_base", Float, nullable=False),
    Column("value_high", Float),
    Column("base_unit", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("period", String(24), nullable=False),
    Column("period_kind", String(16), nullable=False),
    Column("qualifier", String(16), nullable=False),
    Column("quote", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("quote_start", Integer, nullable=False),
    Column("quote_end", Integer, nullable=False),
    Column("source", String(8), nullable=False),
    # version 9: what the number measures, and the figure a conversion converts
    Column("measure", String(16), nullable=False, default=""),
    Column("conversion_of", Integer),
    Index("ix_claims_metric", "metric", "subject"),
    Index("ix_claims_doc", "doc_id", "start"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("date", String(24), nullable=False),
    Column("precision", String(12), nullable=False),
    Column("actor", String(160), nullable=False),
    Column("action", String(32), nullable=False),
    Column("object", Text, nullable=False),
    Column("quote", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("quote_start", Integer, nullable=False),
    Column("quote_end", Integer, nullable=False),
    Index("ix_events_date", "date"),
    Index("ix_events_doc", "doc_id"),
)

# -- version 10 -----------------------------------------------------------------------
# A document's sentences, packed into one row (`store.packed`): as rows of `segments` they
# were two thirds of its rows and 0.5x the text's size, and they are only ever read a
# document at a time. `segments` keeps the paragraphs, which the search index points at.
sentences = Table(
    "sentences",
    metadata,
    Column("doc_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("spans", LargeBinary, nullable=False),
)

# A document's text in pieces of `chunks.CHUNK` characters, keyed `doc_id * chunks.SPAN +
# n` (`texts.text` is left empty): a paragraph is read from the pieces it lies in, not from
# the whole text. No foreign key: its cascade would scan the table; deletes go by key range.
text_chunks = Table(
    "text_chunks",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("body", Text, nullable=False),
)
