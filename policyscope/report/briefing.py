"""`Briefing`: what every section of one briefing shares — the data, the scope, the
language's templates, the citation registry — and the helpers that name documents and
items, cite spans and say figures. Sections (`report.sections`) and key-point rules
(`report.rules`) receive it; the few findings one section hands to another (events,
conflicts, verdicts kept; the ledger's metrics) are kept here too.

Scope
  * `topics`: `series:S` picks the series of the trend chart, the new-term rule and the
    verification (default: the pack's series, `report.config`, when stored, else the
    series with the most documents). `concept:ID` / `entity:ID` are the terms of the
    trend chart (counted as linked mentions) and limit the other sections to the
    documents that mention one of them.
  * `date_from` / `date_to` limit the documents by date (undated documents are kept: they
    cannot be placed) and the timeline by event date.

Certainty: a figure reaches the targets, key figures, conflicts, verdicts or key points
only when `extract.certainty.is_certain` accepts its stored claim (metric, kind, measure
and period known); the rest are counted in a coverage note.
"""

from __future__ import annotations

from collections import Counter
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policyscope.corpus import DocFilter
from policyscope.errors import BadArgument
from policyscope.extract.certainty import is_certain
from policyscope.model import MentionSpan
from policyscope.report.articles import ARTICLE
from policyscope.report.changes import Changes
from policyscope.report.cite import Notes
from policyscope.report.config import ReportConfig
from policyscope.report.data import BriefingData
from policyscope.report.found import Found
from policyscope.report.model import Citation, Notice
from policyscope.report.numbers import say
from policyscope.report.text import Templates
from policyscope.report.topic import Topic

if TYPE_CHECKING:
    from policyscope.analysis.verify import Verdict
    from policyscope.model import Claim, Document, Event

CONTEXT = 90  # characters of context shown around a term


def parse_topics(topics: list[str] | None) -> tuple[list[str], list[str]]:
    """(series, items) from 'series:S', 'concept:ID', 'entity:ID'."""
    series: list[str] = []
    items: list[str] = []
    for t in topics or []:
        kind, _, val = str(t).partition(":")
        if not val or kind not in ("series", "concept", "entity"):
            raise BadArgument(
                f"topic {t!r}: use concept:ID, entity:ID or series:S "
                "(ids from 'policyscope concepts' / 'policyscope entities')"
            )
        (series if kind == "series" else items).append(t if kind != "series" else val)
    return series, items


