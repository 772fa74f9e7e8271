"""The store on its own: transactions, versions, dedupe, FTS, with hand-built documents."""

import pytest

from policyscope.model import DocMeta, PreparedDocument, PreparedParagraph
from policyscope.store.filters import DocFilter
from policyscope.store.schema import SCHEMA_VERSION
from policyscope.store.sql import Store
from policyscope.store.sqlite_driver import dbapi as sqlite3


def prepared(text: str, sha: str, path: str = "/tmp/a.txt", **meta) -> PreparedDocument:
    paras, pos = [], 0
    for line in text.split("\n"):
        if line:
            paras.append(PreparedParagraph(pos, pos + len(line), "zh", " ".join(line), len(line)))
        pos += len(line) + 1
    return PreparedDocument(
        source_path=path,
        abs_path=path,
        sha256=sha,
        format="txt",
        meta=DocMeta(**meta),
        text=text,
        offset_map=[[0], [0]],
        page_starts=None,
        paragraphs=paras,
        sentences=[(p.start, p.end, "zh", None) for p in paras],
        n_tokens=len(text),
    )


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "w.db")
    yield s
    s.close()


def test_fresh_store_is_wal_and_versioned(store, tmp_path):
    assert store.schema_version() == SCHEMA_VERSION == 12
    con = sqlite3.connect(tmp_path / "w.db")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_same_bytes_twice_is_a_no_op(store):
    assert store.add_document(prepared("甲乙丙", "s1"))[0] == "added"
    assert store.add_document(prepared("甲乙丙", "s1", path="/tmp/b.txt"))[0] == "unchanged"
    assert store.counts()["versions"] == 1


def test_changed_content_at_same_path_is_a_new_version_old_kept(store):
    _, old_id, _ = store.add_document(prepared("甲乙丙", "s1"))
    status, new_id, version = store.add_document(prepared("甲乙丁", "s2"))
    assert (status, version) == ("new_version", 2)
    assert [d.id for d in store.documents()] == [new_id]
    all_docs = store.documents(include_superseded=True)
    assert {d.id: d.superseded_by for d in all_docs} == {old_id: new_id, new_id: None}
    assert store.text(old_id) == "甲乙丙"


def test_failed_write_leaves_nothing_behind(store, monkeypatch):
    store.add_document(prepared("甲乙丙", "s1"))

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store.fts, "add", boom)
    with pytest.raises(RuntimeError):
        store.add_document(prepared("丁戊己", "s2", path="/tmp/c.txt"))
    assert store.counts() == {"documents": 1, "versions": 1, "segments": 2}


def test_fts_token_search_and_filters(store):
    store.add_document(
        prepared("人工智能\n大模型", "s1", series="g", series_key="2024", date="2024-03-05")
    )
    store.add_document(
        prepared(
            "人工智能", "s2", path="/tmp/x.txt", series="g", series_key="2025", date="2025-03-05"
        )
    )
    with store.connect() as conn:
        hits = store.fts.search(conn, [["人", "工"]], DocFilter(), 10)
        assert len(hits) == 2
        # the paragraph comes with its rank, equal to the stored span
        assert [h.text for h in hits] == store.spans([(h.doc_id, h.start, h.end) for h in hits])
        assert [h.text for h in hits] == ["人工智能", "人工智能"]
        only = store.fts.search(conn, [["人", "工"]], DocFilter(date_to="2024"), 10)
        assert len(only) == 1 and store.document(only[0].doc_id).series_key == "2024"
        assert store.fts.count(conn, [["大", "模"]], DocFilter(series="g")) == 1


def _cands(store, needle, flt=None):
    with store.connect() as conn:
        rows = store.fts.substring_candidates(conn, needle, flt or DocFilter())
        return None if rows is None else [(c[2], c[3], c[4]) for c in rows]


def test_a_one_letter_needle_finds_the_letter_anywhere_in_a_run(store):
    """The CJK index keeps pairs and the letters that start or end a run; a lone letter is
    asked as a prefix, so it is found inside a run too. A row written by schema 11 (every
    letter kept) answers the same query."""
    store.add_document(prepared("推进人工智能\n정책을 세운다\n力", "s1"))
    for needle, para in [("工", 0), ("能", 0), ("推", 0), ("책", 1), ("을", 1), ("力", 2)]:
        got = _cands(store, needle)
        assert got is not None and para in [_para_index(store, c) for c in got], needle
    assert _cands(store, "汉") == []
    with store.engine.begin() as conn:  # an older row: letters and pairs, no prefix needed
        conn.exec_driver_sql("DELETE FROM seg_cjk")
        sid = conn.exec_driver_sql("SELECT min(id) FROM segments").scalar()
        conn.exec_driver_sql(
            "INSERT INTO seg_cjk(rowid, chars) VALUES (?, ?)", (sid, "推 进 人 工 推进 进人 人工")
        )
    assert [c[2] for c in _cands(store, "工")] == ["推进人工智能"]


