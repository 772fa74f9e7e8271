"""Keyness and association statistics, one place for the formulas `compare` and `cooc` use.

Two corpora (frequency a of a word in corpus A of size Na, b in B of size Nb):
- `g2`: log-likelihood G² (Dunning 1993; Rayson & Garside 2000):
  E_a = Na·(a+b)/(Na+Nb), E_b = Nb·(a+b)/(Na+Nb), G² = 2·Σ O·ln(O/E), 0·ln 0 = 0;
- `log_ratio` (Hardie 2014): log2((b/Nb) / (a/Na)), a zero frequency replaced by 0.5.

Association in a set of N units, X = units holding the target (x of them), Y = units
holding the word (y), O = |X ∩ Y|:
- `pmi` = log2(O·N / (x·y)) (-inf when any of them is 0);
- `table_g2`: G² of the 2×2 table (O, x-O, y-O, N-x-y+O) against the expectations of its
  margins; `signed_g2` negates it when O is below its expectation x·y/N;
- `jaccard` = O / |X ∪ Y|.
"""

from __future__ import annotations

import math


def g2(a: int, b: int, na: int, nb: int) -> float:
    """Log-likelihood of a word's frequencies a (in Na words) and b (in Nb words)."""
    total = na + nb
    if not total or a + b == 0:
        return 0.0
    ea = na * (a + b) / total
    eb = nb * (a + b) / total
    s = 0.0
    if a:
        s += a * math.log(a / ea)
    if b:
        s += b * math.log(b / eb)
    return 2 * s


def log_ratio(a: int, b: int, na: int, nb: int) -> float:
    """Binary log of B's relative frequency over A's: +1 = twice as frequent in B."""
    fa = (a or 0.5) / na if na else 0.0
    fb = (b or 0.5) / nb if nb else 0.0
    if not fa or not fb:
        return 0.0
    return math.log2(fb / fa)


def pmi(o: int, x: int, y: int, n: int) -> float:
    return math.log2(o * n / (x * y)) if o and x and y and n else float("-inf")


def jaccard(o: int, x: int, y: int) -> float:
    union = x + y - o
    return o / union if union else 0.0


def table_g2(o: int, x: int, y: int, n: int) -> float:
    """G² of the 2×2 contingency table of X and Y over n units."""
    cells = (o, x - o, y - o, n - x - y + o)
    rows = (x, n - x)
    cols = (y, n - y)
    s = 0.0
    for i, obs in enumerate(cells):
        exp = rows[i // 2] * cols[i % 2] / n if n else 0
        if obs > 0 and exp > 0:
            s += obs * math.log(obs / exp)
    return 2 * s


def signed_g2(o: int, x: int, y: int, n: int) -> float:
    """`table_g2`, negative when X and Y meet less often than chance (O < x·y/N)."""
    g = table_g2(o, x, y, n)
    return g if o * n >= x * y else -g
