"""Workspace methods for briefings (cited, charted reports). Mixed into Workspace.

    ws.report_content(topics=["concept:embodied_ai"], lang="ko")   -> report.model.Report
    ws.report(lang="ko", fmt="html", out="briefing.html")          -> Path
    ws.briefing_data()                                             -> report.data.BriefingData

The report package never sees the Workspace: `briefing_data` hands it the corpus
(documents, texts, mentions, the knowledge in use) and the findings computed over it.
How sections and key points are chosen: `policyscope.report.build`; the formats:
`policyscope.report.render`; the citation checker: `policyscope.report.check`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, cast

from policyscope.errors import BadArgument
from policyscope.report.data import BriefingData
from policyscope.report.model import FORMATS

if TYPE_CHECKING:
    from policyscope.report.model import Report
    from policyscope.workspace import Workspace

from policyscope.workspace.base import WorkspaceBase


class ReportMixin(WorkspaceBase):
    report_formats: tuple[str, ...] = FORMATS  # what `report(fmt=...)` writes

    def briefing_data(self) -> BriefingData:
        """What a briefing reads, handed to `policyscope.report.build.build_report`."""
        ws = cast("Workspace", self)  # a mixin of the Workspace: its methods are there
        return BriefingData(
            corpus=ws.corpus,
            pack=ws.pack,
            facts=ws.facts(),
            events=ws.timeline(),
            targets=ws.targets(),
            conflicts=ws.conflicts(),
            translations=ws.translations(),
            entities=lambda type_: ws.entities(type=type_),
            verify=lambda doc_id, series: ws.verify(doc_id, against=series),
            ledger=ws.ledger,
            pack_dirs=[Path(p) for p in ws.user_packs],
        )

    def report_content(
        self,
        topics: list[str] | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        lang: str = "en",
        templates: str | os.PathLike | None = None,
    ) -> Report:
        """The briefing as a content model (Report -> Sections -> Blocks), every figure
        and statement with its Citation (document, location, quote, offsets)."""
        from policyscope.report.build import build_report  # noqa: PLC0415 (lazy: start-up time)

        folder = Path(templates) if templates else None
        return build_report(self.briefing_data(), topics, date_from, date_to, lang, folder)

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
        from policyscope.report.render import FORMATS, render  # noqa: PLC0415 (lazy: start-up time)

        if fmt not in FORMATS:
            raise BadArgument(f"format {fmt!r}: use one of {', '.join(FORMATS)}")
        content = self.report_content(topics, date_from, date_to, lang, templates)
        path = Path(out) if out else Path(f"policyscope-briefing.{lang}.{fmt}")
        return render(content, fmt, path, Path(templates) if templates else None)
