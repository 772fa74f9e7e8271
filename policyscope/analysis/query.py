"""Turning what a user types into what the indexes take."""

from __future__ import annotations

import re

from policyscope.errors import BadArgument
from policyscope.text.normalize import fold

_CHUNK = re.compile(r'"([^"]+)"|(\S+)')


def chunks(query: str) -> list[str]:
    """Whitespace-separated terms; "double quotes" keep a phrase together."""
    return [m.group(1) or m.group(2) for m in _CHUNK.finditer(query)]


def index_tokens(term: str, tokenizer) -> list[str]:
    """The tokens the full-text index holds for `term`, tokenized as a document would be."""
    from policyscope.text.langid import detect_language

    folded = fold(term).strip()
    lang = detect_language(folded)
    return tokenizer.tokenize_for_index(folded, lang if lang != "und" else "en")


def phrases(query: str, tokenizer) -> list[list[str]]:
    out = [index_tokens(c, tokenizer) for c in chunks(query)]
    out = [p for p in out if p]
    if not out:
        raise BadArgument(f"query {query!r} has no searchable words; give a word or phrase")
    return out