def _para_index(store, cand) -> int:
    texts = ["推进人工智能", "정책을 세운다", "力"]
    return texts.index(cand[2])


def test_substring_candidates_by_script(store):
    store.add_document(prepared("推进人工智能+行动\n发展AI+产业\n5G and superintelligence", "s1"))
    assert _cands(store, "人工智能+") == [(0, 9, "推进人工智能+行动")]
    # two-character CJK words are indexed too, not scanned
    assert _cands(store, "发展") == [(10, 17, "发展AI+产业")]
    assert _cands(store, "AI+产") == [(10, 17, "发展AI+产业")]
    # trigrams narrow documents: a candidate document's text is searched, and only its
    # paragraphs that hold the needle come back
    assert _cands(store, "intelligence") == [(18, 42, "5G and superintelligence")]
    assert _cands(store, "SUPERintel") == []
    assert _cands(store, "intelligent") == []
    # two capitals or digits in a row have an index of their own; other short needles
    # hold nothing an index holds, and the caller scans
    assert _cands(store, "5G") == [(18, 42, "5G and superintelligence")]
    assert _cands(store, "AI") == [(10, 17, "发展AI+产业")]
    assert _cands(store, "5g") is None and _cands(store, "Ai") is None
    assert _cands(store, "。") is None
    # no positions: the needle's letter pairs, in any order; 行动人 asks for 动人, which
    # no paragraph holds, and 智能行 for 能行 (the paragraph has 智能+行)
    assert _cands(store, "行动人") == [] and _cands(store, "智能行") == []
    assert _cands(store, "动行") == []
    assert _cands(store, "行") == [(0, 9, "推进人工智能+行动")]  # one letter: the letter itself


def check_candidates_never_miss(store) -> int:
    """Against a plain substring test, on random mixed-script paragraphs and needles cut
    from them: the substring index may return more, never less. Returns how many needles
    the index narrowed (the rest are scanned by the caller)."""
    import random

    rng = random.Random(7)
    alphabet = list("人工智能大模型发展新质生产力정책인공지능データ") + list("AIai+ -5G.，。（）“”")
    paras = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(300)]
    paras = [p.strip() for p in paras if p.strip()]
    body = "\n".join(paras)
    store.add_document(prepared(body, "s1"))
    checked = 0
    for _ in range(600):
        p = rng.choice(paras)
        i = rng.randrange(len(p))
        needle = p[i : i + rng.randint(1, 5)]
        got = _cands(store, needle)
        if got is None:
            continue
        checked += 1
        want = {q for q in paras if needle in q}
        assert want <= {c[2] for c in got}, needle
    return checked


def test_substring_candidates_never_miss_a_paragraph(store):
    assert check_candidates_never_miss(store) > 400


def test_cjk_pairs_of_a_needle_are_pairs_of_any_text_holding_it():
    """The PostgreSQL CJK side: a needle's letter pairs are a subset of the pairs of every
    text that contains it, and runs broken by other characters make no pair."""
    import random

    from policyscope.store.substrings import cjk_bigrams

    assert cjk_bigrams("算力，정책 AI+产业") == ["产业", "算力", "정책"]
    assert cjk_bigrams("力") == [] and cjk_bigrams("5G") == []
    rng = random.Random(11)
    alphabet = list("人工智能算力정책인공データ") + list("AI+ -5G，。")
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        i = rng.randrange(len(text))
        needle = text[i : i + rng.randint(1, 6)]
        assert set(cjk_bigrams(needle)) <= set(cjk_bigrams(text)), (needle, text)


