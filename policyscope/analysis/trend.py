"""Counts of terms over a document series, and first appearances.

    trend(corpus, ["人工智能", "具身智能"], "cn-gwr", rule="literal")  -> TrendResult
    first_appearance(corpus, ["具身智能"], "cn-gwr")                  -> [FirstRow]

Each term gets its own member documents (its language: see `policyscope.analysis.series`),
counted with `policyscope.analysis.counting.count_term`. `TrendResult.rows` holds the
members present only; `TrendResult.table()` adds a row with `doc_id`/`count`/`per_10k`
None for each missing member (what the CLI writes as json/csv, so a chart keeps the gap).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from policyscope.analysis.counting import check_rule, count_term, denominator_unit
from policyscope.analysis.query import item_ref
from policyscope.analysis.series import SeriesDocs, key_order, member_word, series_docs
from policyscope.corpus import Corpus
from policyscope.errors import BadArgument
from policyscope.model import Record

PERS = ("raw", "10k")


@dataclass
class TrendRow(Record):
    series_key: str
    doc_id: int | None
    term: str
    rule: str
    count: int | None
    per_10k: float | None


@dataclass
class TrendResult(Record):
    series: str
    rule: str
    per: str
    rows: list[TrendRow] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # union over the terms
    keys: list[str] = field(default_factory=list)  # every key, present or missing, in order
    langs: dict[str, str] = field(default_factory=dict)  # term -> language of its documents
    units: dict[str, str] = field(default_factory=dict)  # term -> 'chars' | 'tokens'
    missing_by_term: dict[str, list[str]] = field(default_factory=dict)

    @property
    def terms(self) -> list[str]:
        return list(self.langs)

    def table(self, include_missing: bool = True) -> list[TrendRow]:
        """Rows in (term, key) order; with a null row for each missing member."""
        rows = list(self.rows)
        if include_missing:
            for term, keys in self.missing_by_term.items():
                rule = "concept" if item_ref(term) else self.rule
                rows += [TrendRow(k, None, term, rule, None, None) for k in keys]
        order = {t: i for i, t in enumerate(self.langs)}
        rows.sort(key=lambda r: (order.get(r.term, 0), key_order(r.series_key)))
        return rows

    def warning(self) -> str | None:
        if not self.missing:
            return None
        return f"not in the store, so not counted: {self.series} {', '.join(self.missing)}"


@dataclass
class FirstRow(Record):
    term: str
    first_key: str | None
    last_key: str | None
    keys_present: list[str] = field(default_factory=list)  # keys with count > 0
    missing_before_first: list[str] = field(default_factory=list)
    warning: str | None = None
    first_doc_id: int | None = None
    count_first: int | None = None
    rule: str = "literal"
    lang: str | None = None


def _terms(terms: list[str] | str) -> list[str]:
    if isinstance(terms, str):
        terms = [terms]
    terms = [t for t in dict.fromkeys(terms) if t and t.strip()]
    if not terms:
        raise BadArgument("give at least one term")
    return terms


def trend(
    corpus: Corpus,
    terms: list[str] | str,
    series: str,
    rule: str = "literal",
    per: str = "raw",
    lang: str | None = None,
) -> TrendResult:
    check_rule(rule)
    if per not in PERS:
        raise BadArgument(f"--per {per!r}: use raw or 10k")
    out = TrendResult(series=series, rule=rule, per=per)
    keys: set[str] = set()
    missing: set[str] = set()
    for term in _terms(terms):
        sd = series_docs(corpus, series, lang=lang, term=term)
        counts = count_term(corpus, term, sd.doc_ids, rule)
        for key, doc_id in sd.members:
            c = counts[doc_id]
            out.rows.append(TrendRow(key, doc_id, term, c.rule, c.count, c.per_10k))
        out.langs[term] = sd.lang
        out.units[term] = denominator_unit(term, "concept" if item_ref(term) else rule)
        out.missing_by_term[term] = list(sd.missing)
        keys |= set(sd.keys)
        missing |= set(sd.missing)
    out.keys = sorted(keys, key=key_order)
    out.missing = sorted(missing, key=key_order)
    return out


def first_appearance(
    corpus: Corpus,
    terms: list[str] | str,
    series: str,
    rule: str = "literal",
    lang: str | None = None,
) -> list[FirstRow]:
    """First and last member where each term is counted (> 0), with a warning naming any
    member missing from the store before the first appearance (the term may be there)."""
    check_rule(rule)
    rows = []
    for term in _terms(terms):
        sd = series_docs(corpus, series, lang=lang, term=term)
        counts = count_term(corpus, term, sd.doc_ids, rule)
        present = [(k, d) for k, d in sd.members if counts[d].count > 0]
        first_key = present[0][0] if present else None
        before = sd.missing_before(first_key)
        rows.append(
            FirstRow(
                term=term,
                first_key=first_key,
                last_key=present[-1][0] if present else None,
                keys_present=[k for k, _d in present],
                missing_before_first=before,
                warning=_warning(sd, term, first_key, before),
                first_doc_id=present[0][1] if present else None,
                count_first=counts[present[0][1]].count if present else None,
                rule="concept" if item_ref(term) else rule,
                lang=sd.lang,
            )
        )
    return rows


def _warning(sd: SeriesDocs, term: str, first_key: str | None, before: list[str]) -> str | None:
    if not before:
        if first_key is None:
            return f"{term} is not found in any stored member of {sd.series} ({sd.lang})"
        return None
    lang = f" ({sd.lang})" if sd.lang else ""
    names = ", ".join(before)
    verb = "is" if len(before) == 1 else "are"
    what = f"the {names} {member_word(sd, len(before))}{lang} {verb} not in the store"
    if first_key is None:
        return f"{what}; {term} is not found in any stored member, but may appear there"
    there = "there" if len(before) == 1 else "in one of them"
    return f"{what}: {term} may have appeared {there} first"
