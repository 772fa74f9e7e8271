"""SQLite FTS5: `unicode61` over our pre-tokenised text for ranked search; for literal
matching, paragraph bodies in `seg_body` and two contentless prefilter indexes.

`unicode61` with '+' as a token character keeps 人工智能+ and AI+ whole. The substring
side (see `substrings`): `seg_cjk` holds CJK letters one per token (phrase queries),
`seg_tri` the other runs as trigrams, `seg_caps` pairs of capitals and digits ('AI', '5G').
Being contentless, they are deleted from with the values they were given, recomputed from
the stored body.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from policyscope.store.filters import DocFilter
from policyscope.store.fts import FtsRow, Groups, RankedSegment, with_variants
from policyscope.store.substrings import (
    caps_column,
    caps_query,
    fts5_string,
    index_columns,
    needle_queries,
)


def _phrase(tokens: list[str]) -> str:
    return fts5_string(" ".join(tokens))


def match_expression(groups: list[list[list[str]]]) -> str:
    """AND of groups, each an OR of phrases."""
    return " AND ".join(
        "(" + " OR ".join(_phrase(p) for p in g if p) + ")" for g in groups if any(g)
    )


class SqliteFts:
    literal_columns = "policyscope.store.sqlite_fts:literal_columns"

    def create(self, conn: Connection) -> None:
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS seg_fts USING fts5("
            "tokens, tokenize = \"unicode61 remove_diacritics 0 tokenchars '+'\")"
        )
        _create_substring_tables(conn)

    def upgrade(self, conn: Connection, version: int) -> None:
        if version == 5:
            _v5_split_substring_index(conn)
        elif version == 8:
            _v8_caps_index(conn)

    def optimize(self, conn: Connection) -> None:
        # one transaction per document leaves one FTS5 segment per commit, merged only
        # partly as ingest goes; 'optimize' merges each index into a single segment
        for table in ("seg_fts", "seg_cjk", "seg_tri", "seg_caps"):
            conn.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('optimize')")

    def add(self, conn: Connection, rows: list[FtsRow]) -> None:
        if not rows:
            return
        # plain tuples through the driver: SQLAlchemy's per-row binding is measurable here
        conn.exec_driver_sql(
            "INSERT INTO seg_fts(rowid, tokens) VALUES (?, ?)",
            [(r.segment_id, r.tokens) for r in rows],
        )
        _add_bodies(
            conn,
            [(r.segment_id, r.text) for r in rows],
            [r.literal or literal_columns(r.text) for r in rows],
        )

    def delete(self, conn: Connection, rows: list[FtsRow]) -> None:
        if not rows:
            return
        conn.execute(
            text("DELETE FROM seg_fts WHERE rowid = :id"), [{"id": r.segment_id} for r in rows]
        )
        cjk, tri, caps = _columns([(r.segment_id, r.text) for r in rows])
        for table, col, values in (("seg_cjk", "chars", cjk), ("seg_tri", "body", tri)):
            if values:
                conn.exec_driver_sql(
                    f"INSERT INTO {table}({table}, rowid, {col}) VALUES ('delete', ?, ?)", values
                )
        if caps:
            conn.exec_driver_sql(
                "INSERT INTO seg_caps(seg_caps, rowid, pairs) VALUES ('delete', ?, ?)", caps
            )
        conn.exec_driver_sql("DELETE FROM seg_body WHERE id = ?", [(r.segment_id,) for r in rows])

    def set_tokens(self, conn: Connection, rows: list[tuple[int, str]]) -> None:
        if rows:
            conn.exec_driver_sql(
                "UPDATE seg_fts SET tokens = ? WHERE rowid = ?", [(t, sid) for sid, t in rows]
            )

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
        # bm25() is lower-is-better and negative; report higher-is-better
        return [
            RankedSegment(r[0], r[1], r[2], r[3], r[4], -float(r[5]), r[6])
            for r in rows[offset:want]
        ]

    def _joined(self, conn: Connection, q: str, flt: DocFilter, pool: int, want: int) -> list:
        """The best `want` of the best `pool` matches that pass the filter, with their
        segment fields and bodies, best first (ties in rowid order, as FTS5 returns them).
        The subquery's LIMIT keeps FTS5 from ranking through the join; the bodies are read
        for the winners only."""
        where, params = flt.sql()
        sql = (
            "SELECT w.*, b.body FROM ("
            'SELECT s.id, s.doc_id, s.start, s."end", s.page, t.score FROM ('
            "SELECT rowid, bm25(seg_fts) AS score FROM seg_fts WHERE seg_fts MATCH :q "
            "ORDER BY score LIMIT :pool) t "
            "JOIN segments s ON s.id = t.rowid JOIN documents d ON d.id = s.doc_id "
            f"WHERE 1{where} ORDER BY t.score, t.rowid LIMIT :want) w "
            "JOIN seg_body b ON b.id = w.id ORDER BY w.score, w.id"
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
            "SELECT t.*, b.body FROM ("
            'SELECT s.id, s.doc_id, s.start, s."end", s.page, bm25(seg_fts) AS score '
            "FROM seg_fts JOIN segments s ON s.id = seg_fts.rowid "
            "JOIN documents d ON d.id = s.doc_id "
            f"WHERE seg_fts MATCH :q{where} ORDER BY score LIMIT :limit) t "
            "JOIN seg_body b ON b.id = t.id ORDER BY t.score"
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
        caps_q = None if cjk_q or tri_q or ignore_case else caps_query(needle)
        subs = []
        if cjk_q:
            subs.append("SELECT rowid FROM seg_cjk WHERE seg_cjk MATCH :qc")
        if tri_q:
            subs.append("SELECT rowid FROM seg_tri WHERE seg_tri MATCH :qt")
        if caps_q:
            subs.append("SELECT rowid FROM seg_caps WHERE seg_caps MATCH :qp")
        if not subs:
            return None  # e.g. '5G': nothing an index holds; the caller scans
        where, params = flt.sql()
        sql = (
            f'SELECT s.id, s.doc_id, s.start, s."end", b.body FROM ({" INTERSECT ".join(subs)}) c '
            "JOIN seg_body b ON b.id = c.rowid JOIN segments s ON s.id = c.rowid "
            f"JOIN documents d ON d.id = s.doc_id WHERE s.kind = 'paragraph'{where} "
            "ORDER BY s.doc_id, s.start"
        )
        params.update(qc=cjk_q, qt=tri_q, qp=caps_q)
        return conn.execute(text(sql), params)  # rows stream; the caller may stop early


def _create_substring_tables(conn: Connection) -> None:
    conn.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS seg_body (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"
    )
    conn.exec_driver_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS seg_cjk USING fts5("
        "chars, tokenize = 'unicode61 remove_diacritics 0', content = '')"
    )
    conn.exec_driver_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS seg_tri USING fts5("
        "body, tokenize = 'trigram', detail = none, content = '')"
    )
    _create_caps_table(conn)


def _create_caps_table(conn: Connection) -> None:
    conn.exec_driver_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS seg_caps USING fts5("
        "pairs, tokenize = 'unicode61 remove_diacritics 0', detail = none, content = '')"
    )


def literal_columns(body: str) -> tuple[str | None, str | None, str | None]:
    """A paragraph's values for seg_cjk, seg_tri and seg_caps (None: not in that index)."""
    c, t = index_columns(body)
    # capitals live on the trigram side of the split
    return c, t, caps_column(t) if t else None


