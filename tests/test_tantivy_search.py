"""Ranked search on a tantivy folder beside a SQLite store: the same hits as FTS5 on the
same documents, and never a paragraph that is not the store's (a crash between the two
commits, a deleted store's folder, a store copied without it)."""

import os
import subprocess
import sys
import textwrap

import pytest

from policyscope.errors import PolicyScopeError
from policyscope.store.filters import DocFilter
from policyscope.store.sql import Store
from policyscope.store.tantivy_fts import SearchNotReady, TantivyFts, index_form
from policyscope.workspace import Workspace
from tests.clirun import invoke, run_ok
from tests.test_store import prepared
from tests.test_store_postgres import pg_url  # noqa: F401 - the throwaway database fixture

# space-separated characters are each paragraph's tokens (tests.test_store.prepared)
DOCS = [
    ("人工智能产业\n数字经济人工智能\nAI+制造", "a", "2023"),
    ("人工智能\n新质生产力发展", "a", "2024"),
    ("具身智能机器人\nAI 安全治理\n人工智能人工智能人工智能", "b", "2025"),
    ("数字中国\n人_工 智-能", None, None),
]
QUERIES = [
    [[["人", "工", "智", "能"]]],
    [[["人", "工"]], [["数", "字"]]],
    [[["制", "造"]], [["ａ"], ["a", "i", "+"]]],
    [[["a", "i", "+"]]],
    [[["a", "i"]]],
    [[["具", "身"], ["数", "字"]]],
    [[["人", "工", "智", "能", "产", "业"]]],
    [[["不", "在"]]],
]
FILTERS = [
    DocFilter(),
    DocFilter(include_superseded=True),
    DocFilter(series="a"),
    DocFilter(series="zzz"),
    DocFilter(date_from="2024"),
    DocFilter(lang="zh"),
    DocFilter(lang="ko"),
]


def _fill(s: Store) -> None:
    for i, (text, series, key) in enumerate(DOCS):
        s.add_document(
            prepared(text, f"s{i}", path=f"/tmp/t{i}.txt", series=series, series_key=key)
        )
    # a new version of document 0: the old one is superseded
    s.add_document(prepared(DOCS[0][0] + "\n人工智能", "s0b", path="/tmp/t0.txt", series="a"))


def _store(path, monkeypatch, engine: str) -> Store:
    monkeypatch.setenv("POLICYSCOPE_SEARCH_ENGINE", engine)
    s = Store(path)
    _fill(s)
    s.flush_search()
    return s


@pytest.fixture
def tv(tmp_path, monkeypatch):
    s = _store(tmp_path / "w.db", monkeypatch, "tantivy")
    yield s
    s.close()


@pytest.fixture
def twin(tmp_path, monkeypatch):
    """The same documents in a store that ranks on FTS5: the reference."""
    s = _store(tmp_path / "f.db", monkeypatch, "fts5")
    yield s
    s.close()


def _tokens_of(s: Store):
    """What ingest gave each paragraph (tests.test_store.prepared: its characters)."""

    def rows(doc_id):
        text = s.text(doc_id)
        return [(p.id, " ".join(text[p.start : p.end]), 1) for p in s.segments(doc_id, "paragraph")]

    return rows


def _level(s: Store) -> bool:
    with s.connect() as conn:
        return s.fts._searcher_for(conn)[1]


def _ranked(s: Store, groups, flt=None, limit=1000, offset=0):
    with s.connect() as conn:
        return s.fts.search(conn, groups, flt or DocFilter(), limit, offset)


def _count(s: Store, groups, flt=None) -> int:
    with s.connect() as conn:
        return s.fts.count(conn, groups, flt or DocFilter())


def _texts(s: Store, groups, flt=None) -> set:
    return {(r.segment_id, r.doc_id, r.start, r.text) for r in _ranked(s, groups, flt)}


@pytest.mark.parametrize("groups", QUERIES)
def test_same_hits_and_counts_as_fts5(tv, twin, groups):
    assert (tv.search_engine, twin.search_engine) == ("tantivy", "fts5")
    assert _level(tv)
    seen = 0
    for flt in FILTERS:
        got = _ranked(tv, groups, flt)
        assert _count(tv, groups, flt) == _count(twin, groups, flt) == len(got), flt
        assert _texts(tv, groups, flt) == _texts(twin, groups, flt), flt
        assert [r.score for r in got] == sorted((r.score for r in got), reverse=True)
        seen += len(got)
    if groups != [[["不", "在"]]]:
        assert seen > 0


def test_ranked_search_tokens_are_kept_once(tv, twin):
    """A tantivy store's FTS5 ranked-search table stays empty: the tokens live in the
    folder only (the store's size bar)."""
    with tv.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM seg_fts_docsize").scalar() == 0
    with twin.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM seg_fts_docsize").scalar() > 0


