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
GAP = 8  # pieces a read may skip over rather than start another query

_RANGE = text("SELECT id, body FROM text_chunks WHERE id BETWEEN :lo AND :hi ORDER BY id")


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
    return "".join(r[1] for r in conn.execute(_RANGE, {"lo": lo, "hi": hi}))


def read_texts(conn: Connection, doc_ids: Iterable[int]) -> dict[int, str]:
    return {d: read_text(conn, d) for d in doc_ids}


def read_spans(conn: Connection, doc_id: int, spans: Iterable[tuple[int, int]]) -> list[str]:
    """The texts of (start, end) spans of one document, each piece they lie in read once:
    runs of needed pieces with gaps of up to GAP are read by one range query."""
    spans = [(max(s, 0), max(e, s, 0)) for s, e in spans]
    need = sorted({n for s, e in spans for n in range(s // CHUNK, max(e - 1, s) // CHUNK + 1)})
    base = doc_id * SPAN
    pieces: dict[int, str] = {}
    i = 0
    while i < len(need):
        j = i
        while j + 1 < len(need) and need[j + 1] - need[j] <= GAP:
            j += 1
        rows = conn.execute(_RANGE, {"lo": base + need[i], "hi": base + need[j]})
        pieces.update((k - base, body) for k, body in rows)
        i = j + 1
    out = []
    for s, e in spans:
        first, last = s // CHUNK, max(e - 1, s) // CHUNK
        joined = "".join(pieces.get(n, "") for n in range(first, last + 1))
        out.append(joined[s - first * CHUNK : e - first * CHUNK])
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
