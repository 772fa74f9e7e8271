"""One counting layer with named rules: what "X was mentioned N times" means, exactly.

    from policyscope.analysis.counting import count_term, RULES
    res = count_term(corpus, "人工智能", [doc_id], rule="literal")   # {doc_id: CountResult}
    res[doc_id].count, res[doc_id].per_10k, res[doc_id].spans
    count_kwic(corpus, res[doc_id])                                  # the KWIC lines behind it

Rules (`RULES`):

- ``literal``: substring occurrences over the stored, width-folded text, exactly
  ``fold(text).count(fold(term))`` (non-overlapping, left to right, case-sensitive), the same
  as KWIC and as Ctrl-F: 互联网＋ and 互联网+ are one term; 智能 counts inside 人工智能.
- ``token``: literal occurrences that are *whole tokens* of our tokenizer: the occurrence
  starts where a token starts and ends where a token ends (so it covers one token or a
  run of adjacent tokens). 智能 does not count inside 人工智能; "AI" does not count inside
  "AI+". Each paragraph is re-tokenized with its stored language (Japanese in Sudachi mode
  C, the analysis mode); tokens are cached per document in memory. Latin text is matched
  case-insensitively under this rule (the index lower-cases it too). Note: pack terms are
  kept whole by the tokenizer, so 人工智能+ does not count inside the term 人工智能+行动.
- ``concept``: the stored linked mentions of a pack concept or entity (every variant, every
  language, as the linker found them at ingest). ``concept:ID`` / ``entity:ID`` name the
  item; a plain term means the one pack item whose surface forms include it (an error if
  none, or if several items share it).

Denominators (`CountResult.denominator`, `.denominator_unit`, `.per_10k` = count per 10,000
units):

- ``tokens``: the document's content tokens, i.e. the sum over its paragraphs of
  ``len(Tokenizer.index_forms(tokens))`` (punctuation and per-language stopwords left out),
  as computed at ingest (``doc_stats.n_tokens``; recomputed if absent). Used by the token
  and concept rules and by literal counts of Latin-script terms;
- ``chars``: the document's non-whitespace characters. Used by literal counts of terms
  containing any Han, Hangul or kana character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policyscope.analysis.query import item_ref
from policyscope.corpus import Corpus, DocFilter, DocTokens
from policyscope.errors import BadArgument
from policyscope.knowledge.loader import norm_alias
from policyscope.model import KwicLine, Record
from policyscope.text.normalize import fold

RULES = ("literal", "token", "concept")

_CJK = re.compile(
    r"[\u3040-\u30ff\u3130-\u318e\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff"
    r"\U00020000-\U0003134f]"
)


@dataclass
class CountResult(Record):
    doc_id: int
    term: str
    rule: str
    count: int
    denominator: int
    denominator_unit: str  # 'tokens' | 'chars'
    per_10k: float | None
    spans: list[tuple[int, int]] = field(default_factory=list)
    item_id: str | None = None  # the pack item counted (concept rule)


def is_cjk(term: str) -> bool:
    return bool(_CJK.search(term))


def check_rule(rule: str) -> str:
    if rule not in RULES:
        raise BadArgument(f"counting rule {rule!r}: use one of {', '.join(RULES)}")
    return rule


def denominator_unit(term: str, rule: str) -> str:
    return "chars" if rule == "literal" and is_cjk(term) else "tokens"


# ---------------------------------------------------------------- counting


def find_spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Non-overlapping occurrences, as str.count counts them."""
    out: list[tuple[int, int]] = []
    n = len(needle)
    if not n:
        return out
    i = text.find(needle)
    while i != -1:
        out.append((i, i + n))
        i = text.find(needle, i + n)
    return out


