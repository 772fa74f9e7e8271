"""KWIC pages: any page is the same slice of the full list, and the total is known without
building every line (store level, Workspace and CLI)."""

import json
import os

import pytest

from policyscope.analysis.kwic import count, kwic, kwic_page
from policyscope.store.filters import DocFilter
from policyscope.store.sql import Store
from tests.clirun import invoke, run_ok
from tests.test_store import prepared
from tests.test_store_postgres import pg_url  # noqa: F401 - the throwaway database fixture

DOCS = [
    ("具身智能甲具身智能\n乙丙具身智能AI", "p1", "g", "2025"),
    ("AI和5G\n丁具身智能", "p2", "g", "2024"),
    ("5g ai AI 具身智能", "p3", None, None),
]


PG = os.environ.get("POLICYSCOPE_PG_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def filled(request, tmp_path):
    """The same documents in a SQLite store and (when POLICYSCOPE_PG_URL is set) in a
    PostgreSQL one."""
    if request.param == "postgresql":
        if not PG:
            pytest.skip("POLICYSCOPE_PG_URL not set (.ci/run starts one)")
        where = request.getfixturevalue("pg_url")
    else:
        where = tmp_path / "w.db"
    s = Store(where)
    for i, (text, sha, series, key) in enumerate(DOCS):
        s.add_document(prepared(text, sha, path=f"/tmp/k{i}.txt", series=series, series_key=key))
    yield s
    s.close()


@pytest.mark.parametrize(
    "term,ignore_case", [("具身智能", False), ("AI", False), ("ai", True), ("5g", False)]
)
def test_every_page_is_a_slice_of_the_whole(filled, term, ignore_case):
    full = kwic(filled, term, DocFilter(), window=3, ignore_case=ignore_case)
    assert full, term
    n = len(full)
    for limit in (1, 2, 3, n + 5):
        for offset in range(n + 2):
            page = kwic_page(filled, term, DocFilter(), 3, limit, ignore_case, offset)
            assert page.total == n
            assert page.lines == full[offset : offset + limit], (limit, offset)
    assert sum(count(filled, term, DocFilter(), ignore_case).values()) == n


def test_page_order_and_context(filled):
    """Documents by (series, key, date, id), lines by offset; context stays in the paragraph
    when the substring index found it."""
    page = kwic_page(filled, "具身智能", DocFilter(), window=2, limit=3, offset=1)
    assert page.total == 5
    got = [(ln.series_key, ln.start, ln.left, ln.match, ln.right) for ln in page.lines]
    assert got == [
        ("2024", 7, "丁", "具身智能", ""),
        ("2025", 0, "", "具身智能", "甲具"),
        ("2025", 5, "能甲", "具身智能", ""),
    ]
    assert kwic_page(filled, "具身智能", DocFilter(), limit=0).lines == []
    assert kwic_page(filled, "具身智能", DocFilter(), limit=0).total == 5
    assert kwic_page(filled, "无此词", DocFilter(), limit=10).total == 0


def test_cli_pages_kwic(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(3):
        (folder / f"d{i}.txt").write_text(f"第{i}篇：具身智能与具身智能。\n", encoding="utf-8")
    db = str(tmp_path / "w.db")
    run_ok("--db", db, "ingest", folder, "--no-enrich")

    def run(*args):
        return run_ok("--db", db, "kwic", "具身智能", *args).stdout

    every = json.loads(run("--format", "json"))
    assert len(every) == 6
    second = json.loads(run("--format", "json", "--limit", "2", "--offset", "2"))
    assert second == every[2:4]
    table = run("--limit", "2", "--offset", "4")
    assert "6 occurrences" in table and "lines 5-6" in table
    bad = invoke("--db", db, "kwic", "具身智能", "--offset", "-1")
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def _long_text(every: int) -> str:
    """60 paragraphs of 97-103 characters (so they straddle the 256-character pieces), with
    AI and 具身智能 in every `every`-th one, twice in some."""
    paras = []
    for i in range(60):
        body = "政策文本" * (24 + i % 3)
        if i % every == 0:
            body = body[:10] + "具身智能AI" + body[10:] + ("AI" if i % 2 else "")
        paras.append(body)
    return "\n".join(paras)


@pytest.mark.parametrize("term", ["AI", "具身智能", "能A", "政策"])
def test_counts_from_the_index_match_the_paragraphs(filled, term):
    """The index's count (no paragraph handed over) equals what the paragraphs hold, for a
    document dense with the term (read as one stretch) and a sparse one (read by pieces),
    and the lines of a page in either are the ones a full listing has there."""
    for sha, every in (("dense", 1), ("sparse", 29)):
        text = _long_text(every)
        filled.add_document(prepared(text, sha, path=f"/tmp/{sha}.txt", series="long"))
    flt = DocFilter(series="long")
    truth = {}
    for doc_id in filled.doc_ids(flt):
        body = filled.text(doc_id)
        n = sum(line.count(term) for line in body.split("\n"))
        if n:
            truth[doc_id] = n
    assert truth and count(filled, term, flt) == truth
    full = kwic(filled, term, flt, window=4)
    assert len(full) == sum(truth.values())
    for offset in (0, 7, len(full) - 3):
        page = kwic_page(filled, term, flt, 4, 5, False, offset)
        assert page.lines == full[offset : offset + 5]


def test_count_many_counts_what_read_many_reads(tmp_path):
    from policyscope.store.chunks import count_many, read_many

    s = Store(tmp_path / "w.db")
    _status, doc, _v = s.add_document(prepared(_long_text(3), "c", path="/tmp/c.txt"))
    n = len(s.text(doc))
    spans = [(doc, a, a + w) for a in range(-5, n, 97) for w in (0, 3, 250, 600)]
    sparse = [(doc, 10, 300), (doc, 5000, 5600)]
    with s.connect() as conn:
        for group in (spans, sparse, spans[:1]):
            texts = read_many(conn, group)
            assert count_many(conn, group, "AI") == [t.count("AI") for t in texts]
            assert [len(t) for t in texts] == [
                max(0, min(e, n) - max(s_, 0)) for _d, s_, e in group
            ]
    s.close()


MESSY = (
    "  Internet Plus 行动, AI 와 具身智能\u3000\n"  # indented, ends in an ideographic space
    "the Internet Plus plan and the AI\n"
    "plan, wrapped onto a second line, Internet\n"  # joined: a lower-case continuation
    "Plus on the next one\n\n"
    "\u3000具身智能AI具身智能\t\n"
    "AIAIA 与 AI  AI, Internet  Plus\n"
    "마지막 AI 문단 Internet Plus\n"
    " Plus 开头, 结尾 AI \n"  # a space before and after a line's words is no paragraph's
)


@pytest.mark.parametrize(
    "term",
    [
        "AI",
        "具身智能",
        "Internet Plus",
        "Plus",
        " Plus",
        "AI ",
        "AIA",
        "t\nPlus",
        "AI  AI",
        "智能AI",
    ],
)
def test_counts_match_the_lines_of_ingested_text(tmp_path, term):
    """Counting a stretch or a whole text relies on paragraphs covering every character
    but the spaces around and between lines: checked on text the real ingest cut, with
    indents, ideographic spaces, joined lines and blank lines, against the lines a full
    listing finds (filters by language count paragraph by paragraph)."""
    from policyscope import Workspace

    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(3):
        (folder / f"m{i}.txt").write_text(f"第{i}篇\n" + MESSY * (i + 1), encoding="utf-8")
    with Workspace(tmp_path / "w.db") as w:
        w.ingest([folder], enrich=False)
        store = w.store
        for flt in (DocFilter(), DocFilter(lang="en"), DocFilter(series="none")):
            lines = kwic(store, term, flt)
            by_doc: dict[int, int] = {}
            for ln in lines:
                by_doc[ln.doc_id] = by_doc.get(ln.doc_id, 0) + 1
            assert count(store, term, flt) == by_doc, flt
            assert kwic_page(store, term, flt, limit=0).total == len(lines)
        if "\n" not in term:
            expect = sum(p.count(term) for p in _paragraph_texts(store))
            assert len(kwic(store, term, DocFilter())) == expect


def _paragraph_texts(store):
    for doc_id in store.doc_ids(DocFilter()):
        text = store.text(doc_id)
        yield from (text[p.start : p.end] for p in store.segments(doc_id, "paragraph"))


@pytest.mark.parametrize("needle", ["人工智能+", "互联网+", "AI", "신체화 AI"])
@pytest.mark.parametrize("documents", [False, True])
def test_candidates_are_read_from_the_index_first(tmp_path, needle, documents):
    """The literal index's matches drive the candidate query, grouped or not: a plan that
    walks the trigram documents' paragraphs and asks FTS5 about each took 50 s at 600 MB."""
    from policyscope.store.sqlite_fts import _candidate_query
    from policyscope.store.substrings import caps_query, needle_queries

    s = Store(tmp_path / "w.db")
    s.add_document(prepared(_long_text(3), "p", path="/tmp/p.txt"))
    cjk_q, tri_q = needle_queries(needle)
    sql, params = _candidate_query(
        cjk_q, None if cjk_q else caps_query(needle), tri_q, DocFilter(), documents
    )
    with s.connect() as conn:
        plan = [r[-1] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)]
    s.close()
    assert plan[0].startswith("SCAN seg_"), plan
