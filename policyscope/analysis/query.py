"""Turning what a user types into what the indexes take.

A query is a list of terms that must all match (AND). A term is a word or a "quoted
phrase", or `concept:ID` / `entity:ID`, which stands for any of the item's surface forms
in any language (OR). Each alternative is a phrase: the tokens the index holds for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from policyscope.errors import BadArgument
from policyscope.knowledge.runtime import ITEM_PREFIXES, item_ref
from policyscope.text.normalize import fold
from policyscope.text.terms import HAN

_CHUNK = re.compile(r'"([^"]+)"|(\S+)')
# alternatives one phrase may gain from the terms around it: 人工智能 ends 5 terms and
# starts 14 in the packaged dictionary; a cap keeps a query of common words cheap
MAX_VARIANTS = 48

Phrase = list[str]
Group = list[Phrase]  # alternatives: any one matches

__all__ = [
    "ITEM_PREFIXES",
    "across_terms",
    "chunks",
    "groups",
    "index_tokens",
    "item_ref",
    "term_variants",
]


def chunks(query: str) -> list[str]:
    """Whitespace-separated terms; "double quotes" keep a phrase together."""
    return [m.group(1) or m.group(2) for m in _CHUNK.finditer(query)]


def index_tokens(term: str, tokenizer) -> list[str]:
    """The tokens the full-text index holds for `term`, tokenized as a document would be."""
    from policyscope.text.langid import (  # noqa: PLC0415 (lazy: start-up; the Workspace imports this module)
        detect_language,
    )

    folded = fold(term).strip()
    lang = detect_language(folded)
    return tokenizer.tokenize_for_index(folded, lang if lang != "und" else "en")


def groups(query: str, tokenizer, expand: Callable[[str], list[str]]) -> list[Group]:
    """`expand(item_id)` gives an item's surface forms (it raises for unknown ids)."""
    out: list[Group] = []
    for chunk in chunks(query):
        ref = item_ref(chunk)
        forms = expand(ref) if ref else [chunk]
        alts = [p for p in (index_tokens(f, tokenizer) for f in forms) if p]
        if alts:
            out.append(alts)
    if not out:
        raise BadArgument(f"query {query!r} has no searchable words; give a word or phrase")
    return out


def across_terms(groups: list[Group], han_terms: Sequence[str]) -> list[Group]:
    """For each group, the phrases the index holds where the text puts the ends of the
    group's phrases inside a term the tokenizers keep whole. A query 人工智能发展 is 人工智能
    + 发展, but 生成式人工智能发展 is indexed as 生成式人工智能 + 发展 (the words inside a term
    come after the paragraph's tokens, where no phrase reaches them); so this gives
    生成式人工智能 + 发展. Each still spells the query's words in a row, so nothing is found
    that does not hold them. `han_terms`: the dictionary's lower-cased Han terms
    (`TermDictionary.han_forms`). The stores take these apart from `groups` (`FtsIndex.search`),
    because one of them ranks them apart."""
    out: list[Group] = []
    for group in groups:
        own = {tuple(p) for p in group}
        found: dict[tuple[str, ...], None] = {}
        for p in group:
            found.update(dict.fromkeys(tuple(v) for v in term_variants(p, han_terms)))
        out.append([list(v) for v in found if v not in own])
    return out


def term_variants(phrase: Phrase, han_terms: Sequence[str]) -> list[Phrase]:
    """The phrases a text holds for `phrase` (2+ tokens with Han) where its words start
    inside a term (head), end inside one (tail), or both, or lie wholly inside one."""
    n = len(phrase)
    if n < 2 or not any(HAN.search(t) for t in phrase):
        return []
    whole = "".join(phrase)
    out: list[Phrase] = [[t] for t in han_terms if len(t) > len(whole) and whole in t]
    heads = [  # (term, i): the term ends with the first i tokens, the rest follow it
        (t, i)
        for i in range(1, n)
        for left in ("".join(phrase[:i]),)
        for t in han_terms
        if len(t) > len(left) and t.endswith(left)
    ]
    tails = [  # (j, term): the first j tokens precede a term that starts with the rest
        (j, t)
        for j in range(1, n)
        for right in ("".join(phrase[j:]),)
        for t in han_terms
        if len(t) > len(right) and t.startswith(right)
    ]
    out += [[t, *phrase[i:]] for t, i in heads]
    out += [[*phrase[:j], t] for j, t in tails]
    out += [[h, *phrase[i:j], t] for h, i in heads for j, t in tails if i <= j]
    return out[:MAX_VARIANTS]
