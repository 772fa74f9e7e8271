"""What a watch run did, per source and item: plain data, saved as JSON in `watch_runs`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from policyscope.model import Record

# item statuses: added | new_version | unchanged (same bytes) | not_modified (HTTP 304)
#                | skipped (robots.txt, filters) | failed
NEW = ("added", "new_version")


@dataclass
class ItemOutcome(Record):
    url: str
    role: str  # item | attachment
    status: str
    doc_id: int | None = None
    version: int | None = None
    parent_url: str | None = None
    error: str | None = None
    work_id: int | None = None  # set when the text is a near-duplicate of a stored one


@dataclass
class SourceReport(Record):
    source_id: int
    url: str
    kind: str
    items: list[ItemOutcome] = field(default_factory=list)
    error: str | None = None  # the whole source failed (its index could not be read)

    def counts(self) -> dict[str, int]:
        return dict(Counter(i.status for i in self.items))

    def errors(self) -> list[tuple[str, str | None]]:
        out = [(self.url, self.error)] if self.error else []
        return out + [(i.url, i.error) for i in self.items if i.status == "failed"]


@dataclass
class RunReport(Record):
    run_id: int | None = None
    started_at: str = ""
    finished_at: str | None = None
    requests: int = 0
    sources: list[SourceReport] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        total: Counter = Counter()
        for s in self.sources:
            total.update(s.counts())
        return dict(total)

    def errors(self) -> list[tuple[str, str | None]]:
        return [e for s in self.sources for e in s.errors()]

    def new_doc_ids(self) -> list[int]:
        return [i.doc_id for s in self.sources for i in s.items if i.status in NEW and i.doc_id]

    @classmethod
    def from_dict(cls, data: dict) -> RunReport:
        sources = [
            SourceReport(**{**s, "items": [ItemOutcome(**i) for i in s["items"]]})
            for s in data.get("sources", [])
        ]
        return cls(**{**data, "sources": sources})
