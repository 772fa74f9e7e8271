"""SQLite FTS5: `unicode61` over our pre-tokenised text for ranked search, and for literal
matching two small prefilter indexes; the text itself is kept once (`chunks`).

`unicode61` with '+' as a token character keeps 人工智能+ and AI+ whole. The literal side
(see `substrings`): `seg_cjk` holds each paragraph's CJK letters and pairs of letters (no
positions), `seg_caps` its pairs of capitals and digits ('AI', '5G'), and `doc_tri` the
trigrams of each *document's* other runs. A needle's constraints narrow it to candidate
paragraphs; their text is sliced from the document text, read once per document.

Schema 10 keeps no copy of the text in any index (`content=''`, `contentless_delete=1`,
see `sqlite_driver`): ranked search reads the winners' paragraphs from the pieces of the
text they lie in, and deletes go by rowid. Before, the paragraphs and the token strings
were each stored again, and the trigrams went per paragraph: 5.4x the text at 200 MB
(bench/store_size.py).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import islice
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from policyscope.errors import StoreError
from policyscope.store.chunks import BATCH, count_many, count_stretches, read_many, read_text
from policyscope.store.filters import DocFilter
from policyscope.store.fts import FtsRow, Groups, RankedSegment, with_variants
from policyscope.store.sqlite_driver import LEAN, LEAN_HINT
from policyscope.store.substrings import (
    caps_column,
    caps_query,
    cjk_terms,
    fts5_string,
    needle_queries,
    tri_runs,
)

# what each index keeps besides its postings: nothing, when this SQLite can still delete
_KEEP = ", content = '', contentless_delete = 1" if LEAN else ""
LITERAL_TABLES = ("seg_cjk", "seg_caps", "doc_tri")
_OLD_LITERAL_TABLES = ("seg_body", "seg_cjk", "seg_tri", "seg_caps", "seg_tri_v4")


def _phrase(tokens: list[str]) -> str:
    return fts5_string(" ".join(tokens))


def match_expression(groups: list[list[list[str]]]) -> str:
    """AND of groups, each an OR of phrases."""
    return " AND ".join(
        "(" + " OR ".join(_phrase(p) for p in g if p) + ")" for g in groups if any(g)
    )


class SqliteFts:
    literal_columns = "policyscope.store.sqlite_fts:literal_columns"
    # whether ranked search's tokens go to FTS5 (`seg_fts`); a store that ranks on tantivy
    # keeps them there only (tantivy_fts), its `seg_fts` empty
    ranks_here = True

    def create(self, conn: Connection) -> None:
        _create_search_table(conn, "seg_fts")
        _create_literal_tables(conn)
        _set_layout(conn)

    def check(self, conn: Connection, location: str) -> None:
        """A store whose indexes keep no text cannot be opened by an older SQLite."""
        row = conn.exec_driver_sql("SELECT value FROM schema_info WHERE key = 'fts_layout'").first()
        if row and row[0] == "lean" and not LEAN:
            raise StoreError(f"{location}: {LEAN_HINT}")

    def upgrade(self, conn: Connection, version: int) -> None:
        # versions 5 and 8 reshaped the literal index; version 10 rebuilds it from the
        # text, so a store older than 5 or 8 has nothing to do until then
        if version == 10:
            _v10_text_once(conn)

    def optimize(self, conn: Connection) -> None:
        # one transaction per document leaves one FTS5 segment per commit, merged only
        # partly as ingest goes; 'optimize' merges each index into a single segment
        for table in (*self._ranked_tables(), *LITERAL_TABLES):
            conn.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('optimize')")

    def _ranked_tables(self) -> tuple[str, ...]:
        return ("seg_fts",) if self.ranks_here else ()

    def add(self, conn: Connection, rows: list[FtsRow]) -> None:
        if not rows:
            return
        # plain tuples through the driver: SQLAlchemy's per-row binding is measurable here
        if self.ranks_here:
            conn.exec_driver_sql(
                "INSERT INTO seg_fts(rowid, tokens) VALUES (?, ?)",
                [(r.segment_id, r.tokens) for r in rows],
            )
        _add_literal(conn, rows)

    def delete(self, conn: Connection, rows: list[FtsRow]) -> None:
        if not rows:
            return
        ids = [(r.segment_id,) for r in rows]
        for table in (*self._ranked_tables(), "seg_cjk", "seg_caps"):
            conn.exec_driver_sql(f"DELETE FROM {table} WHERE rowid = ?", ids)
        docs = sorted({r.doc_id for r in rows})
        conn.exec_driver_sql("DELETE FROM doc_tri WHERE rowid = ?", [(d,) for d in docs])

    def set_tokens(self, conn: Connection, rows: list[tuple[int, str]]) -> None:
        if rows and self.ranks_here:
            # delete and insert, not update: after a time on tantivy the rows are not there
            conn.exec_driver_sql("DELETE FROM seg_fts WHERE rowid = ?", [(s,) for s, _t in rows])
            conn.exec_driver_sql("INSERT INTO seg_fts(rowid, tokens) VALUES (?, ?)", rows)

    def clear_ranked(self, conn: Connection) -> None:
        """Empty FTS5's ranked-search index (moving to or from another engine)."""
        conn.exec_driver_sql("DROP TABLE IF EXISTS seg_fts")
        _create_search_table(conn, "seg_fts")

    def search(
        self,
        conn: Connection,
        groups: Groups,
        flt: DocFilter,
        limit: int,
        offset: int = 0,
        variants: Groups | None = None,
    ) -> list[RankedSegment]:
        q = match_expression(with_variants(groups, variants))
        want = limit + offset
        # Rank on the FTS5 table alone, then join the winners: joining first made FTS5 score
        # every matching paragraph through the join (科技创新 at 600 MB: 3,871 of them). The
        # filter may drop winners (another series, a superseded version): then rank with
        # the join, as before.
        pool = max(4 * want, 100)
        rows = self._joined(conn, q, flt, pool, want)
        if len(rows) < want and self._matches_at_least(conn, q, pool):
            rows = self._ranked_with_join(conn, q, flt, want)
        rows = rows[offset:want]
        bodies = read_many(conn, [(r[1], r[2], r[3]) for r in rows])
        # bm25() is lower-is-better and negative; report higher-is-better
        return [
            RankedSegment(r[0], r[1], r[2], r[3], r[4], -float(r[5]), body)
            for r, body in zip(rows, bodies, strict=True)
        ]

    def _joined(self, conn: Connection, q: str, flt: DocFilter, pool: int, want: int) -> list:
        """The best `want` of the best `pool` matches that pass the filter, with their
        segment fields, best first (ties in rowid order, as FTS5 returns them). The
        subquery's LIMIT keeps FTS5 from ranking through the join."""
        where, params = flt.sql()
        sql = (
            'SELECT s.id, s.doc_id, s.start, s."end", s.page, t.score FROM ('
            "SELECT rowid, bm25(seg_fts) AS score FROM seg_fts WHERE seg_fts MATCH :q "
            "ORDER BY score LIMIT :pool) t "
            "JOIN segments s ON s.id = t.rowid JOIN documents d ON d.id = s.doc_id "
            f"WHERE 1{where} ORDER BY t.score, t.rowid LIMIT :want"
        )
        params.update(q=q, pool=pool, want=want)
        # the driver's own named parameters: SQLAlchemy's text() costs more than the query
        return list(conn.exec_driver_sql(sql, params))

    def _matches_at_least(self, conn: Connection, q: str, n: int) -> bool:
        """Whether `q` has `n` matches or more (so the filter may have dropped some)."""
        sql = "SELECT count(*) FROM (SELECT rowid FROM seg_fts WHERE seg_fts MATCH ? LIMIT ?)"
        return int(conn.exec_driver_sql(sql, (q, n)).scalar_one()) >= n

    def _ranked_with_join(self, conn: Connection, q: str, flt: DocFilter, want: int) -> list:
        where, params = flt.sql()
        sql = (
            'SELECT s.id, s.doc_id, s.start, s."end", s.page, bm25(seg_fts) AS score '
            "FROM seg_fts JOIN segments s ON s.id = seg_fts.rowid "
            "JOIN documents d ON d.id = s.doc_id "
            f"WHERE seg_fts MATCH :q{where} ORDER BY score LIMIT :limit"
        )
        # FTS5 ranks a query with the variants OR-ed in as fast as without (p95 at 200 MB,
        # 16 queries: 11.1 -> 16.0 ms, 科技创新 with 18 variants the slowest)
        params.update(q=q, limit=want)
        return [tuple(r) for r in conn.execute(text(sql), params)]

    def count(
        self, conn: Connection, groups: Groups, flt: DocFilter, variants: Groups | None = None
    ) -> int:
        where, params = flt.sql()
        sql = (
            "SELECT count(*) FROM seg_fts JOIN segments s ON s.id = seg_fts.rowid "
            f"JOIN documents d ON d.id = s.doc_id WHERE seg_fts MATCH :q{where}"
        )
        params["q"] = match_expression(with_variants(groups, variants))
        return int(conn.execute(text(sql), params).scalar_one())

    def substring_candidates(
        self, conn: Connection, needle: str, flt: DocFilter, ignore_case: bool = False
    ) -> Iterable[tuple[int, int, int, int, str]] | None:
        if "\n" in needle:
            return None
        cjk_q, tri_q = needle_queries(needle)
        # the capital pairs hold 'AI' but not 'Ai': no use to a case-insensitive search
        caps_q = None if cjk_q or ignore_case else caps_query(needle)
        if cjk_q or caps_q:
            sql, params = _candidate_query(cjk_q, caps_q, tri_q, flt)
            return _with_bodies(conn, _driver_rows(conn, sql, params))
        if tri_q:
            return _in_documents(conn, needle, tri_q, flt, ignore_case)
        return None  # e.g. '5G' ignoring case: nothing an index holds; the caller scans

    def substring_counts(
        self, conn: Connection, needle: str, flt: DocFilter
    ) -> dict[int, int] | None:
        if "\n" in needle:
            return None
        cjk_q, tri_q = needle_queries(needle)
        caps_q = None if cjk_q else caps_query(needle)
        # Paragraphs are a line's run from its first to its last non-space character
        # (text.segment). A needle that neither holds a line break nor starts or ends with
        # a space therefore lies inside one paragraph wherever it occurs, and every
        # paragraph that holds it is a candidate: a document's text, or its stretch from
        # the first candidate to the last, holds exactly the paragraphs' lines. Only a
        # language filter (paragraphs of a document differ) needs paragraph by paragraph.
        whole = not flt.lang and needle == needle.strip()
        if cjk_q or caps_q:
            if not whole:
                query = _candidate_query(cjk_q, caps_q, tri_q, flt)
                return _paragraph_counts(conn, needle, query)
            return _spread_counts(conn, needle, (cjk_q, caps_q, tri_q), flt)
        if tri_q and whole:  # the trigrams narrow documents, whose texts are counted whole
            where, params = flt.sql(d="d", s=None)
            sql = (
                "SELECT d.id FROM documents d WHERE d.id IN "
                f"(SELECT rowid FROM doc_tri WHERE doc_tri MATCH :qt){where}"
            )
            docs = _driver_rows(conn, sql, {**params, "qt": tri_q})
            return count_stretches(conn, [(d, 0, None) for (d,) in docs], needle)
        return None


