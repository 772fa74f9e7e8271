"""One Tokenizer per process and terms step: the analysers are costly to load, and a
query command needs the tokenizer without ingest's readers and date finders (0.12 s of
imports for a one-word query)."""

from __future__ import annotations

from collections.abc import Callable

from policyscope.text.terms import default_terms
from policyscope.text.tokenize import Tokenizer

_TOKENIZERS: dict[object, Tokenizer] = {}


def shared_tokenizer(terms: Callable[[], list[str]] | None = None) -> Tokenizer:
    """The process's Tokenizer for the packaged terms plus those `terms()` adds (a
    hashable terms step, e.g. `Enrichment.terms`)."""
    tok = _TOKENIZERS.get(terms)
    if tok is None:
        found = default_terms()
        if terms:
            found.extend(terms())
        tok = _TOKENIZERS[terms] = Tokenizer(found)
    return tok
