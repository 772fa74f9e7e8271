"""The document filter every query shares, as portable SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class DocFilter:
    series: str | None = None
    lang: str | None = None  # paragraph language
    date_from: str | None = None
    date_to: str | None = None
    doc_ids: list[int] = field(default_factory=list)
    include_superseded: bool = False

    def sql(self, d: str = "d", s: str | None = "s") -> tuple[str, dict[str, Any]]:
        """A WHERE fragment (starting with ' AND ') over documents alias `d`, segments `s`."""
        parts: list[str] = []
        params: dict[str, Any] = {}
        if not self.include_superseded:
            parts.append(f"{d}.superseded_by IS NULL")
        if self.series:
            parts.append(f"{d}.series = :f_series")
            params["f_series"] = self.series
        if self.lang and s:
            parts.append(f"{s}.lang = :f_lang")
            params["f_lang"] = self.lang
        if self.date_from:
            parts.append(f"{d}.date >= :f_from")
            params["f_from"] = self.date_from
        if self.date_to:
            # '2024' must include '2024-03-05': compare on the bound's own precision
            parts.append(f"substr({d}.date, 1, {len(self.date_to)}) <= :f_to")
            params["f_to"] = self.date_to
        if self.doc_ids:
            names = []
            for i, doc_id in enumerate(self.doc_ids):
                params[f"f_doc{i}"] = int(doc_id)
                names.append(f":f_doc{i}")
            parts.append(f"{d}.id IN ({', '.join(names)})")
        return "".join(f" AND {p}" for p in parts), params