_Queries = tuple[str | None, str | None, str | None]  # the CJK, capitals and trigram queries


def _spread_counts(
    conn: Connection, needle: str, queries: _Queries, flt: DocFilter
) -> dict[int, int]:
    """Counts of a needle the paragraph indexes narrow (see `substring_counts`). Where a
    document's candidates fill its stretch, the stretch is counted whole, in one read (AI at
    600 MB: 67,900 candidate paragraphs in 776 documents, 470 -> 70 ms); the paragraphs of
    the others one by one (科技创新: 2% of a long text). A paragraph costs about what 500
    characters of a stretch cost."""
    spread = _candidate_query(*queries, flt, documents=True)
    dense, sparse = [], []
    for doc_id, n, covered, lo, hi in _driver_rows(conn, *spread):
        if hi - lo <= 2 * covered + 500 * n:
            dense.append((doc_id, lo, hi))
        else:
            sparse.append(doc_id)
    out = count_stretches(conn, dense, needle)
    for i in range(0, len(sparse), BATCH):  # bound parameters stay under SQLite's limit
        query = _candidate_query(*queries, replace(flt, doc_ids=sparse[i : i + BATCH]))
        out.update(_paragraph_counts(conn, needle, query))
    return out


def _paragraph_counts(conn: Connection, needle: str, query: tuple[str, dict]) -> dict[int, int]:
    """doc -> occurrences in its candidate paragraphs (the rows of `query`)."""
    out: dict[int, int] = {}
    rows = _driver_rows(conn, *query)
    while batch := [(r[1], r[2], r[3]) for r in islice(rows, WINDOW)]:
        for (doc_id, _s, _e), n in zip(batch, count_many(conn, batch, needle), strict=True):
            if n:
                out[doc_id] = out.get(doc_id, 0) + n
    return out


