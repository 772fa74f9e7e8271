"""A document's text, stored once, in pieces of CHUNK characters.

Why pieces: the literal index and ranked search point at paragraphs, and a paragraph read
from one stored value is a read of the whole document (SQLite reads a value's overflow
pages from its start, PostgreSQL decompresses all of it): KWIC of 5G at 200 MB read 100 MB
of text for 1,420 lines. A paragraph now costs the one or two pieces it lies in, and a
whole text is its pieces joined. Pieces are cut by character count, so that any offset
finds its piece by division.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection

from policyscope.store import schema as S

CHUNK = 1024  # characters: at most ~4 KB of UTF-8, inside one SQLite page
_C = S.text_chunks.c


def split(doc_id: int, text: str) -> list[dict]:
    """The rows that store `text`."""
    return [
        {"doc_id": doc_id, "n": i // CHUNK, "body": text[i : i + CHUNK]}
        for i in range(0, len(text), CHUNK)
    ]


def read_text(conn: Connection, doc_id: int) -> str:
    rows = conn.execute(select(_C.body).where(_C.doc_id == doc_id).order_by(_C.n))
    return "".join(rows.scalars())


def read_texts(conn: Connection, doc_ids: list[int]) -> dict[int, str]:
    rows = conn.execute(
        select(_C.doc_id, _C.body).where(_C.doc_id.in_(doc_ids)).order_by(_C.doc_id, _C.n)
    )
    return {d: "".join(r[1] for r in group) for d, group in groupby(rows, key=lambda r: r[0])}


_PIECES = (
    select(_C.n, _C.body)
    .where(_C.doc_id == bindparam("doc"), _C.n.in_(bindparam("ns", expanding=True)))
    .order_by(_C.n)
)


def read_spans(conn: Connection, doc_id: int, spans: Iterable[tuple[int, int]]) -> list[str]:
    """The texts of (start, end) spans of one document, from one read of the pieces they
    lie in."""
    spans = [(max(s, 0), max(e, s, 0)) for s, e in spans]
    need = sorted({n for s, e in spans for n in range(s // CHUNK, max(e - 1, s) // CHUNK + 1)})
    if not need:
        return ["" for _ in spans]
    pieces = dict(conn.execute(_PIECES, {"doc": doc_id, "ns": need}).all())
    out = []
    for s, e in spans:
        first, last = s // CHUNK, max(e - 1, s) // CHUNK
        joined = "".join(pieces.get(n, "") for n in range(first, last + 1))
        out.append(joined[s - first * CHUNK : e - first * CHUNK])
    return out
