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
    return [hit for hit, _ in search_marked(store, tokenizer, query, flt, limit, offset, expand)]


def search_marked(
    store,
    tokenizer,
    query: str,
    flt: DocFilter,
    limit: int = 20,
    offset: int = 0,
    expand=None,
) -> list[tuple[SearchHit, list[tuple[str, bool]]]]:
    """The hits of `search`, each with its snippet as (text, is_match) parts: the marks
    « » in a snippet cannot tell a match from the same characters in the text."""
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
        parts = snippet_parts(seg_text, spans)
        hit = (
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
                snippet=_snippet(parts),
                page=r.page,
            ),
            parts,
        )
        hits.append(hit)
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


def _snippet(parts: list[tuple[str, bool]]) -> str:
    return "".join(MARK_OPEN + p + MARK_CLOSE if marked else p for p, marked in parts)


def snippet_parts(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """The snippet around the first match as (text, is_match) parts, with an ellipsis
    part where the paragraph is cut, and line breaks as spaces."""
    if len(text) <= SNIPPET_CHARS or not spans:
        lo, hi = 0, min(len(text), SNIPPET_CHARS)
    else:
        centre = spans[0][0]
        lo = max(0, centre - SNIPPET_CHARS // 3)
        hi = min(len(text), lo + SNIPPET_CHARS)
    out: list[tuple[str, bool]] = [("…", False)] if lo > 0 else []
    pos = lo
    for s, e in spans:
        if s < lo or e > hi:
            continue
        out += [(text[pos:s], False), (text[s:e], True)]
        pos = e
    out.append((text[pos:hi], False))
    if hi < len(text):
        out.append(("…", False))
    return [(p.replace("\n", " "), marked) for p, marked in out if p or marked]
