"""What every verification rule shares: the series checked against, the outcome of a check,
a term's counts under each counting rule, and KWIC lines as evidence.

The rules themselves are in `policyscope.analysis.verify_rules`, one module per claim type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from policyscope.analysis.counting import count_term
from policyscope.analysis.series import SeriesDocs, key_order, series_docs
from policyscope.corpus import Corpus, DocFilter

# Looser Chinese wording a secondary source may have counted as "the concept".
BROAD_FORMS = {"artificial_intelligence": ("智能", "any 智能 ('intelligent') wording")}

_HAN = re.compile(r"[\u3400-\u9fff]")
_NOT_ZH = re.compile(r"[\u3040-\u30ff\uac00-\ud7a3\u3130-\u318e]")

Span = tuple[int, int]


@dataclass
class Outcome:
    """What one check found: the member checked, what was checked, the verdict, the
    evidence in words and as data."""

    primary: str  # e.g. 'cn-gwr 2025 (doc 19)'
    checked: str
    verdict: str  # supported | contradicted | not_checkable
    evidence: str
    details: dict[str, Any] = field(default_factory=dict)


class SeriesContext:
    """The corpus and the series checked against; its members per language, cached for
    one verification run."""

    def __init__(self, corpus: Corpus, series: str) -> None:
        self.corpus = corpus
        self.series = series
        self._sd: dict[str, SeriesDocs] = {}

    def docs(self, lang_term: str | None = None) -> SeriesDocs:
        k = lang_term or ""
        if k not in self._sd:
            self._sd[k] = series_docs(self.corpus, self.series, term=lang_term)
        return self._sd[k]

    def name(self, key: str | None, doc_id: int | None = None) -> str:
        if key is None:
            return f"{self.series} (year unknown)"
        return f"{self.series} {key}" + (f" (doc {doc_id})" if doc_id else " (not in the store)")


def zh_forms(corpus: Corpus, item_id: str | None, term: str) -> list[str]:
    """The Chinese surface forms of a concept (label first), or the term itself."""
    if not item_id:
        return [term]
    knowledge = corpus.knowledge
    label = knowledge.pack.label(item_id, "zh")
    forms = [f for f in knowledge.surfaces(item_id) if _HAN.search(f) and not _NOT_ZH.search(f)]
    forms = [label] + [f for f in forms if f != label] if label else forms
    return list(dict.fromkeys(f for f in forms if f))


def merge_spans(spans: list[Span]) -> list[Span]:
    """Spans of several forms counted once: a span inside a longer one is dropped."""
    out: list[Span] = []
    for s, e in sorted(set(spans), key=lambda x: (-(x[1] - x[0]), x[0])):
        if not any(a <= s and e <= b for a, b in out):
            out.append((s, e))
    return sorted(out)


@dataclass
class RuleCount:
    """A term counted under one rule: its spans per document."""

    name: str
    described: str
    spans: dict[int, list[Span]]

    def count(self, doc_id: int) -> int:
        return len(self.spans.get(doc_id, []))


def rule_counts(
    corpus: Corpus, item_id: str | None, term: str, ids: list[int], narrower: bool = True
) -> list[RuleCount]:
    """The term (its Chinese forms, its concept) counted under every rule that applies."""
    forms = zh_forms(corpus, item_id, term)
    out = [_forms_counted(corpus, forms, ids, rule) for rule in ("literal", "token")]
    if not item_id:
        return out
    res = count_term(corpus, f"concept:{item_id}", ids, "concept")
    spans = {d: r.spans for d, r in res.items()}
    out.append(RuleCount("concept", f"concept {item_id} (linked mentions)", spans))
    if narrower and corpus.knowledge.pack.narrower(item_id):
        out.append(_with_narrower(corpus, item_id, ids))
    if item_id in BROAD_FORMS:
        stem, what = BROAD_FORMS[item_id]
        res = count_term(corpus, stem, ids, "literal")
        spans = {d: r.spans for d, r in res.items()}
        out.append(RuleCount("broad", f"{what}: literal {stem}", spans))
    return out


def _forms_counted(corpus: Corpus, forms: list[str], ids: list[int], rule: str) -> RuleCount:
    per: dict[int, list[Span]] = {d: [] for d in ids}
    used = []
    for f in forms:
        res = count_term(corpus, f, ids, rule)
        if any(r.count for r in res.values()) or f == forms[0]:
            used.append(f)
        for d, r in res.items():
            per[d] += r.spans
    merged = {d: merge_spans(v) for d, v in per.items()}
    return RuleCount(rule, f"{rule} {' / '.join(used)}", merged)


def _with_narrower(corpus: Corpus, item_id: str, ids: list[int]) -> RuleCount:
    per: dict[int, list[Span]] = {d: [] for d in ids}
    for m in corpus.mentions(corpus.item_ids(item_id, True), DocFilter(doc_ids=ids)):
        per[m.doc_id].append((m.start, m.end))
    kids = all_narrower(corpus, item_id)
    return RuleCount(
        "concept+narrower",
        f"concept {item_id} with its narrower concepts ({', '.join(kids)})",
        {d: merge_spans(v) for d, v in per.items()},
    )


def by_name(rules: list[RuleCount], name: str) -> RuleCount:
    return next(r for r in rules if r.name == name)


def all_narrower(corpus: Corpus, item_id: str) -> list[str]:
    pack = corpus.knowledge.pack
    seen: list[str] = []
    todo = [item_id]
    while todo:
        for c in pack.narrower(todo.pop()):
            if c not in seen:
                seen.append(c)
                todo.append(c)
    return seen


def kwic_lines(
    corpus: Corpus, doc_id: int, spans: list[Span], window: int = 20, key: str | None = None
) -> list[dict]:
    text = corpus.folded_text(doc_id)
    return [
        {
            "doc_id": doc_id,
            "series_key": key,
            "start": s,
            "end": e,
            "left": text[max(0, s - window) : s].replace("\n", " "),
            "match": text[s:e],
            "right": text[e : e + window].replace("\n", " "),
        }
        for s, e in spans
    ]


def short(line: dict, n: int = 8) -> str:
    return f"…{line['left'][-n:]}[{line['match']}]{line['right'][:n]}…"


def member(sx: SeriesContext, sd: SeriesDocs, key: str | None) -> tuple[int | None, str | None]:
    """(doc_id, reason it cannot be checked)."""
    if key is None:
        return None, "the claim names no year, so no member of the series can be picked"
    doc = dict(sd.members).get(key)
    if doc is not None:
        return doc, None
    if key in sd.missing:
        return None, (
            f"the {sx.series} {key} member is not in the store (known from the series "
            f"definition or a gap in the years), so it cannot be checked"
        )
    return None, f"{sx.series} has no member {key} (members: {', '.join(sd.keys)})"


def previous(sd: SeriesDocs, key: str | None) -> tuple[str, int] | None:
    before = [(k, d) for k, d in sd.members if key_order(k) < key_order(key or "")]
    return before[-1] if before else None