def _reference_literal(body: str) -> tuple[set | None, str | None]:
    """The literal index's CJK terms (each run's letter pairs, first and last letter) and
    trigram runs, letter by letter, each run grown by up to two CJK letters on either side
    in a loop."""
    import re

    from policyscope.store.substrings import _CJK

    cjk = re.compile(f"[{_CJK}]")
    if not cjk.search(body):
        return None, body if body.strip() else None
    terms = set()
    for run in re.findall(f"[{_CJK}]+", body):
        terms.update(run[i : i + 2] for i in range(len(run) - 1))
        terms.update((run[0], run[-1]))
    runs = []
    tri = re.compile(f"[^{_CJK}\u3000-\U0010ffff]+")
    for m in tri.finditer(body):
        if m.group().isspace():
            continue
        lo, hi = m.span()
        while lo > m.start() - 2 and lo > 0 and cjk.match(body, lo - 1):
            lo -= 1
        while hi < m.end() + 2 and hi < len(body) and cjk.match(body, hi):
            hi += 1
        runs.append(body[lo:hi])
    return terms, "\n".join(runs) or None


def test_literal_columns_are_the_pairs_and_runs_with_their_context():
    """The literal index's columns, made by regexes in C, hold what the letter-by-letter
    reference holds (the CJK side as the set unicode61 cuts, the trigram side exactly)."""
    import random

    from policyscope.store.sqlite_fts import literal_columns
    from policyscope.store.substrings import caps_column

    cjk, tri, caps = literal_columns("AI 정책，算力")
    assert (set(cjk.split()), tri, caps) == (
        {"정", "책", "정책", "算", "力", "算力"},
        "AI 정책",
        "AI",
    )
    rng = random.Random(3)
    alphabet = list("人工智能算力정책인공データ") + list("AI+ -5G，。\u3000\u00a0\t") + ["𠀀"]
    samples = ["", " ", "人", "a人b人", "人人人 x 人人人", "가나다 123 라마바", "\u3000人 "]
    samples += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 50))) for _ in range(3000)
    ]
    for body in samples:
        cjk, tri, caps = literal_columns(body)
        want_terms, want_tri = _reference_literal(body)
        assert (set(cjk.split()) if cjk else None) == want_terms, body
        assert tri == want_tri, body
        assert caps == (caps_column(tri) if tri else None)


def test_caps_pairs_of_a_needle_are_pairs_of_any_text_holding_it():
    import random

    from policyscope.store.substrings import caps_pairs

    assert caps_pairs("5G and GDP, 2024 G20 OpenAI") == ["5G", "AI", "DP", "G2", "GD"]
    assert caps_pairs("ai 2024 A I") == []
    rng = random.Random(5)
    alphabet = list("AIG5209ai人工 -+.")
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        i = rng.randrange(len(text))
        needle = text[i : i + rng.randint(1, 6)]
        assert set(caps_pairs(needle)) <= set(caps_pairs(text)), (needle, text)


def test_delete_document_removes_index_entries(store):
    _, doc_id, _ = store.add_document(prepared("人工智能\nAI and 5G policy", "s1"))
    store.delete_document(doc_id)
    with store.connect() as conn:
        assert store.fts.search(conn, [["人"]], DocFilter(), 10) == []
        assert list(store.fts.substring_candidates(conn, "人工智", DocFilter())) == []
        assert list(store.fts.substring_candidates(conn, "AI", DocFilter())) == []
        assert list(store.fts.substring_candidates(conn, "policy", DocFilter())) == []
        for table in ("seg_fts", "seg_cjk", "doc_tri", "seg_caps"):
            conn.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")


def test_delete_keeps_other_documents_findable(store):
    _, a, _ = store.add_document(prepared("人工智能 AI policy\n算力", "s1"))
    store.add_document(prepared("人工智能 AI policy\n算力", "s2", path="/tmp/b.txt"))
    store.delete_document(a)
    assert len(_cands(store, "算力")) == 1
    assert [c[2] for c in _cands(store, "policy")] == ["人工智能 AI policy"]
    with store.connect() as conn:
        for table in ("seg_cjk", "doc_tri"):
            conn.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")


def _fts_segments(conn, table: str) -> int:
    # FTS5 keeps one row per segment b-tree page level in %_idx: distinct segids count them
    return conn.exec_driver_sql(f"SELECT count(DISTINCT segid) FROM {table}_idx").scalar()


