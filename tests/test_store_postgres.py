"""The same store contract on PostgreSQL (the server store). Needs POLICYSCOPE_PG_URL,
which .ci/run sets after starting a throwaway cluster on 127.0.0.1."""

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from policyscope.store.filters import DocFilter
from policyscope.store.schema import SCHEMA_VERSION
from policyscope.store.sql import Store
from tests.test_store import prepared

PG = os.environ.get("POLICYSCOPE_PG_URL")
pytestmark = pytest.mark.skipif(not PG, reason="POLICYSCOPE_PG_URL not set (.ci/run starts one)")


@pytest.fixture
def pg_url():
    name = "ps_test_" + uuid.uuid4().hex[:8]
    admin = create_engine(
        PG.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE {name}"))
    url = PG.rsplit("/", 1)[0] + "/" + name
    yield url
    with admin.connect() as c:
        c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def test_postgres_store_contract(pg_url):
    s = Store(pg_url)
    assert s.schema_version() == SCHEMA_VERSION
    assert (
        s.add_document(
            prepared(
                "人工智能+行动\n大模型", "p1", series="g", series_key="2024", date="2024-03-05"
            )
        )[0]
        == "added"
    )
    assert s.add_document(prepared("人工智能+行动\n大模型", "p1"))[0] == "unchanged"
    status, new_id, version = s.add_document(
        prepared("人工智能", "p2", series="g", series_key="2025")
    )
    assert (status, version) == ("new_version", 2)
    with s.connect() as conn:
        hits = s.fts.search(conn, [["人", "工"]], DocFilter(include_superseded=True), 10)
        assert len(hits) == 2 and all(h.score > 0 for h in hits)
        assert sorted(h.text for h in hits) == ["人工智能", "人工智能+行动"]
        assert s.fts.count(conn, [["人", "工"]], DocFilter()) == 1
        cands = s.fts.substring_candidates(conn, "智能+", DocFilter(include_superseded=True))
        assert [(c[2], c[3]) for c in cands] == [(0, 7)]
    s.delete_document(new_id)
    assert s.counts()["documents"] == 1
    s.close()


def test_postgres_workspace_search_and_kwic(pg_url, tmp_path):
    from policyscope.workspace import Workspace

    f = tmp_path / "r.txt"
    f.write_text(
        "加快发展新质生产力。\n开展人工智能＋行动，培育具身智能等未来产业。\n", encoding="utf-8"
    )
    with Workspace(pg_url) as w:
        assert [o.status for o in w.ingest([f])] == ["added"]
        assert len(w.search("新质生产力")) == 1
        lines = w.kwic("人工智能+")
        assert [(k.match, k.start) for k in lines] == [("人工智能+", 13)]


def test_postgres_search_finds_phrases_whose_ends_fall_inside_terms(pg_url, tmp_path):
    from policyscope.workspace import Workspace
    from tests.test_ingest import _phrases_across_terms

    with Workspace(pg_url) as w:
        _phrases_across_terms(w, tmp_path)


def test_ingest_then_enrich_in_workers_on_postgres(pg_url, tmp_path):
    """`ingest --no-enrich` then `enrich` with worker processes that read the texts from the
    server themselves: the same rows as an enriching ingest into SQLite."""
    from policyscope.workspace import Workspace
    from tests.test_enrich import TEXTS

    folder = tmp_path / "in"
    folder.mkdir()
    for name, body in TEXTS.items():
        (folder / name).write_text(body, encoding="utf-8")
    with Workspace(tmp_path / "ref.db") as ref:
        ref.ingest([folder], workers=1)
        expected = (len(ref.facts()), len(ref.timeline()))
    with Workspace(pg_url) as w:
        w.ingest([folder], workers=1, enrich=False)
        assert len(w.store.unenriched_ids()) == 3 and w.facts() == []
        n_docs, _mentions, n_claims, n_events = w.enrich(workers=2)
        assert n_docs == 3 and (n_claims, n_events) == expected
        assert (len(w.facts()), len(w.timeline())) == expected
        assert w.store.unenriched_ids() == []


def _pg_cands(s, needle):
    with s.connect() as conn:
        rows = s.fts.substring_candidates(conn, needle, DocFilter())
        return None if rows is None else [(c[2], c[3], c[4]) for c in rows]


def test_postgres_substring_candidates_by_script(pg_url):
    s = Store(pg_url)
    s.add_document(prepared("推进人工智能+行动\n发展AI+产业\n5G and superintelligence", "s1"))
    assert _pg_cands(s, "人工智能+") == [(0, 9, "推进人工智能+行动")]
    # two-character CJK words come from the letter-pair index, not from a scan
    assert _pg_cands(s, "发展") == [(10, 17, "发展AI+产业")]
    assert _pg_cands(s, "AI+产") == [(10, 17, "发展AI+产业")]
    assert _pg_cands(s, "intelligence") == [(18, 42, "5G and superintelligence")]
    assert _pg_cands(s, "5G") == [(18, 42, "5G and superintelligence")]  # capital pairs
    assert _pg_cands(s, "AI") == [(10, 17, "发展AI+产业")]
    assert _pg_cands(s, "5g") is None and _pg_cands(s, "力") is None  # the caller scans
    assert _pg_cands(s, "行动人") == []
    s.close()


def test_postgres_substring_candidates_never_miss_a_paragraph(pg_url):
    from tests.test_store import check_candidates_never_miss

    s = Store(pg_url)
    # fewer than SQLite's: one-letter and 2-character non-pair needles are scanned here
    assert check_candidates_never_miss(s) > 250
    s.close()


def test_postgres_substring_indexes_serve_their_scripts(pg_url):
    s = Store(pg_url)
    s.add_document(prepared("算力基础设施\n计算 and AI policy", "s1"))

    def plan(where: str) -> str:
        with s.connect() as conn:
            conn.exec_driver_sql("SET enable_seqscan = off")  # a tiny table is read whole
            rows = conn.exec_driver_sql(f"EXPLAIN SELECT segment_id FROM seg_fts WHERE {where}")
            return "\n".join(r[0] for r in rows)

    assert "ix_seg_fts_cjk2" in plan("cjk2 @> ARRAY['算力']::text[]")
    assert "ix_seg_fts_tri" in plan("tri ILIKE '%%policy%%'")  # %% for the driver
    assert _pg_cands(s, "算力") == [(0, 6, "算力基础设施")]
    assert _pg_cands(s, "olic") == [(7, 23, "计算 and AI policy")]
    s.close()


def test_ingest_gathers_planner_statistics(pg_url, tmp_path):
    """Right after a bulk ingest, the planner must know the tables' sizes, or KWIC reads
    every paragraph until autovacuum gets round to them."""
    from policyscope.workspace import Workspace

    f = tmp_path / "r.txt"
    f.write_text("加快发展新质生产力。\n算力基础设施。\n", encoding="utf-8")
    with Workspace(pg_url) as w:
        w.ingest([f], enrich=False)
        with w.store.connect() as conn:
            analysed = dict(
                conn.exec_driver_sql(
                    "SELECT relname, last_analyze IS NOT NULL FROM pg_stat_user_tables"
                ).all()
            )
    assert analysed["seg_fts"] and analysed["seg_tsv"]
    assert analysed["segments"] and analysed["documents"]


def _back_to_schema_6(conn) -> None:
    """The schema-6 layout: one table, the tsvectors beside the bodies, no doc_id."""
    conn.exec_driver_sql("ALTER TABLE seg_fts ADD COLUMN tsv TSVECTOR")
    conn.exec_driver_sql(
        "UPDATE seg_fts f SET tsv = t.tsv FROM seg_tsv t WHERE t.segment_id = f.segment_id"
    )
    conn.exec_driver_sql("ALTER TABLE seg_fts ALTER COLUMN tsv SET NOT NULL")
    conn.exec_driver_sql("CREATE INDEX ix_seg_fts_tsv ON seg_fts USING GIN (tsv)")
    conn.exec_driver_sql("DROP TABLE seg_tsv")
    conn.exec_driver_sql("ALTER TABLE seg_fts DROP COLUMN doc_id, DROP COLUMN start")
    conn.exec_driver_sql("ALTER TABLE seg_fts DROP COLUMN lang")
    conn.exec_driver_sql("UPDATE schema_info SET value = '6' WHERE key = 'schema_version'")


def test_postgres_schema_5_store_is_split_by_script(pg_url):
    s = Store(pg_url)
    s.add_document(prepared("算力基础设施\n计算能力 and AI policy", "s1"))
    with s.engine.begin() as conn:  # back to the schema-5 layout: pg_trgm over bodies
        _back_to_schema_6(conn)
        for index in ("ix_seg_fts_cjk2", "ix_seg_fts_tri"):
            conn.exec_driver_sql(f"DROP INDEX {index}")
        conn.exec_driver_sql("ALTER TABLE seg_fts DROP COLUMN cjk2, DROP COLUMN tri")
        conn.exec_driver_sql(
            "CREATE INDEX ix_seg_fts_trgm ON seg_fts USING GIN (body gin_trgm_ops)"
        )
        conn.exec_driver_sql("UPDATE schema_info SET value = '5' WHERE key = 'schema_version'")
    s.close()
    heard = []
    s = Store(pg_url, on_upgrade=lambda a, b: heard.append((a, b)))
    assert heard == [(5, SCHEMA_VERSION)] and s.schema_version() == SCHEMA_VERSION
    with s.connect() as conn:
        indexes = {r[0] for r in conn.exec_driver_sql("SELECT indexname FROM pg_indexes")}
        filled = conn.exec_driver_sql("SELECT cjk2, tri FROM seg_fts ORDER BY segment_id").all()
    assert {"ix_seg_fts_cjk2", "ix_seg_fts_tri"} <= indexes and "ix_seg_fts_trgm" not in indexes
    # 2 letters of context; the capital pairs after the CJK ones
    assert filled[1] == (["算能", "能力", "计算", "AI"], "能力 and AI policy")
    assert _pg_cands(s, "算力") == [(0, 6, "算力基础设施")]
    assert _pg_cands(s, "能力") == [(7, 25, "计算能力 and AI policy")]
    assert _pg_cands(s, "policy") == [(7, 25, "计算能力 and AI policy")]
    s.close()


def test_postgres_schema_7_store_gets_capital_pairs(pg_url):
    from policyscope.store.substrings import cjk_bigrams

    s = Store(pg_url)
    s.add_document(prepared("发展5G网络\nAI policy, 2024\n算力", "c1"))
    with s.engine.begin() as conn:  # the letter pairs as schema 7 wrote them
        rows = conn.exec_driver_sql("SELECT segment_id, body FROM seg_fts").all()
        for sid, body in rows:
            conn.execute(
                text("UPDATE seg_fts SET cjk2 = :p WHERE segment_id = :id"),
                {"p": cjk_bigrams(body), "id": sid},
            )
        conn.exec_driver_sql("UPDATE schema_info SET value = '7' WHERE key = 'schema_version'")
    assert _pg_cands(s, "AI") == []
    s.close()
    s = Store(pg_url)
    assert s.schema_version() == SCHEMA_VERSION
    assert _pg_cands(s, "AI") == [(7, 22, "AI policy, 2024")]
    assert _pg_cands(s, "5G") == [(0, 6, "发展5G网络")]
    assert _pg_cands(s, "算力") == [(23, 25, "算力")]
    with s.connect() as conn:
        indexes = {r[0] for r in conn.exec_driver_sql("SELECT indexname FROM pg_indexes")}
    assert "ix_seg_fts_cjk2" in indexes
    s.close()


def test_postgres_schema_6_store_gets_two_tables(pg_url):
    """Schema 7 keeps the tsvectors apart from the bodies, and each paragraph's doc_id (and
    start and lang) beside both indexes; a schema-6 store is split and filled from
    `segments`, and answers as before, filters included."""
    s = Store(pg_url)
    s.add_document(prepared("算力基础设施\nAI policy 算力", "v1", series="g"))
    s.add_document(prepared("新的算力", "v2", path="/tmp/b.txt", series="h"))
    with s.engine.begin() as conn:
        _back_to_schema_6(conn)
    s.close()
    s = Store(pg_url)
    assert s.schema_version() == SCHEMA_VERSION
    with s.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT f.doc_id = g.doc_id, f.start = g.start, f.lang IS NOT DISTINCT FROM g.lang, "
            "t.doc_id = g.doc_id, t.lang IS NOT DISTINCT FROM g.lang, length(t.tsv) > 0 "
            "FROM seg_fts f JOIN seg_tsv t USING (segment_id) "
            "JOIN segments g ON g.id = f.segment_id"
        ).all()
        columns = {
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'seg_fts'"
            )
        }
        indexes = {r[0] for r in conn.exec_driver_sql("SELECT indexname FROM pg_indexes")}
        g_only = s.fts.search(conn, [[["算", "力"]]], DocFilter(series="g"), 10)
    assert len(rows) == 3 and all(all(r) for r in rows)
    assert "tsv" not in columns
    assert {"ix_seg_tsv_tsv", "ix_seg_fts_cjk2", "ix_seg_fts_tri"} <= indexes
    assert "ix_seg_fts_tsv" not in indexes
    assert _pg_cands(s, "算力") == [
        (0, 6, "算力基础设施"),
        (7, 19, "AI policy 算力"),
        (0, 4, "新的算力"),
    ]
    assert sorted(h.start for h in g_only) == [0, 7]
    s.close()


