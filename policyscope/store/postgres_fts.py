"""PostgreSQL: a tsvector built from OUR tokens (no parser in between); for substrings,
pg_trgm plus an array of CJK letter pairs.

The tsvector is written as a literal ('tok':1 'tok':2 ...) so that CJK tokens,
'人工智能+' and 'AI+' reach the index exactly as the tokenizer cut them, with
positions for phrase queries; ranking is ts_rank_cd (cover density), not BM25.

pg_trgm extracts no trigram from a 2-character needle, so 算力 or 정책 would read every
paragraph; `cjk2` (the paragraph's distinct CJK letter pairs, GIN-indexed) narrows those,
and any needle with CJK letters, to the paragraphs holding all of the needle's pairs.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from policyscope.store.filters import DocFilter
from policyscope.store.fts import FtsRow, RankedSegment
from policyscope.store.substrings import cjk_bigrams

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
            " tsv TSVECTOR NOT NULL, body TEXT NOT NULL, cjk2 TEXT[] NOT NULL DEFAULT '{}')"
        )
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_seg_fts_tsv ON seg_fts USING GIN (tsv)")
        conn.exec_driver_sql(
            "CREATE INDEX IF NOT EXISTS ix_seg_fts_trgm ON seg_fts USING GIN (body gin_trgm_ops)"
        )
        conn.exec_driver_sql(
            "CREATE INDEX IF NOT EXISTS ix_seg_fts_cjk2 ON seg_fts USING GIN (cjk2)"
        )

    def upgrade(self, conn: Connection, version: int) -> None:
        if version == 6:
            _v6_cjk_pairs(conn)

    def optimize(self, conn: Connection) -> None:
        pass  # GIN pending lists are merged by the VACUUM that Store.optimize runs

    def add(self, conn: Connection, rows: list[FtsRow]) -> None:
        if rows:
            conn.execute(
                text(
                    "INSERT INTO seg_fts(segment_id, tsv, body, cjk2) "
                    "VALUES (:id, CAST(:tsv AS tsvector), :body, :cjk2)"
                ),
                [
                    {
                        "id": r.segment_id,
                        "tsv": tsvector_literal(r.tokens),
                        "body": r.text,
                        "cjk2": cjk_bigrams(r.text),
                    }
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
    ) -> list[tuple[int, int, int, int, str]] | None:
        pairs = cjk_bigrams(needle)
        if (len(needle) < 3 and not pairs) or "\n" in needle:
            return None  # nothing for either index to narrow by: the caller scans
        where, params = flt.sql()
        like = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params["q"] = f"%{like}%"
        # ILIKE, not LIKE: the caller may match case-insensitively
        cond = "f.body ILIKE :q"
        if pairs:
            cond = "f.cjk2 @> CAST(:pairs AS TEXT[]) AND " + cond
            params["pairs"] = pairs
        sql = (
            'SELECT s.id, s.doc_id, s.start, s."end", f.body FROM seg_fts f '
            "JOIN segments s ON s.id = f.segment_id JOIN documents d ON d.id = s.doc_id "
            f"WHERE {cond}{where} ORDER BY s.doc_id, s.start"
        )
        return [tuple(r) for r in conn.execute(text(sql), params).all()]


def _v6_cjk_pairs(conn: Connection) -> None:
    """Schema 6: fill `cjk2` for paragraphs stored before it existed, then index it."""
    conn.exec_driver_sql(
        "ALTER TABLE seg_fts ADD COLUMN IF NOT EXISTS cjk2 TEXT[] NOT NULL DEFAULT '{}'"
    )
    last = 0
    while True:  # in batches: a large store's text need not fit in memory
        rows = conn.execute(
            text(
                "SELECT segment_id, body FROM seg_fts WHERE segment_id > :last "
                "ORDER BY segment_id LIMIT 5000"
            ),
            {"last": last},
        ).all()
        if not rows:
            break
        last = rows[-1][0]
        updates = [{"id": sid, "cjk2": p} for sid, body in rows if (p := cjk_bigrams(body))]
        if updates:
            conn.execute(text("UPDATE seg_fts SET cjk2 = :cjk2 WHERE segment_id = :id"), updates)
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_seg_fts_cjk2 ON seg_fts USING GIN (cjk2)")
