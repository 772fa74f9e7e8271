"""Ranked search ranks on the FTS5 table alone and joins only the winners; when the filter
removes winners it ranks through the join instead. Either way: the same hits, same order."""

import pytest

from policyscope.store.filters import DocFilter
from policyscope.store.sql import Store
from tests.test_store import prepared


@pytest.fixture
def crowded(tmp_path, monkeypatch):
    """130 paragraphs in series 'a' that rank high for 甲, 3 in 'b' that rank low, in a
    store that ranks on FTS5 (tests/test_tantivy_search.py: the same hits on tantivy)."""
    monkeypatch.setenv("POLICYSCOPE_SEARCH_ENGINE", "fts5")
    s = Store(tmp_path / "w.db")
    for i in range(130):
        s.add_document(prepared(f"甲甲甲{i}", f"a{i}", path=f"/tmp/a{i}.txt", series="a"))
    for i in range(3):
        text = f"甲乙丙丁戊己庚辛{'壬' * (i + 1)}"
        s.add_document(prepared(text, f"b{i}", path=f"/tmp/b{i}.txt", series="b"))
    yield s
    s.close()


def _search(s, flt, limit, offset=0):
    with s.connect() as conn:
        return s.fts.search(conn, [[["甲"]]], flt, limit, offset)


def _joined_first(s, flt, want):
    """What search answered before: FTS5 ranking every match through the join."""
    from policyscope.store.sqlite_fts import match_expression

    with s.connect() as conn:
        return s.fts._ranked_with_join(conn, match_expression([[["甲"]]]), flt, want)


@pytest.mark.parametrize("series,limit,offset", [(None, 20, 0), (None, 10, 125), ("b", 20, 0)])
def test_top_hits_equal_ranking_through_the_join(crowded, series, limit, offset):
    flt = DocFilter(series=series)
    got = _search(crowded, flt, limit, offset)
    want = _joined_first(crowded, flt, limit + offset)[offset:]
    bodies = crowded.spans([(w[1], w[2], w[3]) for w in want])
    assert [(r.segment_id, r.doc_id, r.start, r.text) for r in got] == [
        (w[0], w[1], w[2], b) for w, b in zip(want, bodies, strict=True)
    ]
    assert [r.score for r in got] == pytest.approx([-w[5] for w in want])
    assert len(got) == (3 if series == "b" else min(limit, 133 - offset))


def test_filter_that_removes_every_winner_falls_back(crowded):
    """All 100+ best paragraphs are in series 'a': series 'b' still gets its three."""
    got = _search(crowded, DocFilter(series="b"), 20)
    assert len(got) == 3 and all(r.text.startswith("甲乙") for r in got)
    # shorter paragraphs rank higher under BM25
    assert [r.text[-1] for r in got] == ["壬", "壬", "壬"]
    assert [len(r.text) for r in got] == [9, 10, 11]
