"""PostgreSQL: a tsvector built from OUR tokens (no parser in between), pg_trgm for substrings.

The tsvector is written as a literal ('tok':1 'tok':2 ...) so that CJK tokens,
'人工智能+' and 'AI+' reach the index exactly as the tokenizer cut them, with
positions for phrase queries; ranking is ts_rank_cd (cover density), not BM25.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from policyscope.store.filters import DocFilter
from policyscope.store.fts import FtsRow, RankedSegment

MAX_POS = 16383  # PostgreSQL's largest tsvector position


def _lex(tok: str) -> str:
    return "'" + tok.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(tokens: str) -> str:
    toks = tokens.split()
    return " ".join(f"{_lex(t)}:{min(i + 1, MAX_POS)}" for i, t in enumerate(toks))


def tsquery_literal(groups: list[list[list[str]]]) -> str:
    """AND of groups, each an OR of phrases."""
    return " & ".join(
        "(" + " | ".join("(" + " <-> ".join(_lex(t) for t in p) + ")" for p in g if p) + ")"
        for g in groups
        if any(g)
    )


class PostgresFts:
    def create(self, conn: Connection) -> None:
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        conn.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS seg_fts ("
            " segment_id INTEGER PRIMARY KEY REFERENCES segments(id) ON DELETE CASCADE,"
            " tsv TSVECTOR NOT NULL, body TEXT NOT NULL)"
        )
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_seg_fts_tsv ON seg_fts USING GIN (tsv)")
        conn.exec_driver_sql(
            "CREATE INDEX IF NOT EXISTS ix_seg_fts_trgm ON seg_fts USING GIN (body gin_trgm_ops)"
        )

    def upgrade(self, conn: Connection, version: int) -> None:
        pass  # the PostgreSQL index has not changed since schema 1

    def add(self, conn: Connection, rows: list[FtsRow]) -> None:
        if rows:
            conn.execute(
                text(
                    "INSERT INTO seg_fts(segment_id, tsv, body) "
                    "VALUES (:id, CAST(:tsv AS tsvector), :body)"
                ),
                [
                    {"id": r.segment_id, "tsv": tsvector_literal(r.tokens), "body": r.text}
                    for r in rows
                ],
            )

    def delete(self, conn: Connection, rows: list[FtsRow]) -> None:
        if rows:
            conn.execute(
                text("DELETE FROM seg_fts WHERE segment_id = :id"),
                [{"id": r.segment_id} for r in rows],
            )

    def _where(self, groups, flt):
        where, params = flt.sql()
        params["q"] = tsquery_literal(groups)
        return where, params

    def search(
        self,
        conn: Connection,
        groups: list[list[list[str]]],
        flt: DocFilter,
        limit: int,
        offset: int = 0,
    ) -> list[RankedSegment]:
        where, params = self._where(groups, flt)
        sql = (
            'SELECT s.id, s.doc_id, s.start, s."end", s.page, '
            "ts_rank_cd(f.tsv, CAST(:q AS tsquery)) AS score "
            "FROM seg_fts f JOIN segments s ON s.id = f.segment_id "
            "JOIN documents d ON d.id = s.doc_id "
            f"WHERE f.tsv @@ CAST(:q AS tsquery){where} "
            "ORDER BY score DESC, s.id LIMIT :limit OFFSET :offset"
        )
        params.update(limit=limit, offset=offset)
        rows = conn.execute(text(sql), params).all()
        return [RankedSegment(r[0], r[1], r[2], r[3], r[4], float(r[5])) for r in rows]

    def count(self, conn: Connection, groups: list[list[list[str]]], flt: DocFilter) -> int:
        where, params = self._where(groups, flt)
        sql = (
            "SELECT count(*) FROM seg_fts f JOIN segments s ON s.id = f.segment_id "
            f"JOIN documents d ON d.id = s.doc_id WHERE f.tsv @@ CAST(:q AS tsquery){where}"
        )
        return int(conn.execute(text(sql), params).scalar_one())

    def substring_candidates(
        self, conn: Connection, needle: str, flt: DocFilter
    ) -> list[tuple[int, int, int, int]] | None:
        if len(needle) < 3 or "\n" in needle:
            return None
        where, params = flt.sql()
        like = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params["q"] = f"%{like}%"
        sql = (
            'SELECT s.id, s.doc_id, s.start, s."end", f.body FROM seg_fts f '
            "JOIN segments s ON s.id = f.segment_id JOIN documents d ON d.id = s.doc_id "
            f"WHERE f.body ILIKE :q{where} ORDER BY s.doc_id, s.start"
        )
        return [tuple(r) for r in conn.execute(text(sql), params).all()]
