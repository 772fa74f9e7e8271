"""Workspace methods for briefings (cited, charted reports). Mixed into Workspace.

    ws.report_content(topics=["concept:embodied_ai"], lang="ko")   -> report.model.Report
    ws.report(lang="ko", fmt="html", out="briefing.html")          -> Path

How sections and key points are chosen: `policyscope.report.build`; the formats:
`policyscope.report.render`; the citation checker: `policyscope.report.check`.
"""

from __future__ import annotations

import os
from pathlib import Path

from policyscope.workspace_base import WorkspaceBase


class ReportMixin(WorkspaceBase):
    def report_content(
        self,
        topics: list[str] | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        lang: str = "en",
        templates: str | os.PathLike | None = None,
    ):
        """The briefing as a content model (Report -> Sections -> Blocks), every figure
        and statement with its Citation (document, location, quote, offsets)."""
        from policyscope.report.build import build_report

        return build_report(self, topics, date_from, date_to, lang, templates)

    def report(
        self,
        topics: list[str] | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        lang: str = "en",
        fmt: str = "html",
        out: str | os.PathLike | None = None,
        templates: str | os.PathLike | None = None,
    ) -> Path:
        """Write a briefing (md | html | pdf | docx) and return its path (default
        ./policyscope-briefing.<lang>.<fmt>). `topics`: concept:ID, entity:ID, series:S."""
        from policyscope.errors import BadArgument
        from policyscope.report.render import FORMATS, render

        if fmt not in FORMATS:
            raise BadArgument(f"format {fmt!r}: use one of {', '.join(FORMATS)}")
        content = self.report_content(topics, date_from, date_to, lang, templates)
        path = Path(out) if out else Path(f"policyscope-briefing.{lang}.{fmt}")
        return render(content, fmt, path, templates)
