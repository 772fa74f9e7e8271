"""Links from a number to its source: a count opens the lines its rule counted, a figure
opens its span in the reader."""

from __future__ import annotations

from urllib.parse import urlencode


def count_url(
    base: str, term: str, rule: str, doc_id: int | str | None, lang: str | None = None
) -> str:
    # the pages call the document-language filter `doclang` (`lang` is the interface's)
    lang_key = "lang" if base.startswith("/api/") else "doclang"
    params = {"term": term, "rule": rule, "doc": doc_id, lang_key: lang}
    return base + "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def span_url(doc_id: int | str | None, start: int | None, end: int | None) -> str | None:
    """/doc/{id}?hl=start-end#hl: the reader opens the page holding the span and marks it."""
    if doc_id is None or start is None:
        return None
    return f"/doc/{doc_id}?hl={start}-{end if end is not None else start}#hl"
