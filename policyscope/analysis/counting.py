"""One counting layer with named rules: what "X was mentioned N times" means, exactly.

    from policyscope.analysis.counting import count_term, RULES
    res = count_term(ws, "人工智能", [doc_id], rule="literal")   # {doc_id: CountResult}
    res[doc_id].count, res[doc_id].per_10k, res[doc_id].spans
    count_kwic(ws, res[doc_id])                                  # the KWIC lines behind it

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
from collections import OrderedDict
from dataclasses import dataclass, field

from policyscope.errors import BadArgument
from policyscope.model import KwicLine, Record, Token
from policyscope.store.filters import DocFilter
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


# ---------------------------------------------------------------- per-document caches


@dataclass
class DocTokens:
    """A document's tokens (all paragraphs, stored languages), with lookup helpers."""

    doc_id: int
    tokens: list[Token]
    content: list[bool]  # Tokenizer.is_content per token
    paragraphs: list[tuple[int, int, str]]  # (start, end, lang)
    starts: set[int] = field(default_factory=set)
    ends: set[int] = field(default_factory=set)

    @property
    def n_content(self) -> int:
        return sum(self.content)

    def content_forms(self) -> list[str]:
        return [t.text.lower() for t, c in zip(self.tokens, self.content, strict=True) if c]


class _Lru(OrderedDict):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def get(self, key, default=None):
        if key in self:
            self.move_to_end(key)
            return self[key]
        return default

    def put(self, key, value):
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.limit:
            self.popitem(last=False)
        return value


class AnalysisCache:
    """Texts, tokens and sizes of documents, kept per workspace (documents never change
    under an id: a new version is a new id), least recently used first out: at most
    `max_texts` texts and `max_tokens` documents' tokens. Tokens depend on the tokenizer,
    so a new tokenizer (after a pack load) invalidates them."""

    def __init__(self, max_texts: int = 256, max_tokens: int = 64) -> None:
        self.texts: _Lru = _Lru(max_texts)
        self.tokens: _Lru = _Lru(max_tokens)
        self.sizes: dict[tuple[int, str], int] = {}
        self._tok_owner: int | None = None

    def text(self, ws, doc_id: int) -> str:
        t = self.texts.get(doc_id)
        if t is None:
            t = self.texts.put(doc_id, fold(ws.store.text(doc_id)))
        return t

    def prefetch(self, ws, doc_ids: list[int]) -> None:
        need = [d for d in doc_ids if d not in self.texts][: self.texts.limit]
        if need:
            for d, t in ws.store.texts(need).items():
                self.texts.put(d, fold(t))

    def doc_tokens(self, ws, doc_id: int) -> DocTokens:
        tok = ws.tokenizer
        if self._tok_owner != id(tok):
            self.tokens.clear()
            self._tok_owner = id(tok)
        dt = self.tokens.get(doc_id)
        if dt is None:
            dt = self.tokens.put(doc_id, _tokenize_doc(ws, doc_id, self.text(ws, doc_id)))
        return dt

    def size(self, ws, doc_id: int, unit: str) -> int:
        key = (doc_id, unit)
        n = self.sizes.get(key)
        if n is None:
            if unit == "chars":
                n = len("".join(self.text(ws, doc_id).split()))
            else:
                n = int(ws.store.stats(doc_id).get("n_tokens") or 0)
                if not n:
                    n = self.doc_tokens(ws, doc_id).n_content
            self.sizes[key] = n
        return n


def cache_of(ws) -> AnalysisCache:
    c = getattr(ws, "_analysis_cache", None)
    if c is None:
        c = AnalysisCache()
        ws._analysis_cache = c
    return c


def _tokenize_doc(ws, doc_id: int, text: str) -> DocTokens:
    tok = ws.tokenizer
    paras = [(p.start, p.end, p.lang) for p in ws.store.segments(doc_id, "paragraph")]
    results = tok.tokenize_many([(text[s:e], lang, s) for s, e, lang in paras])
    tokens = [t for toks in results for t in toks]
    is_content = tok.is_content
    dt = DocTokens(doc_id, tokens, [is_content(t) for t in tokens], paras)
    dt.starts = {t.start for t in tokens}
    dt.ends = {t.end for t in tokens}
    return dt


# ---------------------------------------------------------------- counting


def find_spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Non-overlapping occurrences, as str.count counts them."""
    out = []
    n = len(needle)
    if not n:
        return out
    i = text.find(needle)
    while i != -1:
        out.append((i, i + n))
        i = text.find(needle, i + n)
    return out


def resolve_item(ws, term: str) -> str:
    """The pack id a term stands for under the concept rule (concept:ID, entity:ID, an id,
    or a surface form of exactly one item)."""
    from policyscope.analysis.query import item_ref
    from policyscope.knowledge.loader import norm_alias

    ref = item_ref(term)
    if ref:
        ws._item_ids(ref, False)  # raises NotFound for unknown ids
        return ref
    pack = ws.pack
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


def count_term(ws, term: str, doc_ids: list[int], rule: str = "literal") -> dict[int, CountResult]:
    """Count `term` in each document of `doc_ids` under `rule` (see the module docstring).

    `ws` is a `policyscope.Workspace`. Returns {doc_id: CountResult} for every doc id given
    (count 0 included), with the spans (start, end) of what was counted, in text order.
    A `concept:ID` / `entity:ID` term is always counted under the concept rule (the
    results say rule='concept')."""
    from policyscope.analysis.query import item_ref

    check_rule(rule)
    if not term or not term.strip():
        raise BadArgument("the term is empty; give a word or phrase")
    if item_ref(term):
        rule = "concept"  # concept:ID / entity:ID always count linked mentions
    cache = cache_of(ws)
    doc_ids = list(dict.fromkeys(int(d) for d in doc_ids))
    out: dict[int, CountResult] = {}
    if rule == "concept":
        item_id = resolve_item(ws, term)
        spans: dict[int, list[tuple[int, int]]] = {d: [] for d in doc_ids}
        if doc_ids:
            for doc_id, _k, _i, _surface, s, e in ws.store.mention_rows(
                [item_id], DocFilter(doc_ids=doc_ids)
            ):
                spans[doc_id].append((s, e))
        for d in doc_ids:
            out[d] = _result(ws, cache, d, term, rule, sorted(spans[d]), "tokens", item_id)
        return out
    needle = fold(term)
    unit = denominator_unit(needle, rule)
    cache.prefetch(ws, doc_ids)
    for d in doc_ids:
        text = cache.text(ws, d)
        if rule == "literal":
            found = find_spans(text, needle)
        else:
            found = _token_spans(cache.doc_tokens(ws, d), text, needle)
        out[d] = _result(ws, cache, d, term, rule, found, unit)
    return out


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


def _result(ws, cache, doc_id, term, rule, spans, unit, item_id=None) -> CountResult:
    denom = cache.size(ws, doc_id, unit)
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


def count_kwic(ws, result: CountResult, window: int = 30) -> list[KwicLine]:
    """The KWIC lines behind a count: one line per counted span."""
    d = ws.store.document(result.doc_id)
    text = cache_of(ws).text(ws, result.doc_id)

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
