"""A document's text, stored once, in pieces of CHUNK characters.

Why pieces: the literal index and ranked search point at paragraphs, and a paragraph read
from one stored value is a read of the whole document (SQLite reads a value's overflow
pages from its start, PostgreSQL decompresses all of it): KWIC of 5G at 200 MB read 100 MB
of text for 1,420 lines. A paragraph now costs the few pieces it lies in, and a whole text
is its pieces joined. Pieces are cut by character count, so that an offset finds its piece
by division, and keyed `doc_id * SPAN + n`, so that a document's pieces are one range of
the primary key (no second index). 256 characters: 768 bytes of Chinese, five to a 4 KB
SQLite page (1,024 characters filled a page with one 3 KB row: 1.37x the text).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.engine import Connection

CHUNK = 256  # characters
SPAN = 1 << 24  # pieces a document may have: 4 billion characters


def split(doc_id: int, body: str) -> list[dict]:
    """The rows that store `body`."""
    base = doc_id * SPAN
    return [
        {"id": base + i // CHUNK, "body": body[i : i + CHUNK]} for i in range(0, len(body), CHUNK)
    ]


def key_range(doc_id: int) -> tuple[int, int]:
    """The first and last key a document's pieces can have."""
    return doc_id * SPAN, doc_id * SPAN + SPAN - 1


def read_text(conn: Connection, doc_id: int) -> str:
    lo, hi = key_range(doc_id)
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.execute(
            f"SELECT body FROM text_chunks WHERE id BETWEEN {mark} AND {mark} ORDER BY id",
            (lo, hi),
        )
        return "".join(r[0] for r in cur.fetchall())
    finally:
        cur.close()


def read_texts(conn: Connection, doc_ids: Iterable[int]) -> dict[int, str]:
    return {d: read_text(conn, d) for d in doc_ids}


def read_spans(conn: Connection, doc_id: int, spans: Iterable[tuple[int, int]]) -> list[str]:
    """The texts of (start, end) spans of one document."""
    spans = list(spans)
    return read_many(conn, [(doc_id, s, e) for s, e in spans])


def read_many(conn: Connection, spans: list[tuple[int, int, int]]) -> list[str]:
    """The texts of (doc_id, start, end) spans, each piece they lie in read once, by a few
    queries of up to BATCH keys on the driver's own cursor (SQLAlchemy's cost per query was
    most of KWIC's time when each document's pieces took a query: 5G, 1,420 of them)."""
    spans = [(d, max(s, 0), max(e, s, 0)) for d, s, e in spans]
    keys = sorted(
        {d * SPAN + n for d, s, e in spans for n in range(s // CHUNK, max(e - 1, s) // CHUNK + 1)}
    )
    pieces = _pieces(conn, keys)
    out = []
    for d, s, e in spans:
        first, last = s // CHUNK, max(e - 1, s) // CHUNK
        joined = "".join(pieces.get(d * SPAN + n, "") for n in range(first, last + 1))
        out.append(joined[s - first * CHUNK : e - first * CHUNK])
    return out


BATCH = 500


def _pieces(conn: Connection, keys: list[int]) -> dict[int, str]:
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    out: dict[int, str] = {}
    try:
        for i in range(0, len(keys), BATCH):
            batch = keys[i : i + BATCH]
            marks = ",".join([mark] * len(batch))
            cur.execute(f"SELECT id, body FROM text_chunks WHERE id IN ({marks})", batch)
            out.update(cur.fetchall())
    finally:
        cur.close()
    return out


def delete(conn: Connection, doc_id: int) -> None:
    lo, hi = key_range(doc_id)
    conn.execute(text("DELETE FROM text_chunks WHERE id BETWEEN :lo AND :hi"), {"lo": lo, "hi": hi})


def whole_text_sql(dialect: str) -> str:
    """SQL for the text of document `d.id`, joined by the database (for a scan there)."""
    where = f"c.id BETWEEN d.id * {SPAN} AND d.id * {SPAN} + {SPAN - 1}"
    if dialect == "sqlite":
        return (
            "(SELECT group_concat(body, '') FROM "
            f"(SELECT body FROM text_chunks c WHERE {where} ORDER BY c.id))"
        )
    return f"(SELECT string_agg(body, '' ORDER BY c.id) FROM text_chunks c WHERE {where})"
