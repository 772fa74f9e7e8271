"""Ranked full-text search: BM25 over paragraphs, snippets from the stored text."""

from __future__ import annotations

import re

from policyscope.analysis.query import across_terms
from policyscope.analysis.query import groups as query_groups
from policyscope.errors import BadArgument
from policyscope.model import SearchHit
from policyscope.store.filters import DocFilter

MARK_OPEN, MARK_CLOSE = "«", "»"
SNIPPET_CHARS = 160
_GAP = r"[^\w+]*"  # what may stand between two indexed tokens


def search(
    store,
    tokenizer,
    query: str,
    flt: DocFilter,
    limit: int = 20,
    offset: int = 0,
    expand=None,
) -> list[SearchHit]:
    groups = query_groups(query, tokenizer, expand or _no_items)
    phrases = [p for g in groups for p in g]  # what to mark: the words as the query has them
    variants = across_terms(groups, tokenizer.terms.han_forms())
    with store.connect() as conn:
        ranked = store.fts.search(conn, groups, flt, limit, offset, variants=variants)
    if not ranked:
        return []
    docs = store.documents_by_id(r.doc_id for r in ranked)
    hits = []
    for r in ranked:
        seg_text = r.text
        d = docs[r.doc_id]
        spans = _match_spans(seg_text, phrases)
        first = spans[0] if spans else (0, 0)
        hits.append(
            SearchHit(
                doc_id=d.id,
                title=d.title,
                date=d.date,
                series=d.series,
                series_key=d.series_key,
                segment_id=r.segment_id,
                start=r.start + first[0],
                end=r.start + first[1],
                score=round(r.score, 4),
                snippet=_snippet(seg_text, spans),
                page=r.page,
            )
        )
    return hits


def _no_items(item_id: str) -> list[str]:
    raise BadArgument(f"concept/entity queries need a knowledge pack (got {item_id!r})")


def _match_spans(text: str, phrases: list[list[str]]) -> list[tuple[int, int]]:
    """Where the query's tokens stand in the paragraph (case-insensitive), merged."""
    low = text.lower()
    found: list[tuple[int, int]] = []
    for phrase in phrases:
        # between a phrase's tokens the text may have spaces or punctuation, which the index
        # leaves out (开展“人工智能+”行动 is a hit for 开展人工智能)
        pattern = _GAP.join(re.escape(t) for t in phrase)
        found.extend((m.start(), m.end()) for m in re.finditer(pattern, low))
    found.sort()
    merged: list[tuple[int, int]] = []
    for s, e in found:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _snippet(text: str, spans: list[tuple[int, int]]) -> str:
    if len(text) <= SNIPPET_CHARS or not spans:
        lo, hi = 0, min(len(text), SNIPPET_CHARS)
    else:
        centre = spans[0][0]
        lo = max(0, centre - SNIPPET_CHARS // 3)
        hi = min(len(text), lo + SNIPPET_CHARS)
    out, pos = [], lo
    for s, e in spans:
        if s < lo or e > hi:
            continue
        out.append(text[pos:s] + MARK_OPEN + text[s:e] + MARK_CLOSE)
        pos = e
    out.append(text[pos:hi])
    body = "".join(out).replace("\n", " ")
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")
