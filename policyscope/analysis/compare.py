"""Keyness: which words set document B apart from document A.

Over content tokens (`Tokenizer.is_content`: punctuation and per-language stopwords left
out; Latin lower-cased; pack policy terms are single tokens, so 具身智能 is one word). Pure
numbers are left out as well (they are figures, not vocabulary).

For each word with frequency a in A (size Na) and b in B (size Nb): G² (log-likelihood) and
the log ratio (`policyscope.analysis.keyness`; +1 = twice as frequent in B).

Lists (each sorted by G², then frequency, then word): `new_in_b` (a = 0), `dropped_from_a`
(b = 0), `rising` (both > 0, log ratio > 0), `falling` (both > 0, log ratio < 0). Rising and
falling keep only words with G² >= `min_g2` (3.84, p < 0.05 with one degree of freedom).
In `new_in_b` and `dropped_from_a`, words that are pack policy terms (pos 'TERM') rank
before other words of the same G², and `top` applies to each list separately.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from policyscope.analysis.keyness import g2, log_ratio
from policyscope.analysis.terms import content_forms
from policyscope.corpus import Corpus, DocRef
from policyscope.model import Record

__all__ = ["CompareResult", "KeyRow", "compare_docs", "content_counts", "g2", "keyness",
           "log_ratio"]  # fmt: skip


@dataclass
class KeyRow(Record):
    term: str
    count_a: int
    count_b: int
    per_10k_a: float
    per_10k_b: float
    g2: float
    log_ratio: float
    is_term: bool = False  # a pack policy term


@dataclass
class CompareResult(Record):
    doc_a: int
    doc_b: int
    label_a: str
    label_b: str
    tokens_a: int
    tokens_b: int
    new_in_b: list[KeyRow] = field(default_factory=list)
    dropped_from_a: list[KeyRow] = field(default_factory=list)
    rising: list[KeyRow] = field(default_factory=list)
    falling: list[KeyRow] = field(default_factory=list)

    def rows(self) -> list[dict]:
        """One flat list (for json/csv): each row with its list name."""
        out = []
        for name in ("new_in_b", "dropped_from_a", "rising", "falling"):
            for r in getattr(self, name):
                out.append({"list": name, **r.to_dict()})
        return out


def content_counts(tokens, content) -> tuple[Counter, set[str]]:
    """Content-token form frequencies, and the forms that are policy terms."""
    counts: Counter = Counter()
    terms: set[str] = set()
    for t, form in content_forms(tokens, content):
        counts[form] += 1
        if t.pos == "TERM":
            terms.add(form)
    return counts, terms


def keyness(
    ca: Counter,
    cb: Counter,
    terms: set[str] | None = None,
    top: int | None = 30,
    min_g2: float = 3.84,
    doc_a: int = 0,
    doc_b: int = 0,
    label_a: str = "A",
    label_b: str = "B",
) -> CompareResult:
    na, nb = sum(ca.values()), sum(cb.values())
    terms = terms or set()
    res = CompareResult(doc_a, doc_b, label_a, label_b, na, nb)
    for w in set(ca) | set(cb):
        a, b = ca.get(w, 0), cb.get(w, 0)
        row = KeyRow(
            term=w,
            count_a=a,
            count_b=b,
            per_10k_a=round(a * 10000 / na, 3) if na else 0.0,
            per_10k_b=round(b * 10000 / nb, 3) if nb else 0.0,
            g2=round(g2(a, b, na, nb), 4),
            log_ratio=round(log_ratio(a, b, na, nb), 4),
            is_term=w in terms,
        )
        if a == 0:
            res.new_in_b.append(row)
        elif b == 0:
            res.dropped_from_a.append(row)
        elif row.g2 >= min_g2 and row.log_ratio > 0:
            res.rising.append(row)
        elif row.g2 >= min_g2 and row.log_ratio < 0:
            res.falling.append(row)

    def rank(r: KeyRow):
        return (not r.is_term, -r.g2, -(r.count_a + r.count_b), r.term)

    for name in ("new_in_b", "dropped_from_a", "rising", "falling"):
        rows = sorted(getattr(res, name), key=rank)
        setattr(res, name, rows[:top] if top else rows)
    return res


def compare_docs(
    corpus: Corpus, doc_a, doc_b, top: int | None = 30, min_g2: float = 3.84
) -> CompareResult:
    da, db = corpus.resolve(doc_a), corpus.resolve(doc_b)
    ta, tb = corpus.tokens(da.id), corpus.tokens(db.id)
    ca, terms_a = content_counts(ta.tokens, ta.content)
    cb, terms_b = content_counts(tb.tokens, tb.content)
    return keyness(
        ca,
        cb,
        terms_a | terms_b,
        top=top,
        min_g2=min_g2,
        doc_a=da.id,
        doc_b=db.id,
        label_a=_label(da),
        label_b=_label(db),
    )


def _label(d: DocRef) -> str:
    if d.series and d.series_key:
        return f"{d.series} {d.series_key}" + (f" ({d.language})" if d.language else "")
    return d.title or d.source_path or f"#{d.id}"
