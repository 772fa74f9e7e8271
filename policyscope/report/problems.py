"""A problem a checker finds in a written briefing (`report.check`, `report.check_lang`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Problem:
    where: str
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}: {self.text[:160]!r}"