def resolve_item(corpus: Corpus, term: str) -> str:
    """The pack id a term stands for under the concept rule (concept:ID, entity:ID, an id,
    or a surface form of exactly one item)."""
    ref = item_ref(term)
    if ref:
        corpus.item_ids(ref)  # raises NotFound for unknown ids
        return ref
    pack = corpus.knowledge.pack
    key = norm_alias(term)
    found: list[str] = []
    for form, targets in pack.all_surface_forms().items():
        if norm_alias(form) == key:
            for _kind, item_id in targets:
                if item_id not in found:
                    found.append(item_id)
    if not found and (term in pack.concepts or term in pack.entities):
        found = [term]
    if not found:
        raise BadArgument(
            f"{term!r} is no surface form of a pack concept or entity, so the concept rule "
            "cannot count it; use --rule literal or token, or find ids with "
            "'policyscope concepts'"
        )
    if len(found) > 1:
        raise BadArgument(
            f"{term!r} names several pack items ({', '.join(found)}); "
            "give one as concept:ID or entity:ID"
        )
    return found[0]


def count_term(
    corpus: Corpus, term: str, doc_ids: list[int], rule: str = "literal"
) -> dict[int, CountResult]:
    """Count `term` in each document of `doc_ids` under `rule` (see the module docstring).

    Returns {doc_id: CountResult} for every doc id given (count 0 included), with the spans
    (start, end) of what was counted, in text order. A `concept:ID` / `entity:ID` term is
    always counted under the concept rule (the results say rule='concept')."""
    check_rule(rule)
    if not term or not term.strip():
        raise BadArgument("the term is empty; give a word or phrase")
    if item_ref(term):
        rule = "concept"  # concept:ID / entity:ID always count linked mentions
    ids = list(dict.fromkeys(int(d) for d in doc_ids))
    if rule == "concept":
        return _count_mentions(corpus, term, ids)
    needle = fold(term)
    unit = denominator_unit(needle, rule)
    corpus.prefetch(ids)
    out: dict[int, CountResult] = {}
    for d in ids:
        text = corpus.folded_text(d)
        if rule == "literal":
            found = find_spans(text, needle)
        else:
            found = _token_spans(corpus.tokens(d), text, needle)
        out[d] = _result(corpus, d, term, rule, found, unit)
    return out


def _count_mentions(corpus: Corpus, term: str, ids: list[int]) -> dict[int, CountResult]:
    item_id = resolve_item(corpus, term)
    spans: dict[int, list[tuple[int, int]]] = {d: [] for d in ids}
    if ids:
        for m in corpus.mentions([item_id], DocFilter(doc_ids=ids)):
            spans[m.doc_id].append((m.start, m.end))
    return {
        d: _result(corpus, d, term, "concept", sorted(spans[d]), "tokens", item_id) for d in ids
    }


def _token_spans(dt: DocTokens, text: str, needle: str) -> list[tuple[int, int]]:
    needle = needle.strip()
    low = text.lower()
    if len(low) == len(text) and len(needle.lower()) == len(needle):
        text, needle = low, needle.lower()
    n = len(needle)
    out = []
    i = text.find(needle)
    while i != -1:
        if i in dt.starts and i + n in dt.ends:
            out.append((i, i + n))
            i = text.find(needle, i + n)
        else:
            i = text.find(needle, i + 1)
    return out


def _result(
    corpus: Corpus,
    doc_id: int,
    term: str,
    rule: str,
    spans: list[tuple[int, int]],
    unit: str,
    item_id: str | None = None,
) -> CountResult:
    denom = corpus.size(doc_id, unit)
    return CountResult(
        doc_id=doc_id,
        term=term,
        rule=rule,
        count=len(spans),
        denominator=denom,
        denominator_unit=unit,
        per_10k=round(len(spans) * 10000 / denom, 4) if denom else None,
        spans=spans,
        item_id=item_id,
    )


def count_kwic(corpus: Corpus, result: CountResult, window: int = 30) -> list[KwicLine]:
    """The KWIC lines behind a count: one line per counted span."""
    d = corpus.document(result.doc_id)
    text = corpus.folded_text(result.doc_id)

    def flat(s: str) -> str:
        return s.replace("\n", " ⏎ ")

    return [
        KwicLine(
            doc_id=d.id,
            title=d.title,
            date=d.date,
            series=d.series,
            series_key=d.series_key,
            term=result.term,
            left=flat(text[max(0, s - window) : s]),
            match=text[s:e],
            right=flat(text[e : e + window]),
            start=s,
            end=e,
        )
        for s, e in result.spans
    ]