def test_pages_are_slices_of_the_ranking(tv):
    groups = [[["人", "工"], ["智", "能"], ["数", "字"]]]
    full = _ranked(tv, groups)
    assert len(full) >= 6
    for limit, offset in ((2, 0), (2, 2), (3, 4), (10, 5)):
        page = _ranked(tv, groups, None, limit, offset)
        assert [r.segment_id for r in page] == [r.segment_id for r in full[offset : offset + limit]]


def test_index_form_splits_as_unicode61():
    assert index_form("人_工 AI+ 5.2% Co-Op") == "人 工 ai+ 5 2  co op"


def _rerun(db: str, code: str) -> None:
    """`code` in another process with the store open as `s` (the engine is recorded in the
    store)."""
    prog = "from policyscope.store.sql import Store\nfrom tests.test_store import prepared\n"
    prog += f"s = Store({db!r})\n" + textwrap.dedent(code)
    subprocess.run([sys.executable, "-c", prog], check=True, timeout=120)


def test_killed_between_the_commits_lags_then_levels(tv, tmp_path):
    """A process killed after SQLite committed its writes and before tantivy published them:
    the folder lags; its answers hold no paragraph the store lost, and `sync_search` levels
    it."""
    db = str(tmp_path / "w.db")
    doc = next(d.id for d in tv.documents() if "具身" in tv.text(d.id))
    code = f"""
        s.add_document(prepared('量子人工智能', 'k1', path='/tmp/k.txt'))
        s.delete_document({doc})
        import os
        os._exit(0)
    """
    _rerun(db, code)
    s = Store(db)
    try:
        assert not _level(s)
        assert _ranked(s, [[["量", "子"]]]) == []  # not in the folder yet
        assert _ranked(s, [[["具", "身"]]]) == []  # in the folder, gone from the store
        assert _count(s, [[["具", "身"]]]) == 0
        assert all(h.doc_id != doc for h in _ranked(s, [[["人", "工"]]]))
        assert s.sync_search(_tokens_of(s)) == 2  # the one added, the one deleted
        assert _level(s)
        assert [h.text for h in _ranked(s, [[["量", "子"]]])] == ["量子人工智能"]
        assert _count(s, [[["具", "身"]]]) == 0
        assert s.sync_search(_tokens_of(s)) == 0
    finally:
        s.close()


def test_deletes_reach_the_folder(tv, tmp_path):
    doc = next(d.id for d in tv.documents() if "具身" in tv.text(d.id))
    tv.delete_document(doc)
    tv.close()
    s = Store(tmp_path / "w.db")
    try:
        assert _level(s)
        assert _ranked(s, [[["具", "身"]]]) == [] and _count(s, [[["具", "身"]]]) == 0
        assert s.sync_search(_tokens_of(s)) == 0  # nothing to level: the delete was mirrored
    finally:
        s.close()


def test_a_deleted_stores_folder_is_not_read(tv, tmp_path):
    """A new store under the same name must not rank on the old store's folder."""
    tv.close()
    for f in tmp_path.glob("w.db*"):
        if f.is_file():
            f.unlink()
    s = Store(tmp_path / "w.db")
    try:
        s.add_document(prepared("另一个库", "n1", path="/tmp/n.txt"))
        s.flush_search()
        assert _level(s)
        assert _ranked(s, [[["人", "工"]]]) == [] and _count(s, [[["人", "工"]]]) == 0
        assert [h.text for h in _ranked(s, [[["另", "一"]]])] == ["另一个库"]
    finally:
        s.close()


def test_rolled_back_write_is_not_mirrored(tv, monkeypatch):
    add = TantivyFts.add

    def add_then_fail(self, conn, rows):
        add(self, conn, rows)  # the rows wait to be mirrored...
        raise RuntimeError("disk full")  # ...and the transaction rolls back

    with monkeypatch.context() as m:
        m.setattr(TantivyFts, "add", add_then_fail)
        with pytest.raises(RuntimeError):
            tv.add_document(prepared("回滚的文件", "r1", path="/tmp/r.txt"))
    tv.add_document(prepared("之后的文件", "r2", path="/tmp/r2.txt"))
    tv.flush_search()
    assert _level(tv)
    assert _ranked(tv, [[["回", "滚"]]]) == [] and _count(tv, [[["回", "滚"]]]) == 0
    assert len(_ranked(tv, [[["之", "后"]]])) == 1
    assert tv.sync_search(_tokens_of(tv)) == 0


def _generation(s: Store) -> int:
    with s.connect() as conn:
        return conn.exec_driver_sql("SELECT gen FROM search_gen").scalar()


