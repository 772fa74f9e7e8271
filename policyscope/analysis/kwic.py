"""Keyword in context: every literal occurrence, with exact offsets.

Matching is a plain substring search over the stored (normalised) text, so the
number of lines equals `text.count(term)` after the same width folding: what an
analyst counting by hand with Ctrl-F would get, 互联网＋ and 互联网+ alike.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

from policyscope.model import KwicLine
from policyscope.store.filters import DocFilter
from policyscope.text.normalize import fold


def find_all(haystack: str, needle: str, lo: int = 0, hi: int | None = None) -> list[int]:
    """Non-overlapping occurrences, as str.count counts them."""
    out = []
    hi = len(haystack) if hi is None else hi
    i = haystack.find(needle, lo, hi)
    while i != -1:
        out.append(i)
        i = haystack.find(needle, i + len(needle), hi)
    return out


def occurrences(
    store, term: str, flt: DocFilter, ignore_case: bool = False
) -> dict[int, list[int]]:
    """doc_id -> start offsets of `term` in the stored text."""
    needle = fold(term)
    if not needle:
        return {}
    with store.connect() as conn:
        cands = store.fts.substring_candidates(conn, needle, flt)
    if cands is None:
        return _scan(store, needle, flt, ignore_case)
    by_doc: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for _sid, doc_id, start, end in cands:
        by_doc[doc_id].append((start, end))
    out: dict[int, list[int]] = {}
    for doc_id, spans in by_doc.items():
        texts = store.spans([(doc_id, s, e) for s, e in spans])
        hits = []
        for (s, _e), seg in zip(spans, texts, strict=True):
            hay, ndl = (seg.lower(), needle.lower()) if ignore_case else (seg, needle)
            hits.extend(s + i for i in find_all(hay, ndl))
        if hits:
            out[doc_id] = sorted(hits)
    return out


def _scan(store, needle: str, flt: DocFilter, ignore_case: bool) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    ndl = needle.lower() if ignore_case else needle
    for doc_id in store.doc_ids(flt):
        text = store.text(doc_id)
        hits = find_all(text.lower() if ignore_case else text, ndl)
        if hits and flt.lang:
            paras = store.segments(doc_id, "paragraph")
            starts = [p.start for p in paras]
            keep = []
            for h in hits:
                i = bisect.bisect_right(starts, h) - 1
                if i >= 0 and paras[i].end >= h + len(ndl) and paras[i].lang == flt.lang:
                    keep.append(h)
            hits = keep
        if hits:
            out[doc_id] = hits
    return out


def kwic(
    store,
    term: str,
    flt: DocFilter,
    window: int = 30,
    limit: int | None = None,
    ignore_case: bool = False,
) -> list[KwicLine]:
    occ = occurrences(store, term, flt, ignore_case)
    if not occ:
        return []
    docs = {d: store.document(d) for d in occ}
    order = sorted(
        occ, key=lambda d: (docs[d].series or "", docs[d].series_key or "", docs[d].date or "", d)
    )
    n = len(fold(term))
    lines: list[KwicLine] = []
    for doc_id in order:
        d = docs[doc_id]
        starts = occ[doc_id]
        if limit is not None:
            starts = starts[: max(0, limit - len(lines))]
        spans = [(doc_id, s - window, s + n + window) for s in starts]
        for s, ctx in zip(starts, store.spans(spans), strict=True):
            left_len = min(window, s)
            lines.append(
                KwicLine(
                    doc_id=d.id,
                    title=d.title,
                    date=d.date,
                    series=d.series,
                    series_key=d.series_key,
                    term=term,
                    left=_flat(ctx[:left_len]),
                    match=ctx[left_len : left_len + n],
                    right=_flat(ctx[left_len + n :]),
                    start=s,
                    end=s + n,
                )
            )
        if limit is not None and len(lines) >= limit:
            break
    return lines


def _flat(s: str) -> str:
    return s.replace("\n", " ⏎ ")