class Briefing:
    def __init__(
        self,
        data: BriefingData,
        config: ReportConfig,
        topics: list[str] | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        lang: str = "en",
        templates: str | Path | None = None,
    ):
        if lang not in ("en", "ko"):
            raise BadArgument(f"lang {lang!r}: use ko or en")
        self.data, self.config = data, config
        self.lang = lang
        self.date_from, self.date_to = date_from, date_to
        self.t = Templates(lang, templates)
        self.L = self.t.labels
        self.notes = Notes(data.corpus, lang)
        self.pack = data.pack
        self.series_topics, self.items = parse_topics(topics)
        for item in self.items:
            if item.partition(":")[2] not in self.pack:
                raise BadArgument(f"topic {item!r}: no such concept or entity in the pack")
        self.coverage: list[str] = []
        self.topic = Topic.of(self.mentions, self.items, self.notes.text) if self.items else None
        self.all_docs = {d.id: d for d in data.corpus.documents()}
        self.scope = self._scope()
        self.series = self._series()
        self.found = Found()
        self._fact_at: dict[tuple[int | None, int | None], Claim] = {}

    # ------------------------------------------------------------------ scope
    def _scope(self) -> dict[int, Document]:
        docs = dict(self.all_docs)
        if self.date_from or self.date_to:
            keep = {}
            for i, d in docs.items():
                if d.date and self.date_from and d.date[: len(self.date_from)] < self.date_from:
                    continue
                if d.date and self.date_to and d.date[: len(self.date_to)] > self.date_to:
                    continue
                keep[i] = d
            docs = keep
        if self.items:
            hit = {r.doc_id for r in self.mentions([i.partition(":")[2] for i in self.items])}
            docs = {i: d for i, d in docs.items() if i in hit}
        return docs

    def _series(self) -> str | None:
        if self.series_topics:
            s = self.series_topics[0]
            if not any(d.series == s for d in self.all_docs.values()):
                raise BadArgument(f"series {s!r} has no document in the workspace")
            return s
        counts = Counter(d.series for d in self.all_docs.values() if d.series)
        if self.config.series in counts:
            return self.config.series
        return counts.most_common(1)[0][0] if counts else None

    def mentions(
        self,
        item_ids: list[str] | None = None,
        *,
        doc_ids: list[int] | None = None,
        series: str | None = None,
    ) -> list[MentionSpan]:
        """Mentions of `item_ids` (every item when None) in the documents `doc_ids`, or
        of `series`, or all, in document order."""
        flt = DocFilter(doc_ids=doc_ids) if doc_ids is not None else DocFilter(series=series)
        return self.data.corpus.mentions(item_ids, flt)

    def events_in_dates(self) -> list[Event]:
        """The timeline's events within `date_from` / `date_to` (by their date's prefix)."""
        out = self.data.events
        if self.date_from:
            out = [e for e in out if e.date[: len(self.date_from)] >= self.date_from]
        if self.date_to:
            out = [e for e in out if e.date[: len(self.date_to)] <= self.date_to]
        return out

    # ------------------------------------------------------------------ names
    def label(self, item_id: str | None) -> str:
        if not item_id:
            return ""
        if item_id.startswith("np:"):
            return item_id[3:]
        if item_id in self.pack:
            return self.pack.label(item_id, self.lang)
        return self.t.subjects.get(item_id.lower(), item_id)

    def series_name(self, series: str | None) -> str:
        """The series as the briefing's language names it (정부업무보고), not its id."""
        if not series:
            return ""
        return self.pack.label(series, self.lang) if series in self.pack else series

    def doc(self, doc_id: int | None) -> Document | None:
        """The stored document (None for an unknown or missing id)."""
        return self.all_docs.get(doc_id) if doc_id is not None else None

    def doc_name(self, doc_id: int | None) -> str:
        d = self.doc(doc_id)
        if d is None:
            return f"#{doc_id}"
        if d.series and d.series_key:
            lang = self.L.get(f"lang_{d.language}", "") if d.language != self.lang else ""
            return self.t(
                "doc_member", series=self.series_name(d.series), key=d.series_key, lang=lang
            )
        title = d.title or Path(d.source_path or "").name or f"#{doc_id}"
        return title if len(title) <= 48 else title[:47] + "…"

    def member_name(self, member: tuple[str, int]) -> str:
        return self.doc_name(member[1])

    def member_cites(self, member: tuple[str, int]) -> list[Citation]:
        """What names a series member (key, doc_id) in its own text (`doc_cites`)."""
        return self.doc_cites(member[1])

    def doc_cites(self, doc_id: int) -> list[Citation]:
        """What names a document in its own text: its title near the top, else its first
        paragraph (its key or date is then read from the stored metadata)."""
        c = self.title_cite(doc_id)
        if c is None:
            _text, paras = self.paragraphs(doc_id)
            c = self.notes.cite(doc_id, *paras[0]) if paras else None
        return [c] if c else []

    def term_with_gloss(self, surface: str, item_id: str) -> str:
        """'具身智能 (신체화 AI)': the term as written, glossed from the pack."""
        label = self.label(item_id)
        return surface if not label or label == surface else f"{surface} ({label})"

    def secondary(self, doc_id: int | None) -> bool:
        d = self.doc(doc_id)
        return d is not None and not d.series

    # ------------------------------------------------------------------ figures
    @cached_property
    def facts(self) -> list[Claim]:
        out = [c for c in self.data.facts if c.doc_id in self.all_docs]
        for c in out:
            self._fact_at.setdefault((c.doc_id, c.start), c)
        return out

    def claim_at(self, doc_id: int | None, start: int | None) -> Claim | None:
        """The stored figure whose span starts at `start` (None when there is none)."""
        self.facts  # noqa: B018 - fills the index
        return self._fact_at.get((doc_id, start))

    def certain_at(self, doc_id: int | None, start: int | None) -> bool:
        """A figure may reach a table, a conflict, a key point or a verdict only when its
        metric, kind, measure and period are known (`extract.certainty`)."""
        c = self.claim_at(doc_id, start)
        return c is not None and is_certain(c)

    def unit_kind(self, metric: str) -> str:
        m = self.pack.metrics.get(metric)
        return m.unit_kind if m is not None else ""

    def say_claim(self, c: Claim) -> str:
        """A stored figure in the briefing's language (5,784억 위안 / RMB 578.4 billion)."""
        return say(
            c.value_base,
            c.base_unit,
            c.qualifier,
            self.lang,
            self.unit_kind(c.metric),
            c.value_high,
        )

    def say_at(self, doc_id, start, base, unit: str, qualifier: str, metric: str) -> str:
        c = self.claim_at(doc_id, start)
        if c is not None:
            return self.say_claim(c)
        return say(base, unit, qualifier or "exact", self.lang, self.unit_kind(metric))

    def verdict_claim(self, v: Verdict) -> Claim | None:
        """The stored figure of the secondary source a figure verdict is about."""
        want = ((v.details or {}).get("claimed") or {}).get("value")
        for c in self.facts:
            if c.doc_id == v.doc_id and v.start <= c.start < v.end and c.value_base == want:
                return c
        return None

    @cached_property
    def changes(self) -> Changes | None:
        topic = self.about_topic if self.topic is not None else None
        return Changes.of(self.data.corpus, self.series, self.facts, is_certain, topic)

    # ------------------------------------------------------------------ citations
    def figure_cite(self, doc_id, start, end, quote) -> tuple[str, list[Citation]]:
        """The figure as the stored text writes it, cited with the sentence it stands in."""
        if doc_id is None or start is None:
            return "", []
        text = self.notes.text(doc_id)
        shown = text[start:end].strip()
        qs, qe = self.quote_span(doc_id, quote, start, end)
        return shown, self.notes.cites((doc_id, qs, qe, start))

    def quote_span(self, doc_id: int, quote: str, start: int, end: int) -> tuple[int, int]:
        text = self.notes.text(doc_id)
        if quote:
            i = text.find(quote, max(0, start - len(quote)))
            while i != -1 and i <= start:
                if i + len(quote) >= end:
                    return i, i + len(quote)
                i = text.find(quote, i + 1)
        return self.notes.sentence_span(doc_id, start)

    def occurrence(self, doc_id: int, s: int, e: int) -> Citation | None:
        """The sentence around an occurrence (a term, a mention)."""
        lo, hi = self.notes.sentence_span(doc_id, s)
        return self.notes.cite(doc_id, lo, max(hi, e), focus=s)

    def title_cite(self, doc_id: int) -> Citation | None:
        """The document's title where its own text states it (near the top)."""
        d = self.all_docs.get(doc_id)
        if d is None or not d.title:
            return None
        i = self.notes.text(doc_id).find(d.title, 0, 4000)
        return self.notes.cite(doc_id, i, i + len(d.title)) if i >= 0 else None

    def context(self, doc_id: int, start: int, end: int) -> str:
        """A few words around a mention, cut at the sentence (it is quoted in the note)."""
        lo, hi = self.notes.sentence_span(doc_id, start)
        lo, hi = max(lo, start - CONTEXT // 2), min(hi, end + CONTEXT // 2)
        text = self.notes.text(doc_id)
        return ("…" if lo > 0 else "") + " ".join(text[lo:hi].split()) + "…"

    def paragraphs(self, doc_id: int) -> tuple[str, list[tuple[int, int]]]:
        segs = self.data.corpus.segments(doc_id, "paragraph")
        return self.notes.text(doc_id), [(g.start, g.end) for g in segs]

    def quote_lang(self, c: Citation | None) -> str:
        """The language of a quoted cell when it differs from the briefing's."""
        return c.lang if c is not None and c.lang and c.lang != self.lang else ""

    # ------------------------------------------------------------------ topic
    def about_topic(self, doc_id, start, end) -> bool:
        """Without a topic everything is in; with one, only spans that mention it."""
        return self.topic is None or self.topic.covers(doc_id, start, end)

    def about_topic_at(self, doc_id: int, pos: int) -> bool:
        """Does the sentence around `pos` mention the topic?"""
        if self.topic is None:
            return True
        return self.about_topic(doc_id, *self.notes.sentence_span(doc_id, pos))

    # ------------------------------------------------------------------ the regulation
    @cached_property
    def regulation_doc(self) -> Document | None:
        """The stored primary text of the pack's regulation (`report.yaml`): named by its
        file or its title, with at least three articles."""
        reg = self.config.regulation
        if reg is None:
            return None
        ent = self.pack.entities.get(reg.entity)
        names = set(ent.surface_forms()) if ent else set()
        for d in self.all_docs.values():
            if (reg.file and d.source_path and reg.file in d.source_path) or (
                d.title and any(n in d.title for n in names if len(n) > 6)
            ):
                if len(ARTICLE.findall(self.notes.text(d.id))) >= 3:
                    return d
        return None

    # ------------------------------------------------------------------ notes to the reader
    def cover(self, name: str, **values: Any) -> None:
        """A coverage note (what was left out and why), in the briefing's language."""
        self.coverage.append(self.t(name, **values))

    def nodata(self, what: str) -> Notice:
        return Notice(self.t("nodata", what=what))