def test_postgres_filters_without_joins(pg_url):
    """Search and literal candidates filter on the columns kept beside the index: paragraph
    language, series, and superseded versions."""
    s = Store(pg_url)
    first = prepared("人工智能+行动\nAI+ policy 人工\n대한민국 인공지능 人工", "p1")
    first.paragraphs[1].lang, first.paragraphs[2].lang = "en", "ko"
    s.add_document(first)
    s.add_document(prepared("人工智能+行动，第二版", "p2", path="/tmp/a.txt"))  # supersedes it
    ai = [[["人", "工"]]]
    with s.connect() as conn:
        zh = s.fts.search(conn, ai, DocFilter(lang="zh"), 10)
        every = s.fts.search(conn, ai, DocFilter(include_superseded=True), 10)
        ko_old = s.fts.search(conn, ai, DocFilter(lang="ko", include_superseded=True), 10)
        n_current = s.fts.count(conn, ai, DocFilter())
        old_en = DocFilter(lang="en", include_superseded=True)
        en = list(s.fts.substring_candidates(conn, "AI+", old_en))
        current_en = list(s.fts.substring_candidates(conn, "AI+", DocFilter(lang="en")))
        ko = list(s.fts.substring_candidates(conn, "AI+", DocFilter(lang="ko")))
        old = list(
            s.fts.substring_candidates(conn, "人工智能+", DocFilter(include_superseded=True))
        )
    assert [(h.start, h.end) for h in zh] == [(0, 11)]  # the current version only
    assert len(every) == 4 and [(h.start, h.end) for h in ko_old] == [(22, 34)]
    assert n_current == 1
    assert [(c[2], c[3]) for c in en] == [(8, 21)] and current_en == ko == []
    assert sorted(c[4] for c in old) == ["人工智能+行动", "人工智能+行动，第二版"]
    s.close()


