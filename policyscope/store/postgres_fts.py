"""PostgreSQL: a tsvector built from OUR tokens (no parser in between); for substrings,
the same split by script as SQLite (see `substrings`).

The tsvector is written as a literal ('tok':1 'tok':2 ...) so that CJK tokens,
'人工智能+' and 'AI+' reach the index exactly as the tokenizer cut them, with
positions for phrase queries; ranking is ts_rank_cd (cover density), not BM25.

Literal matching: pg_trgm over whole paragraphs cost as much as the rest of a Chinese
ingest, and extracts no trigram from a 2-character needle, so 算力 or 정책 read every
paragraph. Instead `cjk2` holds the paragraph's distinct CJK letter pairs (GIN), and `tri`
its other runs (pg_trgm): a needle must have all its pairs and contain each of its runs.
Since schema 8 `cjk2` also holds the pairs of capitals and digits ('AI', '5G'), which serve
the short needles no trigram can (see `substrings.caps_pairs`).

Two tables (schema 7): `seg_tsv` for ranked search, `seg_fts` for literal matching, each
with the paragraph's doc_id (and language, and offset for KWIC) so that neither joins
`segments` row by row. Apart, KWIC's rows are not widened by the tsvectors it never reads.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.engine import Connection

from policyscope.store.filters import DocFilter
from policyscope.store.fts import FtsRow, Groups, RankedSegment, with_variants
from policyscope.store.substrings import (
    caps_pairs,
    cjk_bigrams,
    has_cjk,
    index_columns,
    needle_runs,
)

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


def variant_queries(groups: Groups, variants: Groups | None) -> tuple[str, str] | None:
    """(filter, exact) tsqueries for the paragraphs that satisfy `groups` only through a
    variant: `exact` asks, for some group, a variant and, for each other group, any of its
    phrases; `filter`, which the GIN index answers, asks only for any word of a variant
    that the query's own phrases lack (a term kept whole: rare, so few rows to check).
    None when there are no variants, or a variant has no such word."""
    if not variants or not any(variants):
        return None
    own = {t for g in groups for p in g for t in p}
    rare: dict[str, None] = {}
    for v in (p for vs in variants for p in vs):
        words = [t for t in v if t not in own]
        if not words:
            return None
        rare.update(dict.fromkeys(words))
    full = with_variants(groups, variants)
    parts = [
        tsquery_literal([v] + [g for j, g in enumerate(full) if j != i])
        for i, v in enumerate(variants)
        if v
    ]
    return " | ".join(_lex(t) for t in rare), " | ".join(f"({p})" for p in parts)


class PostgresFts:
    literal_columns = "policyscope.store.postgres_fts:literal_columns"

    def create(self, conn: Connection) -> None:
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        conn.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS seg_fts ("
            " segment_id INTEGER PRIMARY KEY REFERENCES segments(id) ON DELETE CASCADE,"
            " doc_id INTEGER NOT NULL, start INTEGER NOT NULL, lang TEXT, body TEXT NOT NULL)"
        )
        _create_substring_columns(conn)
        _create_tsv_table(conn)

    def upgrade(self, conn: Connection, version: int) -> None:
        if version == 6:
            _v6_split_substring_index(conn)
        elif version == 7:
            _v7_two_tables(conn)
        elif version == 8:
            _v8_caps_pairs(conn)

    def optimize(self, conn: Connection) -> None:
        pass  # the VACUUM FULL that Store.optimize runs rebuilds the GIN indexes

    def add(self, conn: Connection, rows: list[FtsRow]) -> None:
        if rows:
            conn.execute(
                text(
                    "INSERT INTO seg_fts(segment_id, doc_id, start, lang, body, cjk2, tri) "
                    "VALUES (:id, :doc_id, :start, :lang, :body, :cjk2, :tri)"
                ),
                [
                    {
                        "id": r.segment_id,
                        "doc_id": r.doc_id,
                        "start": r.start,
                        "lang": r.lang,
                        "body": r.text,
                        **(r.literal or literal_columns(r.text)),
                    }
                    for r in rows
                ],
            )
            conn.execute(
                text(
                    "INSERT INTO seg_tsv(segment_id, doc_id, lang, tsv) "
                    "VALUES (:id, :doc_id, :lang, CAST(:tsv AS tsvector))"
                ),
                [
                    {
                        "id": r.segment_id,
                        "doc_id": r.doc_id,
                        "lang": r.lang,
                        "tsv": tsvector_literal(r.tokens),
                    }
                    for r in rows
                ],
            )

    def delete(self, conn: Connection, rows: list[FtsRow]) -> None:
        if rows:
            for table in ("seg_tsv", "seg_fts"):
                conn.execute(
                    text(f"DELETE FROM {table} WHERE segment_id = :id"),
                    [{"id": r.segment_id} for r in rows],
                )

    def set_tokens(self, conn: Connection, rows: list[tuple[int, str]]) -> None:
        if rows:
            conn.execute(
                text("UPDATE seg_tsv SET tsv = CAST(:tsv AS tsvector) WHERE segment_id = :id"),
                [{"id": sid, "tsv": tsvector_literal(t)} for sid, t in rows],
            )

    def _where(self, groups, flt):
        where, params = flt.sql(s="f")  # the paragraph's language is kept beside the index
        params["q"] = tsquery_literal(groups)
        return where, params

    def search(
        self,
        conn: Connection,
        groups: Groups,
        flt: DocFilter,
        limit: int,
        offset: int = 0,
        variants: Groups | None = None,
    ) -> list[RankedSegment]:
        where, params = self._where(groups, flt)

        def ranked(q: str, narrow: str = "") -> str:
            return (
                f"SELECT f.segment_id, ts_rank_cd(f.tsv, CAST(:{q} AS tsquery)) AS score "
                "FROM seg_tsv f JOIN documents d ON d.id = f.doc_id "
                f"WHERE {narrow or f'f.tsv @@ CAST(:{q} AS tsquery)'}{where}"
            )

        extra = variant_queries(groups, variants)
        if extra:
            # ranking one query with the variants OR-ed in cost ten times as much (科技创新
            # at 200 MB: 35 -> 360 ms), so the paragraphs only a variant finds are ranked
            # by the variants' query. The index narrows them to paragraphs with one of the
            # variants' rare words; they are then checked exactly (ts_match_vq: not an @@,
            # which the planner would send to the index too)
            params["qr"], params["qv"] = extra
            narrow = (
                "f.tsv @@ CAST(:qr AS tsquery) AND ts_match_vq(f.tsv, CAST(:qv AS tsquery)) "
                "AND NOT ts_match_vq(f.tsv, CAST(:q AS tsquery))"
            )
            pool = f"{ranked('q')} UNION ALL {ranked('qv', narrow)}"
        else:  # no variants, or none the index can narrow: one query ranks all
            params["q"] = tsquery_literal(with_variants(groups, variants))
            pool = ranked("q")
        # rank inside seg_tsv and join `segments` for the page of winners only: a join per
        # matching row cost as much as the ranking (科技创新, 3,742 rows at 200 MB: 88 → 44 ms)
        sql = (
            'SELECT s.id, s.doc_id, s.start, s."end", s.page, t.score, b.body FROM ('
            f"SELECT p.segment_id, p.score FROM ({pool}) p "
            "ORDER BY p.score DESC, p.segment_id LIMIT :limit OFFSET :offset) t "
            "JOIN segments s ON s.id = t.segment_id JOIN seg_fts b ON b.segment_id = t.segment_id "
            "ORDER BY t.score DESC, s.id"
        )
        params.update(limit=limit, offset=offset)
        rows = conn.execute(text(sql), params).all()
        return [RankedSegment(r[0], r[1], r[2], r[3], r[4], float(r[5]), r[6]) for r in rows]

    def count(
        self, conn: Connection, groups: Groups, flt: DocFilter, variants: Groups | None = None
    ) -> int:
        where, params = self._where(with_variants(groups, variants), flt)
        sql = (
            "SELECT count(*) FROM seg_tsv f JOIN documents d ON d.id = f.doc_id "
            f"WHERE f.tsv @@ CAST(:q AS tsquery){where}"
        )
        return int(conn.execute(text(sql), params).scalar_one())

    def substring_candidates(
        self, conn: Connection, needle: str, flt: DocFilter, ignore_case: bool = False
    ) -> Iterable[tuple[int, int, int, int, str]] | None:
        found = _candidate_where(needle, flt, ignore_case)
        if found is None:
            return None  # nothing for either index to narrow by: the caller scans
        where, params = found
        sql = (
            "SELECT f.segment_id, f.doc_id, f.start, f.body "
            f"FROM seg_fts f JOIN documents d ON d.id = f.doc_id WHERE {where} "
            "ORDER BY f.doc_id, f.start"
        )
        return _streamed(conn, sql, params)

    def substring_counts(
        self, conn: Connection, needle: str, flt: DocFilter
    ) -> dict[int, int] | None:
        found = _candidate_where(needle, flt, False)
        if found is None:
            return None
        where, params = found
        # replace() removes occurrences left to right without overlaps, as str.count counts
        # them; the bodies stay on the server
        sql = (
            "SELECT f.doc_id, sum((length(f.body) - length(replace(f.body, :needle, '')))"
            " / length(:needle)) FROM seg_fts f JOIN documents d ON d.id = f.doc_id "
            f"WHERE {where} AND strpos(f.body, :needle) > 0 GROUP BY f.doc_id"
        )
        params["needle"] = needle
        return {int(d): int(n) for d, n in conn.execute(text(sql), params)}


def _candidate_where(needle: str, flt: DocFilter, ignore_case: bool) -> tuple[str, dict] | None:
    """The WHERE clause (and its parameters) over seg_fts f and documents d for paragraphs
    that may hold `needle`, or None when neither index narrows it."""
    pairs = cjk_bigrams(needle)
    runs = needle_runs(needle)
    if not (pairs or runs or ignore_case):
        pairs = caps_pairs(needle)  # 'AI', '5G': case-sensitive, like the text's pairs
    if not (pairs or runs) or "\n" in needle:
        return None
    where, params = flt.sql(s="f")
    # no ILIKE over the body here: on long Chinese paragraphs it cost more than sending
    # the few candidates that hold the needle's parts only apart (the caller drops them)
    conds = []
    if pairs and not any(has_cjk(r) for r in runs):
        # a run that carries CJK context is selective on its own; checking the pairs
        # too reads every candidate's array (互联网+ at 200 MB: 74 → 17 ms without)
        conds.append("f.cjk2 @> CAST(:pairs AS TEXT[])")
        params["pairs"] = pairs
    for i, run in enumerate(runs):  # ILIKE: the caller may match case-insensitively
        conds.append(f"f.tri ILIKE :r{i}")
        params[f"r{i}"] = f"%{_like(run)}%"
    return " AND ".join(conds) + where, params


def _streamed(conn: Connection, sql: str, params: dict):
    """Rows from a server-side cursor, so that a caller who wants the first 100 lines reads
    only their paragraphs ('AI' at 200 MB: 66 -> 30 ms). By default PostgreSQL plans a
    cursor for its first rows, and for this sort that meant a nested loop over every
    document (互联网+ in Chinese paragraphs: 20 ms as a query, 1.2 s as a cursor), so the
    cursor is planned like the query. The end offset is counted here: length() in SQL
    decompressed every candidate's body before the sort."""
    conn.exec_driver_sql("SET LOCAL cursor_tuple_fraction = 1.0")
    # options on the statement: on the connection they would outlive this query
    stmt = text(sql).execution_options(stream_results=True, yield_per=200)
    result = conn.execute(stmt, params)
    try:
        for sid, doc_id, start, body in result:
            yield sid, doc_id, start, start + len(body), body
    finally:
        result.close()  # a caller that stopped early: free the cursor while conn is open


