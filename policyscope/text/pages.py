"""Pages of documents that have them (PDF): offsets in the normalised text -> page numbers."""

from __future__ import annotations

import bisect


def page_of(page_starts: list[int] | None, pos: int) -> int | None:
    """The 1-based page holding offset `pos`; None for a document without pages."""
    if not page_starts:
        return None
    return bisect.bisect_right(page_starts, pos)