def _columns(
    rows: Sequence[Any], computed: list[tuple] | None = None
) -> tuple[list[tuple], list[tuple], list[tuple]]:
    cjk, tri, caps = [], [], []
    values = computed or [literal_columns(body) for _, body in rows]
    for (sid, _), (c, t, p) in zip(rows, values, strict=True):
        if c:
            cjk.append((sid, c))
        if t:
            tri.append((sid, t))
        if p:
            caps.append((sid, p))
    return cjk, tri, caps


def _add_bodies(
    conn: Connection, rows: list[tuple[int, str]], computed: list[tuple] | None = None
) -> None:
    """Paragraph bodies and their literal-index rows (`computed`: their `literal_columns`,
    when an ingest worker made them)."""
    conn.exec_driver_sql("INSERT INTO seg_body(id, body) VALUES (?, ?)", rows)
    cjk, tri, caps = _columns(rows, computed)
    if cjk:
        conn.exec_driver_sql("INSERT INTO seg_cjk(rowid, chars) VALUES (?, ?)", cjk)
    if tri:
        conn.exec_driver_sql("INSERT INTO seg_tri(rowid, body) VALUES (?, ?)", tri)
    if caps:
        conn.exec_driver_sql("INSERT INTO seg_caps(rowid, pairs) VALUES (?, ?)", caps)


def _v5_split_substring_index(conn: Connection) -> None:
    """Schema 4 kept bodies inside one trigram table: move them to seg_body and index
    them anew (the old table is dropped; its content is the paragraphs' text)."""
    names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
    if "seg_body" in names:
        return  # created by a later version's create(): nothing to move
    conn.exec_driver_sql("ALTER TABLE seg_tri RENAME TO seg_tri_v4")
    _create_substring_tables(conn)
    result = conn.exec_driver_sql("SELECT rowid, body FROM seg_tri_v4 ORDER BY rowid")
    while batch := result.fetchmany(5000):
        _add_bodies(conn, [tuple(r) for r in batch])
    conn.exec_driver_sql("DROP TABLE seg_tri_v4")


def _v8_caps_index(conn: Connection) -> None:
    """Schema 8: the capital-pair index, filled from the stored paragraphs (only those with
    two capitals or digits in a row can have a pair)."""
    names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
    if "seg_caps" in names:
        return  # created by this version's create(): filled as documents were added
    _create_caps_table(conn)
    result = conn.exec_driver_sql(
        "SELECT id, body FROM seg_body WHERE body GLOB '*[A-Z0-9][A-Z0-9]*' ORDER BY id"
    )
    while batch := result.fetchmany(5000):
        # through the same split as ingest, so that a later delete removes what is here
        _, _, caps = _columns(batch)
        if caps:
            conn.exec_driver_sql("INSERT INTO seg_caps(rowid, pairs) VALUES (?, ?)", caps)