# per document: candidates, their characters, the first start and the last end
_SPREAD = 's.doc_id, count(*), sum(s."end" - s.start), min(s.start), max(s."end")'


def _candidate_query(
    cjk_q: str | None,
    caps_q: str | None,
    tri_q: str | None,
    flt: DocFilter,
    documents: bool = False,
) -> tuple[str, dict]:
    """SQL for (id, doc_id, start, end) of the paragraphs that may hold a needle, in
    document order (or, per document, their characters and the first start and last end):
    the paragraph-level indexes, then the documents' trigrams."""
    paras = []
    if cjk_q:
        paras.append("SELECT rowid FROM seg_cjk WHERE seg_cjk MATCH :qc")
    if caps_q:
        paras.append("SELECT rowid FROM seg_caps WHERE seg_caps MATCH :qp")
    where, params = flt.sql()
    docs = " AND s.doc_id IN (SELECT rowid FROM doc_tri WHERE doc_tri MATCH :qt)" if tri_q else ""
    what, order = (
        (_SPREAD, " GROUP BY s.doc_id")
        if documents
        else ('s.id, s.doc_id, s.start, s."end"', " ORDER BY s.doc_id, s.start")
    )
    # CROSS JOIN keeps the index's matches the outer loop: grouped by document, SQLite
    # otherwise walked every paragraph of the trigrams' documents and asked FTS5 about each
    # one (人工智能+ at 600 MB: 50 s instead of 20 ms)
    sql = (
        f"SELECT {what} FROM ({' INTERSECT '.join(paras)}) c "
        "CROSS JOIN segments s ON s.id = c.rowid JOIN documents d ON d.id = s.doc_id "
        f"WHERE s.kind = 'paragraph'{docs}{where}{order}"
    )
    params.update(qc=cjk_q, qt=tri_q, qp=caps_q)
    return sql, params


