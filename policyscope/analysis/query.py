"""Turning what a user types into what the indexes take.

A query is a list of terms that must all match (AND). A term is a word or a "quoted
phrase", or `concept:ID` / `entity:ID`, which stands for any of the item's surface forms
in any language (OR). Each alternative is a phrase: the tokens the index holds for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from policyscope.errors import BadArgument
from policyscope.text.normalize import fold

_CHUNK = re.compile(r'"([^"]+)"|(\S+)')
ITEM_PREFIXES = ("concept:", "entity:")

Phrase = list[str]
Group = list[Phrase]  # alternatives: any one matches


def chunks(query: str) -> list[str]:
    """Whitespace-separated terms; "double quotes" keep a phrase together."""
    return [m.group(1) or m.group(2) for m in _CHUNK.finditer(query)]


def item_ref(term: str) -> str | None:
    """The pack id in 'concept:ID' or 'entity:ID', else None."""
    for prefix in ITEM_PREFIXES:
        if term.startswith(prefix):
            return term[len(prefix) :]
    return None


def index_tokens(term: str, tokenizer) -> list[str]:
    """The tokens the full-text index holds for `term`, tokenized as a document would be."""
    from policyscope.text.langid import detect_language

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
