"""What sections of a briefing keep for the key points and for one another."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policyscope.analysis.conflicts import Conflict
    from policyscope.analysis.verify import Verdict
    from policyscope.model import Document, Event
    from policyscope.report.verdicts import Told


@dataclass
class KeptVerdict:
    """A verdict the verification section shows, on `doc`, told in the briefing's language."""

    verdict: Verdict
    doc: Document
    told: Told


@dataclass
class Found:
    events: list[Event] = field(default_factory=list)  # the timeline's entries (first of each)
    conflicts: list[Conflict] = field(default_factory=list)  # kept and certain
    verdicts: list[KeptVerdict] = field(default_factory=list)
    ledger_shown: bool = False  # the ledger table has rows: targets leave the series' out
    ledger_metrics: set[str] = field(default_factory=set)