def _in_documents(
    conn: Connection, needle: str, tri_q: str, flt: DocFilter, ignore_case: bool
) -> Iterator[tuple[int, int, int, int, str]]:
    """Paragraphs holding `needle`, for a needle only the trigrams narrow: they narrow
    documents, so each candidate document's text is searched whole, and only a document
    that holds the needle has its paragraphs' bounds read, on the driver's cursor (a row
    per paragraph of every candidate document through SQLAlchemy made 'Internet Plus'
    2.5 s at 200 MB)."""
    where, params = flt.sql()
    found = conn.exec_driver_sql("SELECT rowid FROM doc_tri WHERE doc_tri MATCH ?", (tri_q,))
    docs = sorted(r[0] for r in found)
    paras_sql = (
        'SELECT s.id, s.start, s."end" FROM segments s JOIN documents d ON d.id = s.doc_id '
        f"WHERE s.doc_id = :doc AND s.kind = 'paragraph'{where} ORDER BY s.start"
    )
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        for doc_id in docs:  # one text in memory at a time
            body = read_text(conn, doc_id)
            hits = _hits(body, needle, ignore_case)
            if hits is None:
                continue
            cur.execute(paras_sql, {**params, "doc": doc_id})
            for sid, start, end in _holding(
                cur.fetchall(), hits, len(needle), body, needle, ignore_case
            ):
                yield sid, doc_id, start, end, body[start:end]
    finally:
        cur.close()


def _hits(body: str, needle: str, ignore_case: bool) -> list[int] | None:
    """Where `needle` starts in `body`; None when it is not there. Ignoring case, [] means
    'somewhere' (lower case can change a text's length, so offsets are found per
    paragraph)."""
    if ignore_case:
        return [] if needle.lower() in body.lower() else None
    out, i = [], body.find(needle)
    while i != -1:
        out.append(i)
        i = body.find(needle, i + 1)
    return out or None


def _holding(paras, hits, n, body, needle, ignore_case):
    """The (id, start, end) paragraphs that hold one of `hits` whole."""
    if ignore_case:
        low = needle.lower()
        yield from (p for p in paras if low in body[p[1] : p[2]].lower())
        return
    starts = [p[1] for p in paras]
    seen = set()
    for h in hits:
        i = bisect_right(starts, h) - 1
        if i >= 0 and paras[i][2] >= h + n and i not in seen:
            seen.add(i)
            yield paras[i]


def _driver_rows(conn: Connection, sql: str, params: dict) -> Iterator[tuple]:
    """The rows of `sql` (named parameters) from the driver's cursor, a batch at a time:
    SQLAlchemy's result object cost a third of KWIC's time for AI's 22,750 candidates."""
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.execute(sql, params)
        while batch := cur.fetchmany(WINDOW):
            yield from batch
    finally:
        cur.close()


