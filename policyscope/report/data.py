"""What a briefing reads: `BriefingData`, handed down by the Workspace.

report/ never sees the Workspace or its store: the Workspace builds this record of
documents, texts, mentions and figures (and the few analysis queries a briefing asks
with arguments it only knows while building) and passes it to
`report.build.build_report`. Lists are read once; queries are called as needed (a
verification is asked for each secondary document, a trend for the terms chosen).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from policyscope.analysis.conflicts import Conflict
    from policyscope.analysis.counting import CountResult
    from policyscope.analysis.ledger import Ledger
    from policyscope.analysis.series import SeriesDocs
    from policyscope.analysis.targets import TargetRow
    from policyscope.analysis.trend import FirstRow, TrendResult
    from policyscope.analysis.verify import Verdict
    from policyscope.knowledge.loader import Pack
    from policyscope.model import Claim, Document, Event, ItemCount, Segment


class MentionRow(NamedTuple):
    """A linked mention of a pack concept or entity, in document order."""

    doc_id: int
    kind: str  # concept | entity
    item_id: str
    surface: str
    start: int
    end: int


class Mentions(Protocol):
    def __call__(
        self,
        item_ids: Sequence[str] | None = None,
        *,
        doc_ids: Sequence[int] | None = None,
        series: str | None = None,
    ) -> list[MentionRow]:
        """Mentions of `item_ids` (all items when None) in the documents given by
        `doc_ids` or `series` (all documents when neither)."""
        ...


@dataclass
class BriefingData:
    pack: Pack
    documents: list[Document]
    text: Callable[[int], str]
    document: Callable[[int], Document]
    paragraphs: Callable[[int], list[Segment]]
    mentions: Mentions
    facts: list[Claim]
    events: list[Event]  # every dated event, in date order
    targets: list[TargetRow]
    conflicts: list[Conflict]
    translations: set[int]  # documents restating a series member in another language
    entities: Callable[[str], list[ItemCount]]  # of one entity type, most mentioned first
    series_docs: Callable[[str, str | None], SeriesDocs]  # (series, term)
    count: Callable[[str, list[int]], dict[int, CountResult]]  # literal counts per document
    trend: Callable[[list[str], str], TrendResult]  # (terms, series), literal rule
    first: Callable[[list[str], str], list[FirstRow]]  # (terms, series), literal rule
    verify: Callable[[int, str], list[Verdict]]  # (document, against series)
    ledger: Callable[[str], Ledger] | None = None
    pack_dirs: list[Path] = field(default_factory=list)  # folders that may hold report.yaml