def _like(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def literal_columns(body: str) -> dict:
    """A paragraph's values for the cjk2 and tri columns."""
    return {"cjk2": cjk_bigrams(body) + caps_pairs(body), "tri": index_columns(body)[1] or ""}


_COLUMNS = ("cjk2 TEXT[] NOT NULL DEFAULT '{}'", "tri TEXT NOT NULL DEFAULT ''")


def _create_substring_columns(conn: Connection, index: bool = True) -> None:
    for column in _COLUMNS:
        conn.exec_driver_sql(f"ALTER TABLE seg_fts ADD COLUMN IF NOT EXISTS {column}")
    if index:
        conn.exec_driver_sql(
            "CREATE INDEX IF NOT EXISTS ix_seg_fts_cjk2 ON seg_fts USING GIN (cjk2)"
        )
        conn.exec_driver_sql(
            "CREATE INDEX IF NOT EXISTS ix_seg_fts_tri ON seg_fts USING GIN (tri gin_trgm_ops)"
        )


def _v6_split_substring_index(conn: Connection) -> None:
    """Schema 6: pg_trgm over whole paragraphs becomes pairs + runs (filled in batches, so a
    large store's text need not fit in memory); the indexes are built once, after."""
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_seg_fts_trgm")
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_seg_fts_cjk2")
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_seg_fts_tri")
    _create_substring_columns(conn, index=False)
    for rows in _body_batches(conn):
        conn.execute(
            text("UPDATE seg_fts SET cjk2 = :cjk2, tri = :tri WHERE segment_id = :id"),
            [{"id": sid, **literal_columns(body)} for sid, body in rows],
        )
    _create_substring_columns(conn)


def _body_batches(conn: Connection, where: str = ""):
    """(segment_id, body) of seg_fts rows, 5,000 at a time, so that a large store's text
    need not fit in memory while a migration rewrites its rows."""
    last = 0
    while True:
        rows = conn.execute(
            text(
                f"SELECT segment_id, body FROM seg_fts WHERE segment_id > :last{where} "
                "ORDER BY segment_id LIMIT 5000"
            ),
            {"last": last},
        ).all()
        if not rows:
            return
        last = rows[-1][0]
        yield rows


def _create_tsv_table(conn: Connection) -> None:
    conn.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS seg_tsv ("
        " segment_id INTEGER PRIMARY KEY REFERENCES segments(id) ON DELETE CASCADE,"
        " doc_id INTEGER NOT NULL, lang TEXT, tsv TSVECTOR NOT NULL)"
    )
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_seg_tsv_tsv ON seg_tsv USING GIN (tsv)")


def _v7_two_tables(conn: Connection) -> None:
    """Schema 7: the tsvectors move to `seg_tsv`, and both tables keep their paragraph's
    doc_id (seg_fts also its offset and language). The indexes are dropped for the rewrite
    and built once, after: updating every row under them took 2.5 minutes at 200 MB. The
    rewritten rows leave dead ones behind; `optimize` gives the space back."""
    conn.exec_driver_sql(
        "CREATE TABLE seg_tsv AS SELECT f.segment_id, s.doc_id, s.lang, f.tsv "
        "FROM seg_fts f JOIN segments s ON s.id = f.segment_id"
    )
    conn.exec_driver_sql(
        "ALTER TABLE seg_tsv ADD PRIMARY KEY (segment_id), "
        "ADD FOREIGN KEY (segment_id) REFERENCES segments(id) ON DELETE CASCADE, "
        "ALTER COLUMN doc_id SET NOT NULL, ALTER COLUMN tsv SET NOT NULL"
    )
    for index in ("ix_seg_fts_tsv", "ix_seg_fts_cjk2", "ix_seg_fts_tri"):
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index}")
    conn.exec_driver_sql("ALTER TABLE seg_fts DROP COLUMN tsv")
    for column in ("doc_id INTEGER", "start INTEGER", "lang TEXT"):
        conn.exec_driver_sql(f"ALTER TABLE seg_fts ADD COLUMN IF NOT EXISTS {column}")
    conn.exec_driver_sql(
        "UPDATE seg_fts f SET doc_id = s.doc_id, start = s.start, lang = s.lang "
        "FROM segments s WHERE s.id = f.segment_id"
    )
    conn.exec_driver_sql(
        "ALTER TABLE seg_fts ALTER COLUMN doc_id SET NOT NULL, ALTER COLUMN start SET NOT NULL"
    )
    _create_substring_columns(conn)
    _create_tsv_table(conn)


def _v8_caps_pairs(conn: Connection) -> None:
    """Schema 8: the pairs of capitals and digits join each paragraph's letter pairs. Only
    paragraphs with two such characters in a row change; the index is rebuilt after."""
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_seg_fts_cjk2")
    for rows in _body_batches(conn, " AND body ~ '[A-Z0-9][A-Z0-9]'"):
        updates = [{"id": sid, "cjk2": literal_columns(body)["cjk2"]} for sid, body in rows]
        conn.execute(text("UPDATE seg_fts SET cjk2 = :cjk2 WHERE segment_id = :id"), updates)
    _create_substring_columns(conn)
