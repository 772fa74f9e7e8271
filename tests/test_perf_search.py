"""Ranked search ranks on FTS5 alone and joins the winners; each document filter (series,
paragraph language, dates, documents) that removes winners must still give what ranking
through the join gives: the same paragraphs, in the same order, with the same scores."""

from dataclasses import replace

import pytest

from policyscope.store.filters import DocFilter
from policyscope.store.sql import Store
from policyscope.store.sqlite_fts import match_expression
from tests.test_store import prepared

QUERY = [[["甲"]]]


def _doc(text: str, sha: str, lang: str, **meta):
    doc = prepared(text, sha, path=f"/tmp/{sha}.txt", **meta)
    doc.paragraphs = [replace(p, lang=lang) for p in doc.paragraphs]
    return doc


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """130 short zh paragraphs from 2020 (the winners), 3 long en ones from 2025 and 2
    medium zh ones from 2024 (the losers): any filter for the losers removes every winner
    from FTS5's top 100. The store ranks on FTS5: this is FTS5's rank-first logic."""
    with pytest.MonkeyPatch.context() as m:
        m.setenv("POLICYSCOPE_SEARCH_ENGINE", "fts5")
        s = Store(tmp_path_factory.mktemp("perf") / "w.db")
    ids = {}
    for i in range(130):
        s.add_document(
            _doc(f"甲甲甲{i}", f"w{i}", "zh", series="a", date="2020-01-0" + str(i % 9 + 1))
        )
    for i in range(3):
        text = f"甲乙丙丁戊己庚辛{'壬' * (i + 1)}"
        _, ids[f"en{i}"], _ = s.add_document(_doc(text, f"e{i}", "en", series="b", date="2025"))
    for i in range(2):
        _, ids[f"zh{i}"], _ = s.add_document(
            _doc(f"甲乙丙{'癸' * (i + 1)}", f"z{i}", "zh", series="b", date="2024-06")
        )
    s.test_ids = ids
    yield s
    s.close()


def _new(s, flt, limit, offset):
    with s.connect() as conn:
        return s.fts.search(conn, QUERY, flt, limit, offset)


def _old(s, flt, limit, offset):
    """What search answered before: FTS5 scoring every match through the join."""
    with s.connect() as conn:
        rows = s.fts._ranked_with_join(conn, match_expression(QUERY), flt, limit + offset)
    return rows[offset:]


FILTERS = {
    "none": lambda ids: DocFilter(),
    "lang en": lambda ids: DocFilter(lang="en"),
    "from 2024": lambda ids: DocFilter(date_from="2024"),
    "to 2024-06": lambda ids: DocFilter(date_to="2024-06", date_from="2021"),
    "one loser doc": lambda ids: DocFilter(doc_ids=[ids["en1"]]),
    "two docs": lambda ids: DocFilter(doc_ids=[ids["zh0"], ids["en2"]]),
    "series and lang": lambda ids: DocFilter(series="b", lang="zh"),
    "zh from 2020": lambda ids: DocFilter(lang="zh", date_from="2020"),
}


@pytest.mark.parametrize("name", list(FILTERS))
@pytest.mark.parametrize("limit,offset", [(20, 0), (5, 2), (20, 120)])
def test_filtered_search_equals_ranking_through_the_join(store, name, limit, offset):
    flt = FILTERS[name](store.test_ids)
    got = _new(store, flt, limit, offset)
    want = _old(store, flt, limit, offset)
    bodies = store.spans([(w[1], w[2], w[3]) for w in want])
    assert [(r.segment_id, r.doc_id, r.start, r.end, r.text) for r in got] == [
        (w[0], w[1], w[2], w[3], b) for w, b in zip(want, bodies, strict=True)
    ]
    assert [r.score for r in got] == pytest.approx([-float(w[5]) for w in want])


@pytest.mark.parametrize(
    "name,expected",
    [("lang en", 3), ("from 2024", 5), ("one loser doc", 1), ("two docs", 2), ("none", 20)],
)
def test_filters_that_remove_every_winner_still_find_the_rest(store, name, expected):
    got = _new(store, FILTERS[name](store.test_ids), 20, 0)
    assert len(got) == expected
    if name != "none":
        assert all("乙" in r.text for r in got)  # none of the winners
    scores = [r.score for r in got]
    assert scores == sorted(scores, reverse=True)
