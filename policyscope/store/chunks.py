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

from collections.abc import Iterable, Iterator

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
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        return _stretch(cur, conn, lo, hi)
    finally:
        cur.close()


def read_texts(conn: Connection, doc_ids: Iterable[int]) -> dict[int, str]:
    return {d: read_text(conn, d) for d in doc_ids}


def read_many(conn: Connection, spans: list[tuple[int, int, int]]) -> list[str]:
    """The texts of (doc_id, start, end) spans, on the driver's own cursor (SQLAlchemy's
    cost per query was most of KWIC's time when each document's pieces took a query: 5G,
    1,420 of them)."""
    return [body[a:b] for body, a, b in _located(conn, spans)]


def count_many(conn: Connection, spans: list[tuple[int, int, int]], needle: str) -> list[int]:
    """How often `needle` occurs (str.count: no overlaps) in each (doc_id, start, end) span,
    without cutting the spans out: KWIC's count of AI (22,750 paragraphs at 200 MB) spent
    most of its time slicing and listing what it then only counted."""
    return [body.count(needle, a, b) for body, a, b in _located(conn, spans)]


def _located(conn: Connection, spans: list[tuple[int, int, int]]) -> Iterator[tuple[str, int, int]]:
    """(text, start, end) holding each span (clamped to the text) at [start, end) of text."""
    spans = [(d, max(s, 0), max(e, s, 0)) for d, s, e in spans]
    stretches, pieces = _gather(conn, spans)
    for d, s, e in spans:
        if d in stretches:
            base, body = stretches[d]
            yield body, s - base, e - base
            continue
        first, last = s // CHUNK, max(e - 1, s) // CHUNK
        joined = "".join(pieces.get(d * SPAN + n, "") for n in range(first, last + 1))
        yield joined, s - first * CHUNK, e - first * CHUNK


def _gather(
    conn: Connection, spans: list[tuple[int, int, int]]
) -> tuple[dict[int, tuple[int, str]], dict[int, str]]:
    """The text under clamped spans: ({doc: (offset, its text from there)}, {key: piece}).
    A document whose spans cover at least half the characters between its first and last
    is read as that one stretch (AI: nearly every paragraph of the Korean reports); the
    pieces of the others are fetched by key, up to BATCH a query."""
    bounds: dict[int, list[int]] = {}  # doc -> [lowest start, highest end, characters]
    for d, s, e in spans:
        b = bounds.get(d)
        if b is None:
            bounds[d] = [s, e, e - s]
            continue
        if s < b[0]:
            b[0] = s
        if e > b[1]:
            b[1] = e
        b[2] += e - s
    stretches: dict[int, tuple[int, str]] = {}
    sparse: set[int] = set()
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        for d, (lo, hi, covered) in bounds.items():
            first, last = lo // CHUNK, max(hi - 1, lo) // CHUNK
            if covered * 2 >= hi - lo or first == last:
                body = _stretch(cur, conn, d * SPAN + first, d * SPAN + last)
                stretches[d] = (first * CHUNK, body)
            else:
                sparse.add(d)
        keys = {d * SPAN + n for d, s, e in spans if d in sparse for n in _piece_range(s, e)}
        pieces = _pieces(cur, conn, sorted(keys))
    finally:
        cur.close()
    return stretches, pieces


def _piece_range(start: int, end: int) -> range:
    return range(start // CHUNK, max(end - 1, start) // CHUNK + 1)


def _mark(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def _stretch(cur, conn: Connection, lo: int, hi: int) -> str:
    m = _mark(conn)
    cur.execute(f"SELECT body FROM text_chunks WHERE id BETWEEN {m} AND {m} ORDER BY id", (lo, hi))
    return "".join(r[0] for r in cur.fetchall())


def count_stretches(
    conn: Connection, stretches: list[tuple[int, int, int | None]], needle: str
) -> dict[int, int]:
    """doc -> str.count(needle) over the pieces under each (doc, start, end) stretch (end
    None: to the end of the text), for documents where it occurs. SQLite only: counted in
    the UTF-8 bytes it hands over (UTF-8 is self-synchronising: a byte match of a whole
    character sequence is a character match); bytes skip decoding, half the time."""
    want = needle.encode("utf-8")
    out: dict[int, int] = {}
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        for doc_id, lo, hi in stretches:
            first = doc_id * SPAN + lo // CHUNK
            last = key_range(doc_id)[1] if hi is None else doc_id * SPAN + max(hi - 1, lo) // CHUNK
            cur.execute(_BLOB_STRETCH, (first, last))
            row = cur.fetchone()
            n = (row[0] or b"").count(want) if row else 0
            if n:
                out[doc_id] = n
    finally:
        cur.close()
    return out


_BLOB_STRETCH = (
    "SELECT CAST(group_concat(body, '') AS BLOB) FROM "
    "(SELECT body FROM text_chunks WHERE id BETWEEN ? AND ? ORDER BY id)"
)


BATCH = 500


def _pieces(cur, conn: Connection, keys: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for i in range(0, len(keys), BATCH):
        batch = keys[i : i + BATCH]
        marks = ",".join([_mark(conn)] * len(batch))
        cur.execute(f"SELECT id, body FROM text_chunks WHERE id IN ({marks})", batch)
        out.update(cur.fetchall())
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
