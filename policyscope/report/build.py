"""Build a briefing (`policyscope.report.model.Report`) from what the workspace holds.

    report = build_report(ws, topics=["concept:embodied_ai"], lang="ko")

Nothing is written that the workspace does not hold: every sentence is a template
(`templates/<lang>/sentences.j2`) filled with values read from the store, and every value
or statement carries the citation of the span it comes from (`policyscope.report.cite`).
A section without data says so.

Scope
  * `topics`: `series:S` picks the series of the trend chart, the new-term rule and the
    verification (default: cn-gwr when stored, else the series with the most documents).
    `concept:ID` / `entity:ID` are the terms of the trend chart (counted as linked
    mentions) and limit the other sections to the documents that mention one of them.
  * `date_from` / `date_to` limit the documents by date (undated documents are kept: they
    cannot be placed) and the timeline by event date.
  * The regulation box reads the primary text of the Interim Measures for Generative AI
    Services whenever it is stored, whatever the scope.

Key points: `policyscope.report.key_points` (rules R1-R5, shown in the colophon).

Certainty: a figure reaches the targets, key figures, conflicts, verdicts or key points
only when `extract.certainty.is_certain` accepts its stored claim (metric, kind, measure
and period known); the rest are counted in a coverage note.

Language: every word of the body comes from `templates/<lang>/sentences.j2` (labels,
statuses, verdicts, classes, sentences) or the pack's labels in that language; figures
are written by `report.numbers.say`; verdicts are told by `report.verdicts.Told`.

Selection rules of the sections
  * Timeline: events `extract.events.event_flaw` accepts (a date, an action from a closed
    list, a pack object of a kind that action takes, an entity actor stated or implied by
    the pack); the same date, action and object from several documents is one entry
    citing each (up to 3).
  * Targets: pack metrics only (unlinked 'np:' noun phrases are not reliable names) and
    not superseded; of those, judged ones (status other than 'unknown'), targets stated
    by documents outside a series, and targets with the latest deadline.
  * Key figures: observed kinds (actual, share, growth rate, estimate, forecast) of pack
    metrics, one row per (metric, subject, value, period, kind); secondary documents
    first when there are more than `MAX_FIGURES`.
  * Conflicts: both documents in scope; within one document only for a secondary
    source; the two figures must be able to be about the same year (an undated figure
    of a yearly series member Y is about Y-1 or Y); conflicts involving a secondary
    document first.
  * Verification: every document in scope outside a series (and not the regulation)
    verified against the series; contradicted first.

Sections: key points, topic (with --topic), main targets compared (hook for the ledger),
what changed, new terms, timeline, targets vs actuals, key figures, term trends (chart,
data, first appearances), actors, regulation box, verification, conflicts, references.
With a concept/entity topic every section keeps only what lies in sentences that mention
it, and sections left with nothing are dropped (`report.topic`).

Limits (rows beyond them are left out, and a coverage note says how many were kept):
`MAX_EVENTS`, `MAX_FIGURES`, `MAX_VERDICTS`, `MAX_CONFLICTS`, actors `ACTORS_PER_TYPE`.
"""

from __future__ import annotations

import io
import re
import time
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

from policyscope.errors import BadArgument
from policyscope.extract.certainty import is_certain
from policyscope.report.cite import Notes, short_quote
from policyscope.report.key_points import KeyPointRules
from policyscope.report.model import (
    Cell,
    Chart,
    Citation,
    KeyPoints,
    Notice,
    Obligation,
    Paragraph,
    Reference,
    References,
    RegulationBox,
    Report,
    Section,
    Sentence,
    Table,
    Timeline,
    TimelineEntry,
)
from policyscope.report.numbers import say
from policyscope.report.sections_change import ChangeSections
from policyscope.report.text import Templates
from policyscope.report.topic import Topic
from policyscope.report.verdicts import Told

DEFAULT_SERIES = "cn-gwr"
DEFAULT_TERMS = ["人工智能", "人工智能+", "具身智能", "新质生产力"]
REGULATION_ID = "genai_interim_measures"
REGULATION_FILE = "genai-interim-measures"
OBLIGATION_WORDS = ("应当", "不得")
ACTOR_TYPES = ("organization", "company", "ai_model", "person")
ACTORS_PER_TYPE = 6
MAX_EVENTS = 60
MAX_FIGURES = 40
MAX_TARGETS = 40
MAX_VERDICTS = 30
MAX_CONFLICTS = 15
OBSERVED = ("actual", "share", "growth_rate", "estimate", "forecast")

_ZH_NUM = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_ZH_NUM.update({"六": 6, "七": 7, "八": 8, "九": 9})
_ARTICLE = re.compile(r"^第([一二三四五六七八九十百零〇]+)条", re.MULTILINE)
_CHAPTER = re.compile(r"^第[一二三四五六七八九十]+章", re.MULTILINE)
_HAS_DIGIT = re.compile(r"\d")
_CLAUSE_STOPS = re.compile(r"[。；;]")
_DOC_REF = re.compile(r"\s*\(doc (\d+)\)")
_BULLETS = "-–•※*·▪■□◦ \t"


def lean(text: str, cites: list[Citation]) -> Cell:
    """A label cell of a cited row: it carries the row's citation only when it holds a
    number (the row's figure cells carry it anyway), to keep tables readable."""
    return Cell(text, cites if _HAS_DIGIT.search(text or "") else [])


def zh_number(s: str) -> int:
    """第二十四条 -> 24 (numerals up to 999)."""
    total, cur = 0, 0
    for ch in s:
        if ch == "百":
            total += (cur or 1) * 100
            cur = 0
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        else:
            cur = _ZH_NUM.get(ch, 0)
    return total + cur


