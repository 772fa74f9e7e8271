"""Keyness (G², log ratio) on a toy pair, co-occurrence measures on a toy corpus."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from policyscope.analysis.compare import g2, keyness, log_ratio
from policyscope.analysis.cooc import cooc_graph, cooc_units, parse_window, rank, score
from policyscope.errors import BadArgument
from policyscope.model import Token


def test_g2_and_log_ratio_by_hand():
    # a=10 of 100, b=2 of 100: expected 6 and 6
    assert g2(10, 2, 100, 100) == pytest.approx(2 * (10 * math.log(10 / 6) + 2 * math.log(2 / 6)))
    assert g2(5, 5, 100, 100) == pytest.approx(0.0)
    assert log_ratio(10, 20, 100, 100) == pytest.approx(1.0)
    assert log_ratio(0, 4, 100, 100) == pytest.approx(math.log2(4 / 0.5))  # zero -> 0.5


def test_keyness_lists():
    a = Counter({"发展": 40, "互联网+": 10, "改革": 20, "稳定": 30})
    b = Counter({"发展": 40, "具身智能": 6, "改革": 2, "稳定": 30, "新词": 1, "量子": 20})
    res = keyness(a, b, terms={"具身智能", "互联网+"}, top=10)
    assert [r.term for r in res.new_in_b] == ["具身智能", "量子", "新词"]  # pack terms first
    assert res.new_in_b[0].count_a == 0 and res.new_in_b[0].count_b == 6
    assert [r.term for r in res.dropped_from_a] == ["互联网+"]
    assert [r.term for r in res.falling] == ["改革"]
    assert res.falling[0].log_ratio < 0 and res.falling[0].g2 >= 3.84
    assert "发展" not in {r.term for r in res.rising + res.falling}  # no difference
    assert res.tokens_a == 100 and res.tokens_b == 99
    flat = res.rows()
    assert {r["list"] for r in flat} == {"new_in_b", "dropped_from_a", "falling"}
    assert keyness(a, b, top=1).new_in_b[0].term == "量子"  # without terms: by G²


def toks(words: str, start: int = 0) -> tuple[list[Token], list[tuple[int, int]]]:
    """Tokens of space-separated one-letter words ('.' closes a sentence) and sentences."""
    tokens, units = [], []
    pos, unit_start = start, start
    for w in words.split():
        if w == ".":
            units.append((unit_start, pos))
            unit_start = pos + 2
            pos += 2
            continue
        tokens.append(Token(w, pos, pos + len(w), "WORD", "en"))
        pos += len(w) + 1
    return tokens, units


def test_cooc_sentence_units_by_hand():
    tokens, units = toks("A B C . A B D . C D E . B E F .")
    spans = [(t.start, t.end) for t in tokens if t.text == "A"]
    n, x, ys, both = cooc_units([(spans, tokens, [True] * len(tokens), units)], "sentence")
    assert (n, x) == (4, 2)
    assert ys["b"] == 3 and both["b"] == 2
    assert ys["c"] == 2 and both["c"] == 1
    assert "a" not in ys  # the target does not co-occur with itself
    assert score("pmi", 2, 2, 3, 4) == pytest.approx(math.log2(4 / 3))
    assert score("jaccard", 2, 2, 3, 4) == pytest.approx(2 / 3)
    # llr: table (2, 0, 1, 1) against expectations (1.5, 0.5, 1.5, 0.5)
    exp = 2 * (2 * math.log(2 / 1.5) + 1 * math.log(1 / 1.5) + 1 * math.log(1 / 0.5))
    assert score("llr", 2, 2, 3, 4) == pytest.approx(exp)
    assert score("llr", 0, 2, 2, 4) < 0  # below expectation: signed
    rows = rank("A", n, x, ys, both, "jaccard", "sentence", min_count=1)
    assert [(r.other, r.count) for r in rows][:1] == [("b", 2)]
    assert rank("A", n, x, ys, both, "pmi", min_count=2)[0].other == "b"


def test_cooc_token_window():
    tokens, _ = toks("A B C D A E")
    spans = [(t.start, t.end) for t in tokens if t.text == "A"]
    n, x, ys, both = cooc_units([(spans, tokens, [True] * len(tokens), [])], 1)
    assert (n, x) == (6, 3)  # positions 1, 3, 5 are within one token of an A
    assert dict(both) == {"b": 1, "d": 1, "e": 1}
    assert ys["c"] == 1 and "c" not in both


def test_cooc_graph_and_window_parsing():
    rows = rank("A", 4, 2, Counter({"b": 3, "c": 2}), Counter({"b": 2, "c": 1}), min_count=1)
    g = cooc_graph(rows, "A")
    assert set(g.nodes) == {"A", "b", "c"} and g.edges["A", "b"]["count"] == 2
    assert parse_window("3") == 3 and parse_window("Sentence") == "sentence"
    with pytest.raises(BadArgument):
        parse_window("page")
    with pytest.raises(BadArgument):
        score("dice", 1, 1, 1, 1)
