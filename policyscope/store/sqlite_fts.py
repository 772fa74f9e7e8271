"""SQLite FTS5: `unicode61` over our pre-tokenised text, `trigram` for substrings.

`unicode61` with '+' as a token character keeps 人工智能+ and AI+ whole; the
trigram tokenizer is only a prefilter for literal matching (it cannot see
needles shorter than 3 characters, for which the caller scans).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.engine import Connection

from policyscope.store.filters import DocFilter
from policyscope.store.fts import FtsRow, RankedSegment


def _phrase(tokens: list[str]) -> str:
    return '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'


def match_expression(groups: list[list[list[str]]]) -> str:
    """AND of groups, each an OR of phrases."""
    return " AND ".join(
        "(" + " OR ".join(_phrase(p) for p in g if p) + ")" for g in groups if any(g)
    )


def trigram_query(needle: str) -> str:
    """Every trigram of the needle (detail=none keeps no positions, so no phrase query:
    the AND of trigrams narrows to candidates, which the caller verifies exactly)."""
    grams = dict.fromkeys(needle[i : i + 3] for i in range(len(needle) - 2))
    return " AND ".join('"' + g.replace('"', '""') + '"' for g in grams)


class SqliteFts:
    def create(self, conn: Connection) -> None:
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS seg_fts USING fts5("
            "tokens, tokenize = \"unicode61 remove_diacritics 0 tokenchars '+'\")"
        )
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS seg_tri USING fts5("
            "body, tokenize = 'trigram', detail = none)"
        )

    def add(self, conn: Connection, rows: list[FtsRow]) -> None:
        if not rows:
            return
        # plain tuples through the driver: SQLAlchemy's per-row binding is measurable here
        conn.exec_driver_sql(
            "INSERT INTO seg_fts(rowid, tokens) VALUES (?, ?)",
            [(r.segment_id, r.tokens) for r in rows],
        )
        conn.exec_driver_sql(
            "INSERT INTO seg_tri(rowid, body) VALUES (?, ?)", [(r.segment_id, r.text) for r in rows]
        )

    def delete(self, conn: Connection, rows: list[FtsRow]) -> None:
        if not rows:
            return
        conn.execute(
            text("DELETE FROM seg_fts WHERE rowid = :id"), [{"id": r.segment_id} for r in rows]
        )
        conn.execute(
            text("DELETE FROM seg_tri WHERE rowid = :id"), [{"id": r.segment_id} for r in rows]
        )

    def search(
        self,
        conn: Connection,
        groups: list[list[list[str]]],
        flt: DocFilter,
        limit: int,
        offset: int = 0,
    ) -> list[RankedSegment]:
        where, params = flt.sql()
        sql = (
            'SELECT s.id, s.doc_id, s.start, s."end", s.page, bm25(seg_fts) AS score '
            "FROM seg_fts JOIN segments s ON s.id = seg_fts.rowid "
            "JOIN documents d ON d.id = s.doc_id "
            f"WHERE seg_fts MATCH :q{where} ORDER BY score LIMIT :limit OFFSET :offset"
        )
        params.update(q=match_expression(groups), limit=limit, offset=offset)
        rows = conn.execute(text(sql), params).all()
        # bm25() is lower-is-better and negative; report higher-is-better
        return [RankedSegment(r[0], r[1], r[2], r[3], r[4], -float(r[5])) for r in rows]

    def count(self, conn: Connection, groups: list[list[list[str]]], flt: DocFilter) -> int:
        where, params = flt.sql()
        sql = (
            "SELECT count(*) FROM seg_fts JOIN segments s ON s.id = seg_fts.rowid "
            f"JOIN documents d ON d.id = s.doc_id WHERE seg_fts MATCH :q{where}"
        )
        params["q"] = match_expression(groups)
        return int(conn.execute(text(sql), params).scalar_one())

    def substring_candidates(
        self, conn: Connection, needle: str, flt: DocFilter
    ) -> Iterable[tuple[int, int, int, int, str]] | None:
        if len(needle) < 3 or "\n" in needle:
            return None
        where, params = flt.sql()
        sql = (
            'SELECT s.id, s.doc_id, s.start, s."end", seg_tri.body FROM seg_tri '
            "JOIN segments s ON s.id = seg_tri.rowid JOIN documents d ON d.id = s.doc_id "
            f"WHERE seg_tri MATCH :q{where} ORDER BY s.doc_id, s.start"
        )
        params["q"] = trigram_query(needle)
        return conn.execute(text(sql), params)  # rows stream; the caller may stop early