def test_postgres_optimize(pg_url):
    s = Store(pg_url)
    s.add_document(prepared("算力基础设施\n计算能力", "s1"))
    before, after = s.optimize()
    assert before > 0 and after > 0
    assert _pg_cands(s, "算力") == [(0, 6, "算力基础设施")]
    s.close()


def test_postgres_reindex(pg_url, tmp_path):
    from policyscope.workspace import Workspace
    from tests.test_ingest import SUBWORDS, _search_paras

    f = tmp_path / "r.txt"
    f.write_text(SUBWORDS, encoding="utf-8")
    with Workspace(pg_url) as w:
        w.ingest([f], workers=1, enrich=False)
        assert _search_paras(w, "人工智能") == [0, 24]
        doc = w.documents()[0].id
        with w.store.engine.begin() as conn:  # an index from before words inside terms
            w.store.fts.set_tokens(conn, [(p.id, "x") for p in w.store.segments(doc)])
        assert _search_paras(w, "人工智能") == []
        assert w.reindex() == 2
        assert _search_paras(w, "人工智能") == [0, 24] and _search_paras(w, "算力") == [24]


def test_postgres_kwic_scan(pg_url):
    from tests.test_store import _scan_case

    s = Store(pg_url)
    _scan_case(s)
    s.close()


def test_postgres_kwic_order_and_documents_by_id(pg_url):
    from tests.test_store import _order_case

    s = Store(pg_url)
    _order_case(s)
    s.close()


def test_ingest_computes_the_literal_columns_postgres_would(pg_url, tmp_path):
    from policyscope.store import postgres_fts
    from tests.test_ingest import _literal_round_trip

    _literal_round_trip(pg_url, tmp_path, postgres_fts)


def test_postgres_search_with_variants_it_cannot_narrow(pg_url):
    """A variant made of the query's own words is not narrowed apart: it is OR-ed in."""
    s = Store(pg_url)
    s.add_document(prepared("发展人工智能", "p1"))
    with s.connect() as conn:
        groups = [[["展", "发"]]]  # `prepared` indexes one token per character
        assert s.fts.search(conn, groups, DocFilter(), 10) == []
        hits = s.fts.search(conn, groups, DocFilter(), 10, variants=[[["发", "展"]]])
        assert [h.text for h in hits] == ["发展人工智能"]
    s.close()