def parse_topics(topics: list[str] | None) -> tuple[list[str], list[str]]:
    """(series, items) from 'series:S', 'concept:ID', 'entity:ID'."""
    series, items = [], []
    for t in topics or []:
        kind, _, val = str(t).partition(":")
        if not val or kind not in ("series", "concept", "entity"):
            raise BadArgument(
                f"topic {t!r}: use concept:ID, entity:ID or series:S "
                "(ids from 'policyscope concepts' / 'policyscope entities')"
            )
        (series if kind == "series" else items).append(t if kind != "series" else val)
    return series, items


class Builder(ChangeSections, KeyPointRules):
    is_certain = staticmethod(is_certain)

    def __init__(
        self,
        ws,
        topics: list[str] | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        lang: str = "en",
        templates: str | Path | None = None,
    ):
        if lang not in ("en", "ko"):
            raise BadArgument(f"lang {lang!r}: use ko or en")
        self.ws = ws
        self.lang = lang
        self.date_from, self.date_to = date_from, date_to
        self.t = Templates(lang, templates)
        self.L = self.t.labels
        self.notes = Notes(ws, lang)
        self.pack = ws.pack
        self.series_topics, self.items = parse_topics(topics)
        for item in self.items:
            iid = item.partition(":")[2]
            if iid not in self.pack:
                raise BadArgument(f"topic {item!r}: no such concept or entity in the pack")
        self.timings: dict[str, float] = {}
        self.coverage: list[str] = []
        self.topic = Topic.of(ws, self.items, self.notes.text) if self.items else None
        self.all_docs = {d.id: d for d in ws.documents()}
        self.scope = self._scope()
        self.series = self._series()
        self.events: list = []
        self.target_rows: list = []
        self.conflict_rows: list = []
        self.verdicts: list = []
        self.first_rows: list = []
        self.new_terms: list[Sentence] = []
        self._facts: list | None = None
        self.ledger_shown = False
        self.ledger_metrics: set[str] = set()
        self._fact_at: dict[tuple[int, int], object] = {}

    # ------------------------------------------------------------------ helpers
    def _scope(self) -> dict[int, object]:
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
            from policyscope.store.filters import DocFilter

            ids = [i.partition(":")[2] for i in self.items]
            hit = {r[0] for r in self.ws.store.mention_rows(ids, DocFilter())}
            docs = {i: d for i, d in docs.items() if i in hit}
        return docs

    def _series(self) -> str | None:
        if self.series_topics:
            s = self.series_topics[0]
            if not any(d.series == s for d in self.all_docs.values()):
                raise BadArgument(f"series {s!r} has no document in the workspace")
            return s
        counts = Counter(d.series for d in self.all_docs.values() if d.series)
        if DEFAULT_SERIES in counts:
            return DEFAULT_SERIES
        return counts.most_common(1)[0][0] if counts else None

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

    def doc_name(self, doc_id: int | None) -> str:
        d = self.all_docs.get(doc_id) if doc_id is not None else None
        if d is None:
            return f"#{doc_id}"
        if d.series and d.series_key:
            lang = self.L.get(f"lang_{d.language}", "") if d.language != self.lang else ""
            return self.t(
                "doc_member", series=self.series_name(d.series), key=d.series_key, lang=lang
            )
        title = d.title or Path(d.source_path or "").name or f"#{doc_id}"
        return title if len(title) <= 48 else title[:47] + "…"

    @property
    def facts(self) -> list:
        if self._facts is None:
            self._facts = [c for c in self.ws.facts() if c.doc_id in self.all_docs]
            for c in self._facts:
                self._fact_at.setdefault((c.doc_id, c.start), c)
        return self._facts

    def claim_at(self, doc_id, start):
        """The stored figure whose span starts at `start` (None when there is none)."""
        self.facts  # noqa: B018 - fills the index
        return self._fact_at.get((doc_id, start))

    def certain_at(self, doc_id, start) -> bool:
        """A figure may reach a table, a conflict, a key point or a verdict only when its
        metric, kind, measure and period are known (`extract.certainty`)."""
        c = self.claim_at(doc_id, start)
        return c is not None and is_certain(c)

    def unit_kind(self, metric: str) -> str:
        m = self.pack.metrics.get(metric)
        return m.unit_kind if m is not None else ""

    def say_claim(self, c) -> str:
        """A stored figure in the briefing's language (5,784억 위안 / RMB 578.4 billion)."""
        return say(
            c.value_base,
            c.base_unit,
            c.qualifier,
            self.lang,
            self.unit_kind(c.metric),
            c.value_high,
        )

    def say_at(self, doc_id, start, base, unit, qualifier, metric) -> str:
        c = self.claim_at(doc_id, start)
        if c is not None:
            return self.say_claim(c)
        return say(base, unit, qualifier or "exact", self.lang, self.unit_kind(metric))

    def figure_cite(self, doc_id, start, end, quote) -> tuple[str, list[Citation]]:
        """The figure as the stored text writes it, cited with the sentence it stands in."""
        if doc_id is None or start is None:
            return "", []
        text = self.notes.text(doc_id)
        shown = text[start:end].strip()
        qs, qe = self.quote_span(doc_id, quote, start, end)
        return shown, self.notes.cites((doc_id, qs, qe, start))

    def quote_span(self, doc_id, quote, start, end) -> tuple[int, int]:
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

    def about_topic(self, doc_id, start, end) -> bool:
        """Without a topic everything is in; with one, only spans that mention it."""
        return self.topic is None or self.topic.covers(doc_id, start, end)

    def about_topic_at(self, doc_id: int, pos: int) -> bool:
        """Does the sentence around `pos` mention the topic?"""
        if self.topic is None:
            return True
        return self.about_topic(doc_id, *self.notes.sentence_span(doc_id, pos))

    def paragraphs(self, doc_id: int) -> tuple[str, list[tuple[int, int]]]:
        segs = self.ws.store.segments(doc_id, "paragraph")
        return self.notes.text(doc_id), [(g.start, g.end) for g in segs]

    def quote_lang(self, c: Citation | None) -> str:
        """The language of a quoted cell when it differs from the briefing's."""
        return c.lang if c is not None and c.lang and c.lang != self.lang else ""

    def cover(self, name: str, **values) -> None:
        """A coverage note (what was left out and why), in the briefing's language."""
        self.coverage.append(self.t(name, **values))

    def nodata(self, what: str) -> Notice:
        return Notice(self.t("nodata", what=what))

    def _timed(self, name, fn):
        t0 = time.perf_counter()
        out = fn()
        self.timings[name] = round(time.perf_counter() - t0, 3)
        return out

    # ------------------------------------------------------------------ build
    def build(self) -> Report:
        t0 = time.perf_counter()
        sections = {}
        sections["ledger"] = self._timed("ledger", self.ledger_section)
        sections["timeline"] = self._timed("timeline", self.timeline_section)
        sections["targets"] = self._timed("targets", self.targets_section)
        sections["figures"] = self._timed("figures", self.figures_section)
        sections["trends"] = self._timed("trends", self.trends_section)
        sections["actors"] = self._timed("actors", self.actors_section)
        sections["regulation"] = self._timed("regulation", self.regulation_section)
        sections["verification"] = self._timed("verification", self.verification_section)
        sections["conflicts"] = self._timed("conflicts", self.conflicts_section)
        sections["changes"] = self._timed("changes", self.changes_section)
        sections["new_terms"] = self._timed("new_terms", self.new_terms_section)
        sections["topic"] = self._timed("topic", self.topic_section)
        sections["key_points"] = self._timed("key_points", self.key_points_section)
        order = [
            "key_points",
            "topic",
            "ledger",
            "changes",
            "new_terms",
            "timeline",
            "targets",
            "figures",
            "trends",
            "actors",
            "regulation",
            "verification",
            "conflicts",
        ]
        shown = [sections[k] for k in order if sections.get(k) is not None]
        if self.topic is not None:
            # a focused briefing leaves out what says nothing about its topic
            name = ", ".join(self.label(i) for i in self.topic.items)
            shown = [x for x in shown if not all(isinstance(b, Notice) for b in x.blocks)]
            shown = [x for x in shown if x.id != "trends" or any(iter_cites_of(x))]
            for x in shown:
                x.title = f"{x.title}: {name}"
        report = Report(
            title=self.t.labels["title"],
            subtitle=self.t.labels["subtitle"],
            lang=self.lang,
            sections=shown,
            labels=dict(self.L),
        )
        notes = renumber(report)
        report.notes = notes
        report.sections.append(
            Section("references", self.L["references"], [self.references(notes)])
        )
        report.colophon = self.colophon()
        self.timings["total"] = round(time.perf_counter() - t0, 3)
        report.timings = dict(self.timings)
        return report

    def colophon(self) -> list[str]:
        out = [
            self.t("colophon_generated", when=datetime.now().strftime("%Y-%m-%d %H:%M")),
            self.t(
                "colophon_scope",
                series=self.series_name(self.series),
                topics=", ".join(self.label(i.partition(":")[2]) for i in self.items),
                date_from=self.date_from,
                date_to=self.date_to,
                n=len(self.scope),
                total=len(self.all_docs),
            ),
            self.t("colophon_rules"),
            self.t("colophon_notes"),
        ]
        return out + self.coverage

    # ------------------------------------------------------------------ timeline
    def timeline_section(self) -> Section:
        from policyscope.extract.events import briefing_events

        sec = Section("timeline", self.L["timeline"])
        stated = [
            e
            for e in self.ws.timeline(date_from=self.date_from, date_to=self.date_to)
            if e.doc_id in self.scope and self.about_topic(e.doc_id, e.quote_start, e.quote_end)
        ]
        events = briefing_events(stated, self.pack)
        if len(events) < len(stated):
            self.cover("cov_events", n=len(stated) - len(events))
        merged: dict[tuple, list] = {}
        for e in sorted(events, key=lambda e: -len(e.date)):
            # a less precise date of the same action and object ('2023-08') joins the
            # precise one ('2023-08-15')
            key = next(
                (
                    k
                    for k in merged
                    if k[1] == e.action and k[2] == e.object and k[0].startswith(e.date)
                ),
                (e.date, e.action, e.object),
            )
            merged.setdefault(key, []).append(e)
        merged = dict(sorted(merged.items(), key=lambda kv: (kv[0][0], kv[1][0].doc_id or 0)))
        entries = []
        for (date, action, _obj), group in merged.items():
            e = group[0]
            cites = self.notes.cites(
                *[(g.doc_id, g.quote_start, g.quote_end, g.start) for g in group[:3]]
            )
            if not cites:
                continue
            text = self.t(
                "event",
                actor=self.label(e.actor),
                action=self.t.actions.get(action, action),
                object=self.label(e.object),
            )
            entries.append((e, TimelineEntry(date, Sentence(text, cites))))
        self.events = [e for e, _ in entries]
        if not entries:
            sec.blocks.append(self.nodata("dated events"))
            return sec
        if len(entries) > MAX_EVENTS:
            # keep events about pack items (documents, programmes) first, then the rest
            ranked = sorted(entries, key=lambda x: (x[0].object not in self.pack, x[0].date))
            keep = {id(x[1]) for x in ranked[:MAX_EVENTS]}
            self.cover(
                "cov_limit", section=self.L["timeline"], shown=MAX_EVENTS, total=len(entries)
            )
            entries = [x for x in entries if id(x[1]) in keep]
        sec.blocks.append(Timeline([t for _e, t in entries]))
        return sec

    # ------------------------------------------------------------------ targets
    def targets_section(self) -> Section:
        sec = Section("targets", self.L["targets"])
        stated = [
            r
            for r in self.ws.targets()
            if r.target_doc_id in self.scope
            and not r.metric.startswith("np:")
            and r.status != "superseded"
            and self.about_topic(r.target_doc_id, r.target_start, r.target_end)
        ]
        rows = [r for r in stated if self.certain_at(r.target_doc_id, r.target_start)]
        if self.ledger_shown:
            # the series' own targets are in the ledger table (also when a secondary
            # source restates them); here the others
            rows = [
                r
                for r in rows
                if self.secondary(r.target_doc_id) and r.metric not in self.ledger_metrics
            ]
        if len(rows) < len(stated):
            self.cover("cov_uncertain", section=self.L["targets"], n=len(stated) - len(rows))
        self.target_rows = rows
        if not rows:
            sec.blocks.append(self.nodata("targets"))
            return sec
        latest = max((r.deadline[:4] for r in rows if r.deadline), default="")

        def keep(r) -> bool:
            if r.status != "unknown":
                return True
            d = self.all_docs.get(r.target_doc_id)
            return (d is not None and not d.series) or (r.deadline or "")[:4] >= latest

        kept = [r for r in rows if keep(r)][:MAX_TARGETS]
        if len(kept) < len(rows):
            self.cover("cov_limit", section=self.L["targets"], shown=len(kept), total=len(rows))
        L = self.L
        table = Table(
            [
                L["col_metric"],
                L["col_subject"],
                L["col_target"],
                L["col_deadline"],
                L["col_actual"],
                L["col_period"],
                L["col_status"],
            ],
            css="targets",
        )
        for r in kept:
            table.rows.append(self.target_cells(r))
        sec.blocks.append(table)
        return sec

    def target_cells(self, r) -> list[Cell]:
        t_src, t_cites = self.figure_cite(
            r.target_doc_id, r.target_start, r.target_end, r.target_quote
        )
        t_val = self.say_at(
            r.target_doc_id, r.target_start, r.target_base, r.base_unit, r.qualifier, r.metric
        )
        # an actual is shown only when it is certain too, and never the target itself
        # (the same figure of the same period quoted by two documents)
        actual = (
            r.actual_doc_id is not None
            and self.certain_at(r.actual_doc_id, r.actual_start)
            and not (r.actual_base == r.target_base and r.actual_period == r.deadline)
            and r.status != "unknown"  # another period's figure is not this target's outcome
        )
        a_src, a_cites = (
            self.figure_cite(r.actual_doc_id, r.actual_start, r.actual_end, r.actual_quote)
            if actual
            else ("", [])
        )
        a_val = (
            self.say_at(r.actual_doc_id, r.actual_start, r.actual_base, r.base_unit, "", r.metric)
            if actual
            else ""
        )
        status = r.status if actual else "unknown"
        return [
            lean(self.label(r.metric), t_cites[:1]),
            lean(self.label(r.subject), t_cites[:1]),
            Cell(t_val, t_cites, kind="figure", value=t_src),
            Cell(r.deadline or "", t_cites if r.deadline else []),
            Cell(a_val, a_cites, kind="figure", value=a_src) if a_val else Cell(""),
            Cell(r.actual_period or "", a_cites) if a_val and r.actual_period else Cell(""),
            Cell(self.t.statuses.get(status, status)),
        ]

    # ------------------------------------------------------------------ figures
    def figures_section(self) -> Section:
        sec = Section("figures", self.L["figures"])
        # a translation restating its original is no second source (Workspace.translations)
        skip = self.ws.translations()
        stated = [
            c
            for c in self.facts
            if c.doc_id in self.scope
            and c.doc_id not in skip
            and c.kind in OBSERVED
            and not c.metric.startswith("np:")
            and self.about_topic(c.doc_id, c.quote_start or c.start, c.quote_end or c.end)
        ]
        claims = [c for c in stated if is_certain(c)]
        if len(claims) < len(stated):
            self.cover("cov_uncertain", section=self.L["figures"], n=len(stated) - len(claims))
        seen, rows = set(), []
        for c in claims:
            key = (c.metric, c.subject, c.value_base, c.period, c.kind)
            if key in seen:
                continue
            seen.add(key)
            rows.append(c)
        if not rows:
            sec.blocks.append(self.nodata("figures"))
            return sec

        def rank(c):
            d = self.all_docs.get(c.doc_id)
            return (d is not None and d.series is not None, self.label(c.metric), c.period)

        rows.sort(key=rank)
        if len(rows) > MAX_FIGURES:
            self.cover("cov_limit", section=self.L["figures"], shown=MAX_FIGURES, total=len(rows))
            rows = sorted(rows[:MAX_FIGURES], key=lambda c: (self.label(c.metric), c.period))
        else:
            rows.sort(key=lambda c: (self.label(c.metric), c.period))
        L = self.L
        table = Table(
            [
                L["col_metric"],
                L["col_subject"],
                L["col_value"],
                L["col_kind"],
                L["col_period"],
                L["col_source"],
            ],
            css="figures",
        )
        for c in rows:
            src, cites = self.figure_cite(c.doc_id, c.start, c.end, c.quote)
            if not cites:
                continue
            table.rows.append(
                [
                    lean(self.label(c.metric), cites),
                    lean(self.label(c.subject), cites),
                    Cell(self.say_claim(c), cites, kind="figure", value=src),
                    Cell(self.t.kinds.get(c.kind, c.kind)),
                    Cell(c.period or "", cites if c.period else []),
                    Cell(self.doc_name(c.doc_id), cites),
                ]
            )
        sec.blocks.append(table)
        return sec

    # ------------------------------------------------------------------ trends
    def trend_terms(self) -> list[str]:
        if self.items:
            return list(self.items)
        if self.series == DEFAULT_SERIES:
            return list(DEFAULT_TERMS)
        from policyscope.store.filters import DocFilter

        rows = self.ws.store.mention_rows(None, DocFilter(series=self.series))
        top = Counter(r[2] for r in rows if r[1] == "concept").most_common(4)
        return [f"concept:{i}" for i, _n in top]

    def trends_section(self) -> Section:
        sec = Section("trends", self.L["trends"])
        if not self.series:
            sec.blocks.append(self.nodata("document series"))
            return sec
        terms = self.trend_terms()
        if not terms:
            sec.blocks.append(self.nodata("terms"))
            return sec
        from policyscope.analysis.counting import count_term
        from policyscope.analysis.series import series_docs

        res = self.ws.trend(terms, self.series, rule="literal")
        present = {}
        for term in terms:
            sd = series_docs(self.ws.corpus, self.series, term=term)
            counts = count_term(self.ws.corpus, term, sd.doc_ids, "literal")
            present[term] = (sd, counts)
        shown = {t: (self.label(t.partition(":")[2]) if ":" in t else t) for t in terms}
        sec.blocks.append(
            Paragraph(
                [
                    Sentence(
                        self.t(
                            "trend_intro",
                            series=self.series_name(self.series),
                            terms=list(shown.values()),
                            rule=res.rule,
                        )
                    )
                ]
            )
        )
        # chart
        try:
            from policyscope.analysis.charts import trend_figure

            fig = trend_figure(res)
            self.localise_chart(fig, [shown.get(t, t) for t in res.terms])
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=110)
            import matplotlib.pyplot as plt

            plt.close(fig)
            png = buf.getvalue()
        except Exception as exc:  # noqa: BLE001 - no font / no matplotlib: say so
            png = b""
            self.cover("cov_failed", what=f"{self.L['chart_alt']} ({type(exc).__name__})")
        keys = res.keys
        data = Table([self.L["col_term"], *keys], caption=self.L["absent_note"], css="trend")
        for term in terms:
            sd, counts = present[term]
            member = dict(sd.members)
            row = [Cell(shown[term])]
            for k in keys:
                d = member.get(k)
                if d is None:
                    row.append(Cell(self.L["not_stored"]))
                    continue
                cr = counts[d]
                if cr.count == 0 or not cr.spans:
                    row.append(Cell(self.L["absent"]))
                    continue
                c = self.occurrence(d, *cr.spans[0])
                row.append(Cell(str(cr.count), [c] if c else [], kind="count"))
            data.rows.append(row)
        sec.blocks.append(
            Chart(
                title=f"{self.series_name(self.series)}: {', '.join(shown.values())}",
                png=png,
                alt=self.L["chart_alt"],
                data=data,
            )
        )
        if res.missing:
            sec.blocks.append(
                Notice(
                    self.t(
                        "missing_members", series=self.series_name(self.series), keys=res.missing
                    ),
                    True,
                )
            )
        # first appearances
        firsts = self.ws.first(terms, self.series, rule="literal")
        self.first_rows = []
        table = Table(
            [self.L["col_term"], self.L["col_first"], self.L["col_last"]],
            caption=self.L["first"],
            css="first",
        )
        latest = {}
        for fr in firsts:
            sd, counts = present[fr.term]
            member = dict(sd.members)
            if sd.members:
                latest[fr.term] = sd.members[-1][0]
            if not fr.first_key:
                table.rows.append(
                    [Cell(shown[fr.term]), Cell(self.L["absent"]), Cell(self.L["absent"])]
                )
                continue
            cells = [Cell(shown[fr.term])]
            for key in (fr.first_key, fr.last_key):
                d = member.get(key)
                cr = counts.get(d) if d is not None else None
                c = self.occurrence(d, *cr.spans[0]) if cr and cr.spans else None
                n = cr.count if cr else 0
                cells.append(Cell(f"{key} ({n})", [c] if c else [], kind="count"))
            table.rows.append(cells)
            self.first_rows.append((fr, shown[fr.term], latest.get(fr.term), member, counts))
        sec.blocks.append(table)
        for fr in firsts:
            gap = self.gap_before(fr.first_key, [k for k in res.missing])
            if fr.warning and gap:
                member = self.t(
                    "doc_member", series=self.series_name(self.series), key=gap, lang=""
                )
                sec.blocks.append(
                    Notice(self.t("first_gap", member=member, term=shown[fr.term]), True)
                )
        return sec

    @staticmethod
    def gap_before(first_key: str | None, missing: list[str]) -> str:
        """The missing member right before a first appearance (where it may really be)."""
        if not first_key or not first_key.isdigit():
            return ""
        prev = str(int(first_key) - 1)
        return prev if prev in missing else ""

    def localise_chart(self, fig, names: list[str]) -> None:
        """Title, axes and legend of the trend chart in the briefing's language (the
        chart module labels them in English with term ids)."""
        for ax in fig.axes:
            for line, name in zip(ax.get_lines(), names, strict=False):
                line.set_label(name)
            ax.set_title(f"{self.series_name(self.series)}: {', '.join(names)}")
            ax.set_xlabel(self.L["chart_x"])
            ax.set_ylabel(self.L["chart_y"])
            if ax.get_legend() is not None:
                ax.legend(loc="upper left", fontsize=8)

    # ------------------------------------------------------------------ actors
    def actors_section(self) -> Section:
        sec = Section("actors", self.L["actors"])
        from policyscope.store.filters import DocFilter

        scope_ids = list(self.scope)
        L = self.L
        table = Table(
            [L["col_actor"], L["col_type"], L["col_mentions"], L["col_where"]], css="actors"
        )
        if not scope_ids:
            sec.blocks.append(self.nodata("documents"))
            return sec
        for typ in ACTOR_TYPES:
            cands = [e for e in self.ws.entities(type=typ) if e.mentions > 0][:15]
            scored = []
            for e in cands:
                rows = self.ws.store.mention_rows([e.id], DocFilter(doc_ids=scope_ids))
                # a focused briefing counts an actor where it is named with the topic
                rows = [r for r in rows if self.about_topic_at(r[0], r[4])]
                if rows:
                    scored.append((len(rows), e, rows))
            scored.sort(key=lambda x: (-x[0], x[1].id))
            for n, e, rows in scored[:ACTORS_PER_TYPE]:
                per_doc: dict[int, list] = defaultdict(list)
                for r in rows:
                    per_doc[r[0]].append(r)
                first = self.occurrence(rows[0][0], rows[0][4], rows[0][5])
                parts = []
                for doc_id, rs in sorted(per_doc.items(), key=lambda x: -len(x[1]))[:3]:
                    c = self.occurrence(doc_id, rs[0][4], rs[0][5])
                    parts.append(Sentence(f"{self.doc_name(doc_id)} ({len(rs)})", [c] if c else []))
                table.rows.append(
                    [
                        Cell(self.label(e.id), [first] if first else []),
                        Cell(self.t.types.get(typ, typ)),
                        Cell(str(n), [first] if first else [], kind="count"),
                        Cell("", parts=parts),
                    ]
                )
        if not table.rows:
            sec.blocks.append(self.nodata("organisations, companies, models, people"))
        else:
            sec.blocks.append(table)
        return sec

    # ------------------------------------------------------------------ regulation
    def regulation_doc(self):
        ent = self.pack.entities.get(REGULATION_ID)
        names = set(ent.surface_forms()) if ent else set()
        for d in self.all_docs.values():
            if (d.source_path and REGULATION_FILE in d.source_path) or (
                d.title and any(n in d.title for n in names if len(n) > 6)
            ):
                text = self.notes.text(d.id)
                if len(_ARTICLE.findall(text)) >= 3:
                    return d
        return None

    def regulation_section(self) -> Section:
        sec = Section("regulation", self.L["regulation"])
        doc = self.regulation_doc()
        if doc is None:
            sec.blocks.append(self.nodata(self.label(REGULATION_ID)))
            return sec
        text = self.notes.text(doc.id)
        title = self.label(REGULATION_ID)
        zh = self.pack.label(REGULATION_ID, "zh") if REGULATION_ID in self.pack else ""
        if zh and zh != title:
            title = f"{title} ({zh})"
        box = RegulationBox(
            title=title,
            header=[self.L["col_article"], self.L["col_obligation"], self.L["col_words"]],
        )
        box.intro.append(Sentence(self.t("reg_intro", title=title)))
        dated: dict[tuple[str, str], list] = {}
        evs = [e for e in self.ws.timeline() if e.object == REGULATION_ID]
        evs = [e for e in evs if e.action in ("enacted", "took_effect", "issued")]
        for e in sorted(evs, key=lambda e: -len(e.date)):
            # a less precise date of the same action ('2023-08') joins the precise one
            key = next(
                (k for k in dated if k[1] == e.action and k[0].startswith(e.date)),
                (e.date, e.action),
            )
            dated.setdefault(key, []).append(e)
        for (date, action), group in sorted(dated.items()):
            cites = self.notes.cites(
                *[(g.doc_id, g.quote_start, g.quote_end, g.start) for g in group]
            )
            if cites:
                box.intro.append(
                    Sentence(
                        self.t(
                            "reg_event",
                            date=date,
                            action=self.t.actions.get(action, action),
                            title=self.label(REGULATION_ID),
                        ),
                        cites,
                    )
                )
        starts = [(m.start(), m.group(0), m.group(1)) for m in _ARTICLE.finditer(text)]
        chapters = [m.start() for m in _CHAPTER.finditer(text)]
        for i, (s, head, num) in enumerate(starts):
            e = starts[i + 1][0] if i + 1 < len(starts) else len(text)
            e = min([e] + [c for c in chapters if c > s])
            body_start = s + len(head)
            clauses, pos = [], body_start
            for m in _CLAUSE_STOPS.finditer(text, body_start, e):
                clauses.append((pos, m.end()))
                pos = m.end()
            if pos < e and text[pos:e].strip():
                clauses.append((pos, e))
            found = [
                (a, b, [w for w in OBLIGATION_WORDS if w in text[a:b]])
                for a, b in clauses
                if any(w in text[a:b] for w in OBLIGATION_WORDS)
            ]
            if self.topic is not None:
                found = [f for f in found if self.about_topic(doc.id, f[0], f[1])]
            if not found:
                continue
            cites = self.notes.cites(*[(doc.id, a, b) for a, b, _w in found[:4]])
            words = sorted({w for _a, _b, ws in found for w in ws}, key=OBLIGATION_WORDS.index)
            shown = " … ".join(c.quote for c in cites)
            box.obligations.append(Obligation(head, zh_number(num), shown, words, cites))
        if not box.obligations:
            sec.blocks.append(self.nodata("articles with 应当/不得"))
            if self.topic is not None:
                return sec  # nothing on the topic: the focused briefing leaves it out
        sec.blocks.append(box)
        return sec

    # ------------------------------------------------------------------ verification
    def secondary_docs(self) -> list:
        reg = self.regulation_doc()
        return [
            d
            for d in self.scope.values()
            if not d.series and (reg is None or d.id != reg.id) and d.language != "zh"
        ]

    def verdict_cites(self, v) -> tuple[Citation | None, list[Citation]]:
        claim = None
        if v.doc_id is not None:
            text, s = self.notes.text(v.doc_id), v.start
            while s < v.end and text[s] in _BULLETS:
                s += 1
            claim = self.notes.cite(v.doc_id, s, v.end)
        spans: list[tuple] = []
        m = _DOC_REF.search(v.primary or "")
        primary = int(m.group(1)) if m else None
        details = v.details or {}
        if primary is not None:
            # figures found in the primary member: spans into that member's text
            for key in ("matches", "same_metric", "closest"):
                for row in details.get(key) or []:
                    if isinstance(row, dict) and isinstance(row.get("start"), int):
                        spans.append((primary, row["start"], row["end"]))

        def walk(x):
            if isinstance(x, dict):
                if (
                    isinstance(x.get("doc_id"), int)
                    and isinstance(x.get("start"), int)
                    and (isinstance(x.get("end"), int))
                ):
                    spans.append((x["doc_id"], x["start"], x["end"]))
                for val in x.values():
                    walk(val)
            elif isinstance(x, list | tuple):
                for val in x:
                    walk(val)

        walk({k: val for k, val in details.items() if k not in ("figure", "claimed")})
        prim = []
        for d, s, e in spans:
            if d == v.doc_id or d not in self.all_docs:
                continue
            c = self.occurrence(d, s, e)
            if c and c not in prim:
                prim.append(c)
            if len(prim) >= 2:
                break
        return claim, prim

    def verification_section(self) -> Section:
        sec = Section("verification", self.L["verification"])
        if not self.series:
            sec.blocks.append(self.nodata("document series to verify against"))
            return sec
        docs = self.secondary_docs()
        if not docs:
            sec.blocks.append(self.nodata("secondary documents"))
            return sec
        L = self.L
        order = {"contradicted": 0, "supported": 1, "not_checkable": 2}
        types = {"count": 0, "first_appearance": 1, "presence": 2, "attributed_figure": 3}
        any_rows = False
        for d in docs:
            try:
                stated = self.ws.verify(d.id, against=self.series)
            except Exception as exc:  # noqa: BLE001 - one document must not sink the briefing
                self.cover("cov_failed", what=f"{self.doc_name(d.id)} ({type(exc).__name__})")
                continue
            stated = [v for v in stated if self.about_topic(v.doc_id, v.start, v.end)]
            vs = [v for v in stated if self.verdict_certain(v)]
            told = {id(v): Told.of(self, v) for v in vs}
            vs = [v for v in vs if told[id(v)] is not None]
            if len(vs) < len(stated):
                self.cover(
                    "cov_uncertain",
                    section=f"{self.L['verification']} ({self.doc_name(d.id)})",
                    n=len(stated) - len(vs),
                )
            vs.sort(key=lambda v: (order.get(v.verdict, 3), types.get(v.claim_type, 4), v.start))
            self.verdicts += [(v, d, told[id(v)]) for v in vs]
            if not vs:
                continue
            if len(vs) > MAX_VERDICTS:
                self.cover(
                    "cov_limit", section=self.doc_name(d.id), shown=MAX_VERDICTS, total=len(vs)
                )
                vs = vs[:MAX_VERDICTS]
            sec.blocks.append(
                Paragraph(
                    [
                        Sentence(
                            self.t(
                                "verification_intro",
                                doc=self.doc_name(d.id),
                                series=self.series_name(self.series),
                            ),
                            [self.title_cite(d.id) or self.verdict_cites(vs[0])[0]],
                        )
                    ]
                )
            )
            table = Table(
                [L["col_claim"], L["col_check"], L["col_verdict"], L["col_evidence"]],
                css="verify",
            )
            for v in vs:
                claim, prim = self.verdict_cites(v)
                if claim is None:
                    continue
                q = short_quote(claim.quote, 160)
                tv = told[id(v)]
                table.rows.append(
                    [
                        Cell(q, [claim], lang=self.quote_lang(claim)),
                        Cell(tv.checked, prim or [claim]),
                        Cell(self.t.verdicts.get(v.verdict, v.verdict), css=f"v-{v.verdict}"),
                        Cell(tv.evidence, prim + [claim]),
                    ]
                )
            if table.rows:
                any_rows = True
                sec.blocks.append(table)
        if not any_rows:
            sec.blocks.append(self.nodata("checkable claims"))
        return sec

    def verdict_claim(self, v):
        """The stored figure of the secondary source a figure verdict is about."""
        want = ((v.details or {}).get("claimed") or {}).get("value")
        for c in self.facts:
            if c.doc_id == v.doc_id and v.start <= c.start < v.end and c.value_base == want:
                return c
        return None

    def verdict_certain(self, v) -> bool:
        """A verdict on a figure needs the figure of the secondary source to be certain
        (`extract.certainty`); counts and first appearances are not figures."""
        if v.claim_type != "attributed_figure":
            return True
        c = self.verdict_claim(v)
        return c is not None and self.is_certain(c)

    # ------------------------------------------------------------------ conflicts
    def conflicts_section(self) -> Section:
        sec = Section("conflicts", self.L["conflicts"])
        stated = [c for c in self.ws.conflicts() if self.conflict_kept(c)]
        rows = [
            c
            for c in stated
            if self.certain_at(c.a_doc_id, c.a_start) and self.certain_at(c.b_doc_id, c.b_start)
        ]
        if len(rows) < len(stated):
            self.cover("cov_uncertain", section=self.L["conflicts"], n=len(stated) - len(rows))
        rows.sort(key=lambda c: not (self.secondary(c.a_doc_id) or self.secondary(c.b_doc_id)))
        self.conflict_rows = rows
        if not rows:
            sec.blocks.append(self.nodata("conflicting figures"))
            return sec
        if len(rows) > MAX_CONFLICTS:
            self.cover(
                "cov_limit", section=self.L["conflicts"], shown=MAX_CONFLICTS, total=len(rows)
            )
            rows = rows[:MAX_CONFLICTS]
        L = self.L
        table = Table([L["col_metric"], L["col_a"], L["col_b"], L["col_class"]], css="conflicts")
        for c in rows:
            a, ac = self.figure_cite(c.a_doc_id, c.a_start, c.a_end, c.a_quote)
            b, bc = self.figure_cite(c.b_doc_id, c.b_start, c.b_end, c.b_quote)
            if not ac or not bc:
                continue
            table.rows.append(
                [
                    lean(" / ".join(self.label(m) for m in c.metric.split("|")), ac + bc),
                    Cell(self.conflict_side(c, "a"), ac, kind="figure", value=a),
                    Cell(self.conflict_side(c, "b"), bc, kind="figure", value=b),
                    Cell(self.t.classes.get(c.classification, "")),
                ]
            )
        sec.blocks.append(table)
        return sec

    def conflict_side(self, c, side: str) -> str:
        """'5,784억 위안 (2023, 정부업무보고 2024)': one side of a conflict."""
        doc, start = getattr(c, f"{side}_doc_id"), getattr(c, f"{side}_start")
        base, period = getattr(c, f"{side}_base"), getattr(c, f"{side}_period")
        value = self.say_at(doc, start, base, "", "", c.metric.split("|")[0])
        where = ", ".join(x for x in (period, self.doc_name(doc)) if x)
        return f"{value} ({where})"

    def secondary(self, doc_id) -> bool:
        d = self.all_docs.get(doc_id)
        return d is not None and not d.series

    def _years(self, doc_id, period: str) -> set[str] | None:
        """The years a figure can be about: its period; for an undated figure in a yearly
        series member Y, Y-1 or Y (a work report reviews last year and sets this year's
        targets); None (any) for an undated figure elsewhere."""
        if period:
            return {period[:4]}
        d = self.all_docs.get(doc_id)
        if d is not None and d.series and (d.series_key or "").isdigit():
            y = int(d.series_key)
            return {str(y - 1), str(y)}
        return None

    def conflict_kept(self, c) -> bool:
        """Both documents in scope; within one document only for a secondary source (a
        report contradicting itself); and the figures can be about the same year (see
        `_years`: an undated figure of a yearly report is not compared with other years)."""
        if c.a_doc_id not in self.scope or c.b_doc_id not in self.scope:
            return False
        if not (
            self.about_topic_at(c.a_doc_id, c.a_start) or self.about_topic_at(c.b_doc_id, c.b_start)
        ):
            return False
        if c.a_doc_id == c.b_doc_id and not self.secondary(c.a_doc_id):
            return False
        ya, yb = self._years(c.a_doc_id, c.a_period), self._years(c.b_doc_id, c.b_period)
        return ya is None or yb is None or bool(ya & yb)

    # ------------------------------------------------------------------ references
    def references(self, notes: list[Citation]) -> References:
        by_doc: dict[int, list[int]] = {}
        for c in notes:
            by_doc.setdefault(c.doc_id, []).append(c.n)
        refs = References()
        for doc_id, ns in by_doc.items():
            d = self.all_docs.get(doc_id) or self.ws.store.document(doc_id)
            refs.entries.append(
                Reference(
                    doc_id=doc_id,
                    title=d.title or Path(d.source_path or "").name,
                    issuer=self.label(d.issuer) if d.issuer else None,
                    date=d.date,
                    source=d.source_path,
                    url=d.url,
                    notes=ns,
                )
            )
        refs.entries.sort(key=lambda r: min(r.notes))
        return refs