def test_a_group_of_documents_is_one_step_of_the_folder(tv):
    """`add_documents` writes several documents in one transaction: the generation moves
    once, and the folder mirrors the whole group (level, nothing to redo)."""
    before = _generation(tv)
    rows = tv.add_documents(
        [prepared(f"成组文件{i}", f"g{i}", path=f"/tmp/g{i}.txt") for i in range(4)]
    )
    assert [r[0] for r in rows] == ["added"] * 4 and len({r[1] for r in rows}) == 4
    assert _generation(tv) == before + 1
    tv.flush_search()
    assert _level(tv) and tv.sync_search(_tokens_of(tv)) == 0
    assert {h.doc_id for h in _ranked(tv, [[["成", "组"]]])} == {r[1] for r in rows}


def test_a_transaction_the_store_never_saw_end_is_not_mirrored_with_the_next(tv):
    """Index rows changed in a transaction opened outside the store's writing (it never
    hears that it committed): the next write still moves the generation, so the folder
    lags instead of taking the unseen change for mirrored, and `sync` levels it."""
    sid = next(p.id for d in tv.documents() for p in tv.segments(d.id, "paragraph"))
    before = _generation(tv)
    with tv.engine.begin() as conn:
        tv.fts.set_tokens(conn, [(sid, "外 部")])
    tv.add_document(prepared("之后的文件", "o1", path="/tmp/o1.txt"))
    tv.flush_search()
    assert _generation(tv) == before + 2
    assert tv.search_lags()  # the folder knows it missed a step...
    assert tv.sync_search(_tokens_of(tv)) >= 1 and _level(tv)  # ...and sync levels it
    assert _ranked(tv, [[["外", "部"]]]) == []  # from the text, as every sync does
    assert len(_ranked(tv, [[["之", "后"]]])) == 1


def test_size_counts_the_folder(tv):
    assert tv.fts.size() > 0
    assert tv.size() > tv.fts.size()


def test_a_store_without_its_folder_is_built_not_guessed(tv, twin, tmp_path):
    """The .db copied without its folder: queries refuse (SearchNotReady) rather than
    answer from part of it, even after a new write; `sync_search` builds it whole."""
    import shutil

    tv.close()
    shutil.rmtree(tmp_path / "w.db.search")
    s = Store(tmp_path / "w.db")
    try:
        s.add_document(prepared("新写入的人工智能", "n9", path="/tmp/n9.txt"))
        twin.add_document(prepared("新写入的人工智能", "n9", path="/tmp/n9.txt"))
        s.flush_search()
        with pytest.raises(SearchNotReady, match="being built"):
            _ranked(s, [[["人", "工"]]])
        # the five stored before (one a superseded version), not the new one
        assert s.sync_search(_tokens_of(s)) == len(DOCS) + 1
        assert _level(s)
        assert _texts(s, [[["人", "工"]]]) == _texts(twin, [[["人", "工"]]])
        assert _count(s, [[["人", "工"]]]) == 7
    finally:
        s.close()


