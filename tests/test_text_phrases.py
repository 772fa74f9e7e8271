"""The one phrase matcher behind terms, linker and metric triggers."""

from __future__ import annotations

import sys
import threading
import time

from policyscope.text.phrases import (
    ASCII_ALNUM,
    LATIN_ALNUM,
    PhraseMatcher,
    longest_first,
    lower_same_length,
)
from policyscope.text.terms import TermDictionary


def _spans(found):
    return [(s, e, p) for s, e, p in found]


def test_leftmost_then_longest():
    m = PhraseMatcher({"印度": 1, "印度尼西亚": 2, "尼西亚": 3})
    assert _spans(m.find("去印度尼西亚和印度")) == [(1, 6, 2), (7, 9, 1)]


def test_leftmost_beats_longer_later_match():
    # leftmost-longest takes 甲乙; longest-first takes 乙丙丁戊 over it
    m = PhraseMatcher({"甲乙": 1, "乙丙丁戊": 2})
    assert _spans(m.find("甲乙丙丁戊")) == [(0, 2, 1)]
    assert longest_first(m.candidates("甲乙丙丁戊")) == [(1, 5, 2)]


def test_latin_boundaries_and_a_shorter_term_at_the_same_place():
    m = PhraseMatcher({"ai": "AI", "ai+": "AI+", "aigc": "AIGC"}, word=ASCII_ALNUM)
    assert m.find("main said") == []
    assert _spans(m.find("생성ai를 ai+전략")) == [(2, 4, "AI"), (6, 9, "AI+")]
    # 'aigc' lacks its right boundary in 'aigcx'; 'ai' there lacks it too
    assert m.find("aigcx") == []
    # the longest key lacks its boundary, the shorter one at the same place has it
    m2 = PhraseMatcher({"ai": 1, "ai pla": 2})
    assert _spans(m2.find("ai plan")) == [(0, 2, 1)]


def test_space_modes():
    words = {"ai 핵심 산업": "x"}
    assert PhraseMatcher(words).find("ai  핵심 산업") == []
    run = PhraseMatcher(words, spaces="run")
    assert _spans(run.find("ai\n핵심  산업")) == [(0, 9, "x")]
    assert run.find("ai핵심 산업") == []
    opt = PhraseMatcher(words, spaces="optional")
    assert _spans(opt.find("ai핵심산업 ai 핵심산업")) == [(0, 6, "x"), (7, 14, "x")]


def test_window_sees_the_character_before_it():
    m = PhraseMatcher({"gdp": 1})
    # 'x' before the window joins the first 'gdp' to a word: only the second counts
    assert _spans(m.find("xgdp gdp", 1)) == [(5, 8, 1)]
    assert m.find("gdpx", 0, 3) == [(0, 3, 1)]  # the window's end is a boundary


def test_candidates_start_only_where_a_key_can():
    m = PhraseMatcher({"ai": 1, "china": 2, "中国": 3}, word=LATIN_ALNUM)
    low = "the ai plan in china, 中国의 ai기업"
    assert [c[:2] for c in m.candidates(low)] == [(4, 6), (15, 20), (22, 24), (26, 28)]


def test_lower_same_length_keeps_offsets():
    assert lower_same_length("AİB") == "aİb"
    assert lower_same_length("AI+") == "ai+"


def _find_in_threads(td: TermDictionary, text: str, n: int = 8) -> tuple[list, list]:
    results: list = []
    errors: list = []

    def run() -> None:
        try:
            results.append(td.find(text))
        except Exception as exc:  # collected: a thread's exception is not raised
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:  # staggered, so that some arrive while the first one compiles
        t.start()
        time.sleep(0.002)
    for t in threads:
        t.join()
    return results, errors


def test_term_dictionary_shared_by_threads_never_half_built():
    # the threaded web server shares one dictionary: a thread arriving while another
    # compiles it must see no matcher or a whole one (an AssertionError before; this test
    # failed in 7 of 12 rounds then)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        for r in range(6):  # new terms each round: re caches compiled patterns
            td = TermDictionary([f"术语{r}x{i}" for i in range(2000)] + ["AI", "AI+"])
            td._unseen = 0  # compile on the first call
            results, errors = _find_in_threads(td, f"术语{r}x7 和 AI+ 与 术语{r}x250。" * 50)
            assert errors == []
            assert len(results) == 8 and all(got == results[0] for got in results)
            assert results[0][:3] == [
                (0, 5, f"术语{r}x7"),
                (8, 11, "AI+"),
                (14, 21, f"术语{r}x250"),
            ]
    finally:
        sys.setswitchinterval(interval)