def test_optimize_merges_indexes_and_gives_space_back(store):
    body = "\n".join(f"第{i}段 人工智能+行动 算力 AI policy superintelligence" for i in range(3000))
    _, big, _ = store.add_document(prepared(body, "s1"))
    for i in range(6):  # one transaction each: one more segment per index
        store.add_document(
            prepared(f"发展新质生产力{i}\n算力基础设施 AI", f"t{i}", path=f"/tmp/{i}")
        )
    store.delete_document(big)
    # a store that ranks on tantivy keeps FTS5's ranked table empty (test_tantivy_search)
    ranked = ("seg_fts",) if store.search_engine == "fts5" else ()
    with store.connect() as conn:
        segs = {t: _fts_segments(conn, t) for t in (*ranked, "seg_cjk", "doc_tri")}
    assert max(segs.values()) > 1, segs
    want = (_cands(store, "算力"), _cands(store, "AI"), _cands(store, "新质生产"))
    before, after = store.optimize()
    assert after < before * 0.5, (before, after)  # the big document's pages are gone
    assert (_cands(store, "算力"), _cands(store, "AI"), _cands(store, "新质生产")) == want
    assert len(_cands(store, "算力")) == 6
    with store.connect() as conn:
        assert len(store.fts.search(conn, [[["算", "力"]]], DocFilter(), 10)) == 6
        for table in segs:
            assert _fts_segments(conn, table) == 1
            conn.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")


def test_newer_schema_is_refused(tmp_path):
    s = Store(tmp_path / "n.db")
    s.close()
    con = sqlite3.connect(tmp_path / "n.db")
    con.execute("UPDATE schema_info SET value='99' WHERE key='schema_version'")
    con.commit()
    con.close()
    from policyscope.errors import StoreError

    with pytest.raises(StoreError, match="newer PolicyScope"):
        Store(tmp_path / "n.db")


def test_version_1_store_is_migrated_in_place(tmp_path):
    s = Store(tmp_path / "old.db")
    s.add_document(prepared("人工智能", "s1"))
    s.close()
    con = sqlite3.connect(tmp_path / "old.db")
    for table in ("mentions", "settings", "claims", "events"):
        con.execute(f"DROP TABLE {table}")
    con.execute("ALTER TABLE doc_stats DROP COLUMN enriched")
    con.execute("UPDATE schema_info SET value='1' WHERE key='schema_version'")
    con.commit()
    con.close()
    s = Store(tmp_path / "old.db")
    assert s.schema_version() == SCHEMA_VERSION
    assert s.counts()["documents"] == 1
    s.set_setting("user_packs", ["/x"])
    assert s.get_setting("user_packs") == ["/x"]
    assert s.replace_mentions(1, [("concept", "ai", "人工智能", 0, 4)]) == 1
    assert s.unenriched_ids() == []  # documents from before v4 were enriched at ingest
    s.close()


