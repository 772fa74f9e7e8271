"""Frequency lists: the most frequent content words of documents.

Content words are the tokens the tokenizers mark as content (`Tokenizer.is_content`: no
punctuation, and each language's stopwords: zh/ja/ko function words and particles, English
stopwords), lower-cased; pure numbers are left out too. `pos=True` keeps the part of
speech apart (同形 words of different POS are separate rows; pack terms show 'TERM').
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from policyscope.model import Record

_NUMBER = re.compile(r"^[\d.,%+\-]+$")


def content_forms(tokens, content):
    """(token, lower-cased form) of the content tokens that are not bare numbers: the
    words that term lists, comparisons and co-occurrence count."""
    for t, c in zip(tokens, content, strict=True):
        if not c:
            continue
        form = t.text.lower()
        if not _NUMBER.match(form):
            yield t, form


@dataclass
class TermRow(Record):
    rank: int
    term: str
    pos: str | None
    lang: str
    count: int
    docs: int
    per_10k: float


def frequency(
    per_doc: Iterable[tuple[list, list[bool]]], top: int | None = 50, pos: bool = False
) -> list[TermRow]:
    counts: Counter = Counter()
    doc_freq: Counter = Counter()
    # (word, lang) pairs counted in bulk (Counter.update runs in C), in the order first seen
    # so that a tie between languages goes to the first, as before
    with_lang: Counter = Counter()
    for tokens, content in per_doc:
        pairs = [
            ((form, t.pos if pos else None), t.lang) for t, form in content_forms(tokens, content)
        ]
        with_lang.update(pairs)
        keys = [k for k, _ in pairs]
        counts.update(keys)
        doc_freq.update(set(keys))
    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1] or ""))
    if top:
        ranked = ranked[:top]
    lang = _main_lang({k for k, _ in ranked}, with_lang)
    return [
        TermRow(
            rank=i + 1,
            term=form,
            pos=p,
            lang=lang[(form, p)],
            count=n,
            docs=doc_freq[(form, p)],
            per_10k=round(n * 10000 / total, 3) if total else 0.0,
        )
        for i, ((form, p), n) in enumerate(ranked)
    ]


def _main_lang(keys: set, with_lang: Counter) -> dict:
    """The language each word of `keys` is most often in (the first seen on a tie)."""
    best: dict = {}
    for (key, lang), n in with_lang.items():
        if key in keys and n > best.get(key, ("", 0))[1]:
            best[key] = (lang, n)
    return {k: lang for k, (lang, _) in best.items()}
