"""Keyword in context: every literal occurrence, with exact offsets.

Matching is a plain substring search over the stored (normalised) text, so the
number of lines equals `text.count(term)` after the same width folding: what an
analyst counting by hand with Ctrl-F would get, 互联网＋ and 互联网+ alike.

A needle with a CJK letter, a run of 3+ other characters, or two capitals or digits in a
row ('AI', '5G') is narrowed to candidate paragraphs by the substring index and matched in
those paragraphs (context stays inside the paragraph); for the rest ('。', 'ai' ignoring
case) the database picks the filtered documents whose text contains the needle, and those
texts are scanned (context may then cross a paragraph break, shown as ⏎).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from policyscope.model import KwicLine, MentionSpan
from policyscope.store.filters import DocFilter
from policyscope.text.normalize import fold
from policyscope.text.pages import page_of


def find_all(haystack: str, needle: str, lo: int = 0, hi: int | None = None) -> list[int]:
    """Non-overlapping occurrences, as str.count counts them."""
    out = []
    hi = len(haystack) if hi is None else hi
    i = haystack.find(needle, lo, hi)
    while i != -1:
        out.append(i)
        i = haystack.find(needle, i + len(needle), hi)
    return out


def _scanned_texts(store, needle: str, flt: DocFilter, ignore_case: bool):
    if not ignore_case:
        yield from store.texts_containing(flt, needle)
        return
    # the database's idea of lower case is not Python's: read every text
    for doc_id in store.doc_ids(flt):
        yield doc_id, store.text(doc_id)


def _in_lang(store, doc_id: int, hits: list[int], n: int, lang: str) -> list[int]:
    paras = store.segments(doc_id, "paragraph")
    starts = [p.start for p in paras]
    keep = []
    for h in hits:
        i = bisect.bisect_right(starts, h) - 1
        if i >= 0 and paras[i].end >= h + n and paras[i].lang == lang:
            keep.append(h)
    return keep


@dataclass(slots=True)
class KwicPage:
    """One page of KWIC lines and how many lines there are in all."""

    lines: list[KwicLine]
    total: int
    offset: int = 0


def positions(
    store, term: str, flt: DocFilter, ignore_case: bool = False
) -> dict[int, list[tuple[int, int, int]]]:
    """doc_id -> (start, lo, hi) of each occurrence in offset order, where [lo, hi) bounds
    its context (the paragraph, or the whole text when the text was scanned). No context
    strings are cut here: counting `AI` at 200 MB spent 80% of its time making lines."""
    needle = fold(term)
    out: dict[int, list[tuple[int, int, int]]] = {}
    if not needle:
        return out
    ndl = needle.lower() if ignore_case else needle
    with store.connect() as conn:
        cands = store.fts.substring_candidates(conn, needle, flt, ignore_case)
        if cands is not None:
            for _sid, doc_id, start, end, body in cands:
                hits = find_all(body.lower() if ignore_case else body, ndl)
                if hits:
                    out.setdefault(doc_id, []).extend((start + i, start, end) for i in hits)
            return out
    for doc_id, text in _scanned_texts(store, needle, flt, ignore_case):
        hits = find_all(text.lower() if ignore_case else text, ndl)
        if hits and flt.lang:
            hits = _in_lang(store, doc_id, hits, len(needle), flt.lang)
        if hits:
            n = len(text)
            out[doc_id] = [(i, 0, n) for i in hits]
    return out


def count(store, term: str, flt: DocFilter, ignore_case: bool = False) -> dict[int, int]:
    """doc_id -> number of literal occurrences, for the documents that hold the term."""
    counted = _indexed_counts(store, term, flt, ignore_case)
    if counted is not None:
        return counted
    return {d: len(p) for d, p in positions(store, term, flt, ignore_case).items()}


def _indexed_counts(store, term: str, flt: DocFilter, ignore_case: bool):
    """The index's counts, made without handing over a paragraph; None when the index
    cannot narrow the term down (or the case is ignored): then only a scan can count."""
    needle = fold(term)
    if not needle or ignore_case:
        return None
    with store.connect() as conn:
        return store.fts.substring_counts(conn, needle, flt)


def kwic(*args, **kwargs) -> list[KwicLine]:
    """The lines of `kwic_page` (same arguments)."""
    return kwic_page(*args, **kwargs).lines


def kwic_page(
    store,
    term: str,
    flt: DocFilter,
    window: int = 30,
    limit: int | None = None,
    ignore_case: bool = False,
    offset: int = 0,
) -> KwicPage:
    """Lines `offset` to `offset + limit` in (series, key, date, doc id, offset) order, and
    the total. Every occurrence is located (cheap), only the page's lines are cut."""
    counts = _indexed_counts(store, term, flt, ignore_case)
    found = None
    if counts is None:  # a scan: it locates every line anyway
        found = positions(store, term, flt, ignore_case)
        counts = {d: len(p) for d, p in found.items()}
    total = sum(counts.values())
    stop = total if limit is None else min(total, offset + max(limit, 0))
    if stop <= offset:  # a count: no document need be looked up
        return KwicPage([], total, offset)
    docs = store.documents_by_id(counts)
    # documents in (series, key, date, id) order, each one's lines by offset: a sort of
    # the documents, not of every line (智能 at 200 MB: 11,623 lines in 1,680 documents)
    order = sorted(counts, key=lambda i: _doc_key(docs[i]))
    wanted: list[tuple[int, int, int]] = []  # (doc, first line, end line) within the doc
    seen = 0
    for doc_id in order:
        n = counts[doc_id]
        if seen + n > offset and seen < stop:
            wanted.append((doc_id, max(0, offset - seen), min(n, stop - seen)))
        seen += n
        if seen >= stop:
            break
    if found is None:
        found = _positions_of(store, term, flt, ignore_case, [d for d, *_ in wanted])
    page = [(d, *o) for d, lo, hi in wanted for o in found.get(d, [])[lo:hi]]
    return KwicPage(_lines(store, term, page, docs, window), total, offset)


