"""Co-occurrence: which words keep company with a term or a concept.

The target is a literal term (its occurrences as KWIC finds them) or `concept:ID` /
`entity:ID` (its stored mentions). Other words are content tokens (`Tokenizer.is_content`,
lower-cased, numbers left out); tokens overlapping a target occurrence are not counted (the
target does not co-occur with itself, nor 人工智能+行动 with 人工智能).

Everything is computed from sets of *units* U:
- window 'sentence' / 'paragraph': units are the stored sentences / paragraphs;
  X = units holding the target, Y = units holding the word;
- window N (an int): units are token positions; X = the content-token positions within
  N content tokens left or right of a target occurrence; Y = positions holding the word.

With O = |X ∩ Y| (the `count` of a row):
- pmi     = log2(O·|U| / (|X|·|Y|));
- llr     = G² of the 2×2 table (O, |X|-O, |Y|-O, |U|-|X|-|Y|+O), signed: negative when
            O is below its expectation;
- jaccard = O / |X ∪ Y|.
Words seen together fewer than `min_count` times are left out (PMI overrates rare pairs).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from policyscope.analysis.counting import count_term
from policyscope.analysis.keyness import jaccard, pmi, signed_g2
from policyscope.analysis.query import item_ref
from policyscope.analysis.terms import content_forms
from policyscope.corpus import Corpus
from policyscope.errors import BadArgument
from policyscope.model import Record

MEASURES = ("pmi", "llr", "jaccard")


@dataclass
class CoocRow(Record):
    term: str
    other: str
    count: int  # |X ∩ Y|: units (or window positions) holding both
    other_total: int  # |Y|
    term_units: int  # |X|
    units: int  # |U|
    score: float
    measure: str
    window: str


def parse_window(window: str | int) -> str | int:
    if isinstance(window, int):
        if window < 1:
            raise BadArgument(f"window must be 1 or more tokens (got {window})")
        return window
    w = str(window).strip().lower()
    if w in ("sentence", "paragraph"):
        return w
    if w.isdigit() and int(w) >= 1:
        return int(w)
    raise BadArgument(f"window {window!r}: use sentence, paragraph or a number of tokens")


def score(measure: str, o: int, x: int, y: int, n: int) -> float:
    """The association of target and word by `measure` (`policyscope.analysis.keyness`)."""
    if measure == "pmi":
        return pmi(o, x, y, n)
    if measure == "jaccard":
        return jaccard(o, x, y)
    if measure == "llr":
        return signed_g2(o, x, y, n)
    raise BadArgument(f"measure {measure!r}: use pmi, llr or jaccard")


class _Word(NamedTuple):
    start: int
    form: str
    target: bool  # overlaps an occurrence of the target


def _overlaps(spans: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    i = bisect.bisect_right(starts, s) - 1
    for j in (i, i + 1):
        if 0 <= j < len(spans) and spans[j][0] < e and s < spans[j][1]:
            return True
    return False


def cooc_units(
    docs: Iterable[tuple[list[tuple[int, int]], list, list[bool], list[tuple[int, int]]]],
    window: str | int,
) -> tuple[int, int, Counter, Counter]:
    """(|U|, |X|, |Y| per word, |X ∩ Y| per word) from, per document: the target spans, the
    tokens, their content flags and the unit spans (for sentence/paragraph windows)."""
    n_units = n_x = 0
    ys: Counter = Counter()
    both: Counter = Counter()
    for spans, tokens, content, units in docs:
        spans = sorted(spans)
        starts = [s for s, _ in spans]
        words = (  # content tokens, and whether each overlaps the target
            [_Word(t.start, form, _overlaps(spans, starts, t.start, t.end))
             for t, form in content_forms(tokens, content)]
            if spans  # most documents do not hold the target: no search per token
            else [_Word(t.start, form, False) for t, form in content_forms(tokens, content)]
        )  # fmt: skip
        if isinstance(window, int):
            # units are content-token positions; the target's tokens are positions too
            n_units += len(words)
            hits = [i for i, w in enumerate(words) if w.target]
            xs: set[int] = set()
            for i in hits:
                for j in range(max(0, i - window), min(len(words), i + window + 1)):
                    if not words[j].target:
                        xs.add(j)
            n_x += len(xs)
            for j, w in enumerate(words):
                if w.target:
                    continue
                ys[w.form] += 1
                if j in xs:
                    both[w.form] += 1
            continue
        ustarts = [s for s, _ in units]
        per_unit: list[set[str]] = [set() for _ in units]
        has_x = [False] * len(units)
        for s, _e in spans:
            i = bisect.bisect_right(ustarts, s) - 1
            if i >= 0 and s < units[i][1]:
                has_x[i] = True
        for w in words:
            i = bisect.bisect_right(ustarts, w.start) - 1
            if i >= 0 and w.start < units[i][1] and not w.target:
                per_unit[i].add(w.form)
        n_units += len(units)
        for forms, hx in zip(per_unit, has_x, strict=True):
            n_x += hx
            for f in forms:
                ys[f] += 1
                if hx:
                    both[f] += 1
    return n_units, n_x, ys, both


def rank(
    term: str,
    n_units: int,
    n_x: int,
    ys: Counter,
    both: Counter,
    measure: str = "pmi",
    window: str | int = "sentence",
    top: int | None = 30,
    min_count: int = 2,
) -> list[CoocRow]:
    if measure not in MEASURES:
        raise BadArgument(f"measure {measure!r}: use pmi, llr or jaccard")
    rows = [
        CoocRow(
            term=term,
            other=w,
            count=o,
            other_total=ys[w],
            term_units=n_x,
            units=n_units,
            score=round(score(measure, o, n_x, ys[w], n_units), 4),
            measure=measure,
            window=str(window),
        )
        for w, o in both.items()
        if o >= min_count
    ]
    rows.sort(key=lambda r: (-r.score, -r.count, r.other))
    return rows[:top] if top else rows


def cooc(
    corpus: Corpus,
    term: str,
    doc_ids: list[int],
    window: str | int = "sentence",
    measure: str = "pmi",
    top: int | None = 30,
    min_count: int = 2,
) -> list[CoocRow]:
    """The rows for `term` (literal, or concept:ID / entity:ID) over these documents."""
    if measure not in MEASURES:
        raise BadArgument(f"measure {measure!r}: use pmi, llr or jaccard")
    win = parse_window(window)
    counts = count_term(corpus, term, doc_ids, "concept" if item_ref(term) else "literal")

    def docs():
        for d in doc_ids:
            dt = corpus.tokens(d)
            units = [] if isinstance(win, int) else corpus.spans(d, win)
            yield counts[d].spans, dt.tokens, dt.content, units

    n_units, n_x, ys, both = cooc_units(docs(), win)
    return rank(term, n_units, n_x, ys, both, measure, win, top=top, min_count=min_count)


def cooc_graph(rows: list[CoocRow], center: str | None = None):
    """A networkx star graph: the target in the middle, an edge to each word with
    attributes score, count and measure (graphml-ready)."""
    import networkx as nx  # noqa: PLC0415 (lazy: networkx loads only for a graph)

    g = nx.Graph()
    if not rows and center is None:
        return g
    center = center or rows[0].term
    g.add_node(center, kind="target", count=rows[0].term_units if rows else 0)
    for r in rows:
        g.add_node(r.other, kind="word", count=r.other_total)
        g.add_edge(center, r.other, score=float(r.score), count=int(r.count), measure=r.measure)
    return g
