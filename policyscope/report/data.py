"""What a briefing reads: `BriefingData`, handed down by the Workspace.

report/ never sees the Workspace or its store: it reads the `Corpus` (documents, texts,
paragraphs, mentions, the knowledge in use; `policyscope.corpus`) and the findings the
Workspace computes over it (figures, events, targets, conflicts), and asks the two
queries whose arguments it only knows while building (a verification per secondary
document, the ledger of the series it chose).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policyscope.analysis.conflicts import Conflict
    from policyscope.analysis.ledger import Ledger
    from policyscope.analysis.targets import TargetRow
    from policyscope.analysis.verify import Verdict
    from policyscope.corpus import Corpus
    from policyscope.knowledge.loader import Pack
    from policyscope.model import Claim, Event, ItemCount


@dataclass
class BriefingData:
    corpus: Corpus
    pack: Pack  # the knowledge in use (the corpus's, unless a caller gives another)
    facts: list[Claim]
    events: list[Event]  # every dated event, in date order
    targets: list[TargetRow]
    conflicts: list[Conflict]
    translations: set[int]  # documents restating a series member in another language
    entities: Callable[[str], list[ItemCount]]  # of one entity type, most mentioned first
    verify: Callable[[int, str], list[Verdict]]  # (document, against series)
    ledger: Callable[[str], Ledger] | None = None  # the target/outcome ledger of a series
    pack_dirs: list[Path] = field(default_factory=list)  # folders that may hold report.yaml