def iter_cites_of(section: Section):
    for b in section.blocks:
        yield from _block_cites(b)


def iter_cites(report: Report):
    """Every citation in reading order (body only)."""
    for s in report.sections:
        for b in s.blocks:
            yield from _block_cites(b)


def _block_cites(b):
    from policyscope.report.model import Chart as _Chart

    if isinstance(b, Paragraph):
        for s in b.sentences:
            yield from s.cites
    elif isinstance(b, Table):
        for row in b.rows:
            for cell in row:
                yield from cell.all_cites()
    elif isinstance(b, _Chart):
        yield from _block_cites(b.data)
    elif isinstance(b, Timeline):
        for e in b.entries:
            yield from e.sentence.cites
    elif isinstance(b, KeyPoints):
        for p in b.points:
            yield from p.sentence.cites
    elif isinstance(b, RegulationBox):
        for s in b.intro:
            yield from s.cites
        for o in b.obligations:
            yield from o.cites


def renumber(report: Report) -> list[Citation]:
    """Footnote numbers in reading order; returns the notes actually used."""
    out: list[Citation] = []
    seen: set[int] = set()
    for c in iter_cites(report):
        if id(c) in seen:
            continue
        seen.add(id(c))
        c.n = len(out) + 1
        out.append(c)
    return out


def build_report(
    ws,
    topics: list[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    lang: str = "en",
    templates: str | Path | None = None,
) -> Report:
    return Builder(ws, topics, date_from, date_to, lang, templates).build()
