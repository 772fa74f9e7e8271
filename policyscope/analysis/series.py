"""A document series: the stored documents of one `series`, one per member, in key order.

    sd = series_docs(corpus, "cn-gwr", lang=None, term="人工智能")
    sd.members   # [(key, doc_id)] of the members present, in key order
    sd.keys      # every key, present or missing, in order (for charts: gaps stay visible)
    sd.missing   # keys known to exist but not in the store, e.g. ['2023']

Which language: `lang` if given; else the language of the term (script rules of
`detect_language`) when the series has documents in it; else (concepts, or a language the
series lacks) the series' most common document language (ties: the language of the latest
member). One document per member: if several stored documents share a key and language,
the most recently ingested one (highest id) is used.

Missing members come from two places: the pack's series definition (members whose key has
no stored document in the chosen language, e.g. cn-gwr 2023), and gaps in integer keys
between the first and last key known.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from policyscope.analysis.query import item_ref
from policyscope.corpus import Corpus
from policyscope.errors import NotFound
from policyscope.text.langid import detect_language


@dataclass
class SeriesDocs:
    series: str
    lang: str
    members: list[tuple[str, int]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    doc_type: str | None = None

    @property
    def doc_ids(self) -> list[int]:
        return [d for _k, d in self.members]

    def key_of(self, doc_id: int) -> str | None:
        return next((k for k, d in self.members if d == doc_id), None)

    def missing_before(self, key: str | None) -> list[str]:
        if key is None:
            return list(self.missing)
        return [k for k in self.missing if key_order(k) < key_order(key)]


def key_order(key: str):
    return (0, int(key), "") if key.isdigit() else (1, 0, key)


def sort_keys(keys) -> list[str]:
    return sorted(set(keys), key=key_order)


def series_languages(corpus: Corpus, series: str) -> Counter:
    return Counter(d.language for d in corpus.documents(series=series) if d.language)


def pick_language(corpus: Corpus, series: str, term: str | None = None) -> str:
    """The default language for `term` in `series` (see the module docstring)."""
    docs = corpus.documents(series=series)
    if not docs:
        raise NotFound(f"no documents in series {series!r}; list series with 'policyscope docs'")
    langs = Counter(d.language for d in docs if d.language)
    if term and not item_ref(term):
        lang = detect_language(term)
        if lang in langs:
            return lang
    if not langs:
        return ""
    top = max(langs.values())
    best = [lang for lang, n in langs.items() if n == top]
    if len(best) == 1:
        return best[0]
    latest = sorted(
        (d for d in docs if d.language in best), key=lambda d: key_order(d.series_key or "")
    )
    return latest[-1].language or ""


def series_docs(
    corpus: Corpus, series: str, lang: str | None = None, term: str | None = None
) -> SeriesDocs:
    if not series:
        raise NotFound("give a series (e.g. --series cn-gwr); list them with 'policyscope docs'")
    lang = lang or pick_language(corpus, series, term)
    docs = [d for d in corpus.documents(series=series) if not lang or d.language == lang]
    by_key: dict[str, int] = {}
    for d in docs:
        if d.series_key is None:
            continue
        if d.series_key not in by_key or d.id > by_key[d.series_key]:
            by_key[d.series_key] = d.id
    known: list[str] = []
    definition = corpus.knowledge.pack.series.get(series)
    if definition is not None:
        known = [m.key for m in definition.members]
    all_keys = set(by_key) | set(known)
    ints = [int(k) for k in all_keys if k.isdigit()]
    if ints and len(ints) == len(all_keys):
        all_keys |= {str(k) for k in range(min(ints), max(ints) + 1)}
    keys = sort_keys(all_keys)
    if not by_key and not known:
        raise NotFound(
            f"no documents in series {series!r}"
            + (f" in language {lang!r}" if lang else "")
            + "; list them with 'policyscope docs'"
        )
    return SeriesDocs(
        series=series,
        lang=lang,
        members=[(k, by_key[k]) for k in keys if k in by_key],
        keys=keys,
        missing=[k for k in keys if k not in by_key],
        doc_type=definition.doc_type if definition is not None else None,
    )


def member_word(sd: SeriesDocs, n: int = 1) -> str:
    word = "report" if sd.doc_type and "report" in sd.doc_type else "document"
    return word if n == 1 else word + "s"
