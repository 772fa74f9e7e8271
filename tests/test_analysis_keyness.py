"""Keyness and association statistics (`analysis.keyness`) against values worked out by
hand and against a second, independent implementation of each formula."""

from __future__ import annotations

import math

import pytest

from policyscope.analysis import compare, cooc
from policyscope.analysis.keyness import g2, jaccard, log_ratio, pmi, signed_g2, table_g2


def _xlnx(x: float) -> float:
    return x * math.log(x) if x > 0 else 0.0


def entropy_g2(cells: list[list[int]]) -> float:
    """G² of a contingency table in its entropy form: 2·(Σ O ln O − Σ R ln R − Σ C ln C
    + N ln N), a different computation from the O·ln(O/E) sum under test."""
    rows = [sum(r) for r in cells]
    cols = [sum(c) for c in zip(*cells, strict=True)]
    n = sum(rows)
    inner = sum(_xlnx(o) for r in cells for o in r)
    return 2 * (inner - sum(map(_xlnx, rows)) - sum(map(_xlnx, cols)) + _xlnx(n))


def rayson_g2(a: int, b: int, na: int, nb: int) -> float:
    """Rayson & Garside's two-cell log-likelihood, with the expectations written out."""
    e1 = na * (a + b) / (na + nb)
    e2 = nb * (a + b) / (na + nb)
    return 2 * ((a * math.log(a / e1) if a else 0.0) + (b * math.log(b / e2) if b else 0.0))


def test_g2_worked_by_hand():
    # 20 vs 5 in two corpora of 1,000 words: E = 12.5 each,
    # G² = 2·(20·ln 1.6 + 5·ln 0.4) = 2·(9.400072584 − 4.581453659) = 9.637237851
    assert g2(20, 5, 1000, 1000) == pytest.approx(9.637237851, abs=1e-6)
    # 10 vs 0 in 5,000 and 8,000 words: E_a = 50,000/13,000, G² = 20·ln 2.6 = 19.110228901
    assert g2(10, 0, 5000, 8000) == pytest.approx(19.110228901, abs=1e-6)
    assert g2(7, 7, 900, 900) == 0.0  # the same relative frequency: no keyness
    assert g2(0, 0, 10, 10) == 0.0
    assert g2(3, 4, 0, 0) == 0.0


@pytest.mark.parametrize(
    ("a", "b", "na", "nb"),
    [(20, 5, 1000, 1000), (3, 30, 12000, 9000), (1, 250, 50_000, 48_000), (99, 1, 700, 65_000)],
)
def test_g2_equals_independent_implementations(a, b, na, nb):
    assert g2(a, b, na, nb) == pytest.approx(rayson_g2(a, b, na, nb), abs=1e-6)
    # from the definition's other side: G² = 2·Σ O·ln O − 2·Σ O·ln E
    e = [n * (a + b) / (na + nb) for n in (na, nb)]
    other = 2 * (_xlnx(a) + _xlnx(b)) - 2 * sum(
        o * math.log(x) for o, x in zip((a, b), e, strict=True)
    )
    assert g2(a, b, na, nb) == pytest.approx(other, abs=1e-6)


def test_log_ratio_by_hand():
    assert log_ratio(20, 5, 1000, 1000) == pytest.approx(-2.0, abs=1e-12)  # a quarter as often
    assert log_ratio(0, 4, 100, 100) == pytest.approx(3.0, abs=1e-12)  # 0 counts as 0.5
    assert log_ratio(6, 12, 300, 600) == pytest.approx(0.0, abs=1e-12)
    assert log_ratio(1, 1, 0, 10) == 0.0  # an empty corpus has no frequency


@pytest.mark.parametrize(
    ("o", "x", "y", "n"), [(8, 20, 30, 400), (1, 20, 30, 400), (12, 12, 40, 90), (0, 5, 9, 60)]
)
def test_table_g2_equals_the_entropy_form(o, x, y, n):
    cells = [[o, x - o], [y - o, n - x - y + o]]
    assert table_g2(o, x, y, n) == pytest.approx(entropy_g2(cells), abs=1e-6)


def test_association_measures_by_hand():
    # 8 of 400 units hold both, 20 the target, 30 the word: 8·400/(20·30) = 16/3
    assert pmi(8, 20, 30, 400) == pytest.approx(math.log2(16 / 3), abs=1e-12)
    assert pmi(0, 20, 30, 400) == float("-inf")
    assert jaccard(8, 20, 30) == pytest.approx(8 / 42, abs=1e-12)
    assert jaccard(0, 0, 0) == 0.0
    # O = 1 is below its expectation 20·30/400 = 1.5: the signed G² is negative
    assert signed_g2(1, 20, 30, 400) == pytest.approx(-table_g2(1, 20, 30, 400), abs=1e-12)
    assert signed_g2(1, 20, 30, 400) < 0 < signed_g2(8, 20, 30, 400)


def test_compare_and_cooc_use_these_formulas():
    assert compare.g2 is g2 and compare.log_ratio is log_ratio
    assert cooc.score("llr", 8, 20, 30, 400) == signed_g2(8, 20, 30, 400)
    assert cooc.score("pmi", 8, 20, 30, 400) == pmi(8, 20, 30, 400)
    assert cooc.score("jaccard", 8, 20, 30, 400) == jaccard(8, 20, 30)