@pytest.fixture
def files(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    (d / "a.txt").write_text(
        "人工智能产业发展。\n\n数字经济和人工智能深度融合。\n", encoding="utf-8"
    )
    (d / "b.txt").write_text(
        "Artificial intelligence (AI+) policy.\n\n인공지능 반도체를 육성한다.\n", encoding="utf-8"
    )
    return d


def test_workspace_moves_between_engines(files, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYSCOPE_SEARCH_ENGINE", "fts5")  # a store from before
    db = tmp_path / "ws.db"
    with Workspace(db) as w:
        w.ingest([files], enrich=False)
        assert w.search_engine == "fts5"
        before = {
            q: [(h.doc_id, h.start) for h in w.search(q)] for q in ("人工智能", "인공지능", "AI+")
        }
        assert all(before.values())
        w.reindex(search_engine="tantivy")
        assert w.store.search_engine == "tantivy"
        assert isinstance(w.store.fts, TantivyFts)
        assert _level(w.store)
        after = {q: [(h.doc_id, h.start) for h in w.search(q)] for q in before}
        assert {q: sorted(v) for q, v in after.items()} == {q: sorted(v) for q, v in before.items()}
    with Workspace(db) as w:  # recorded in the store
        assert w.store.search_engine == "tantivy"
        w.reindex(search_engine="fts5")
        assert w.store.search_engine == "fts5"
    assert not (tmp_path / "ws.db.search").exists()


def test_cli_moves_the_engine_and_rejects_others(files, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYSCOPE_SEARCH_ENGINE", "fts5")  # a store from before
    db = str(tmp_path / "c.db")
    run_ok("--db", db, "ingest", str(files), "--no-enrich")
    out = run_ok("--db", db, "reindex", "--search-engine", "tantivy").output
    assert "ranked by tantivy" in out
    assert (
        "人工智能产业发展"
        in run_ok("--db", db, "search", "人工智能产业", "--format", "json").output
    )
    res = invoke("--db", db, "reindex", "--search-engine", "lucene")
    assert res.exit_code != 0
    assert str(res.exception) == "--search-engine 'lucene': use fts5 or tantivy"


def test_new_store_ranks_on_tantivy_and_ingest_leaves_it_level(files, tmp_path, monkeypatch):
    monkeypatch.delenv("POLICYSCOPE_SEARCH_ENGINE", raising=False)
    with Workspace(tmp_path / "new.db") as w:
        w.ingest([files], enrich=False)
        assert w.search_engine == "tantivy"
        assert _level(w.store)
        hits = w.search("인공지능 반도체")
        assert [h.doc_id for h in hits] and "반도체" in hits[0].snippet
        assert w.sync_search() == 0


def test_threads_writing_one_store_never_leave_a_wrong_answer(tmp_path, monkeypatch):
    import threading

    monkeypatch.setenv("POLICYSCOPE_SEARCH_ENGINE", "tantivy")
    s = Store(tmp_path / "t.db")

    def write(tag):
        for i in range(8):
            s.add_document(prepared(f"{tag}线程文件{i}号", f"{tag}{i}", path=f"/tmp/{tag}{i}.txt"))

    threads = [threading.Thread(target=write, args=(t,)) for t in "甲乙"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    s.flush_search()
    s.sync_search(_tokens_of(s))
    try:
        assert _level(s)
        for q, n in (([[["线", "程"]]], 16), ([[["甲", "线"]]], 8), ([[["乙"]]], 8)):
            got = _ranked(s, q)
            assert _count(s, q) == len(got) == n
            assert all(h.text.startswith(q[0][0][0]) or q[0][0][0] in h.text for h in got)
    finally:
        s.close()


def test_postgresql_store_says_where_it_ranks(request):
    if not os.environ.get("POLICYSCOPE_PG_URL"):
        pytest.skip("POLICYSCOPE_PG_URL not set (.ci/run starts one)")
    url = request.getfixturevalue("pg_url")
    with Workspace(url) as w:
        assert w.search_engine == "postgresql"
        with pytest.raises(PolicyScopeError, match="ranks in PostgreSQL"):
            w.reindex(search_engine="tantivy")


def test_reindex_in_workers_keeps_the_folder_level_and_the_hits(files, tmp_path, monkeypatch):
    monkeypatch.delenv("POLICYSCOPE_SEARCH_ENGINE", raising=False)
    with Workspace(tmp_path / "r.db") as w:
        w.ingest([files], enrich=False)
        before = {q: w.search(q) for q in ("人工智能", "인공지능 반도체", "policy")}
        assert all(before.values())
        assert w.reindex(workers=2) > 3
        assert not w.store.search_lags() and w.sync_search() == 0
        after = {q: w.search(q) for q in before}
        assert {q: [(h.doc_id, h.start, h.score) for h in v] for q, v in after.items()} == {
            q: [(h.doc_id, h.start, h.score) for h in v] for q, v in before.items()
        }


def test_a_failing_folder_never_fails_a_write_and_sync_says_why(tv, monkeypatch):
    def full(*_a):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr("policyscope.store.tantivy_fts._add_rows", full)
        _, doc, _ = tv.add_document(prepared("磁盘满了的文件", "d1", path="/tmp/d1.txt"))
        assert "磁盘满了" in tv.text(doc)  # SQLite has it
        with pytest.raises(PolicyScopeError, match="No space left.*policyscope optimize"):
            tv.sync_search(_tokens_of(tv))
    assert tv.search_lags()
    assert tv.sync_search(_tokens_of(tv)) == 1
    assert [h.text for h in _ranked(tv, [[["磁", "盘"]]])] == ["磁盘满了的文件"]


def test_begin_leaves_a_folder_another_writer_holds(tv, tmp_path):
    """A second opener starting the folder afresh while this one is writing to it must not
    empty it under the writer (it waits for the writer's lock, and here gives up)."""
    tv.add_document(prepared("正在写入的文件", "h1", path="/tmp/h1.txt"))  # the writer is open
    other = TantivyFts(tmp_path / "w.db.search")
    other.begin(tv.engine)
    tv.flush_search()
    assert _level(tv)
    assert [h.text for h in _ranked(tv, [[["正", "在"]]])] == ["正在写入的文件"]
    assert _count(tv, [[["人", "工"]]]) == 6