def _with_bodies(conn: Connection, rows: Iterable[Any]) -> Iterator[tuple[int, int, int, int, str]]:
    """The candidate rows with their paragraphs, read WINDOW rows at a time from the pieces
    of the text they lie in. Streams: the caller may stop early."""
    it = iter(rows)
    while batch := list(islice(it, WINDOW)):
        bodies = read_many(conn, [(r[1], r[2], r[3]) for r in batch])
        for (sid, doc_id, start, end), body in zip(batch, bodies, strict=True):
            yield sid, doc_id, start, end, body


WINDOW = 2000  # candidate paragraphs whose text is read at once


def _create_search_table(conn: Connection, name: str) -> None:
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5("
        f"tokens, tokenize = \"unicode61 remove_diacritics 0 tokenchars '+'\"{_KEEP})"
    )


def _create_literal_tables(conn: Connection) -> None:
    # no positions: the needle's letters are matched, not their order; the exact match is
    # confirmed in the text
    for table, column in (("seg_cjk", "chars"), ("seg_caps", "pairs")):
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5({column}, "
            f"tokenize = 'unicode61 remove_diacritics 0', detail = none{_KEEP})"
        )
    # per document: a paragraph's trigrams cost more than the paragraph (0.55x of the
    # text at 20 MB), a document's distinct ones 0.04x
    conn.exec_driver_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS doc_tri USING fts5("
        f"body, tokenize = 'trigram', detail = none{_KEEP})"
    )


def _set_layout(conn: Connection) -> None:
    conn.exec_driver_sql(
        "INSERT OR REPLACE INTO schema_info(key, value) VALUES ('fts_layout', ?)",
        ("lean" if LEAN else "copies",),
    )


def literal_columns(body: str) -> tuple[str | None, str | None, str | None]:
    """A paragraph's values for seg_cjk, the trigram side and seg_caps (None: not in that
    index)."""
    cjk = cjk_terms(body)
    tri = tri_runs(body) if cjk else (body if body.strip() else None)
    # capitals live on the trigram side of the split
    return cjk, tri, caps_column(tri) if tri else None


def _add_literal(conn: Connection, rows: Sequence[FtsRow]) -> None:
    """The literal-index rows of paragraphs (`FtsRow.literal`: their `literal_columns`,
    when an ingest worker made them): per paragraph in seg_cjk and seg_caps, per document
    in doc_tri."""
    cjk, caps = [], []
    tri: dict[int, list[str]] = {}
    for r in rows:
        c, t, p = r.literal or literal_columns(r.text)
        if c:
            cjk.append((r.segment_id, c))
        if p:
            caps.append((r.segment_id, p))
        if t:
            tri.setdefault(r.doc_id, []).append(t)
    if cjk:
        conn.exec_driver_sql("INSERT INTO seg_cjk(rowid, chars) VALUES (?, ?)", cjk)
    if caps:
        conn.exec_driver_sql("INSERT INTO seg_caps(rowid, pairs) VALUES (?, ?)", caps)
    if tri:
        conn.exec_driver_sql(
            "INSERT INTO doc_tri(rowid, body) VALUES (?, ?)",
            [(d, "\n".join(runs)) for d, runs in tri.items()],
        )


def _v10_text_once(conn: Connection) -> None:
    """Schema 10: the search index moves to a table that keeps no token strings, and the
    literal index is rebuilt from the stored text (the paragraph copies are dropped)."""
    layout = conn.exec_driver_sql("SELECT value FROM schema_info WHERE key = 'fts_layout'")
    if layout.scalar() is not None:
        return  # created by this version (a store marked older by hand, say): nothing to move
    conn.exec_driver_sql("ALTER TABLE seg_fts RENAME TO seg_fts_v9")
    _create_search_table(conn, "seg_fts")
    conn.exec_driver_sql("INSERT INTO seg_fts(rowid, tokens) SELECT rowid, tokens FROM seg_fts_v9")
    conn.exec_driver_sql("DROP TABLE seg_fts_v9")
    for table in _OLD_LITERAL_TABLES:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
    _create_literal_tables(conn)
    docs = [r[0] for r in conn.exec_driver_sql("SELECT doc_id FROM texts ORDER BY doc_id")]
    for doc_id in docs:
        body = read_text(conn, doc_id)
        paras = conn.exec_driver_sql(
            "SELECT id, start, \"end\" FROM segments WHERE doc_id = ? AND kind = 'paragraph'",
            (doc_id,),
        )
        _add_literal(conn, [FtsRow(i, "", body[s:e], doc_id, s, None) for i, s, e in paras])
    _set_layout(conn)
