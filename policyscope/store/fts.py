"""The one small interface behind which engine-specific full-text search lives.

Two indexes over paragraph segments:
- a *token* index (our own CJK-aware tokens, space-joined) for ranked search;
- a *substring* index that narrows literal (KWIC) matching to candidate paragraphs
  (by script, see `substrings`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.engine import Connection

from policyscope.store.filters import DocFilter

Groups = list[list[list[str]]]  # AND of groups, each an OR of phrases (token sequences)


def with_variants(groups: Groups, variants: Groups | None) -> Groups:
    """Each group's phrases followed by its variants: one OR per group."""
    if not variants:
        return groups
    return [[*g, *v] for g, v in zip(groups, variants, strict=True)]


@dataclass
class FtsRow:
    segment_id: int
    tokens: str  # index tokens joined by single spaces
    text: str  # the paragraph's stored text
    # the paragraph's own segment fields, which never change: PostgreSQL keeps them beside
    # the index so that ranking and literal matching need no per-row join to `segments`
    doc_id: int
    start: int
    lang: str | None
    # the literal index's columns for `text`, computed in an ingest worker (see
    # `FtsIndex.literal_columns`); None: `add` computes them
    literal: Any = None


@dataclass
class RankedSegment:
    segment_id: int
    doc_id: int
    start: int
    end: int
    page: int | None
    score: float  # higher is better
    text: str  # the paragraph, read with the ranking so snippets need no second query


class FtsIndex(Protocol):
    # "module:function" taking a paragraph's text to what `add` writes to the literal index
    # for it: importable by name, so that ingest workers compute it instead of the writer
    literal_columns: str

    def create(self, conn: Connection) -> None: ...

    def upgrade(self, conn: Connection, version: int) -> None:
        """Engine-specific part of the migration to schema `version` (often nothing)."""
        ...

    def add(self, conn: Connection, rows: list[FtsRow]) -> None: ...

    def optimize(self, conn: Connection) -> None:
        """Merge the index's pieces for faster queries (after bulk loads or deletes)."""
        ...

    def delete(self, conn: Connection, rows: list[FtsRow]) -> None: ...

    def set_tokens(self, conn: Connection, rows: list[tuple[int, str]]) -> None:
        """New ranked-search tokens for existing paragraphs: (segment_id, tokens)."""
        ...

    def search(
        self,
        conn: Connection,
        groups: Groups,
        flt: DocFilter,
        limit: int,
        offset: int = 0,
        variants: Groups | None = None,
    ) -> list[RankedSegment]:
        """Segments matching every group (an OR of phrases, each a token sequence), best
        first. `variants`, one list per group, are more phrases that satisfy it (the
        query's words across the edges of terms kept whole: `analysis.query.across_terms`)."""
        ...

    def count(
        self, conn: Connection, groups: Groups, flt: DocFilter, variants: Groups | None = None
    ) -> int: ...

    def substring_candidates(
        self, conn: Connection, needle: str, flt: DocFilter, ignore_case: bool = False
    ) -> Iterable[tuple[int, int, int, int, str]] | None:
        """(segment_id, doc_id, start, end, text) of paragraphs that may contain `needle`
        (in any letter case if `ignore_case`), in document order, or None when the index
        cannot narrow it down (the caller then scans). May stream from `conn`: read it
        while the connection is open."""
        ...

    def substring_counts(
        self, conn: Connection, needle: str, flt: DocFilter
    ) -> dict[int, int] | None:
        """doc_id -> how many times the paragraphs hold `needle` (exact case), for the
        documents that hold it: what `substring_candidates` would find, without handing
        over a paragraph. None when the index cannot narrow it down."""
        ...