def _positions_of(store, term, flt: DocFilter, ignore_case: bool, doc_ids: list[int]):
    """`positions` of a page's documents only: the count located the rest."""
    if not doc_ids:
        return {}
    if len(doc_ids) > MAX_PAGE_DOCS:  # a long page: one pass over everything
        return positions(store, term, flt, ignore_case)
    # every one of them passed `flt`, so they can stand for its own list of documents
    return positions(store, term, replace(flt, doc_ids=sorted(doc_ids)), ignore_case)


MAX_PAGE_DOCS = 400  # documents a page's lines are looked up in by id (bound parameters)


def _lines(store, term: str, page, docs: dict, window: int) -> list[KwicLine]:
    """KwicLines of (doc_id, start, lo, hi) occurrences: one read of each span of context."""
    n = len(fold(term))
    spans = [(d, max(lo, s - window), min(hi, s + n + window)) for d, s, lo, hi in page]
    ctx = store.spans(spans)
    pages = _page_starts(store, {d: docs[d] for d, *_ in page})
    lines: list[KwicLine] = []
    add = lines.append
    for (doc_id, s, _lo, _hi), (_d, a, _b), c in zip(page, spans, ctx, strict=True):
        d = docs[doc_id]
        cut = s - a
        starts = pages.get(doc_id)
        add(
            KwicLine(
                doc_id,
                d.title,
                d.date,
                d.series,
                d.series_key,
                term,
                _flat(c[:cut]),
                c[cut : cut + n],
                _flat(c[cut + n :]),
                s,
                s + n,
                page_of(starts, s) if starts else None,
            )
        )
    return lines


def _doc_key(d) -> tuple:
    return (d.series or "", d.series_key or "", d.date or "", d.id)


def _page_starts(store, docs: dict) -> dict[int, list[int]]:
    # only PDFs have pages; asking for no other document keeps KWIC from reading
    # `texts` rows at all (in SQLite the column sits behind the whole text)
    return store.page_starts(i for i, d in docs.items() if d.format == "pdf")


def _flat(s: str) -> str:
    return s.replace("\n", " ⏎ ") if "\n" in s else s


def mention_kwic_page(
    store,
    item_ids: list[str],
    term: str,
    flt: DocFilter,
    window: int = 30,
    limit: int | None = None,
    offset: int = 0,
) -> KwicPage:
    """KWIC lines of stored mentions (concept:ID / entity:ID): every variant, every language,
    as the linker found them (respecting word boundaries and context rules), a page at a
    time in the same order as `kwic_page`."""
    rows = [MentionSpan(*r) for r in store.mention_rows(item_ids, flt)]
    docs = store.documents_by_id(m.doc_id for m in rows)
    rows.sort(key=lambda m: (*_doc_key(docs[m.doc_id]), m.start))
    total = len(rows)
    rows = rows[offset:] if limit is None else rows[offset : offset + max(limit, 0)]
    pages = _page_starts(store, {m.doc_id: docs[m.doc_id] for m in rows})
    ctx = store.spans([(m.doc_id, m.start - window, m.end + window) for m in rows])
    lines = []
    for m, c in zip(rows, ctx, strict=True):
        doc_id, start, end = m.doc_id, m.start, m.end
        d = docs[doc_id]
        left_len = min(window, start)
        n = end - start
        lines.append(
            KwicLine(
                doc_id=doc_id,
                title=d.title,
                date=d.date,
                series=d.series,
                series_key=d.series_key,
                term=term,
                left=_flat(c[:left_len]),
                match=c[left_len : left_len + n],
                right=_flat(c[left_len + n :]),
                start=start,
                end=end,
                page=page_of(pages[doc_id], start) if doc_id in pages else None,
            )
        )
    return KwicPage(lines, total, offset)
