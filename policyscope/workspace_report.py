"""Workspace methods for briefings (cited, charted reports). Mixed into Workspace.

    ws.report_content(topics=["concept:embodied_ai"], lang="ko")   -> report.model.Report
    ws.report(lang="ko", fmt="html", out="briefing.html")          -> Path
    ws.briefing_data()                                             -> report.data.BriefingData

The report package never sees the Workspace: `briefing_data` hands it the documents,
texts, mentions, figures and the analysis queries a briefing asks. How sections and key
points are chosen: `policyscope.report.build`; the formats: `policyscope.report.render`;
the citation checker: `policyscope.report.check`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from policyscope.errors import BadArgument
from policyscope.report.data import BriefingData, MentionRow
from policyscope.store.filters import DocFilter


class ReportMixin:
    def briefing_data(self) -> BriefingData:
        """What a briefing reads, handed to `policyscope.report.build.build_report`."""
        from policyscope.analysis.counting import count_term  # noqa: PLC0415 (lazy: start-up time)

        store = self.store

        def mentions(
            item_ids: Sequence[str] | None = None,
            *,
            doc_ids: Sequence[int] | None = None,
            series: str | None = None,
        ) -> list[MentionRow]:
            ids = list(item_ids) if item_ids is not None else None
            flt = (
                DocFilter(doc_ids=list(doc_ids))
                if doc_ids is not None
                else DocFilter(series=series)
            )
            return [MentionRow(*r) for r in store.mention_rows(ids, flt)]

        return BriefingData(
            pack=self.pack,
            documents=self.documents(),
            text=store.text,
            document=store.document,
            paragraphs=lambda doc_id: store.segments(doc_id, "paragraph"),
            mentions=mentions,
            facts=self.facts(),
            events=self.timeline(),
            targets=self.targets(),
            conflicts=self.conflicts(),
            translations=self.translations(),
            entities=lambda type_: self.entities(type=type_),
            series_docs=lambda series, term: self.series_docs(series, term=term),
            count=lambda term, doc_ids: count_term(self, term, doc_ids, "literal"),
            trend=lambda terms, series: self.trend(terms, series, rule="literal"),
            first=lambda terms, series: self.first(terms, series, rule="literal"),
            verify=lambda doc_id, series: self.verify(doc_id, against=series),
            ledger=getattr(self, "ledger", None),
            pack_dirs=[Path(p) for p in self.user_packs],
        )

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