def _sentences_as_rows(con) -> None:
    """Before schema 10, sentences were rows of `segments` and texts were whole."""
    from policyscope.store.packed import unpack

    for doc_id, blob in con.execute("SELECT doc_id, spans FROM sentences").fetchall():
        con.executemany(
            'INSERT INTO segments(doc_id, kind, idx, start, "end", lang, page) '
            "VALUES (?, 'sentence', ?, ?, ?, ?, ?)",
            [(doc_id, i, *span) for i, span in enumerate(unpack(blob))],
        )
    con.execute("DROP TABLE sentences")
    from policyscope.store.chunks import SPAN

    pieces = con.execute("SELECT id, body FROM text_chunks ORDER BY id").fetchall()
    texts: dict[int, str] = {}
    for key, body in pieces:
        texts[key // SPAN] = texts.get(key // SPAN, "") + body
    con.executemany(
        "UPDATE texts SET text = ? WHERE doc_id = ?", [(t, d) for d, t in texts.items()]
    )
    con.execute("DROP TABLE text_chunks")


def _old_layout(db, preps, version: int) -> None:
    """Give a store the full-text tables of schema `version` (4 to 9), filled as that
    version filled them: the token strings and paragraphs stored again in the indexes."""
    from policyscope.store.substrings import caps_column, index_columns

    con = sqlite3.connect(db)
    for table in ("seg_fts", "seg_cjk", "seg_caps", "doc_tri"):
        con.execute(f"DROP TABLE {table}")
    con.execute(
        "CREATE VIRTUAL TABLE seg_fts USING fts5(tokens, "
        "tokenize = \"unicode61 remove_diacritics 0 tokenchars '+'\")"
    )
    ids = [
        r[0] for r in con.execute("SELECT id FROM segments WHERE kind = 'paragraph' ORDER BY id")
    ]
    paras = [(p, prep.text[p.start : p.end]) for prep in preps for p in prep.paragraphs]
    rows = list(zip(ids, paras, strict=True))
    con.executemany(
        "INSERT INTO seg_fts(rowid, tokens) VALUES (?, ?)",
        [(i, p.index_tokens) for i, (p, _) in rows],
    )
    if version < 5:  # one trigram table that kept the paragraphs
        con.execute(
            "CREATE VIRTUAL TABLE seg_tri USING fts5(body, tokenize='trigram', detail=none)"
        )
        con.executemany(
            "INSERT INTO seg_tri(rowid, body) VALUES (?, ?)", [(i, b) for i, (_, b) in rows]
        )
    else:
        con.execute("CREATE TABLE seg_body (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        con.execute("CREATE VIRTUAL TABLE seg_cjk USING fts5(chars, content = '')")
        con.execute(
            "CREATE VIRTUAL TABLE seg_tri USING fts5(body, tokenize = 'trigram', detail = none, "
            "content = '')"
        )
        con.executemany(
            "INSERT INTO seg_body(id, body) VALUES (?, ?)", [(i, b) for i, (_, b) in rows]
        )
        if version >= 8:
            con.execute(
                "CREATE VIRTUAL TABLE seg_caps USING fts5(pairs, detail = none, content = '')"
            )
        for i, (_, b) in rows:
            c, t = index_columns(b)
            if c:
                con.execute("INSERT INTO seg_cjk(rowid, chars) VALUES (?, ?)", (i, c))
            if t:
                con.execute("INSERT INTO seg_tri(rowid, body) VALUES (?, ?)", (i, t))
            if version >= 8 and t and caps_column(t):
                con.execute("INSERT INTO seg_caps(rowid, pairs) VALUES (?, ?)", (i, caps_column(t)))
    _sentences_as_rows(con)
    con.execute("DELETE FROM schema_info WHERE key = 'fts_layout'")
    con.execute("UPDATE schema_info SET value = ? WHERE key = 'schema_version'", (str(version),))
    con.commit()
    con.close()


def test_version_4_substring_index_is_rebuilt(tmp_path):
    """Schema 4 kept paragraph bodies in one trigram table with content."""
    s = Store(tmp_path / "v4.db")
    prep = prepared("推进人工智能+行动\n算力 and AI policy", "s1")
    s.add_document(prep)
    s.close()
    _old_layout(tmp_path / "v4.db", [prep], 4)
    heard = []
    s = Store(tmp_path / "v4.db", on_upgrade=lambda a, b: heard.append((a, b)))
    assert heard == [(4, SCHEMA_VERSION)]
    assert s.schema_version() == SCHEMA_VERSION
    assert _cands(s, "算力") == [(10, 26, "算力 and AI policy")]
    assert _cands(s, "人工智能+") == [(0, 9, "推进人工智能+行动")]
    assert _cands(s, "AI") == [(10, 26, "算力 and AI policy")]
    assert _cands(s, "policy") == [(10, 26, "算力 and AI policy")]
    with s.connect() as conn:
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
        assert len(s.fts.search(conn, [[["算"]]], DocFilter(), 10)) == 1  # tokens moved
    assert not names & {"seg_tri", "seg_tri_v4", "seg_body", "seg_fts_v9"}
    s.close()


def test_version_9_store_keeps_the_text_once(tmp_path):
    """Schema 9 stored the paragraphs and the token strings again; 10 keeps them in
    `texts` only, with the same answers, and deletes still reach every index."""
    s = Store(tmp_path / "v9.db")
    preps = [
        prepared("发展5G网络\nAI policy, 2024", "s1"),
        prepared("5G again\n人工智能 intelligence", "s2", path="/tmp/b.txt"),
    ]
    keep, gone = (s.add_document(p)[1] for p in preps)
    sentences = [s.segments(d, "sentence") for d in (keep, gone)]
    texts = [s.text(d) for d in (keep, gone)]
    assert [len(x) for x in sentences] == [2, 2]
    with s.connect() as conn:
        before = [r.segment_id for r in s.fts.search(conn, [[["5", "G"]]], DocFilter(), 10)]
    s.close()
    _old_layout(tmp_path / "v9.db", preps, 9)
    s = Store(tmp_path / "v9.db")
    assert s.schema_version() == SCHEMA_VERSION
    with s.connect() as conn:
        hits = s.fts.search(conn, [[["5", "G"]]], DocFilter(), 10)
        layout = conn.exec_driver_sql("SELECT value FROM schema_info WHERE key = 'fts_layout'")
        assert layout.scalar() == "lean"
    assert [h.segment_id for h in hits] == before and {h.text for h in hits} == {
        "发展5G网络",
        "5G again",
    }
    assert _cands(s, "5G") == [(0, 6, "发展5G网络"), (0, 8, "5G again")]
    assert _cands(s, "AI") == [(7, 22, "AI policy, 2024")]
    assert [s.segments(d, "sentence") for d in (keep, gone)] == sentences
    assert [s.text(d) for d in (keep, gone)] == texts
    with s.connect() as conn:
        kinds = conn.exec_driver_sql("SELECT DISTINCT kind FROM segments").scalars().all()
    assert kinds == ["paragraph"]
    s.delete_document(gone)
    assert _cands(s, "5G") == [(0, 6, "发展5G网络")]
    assert _cands(s, "智能") == [] and _cands(s, "intelligence") == []
    assert s.segments(gone, "sentence") == []
    with s.connect() as conn:
        assert [h.doc_id for h in s.fts.search(conn, [[["5", "G"]]], DocFilter(), 10)] == [keep]
        for table in ("seg_fts", "seg_cjk", "seg_caps", "doc_tri"):
            conn.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
    s.close()


def test_version_7_store_gets_the_capital_pair_index(tmp_path):
    s = Store(tmp_path / "v7.db")
    preps = [
        prepared("发展5G网络\nAI policy, 2024", "s1"),
        prepared("5G again", "s2", path="/tmp/b.txt"),
    ]
    _, keep, _ = s.add_document(preps[0])
    _, gone, _ = s.add_document(preps[1])
    s.close()
    _old_layout(tmp_path / "v7.db", preps, 7)
    s = Store(tmp_path / "v7.db")
    assert s.schema_version() == SCHEMA_VERSION
    assert _cands(s, "5G") == [(0, 6, "发展5G网络"), (0, 8, "5G again")]
    assert _cands(s, "AI") == [(7, 22, "AI policy, 2024")]
    s.delete_document(gone)  # the index was filled as ingest fills it: the delete fits
    assert _cands(s, "5G") == [(0, 6, "发展5G网络")]
    with s.connect() as conn:
        conn.exec_driver_sql("INSERT INTO seg_caps(seg_caps) VALUES ('integrity-check')")
    assert keep != gone
    s.close()


def test_cli_says_when_it_upgrades_a_store(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "old.db"
    heard = []
    Store(db, on_upgrade=lambda a, b: heard.append((a, b))).close()
    assert heard == []  # a new store is created at the current schema, not upgraded
    con = sqlite3.connect(db)
    con.execute("UPDATE schema_info SET value='5' WHERE key='schema_version'")
    con.commit()
    con.close()
    cli = [sys.executable, "-m", "policyscope.cli", "--db", str(db), "docs"]
    r = subprocess.run(cli, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    said = " ".join(r.stderr.split())
    assert f"upgrading {db} from schema 5 to {SCHEMA_VERSION}" in said
    assert "run 'policyscope reindex'" in said  # its index predates words inside terms
    r = subprocess.run(cli, capture_output=True, text=True)
    assert "upgrading" not in r.stderr
    con = sqlite3.connect(db)  # schema 7 put words inside terms between the terms
    con.execute("UPDATE schema_info SET value='7' WHERE key='schema_version'")
    con.commit()
    con.close()
    r = subprocess.run(cli, capture_output=True, text=True)
    said = " ".join(r.stderr.split())
    assert "a phrase such as 生成式人工智能发展 is missed: run 'policyscope reindex'" in said


def test_a_database_url_is_shown_without_its_password():
    from policyscope.store.sql import display_name

    shown = display_name("postgresql://analyst:s3cret@db.example:5432/policy")
    assert "s3cret" not in shown and "analyst" in shown and shown.endswith("/policy")
    assert display_name("/data/policyscope.db") == "/data/policyscope.db"


def test_spans_equal_slices_whether_a_document_is_read_once_or_sliced(store):
    _, a, _ = store.add_document(prepared("人工智能+行动\n大模型\n具身智能", "s1"))
    _, b, _ = store.add_document(prepared("新质生产力", "s2", path="/tmp/b.txt"))
    text_a, text_b = store.text(a), store.text(b)
    asked = [(a, 0, 4), (b, 2, 5), (a, 8, 11), (a, -3, 2), (a, 12, 99), (b, 4, 2), (a, 50, 60)]
    want = [(text_a if d == a else text_b)[max(s, 0) : max(e, max(s, 0))] for d, s, e in asked]
    assert store.spans(asked) == want
    assert want[:3] == ["人工智能", "生产力", "大模型"] and want[4] == "具身智能"
    assert store.spans([(b, 0, 2)]) == ["新质"]  # asked once: sliced by the database


def _scan_case(s):
    """KWIC of '5G' from the capital-pair index (its context stays in the paragraph), and of
    needles no index narrows ('5g', or '5G' in any case): the database picks the texts,
    Python the lines."""
    from policyscope.analysis.kwic import kwic

    s.add_document(prepared("发展5G网络\n5G和6G", "k1", series="g"))
    s.add_document(prepared("no such needle here", "k2", path="/tmp/k2.txt", series="g"))
    s.add_document(prepared("5g lower case, 5G upper\n5g", "k3", path="/tmp/k3.txt", series="h"))
    with s.connect() as conn:
        assert s.fts.substring_candidates(conn, "5G", DocFilter()) is not None
        assert s.fts.substring_candidates(conn, "5g", DocFilter()) is None
        assert s.fts.substring_candidates(conn, "5G", DocFilter(), ignore_case=True) is None
    lines = kwic(s, "5G", DocFilter(), window=2)
    assert [(ln.doc_id, ln.start, ln.left, ln.right) for ln in lines] == [
        (1, 2, "发展", "网络"),
        (1, 7, "", "和6"),
        (3, 15, ", ", " u"),
    ]
    scanned = kwic(s, "5g", DocFilter(), window=2)
    # a scan takes its context from the whole text
    assert [(ln.doc_id, ln.start, ln.left) for ln in scanned] == [(3, 0, ""), (3, 24, "r ⏎ ")]
    assert [ln.start for ln in kwic(s, "5G", DocFilter(series="h"))] == [15]
    assert [ln.start for ln in kwic(s, "5g", DocFilter(), ignore_case=True)] == [2, 7, 0, 15, 24]
    assert kwic(s, "6G", DocFilter(series="h")) == []


def test_kwic_scan_lets_the_database_pick_the_texts(store):
    _scan_case(store)


def _order_case(s):
    """KWIC lists documents by series, key, date and id, and each one's lines by offset,
    whatever order they were stored in; documents_by_id reads many ids at once."""
    from policyscope.analysis.kwic import kwic

    late = s.add_document(
        prepared("乙甲丁乙\n甲丁", "o1", path="/tmp/o1.txt", series="g", series_key="2025")
    )
    early = s.add_document(
        prepared("甲丁", "o2", path="/tmp/o2.txt", series="g", series_key="2024")
    )
    loose = s.add_document(prepared("甲丁甲丁", "o3", path="/tmp/o3.txt", title="loose"))
    lines = kwic(s, "甲丁", DocFilter(), window=1)
    assert [(ln.doc_id, ln.start, ln.left, ln.series_key) for ln in lines] == [
        (loose[1], 0, "", None),
        (loose[1], 2, "丁", None),
        (early[1], 0, "", "2024"),
        (late[1], 1, "乙", "2025"),
        (late[1], 5, "", "2025"),
    ]
    assert lines[0].title == "loose" and lines[2].series == "g"
    ids = [late[1], early[1], loose[1]]
    ids += [
        s.add_document(prepared(f"丙{i}", f"m{i}", path=f"/tmp/m{i}.txt"))[1] for i in range(510)
    ]
    docs = s.documents_by_id(reversed(ids + [10**6]))
    assert sorted(docs) == sorted(ids)
    assert docs[ids[-1]].sha256 == "m509" and docs[loose[1]].title == "loose"
    assert s.documents_by_id([]) == {}


def test_kwic_order_and_documents_by_id(store):
    _order_case(store)


def test_postgres_variant_queries_narrow_by_the_words_the_query_lacks():
    from policyscope.store.postgres_fts import variant_queries

    groups = [[["人工智能", "发展"]], [["政策"]]]
    variants = [[["生成式人工智能", "发展"]], []]
    rare, exact = variant_queries(groups, variants)
    assert rare == "'生成式人工智能'"
    assert exact == "((('生成式人工智能' <-> '发展')) & (('政策')))"
    assert variant_queries(groups, [[], []]) is None
    # a variant made only of the query's own words cannot be narrowed: no split
    assert variant_queries(groups, [[["发展", "人工智能"]], []]) is None


def test_version_8_store_gets_claim_measures(tmp_path):
    s = Store(tmp_path / "v8.db")
    s.add_document(prepared("今年赤字率拟按3%安排。", "s1"))
    s.close()
    con = sqlite3.connect(tmp_path / "v8.db")
    con.execute("ALTER TABLE claims DROP COLUMN measure")
    con.execute("ALTER TABLE claims DROP COLUMN conversion_of")
    con.execute("UPDATE schema_info SET value='8' WHERE key='schema_version'")
    con.commit()
    con.close()
    s = Store(tmp_path / "v8.db")
    assert s.schema_version() == SCHEMA_VERSION
    with s.connect() as conn:
        cols = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(claims)")}
    assert {"measure", "conversion_of"} <= cols
    s.close()


def test_packed_sentences_round_trip():
    import random

    from policyscope.store.packed import pack, unpack

    rng = random.Random(3)
    for _ in range(200):
        spans, pos = [], rng.randint(0, 50)
        for _ in range(rng.randint(0, 40)):
            start = pos + rng.randint(0, 5)
            end = start + rng.randint(0, 300)
            spans.append(
                (start, end, rng.choice(["zh", "ko", "en", "und"]), rng.choice([None, 1, 7]))
            )
            pos = end
        assert unpack(pack(spans)) == spans
    many = [(i * 40, i * 40 + 38, "zh", None) for i in range(1000)]
    assert len(pack(many)) < 4 * len(many)  # against ~60 bytes as a row with its index


def test_text_in_pieces_reads_back_whole_and_in_spans(store):
    """A text longer than a piece, with a needle and a paragraph across each boundary and
    characters outside the BMP: whole, sliced, searched and found as it was stored."""
    from policyscope.store.chunks import CHUNK

    unit = "人工智能𠀀 AI policy 算力\n"
    body = unit * (3 * CHUNK // len(unit) + 7)
    _, doc, _ = store.add_document(prepared(body, "s1"))
    assert store.text(doc) == body and store.texts([doc]) == {doc: body}
    spans = [
        (doc, CHUNK - 3, CHUNK + 5),
        (doc, 0, 2 * CHUNK + 1),
        (doc, len(body) - 4, len(body) + 9),
    ]
    assert store.spans(spans) == [body[CHUNK - 3 : CHUNK + 5], body[: 2 * CHUNK + 1], body[-4:]]
    want = [i for i in range(len(body)) if body.startswith("算力", i)]
    with store.connect() as conn:
        found = store.fts.substring_candidates(conn, "算力", DocFilter())
        starts = sorted(start + c[4].index("算力") for c in found for start in [c[2]])
        hits = store.fts.search(conn, [[list("算力")]], DocFilter(), 5)  # tokens: letters
    assert starts == want and len(want) > 3
    assert all(h.text == body[h.start : h.end] for h in hits) and hits
    _, empty, _ = store.add_document(prepared("", "s2", path="/tmp/e.txt"))
    assert store.text(empty) == "" and store.texts([empty]) == {empty: ""}


def test_trigram_needles_read_only_paragraphs_that_hold_them(store):
    """Latin runs are narrowed by document: the candidate document is searched whole, and
    only its paragraphs holding the needle come back, in any letter case when asked,
    under the paragraph filter, never one where the needle crosses a paragraph break."""
    store.add_document(
        prepared("AI policy in Korea\nPolicy making\n中文 policy\nno poli\ncy", "s1")
    )
    store.add_document(prepared("nothing here", "s2", path="/tmp/b.txt"))

    def cands(needle, ignore_case=False, **flt):
        with store.connect() as conn:
            rows = store.fts.substring_candidates(conn, needle, DocFilter(**flt), ignore_case)
            return [c[4] for c in rows]

    assert cands("policy") == ["AI policy in Korea", "中文 policy"]
    assert cands("POLICY", ignore_case=True) == [
        "AI policy in Korea",
        "Policy making",
        "中文 policy",
    ]
    assert cands("POLICY") == [] and cands("policy", lang="en") == []
    assert cands("policy", lang="zh") == ["AI policy in Korea", "中文 policy"]
    assert cands("poli") == ["AI policy in Korea", "中文 policy", "no poli"]
