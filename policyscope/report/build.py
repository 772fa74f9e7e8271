"""Build a briefing (`policyscope.report.model.Report`) from the data the Workspace
hands down (`report.data.BriefingData`).

    report = build_report(data, topics=["concept:embodied_ai"], lang="ko")

Nothing is written that the data does not hold: every sentence is a template
(`templates/<lang>/sentences.j2`) filled with stored values, and every value or
statement carries the citation of the span it comes from (`policyscope.report.cite`).
A section without data says so.

The sections are the registered ones (`report.registry`, one module each in
`report/sections/`), built in their stage order and shown by position; the key points
follow the rules in `report/rules/` (`report.key_points`). What the pack sets — the
default series, the terms of the trend chart, the regulation — comes from its
`report.yaml` (`report.config`). Scope and certainty: `report.briefing`.

With a concept/entity topic every section keeps only what lies in sentences that mention
it, sections left with nothing are dropped, and headings name the topic.

Language: every word of the body comes from `templates/<lang>/sentences.j2` (labels,
statuses, verdicts, classes, sentences) or the pack's labels in that language; figures
are written by `report.numbers.say`; verdicts are told by `report.verdicts.Told`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from policyscope.report.briefing import Briefing
from policyscope.report.config import ReportConfig, load_config
from policyscope.report.data import BriefingData
from policyscope.report.model import (
    Block,
    Chart,
    Citation,
    KeyPoints,
    Notice,
    Paragraph,
    Reference,
    References,
    RegulationBox,
    Report,
    Section,
    Table,
    Timeline,
)
from policyscope.report.registry import sections


def build_report(
    data: BriefingData,
    topics: list[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    lang: str = "en",
    templates: str | Path | None = None,
    config: ReportConfig | None = None,
) -> Report:
    t0 = time.perf_counter()
    config = config or load_config(data.pack, data.pack_dirs)
    b = Briefing(data, config, topics, date_from, date_to, lang, templates)
    timings: dict[str, float] = {}
    built: dict[str, tuple[int, Section]] = {}
    for spec in sections():
        t = time.perf_counter()
        sec = spec.make(b)
        timings[spec.id] = round(time.perf_counter() - t, 3)
        if sec is not None:
            built[spec.id] = (spec.position, sec)
    shown = [sec for _pos, sec in sorted(built.values(), key=lambda x: x[0])]
    if b.topic is not None:
        shown = _focused(b, shown)
    report = Report(
        title=b.L["title"], subtitle=b.L["subtitle"], lang=lang, sections=shown, labels=dict(b.L)
    )
    report.notes = renumber(report)
    report.sections.append(Section("references", b.L["references"], [references(b, report.notes)]))
    report.colophon = colophon(b)
    timings["total"] = round(time.perf_counter() - t0, 3)
    report.timings = timings
    return report


def _focused(b: Briefing, shown: list[Section]) -> list[Section]:
    """A focused briefing leaves out what says nothing about its topic."""
    assert b.topic is not None
    name = ", ".join(b.label(i) for i in b.topic.items)
    shown = [x for x in shown if not all(isinstance(k, Notice) for k in x.blocks)]
    shown = [x for x in shown if x.id != "trends" or any(iter_cites_of(x))]
    for x in shown:
        x.title = f"{x.title}: {name}"
    return shown


def colophon(b: Briefing) -> list[str]:
    out = [
        b.t("colophon_generated", when=datetime.now().strftime("%Y-%m-%d %H:%M")),
        b.t(
            "colophon_scope",
            series=b.series_name(b.series),
            topics=", ".join(b.label(i.partition(":")[2]) for i in b.items),
            date_from=b.date_from,
            date_to=b.date_to,
            n=len(b.scope),
            total=len(b.all_docs),
        ),
        b.t("colophon_rules"),
        b.t("colophon_notes"),
    ]
    return out + b.coverage


def references(b: Briefing, notes: list[Citation]) -> References:
    """The documents cited, in order of their first note."""
    by_doc: dict[int, list[int]] = {}
    for c in notes:
        by_doc.setdefault(c.doc_id, []).append(c.n)
    refs = References()
    for doc_id, ns in by_doc.items():
        d = b.all_docs.get(doc_id) or b.data.corpus.document(doc_id)
        refs.entries.append(
            Reference(
                doc_id=doc_id,
                title=d.title or Path(d.source_path or "").name,
                issuer=b.label(d.issuer) if d.issuer else None,
                date=d.date,
                source=d.source_path,
                url=d.url,
                notes=ns,
            )
        )
    refs.entries.sort(key=lambda r: min(r.notes))
    return refs


def iter_cites_of(section: Section) -> Iterator[Citation]:
    for b in section.blocks:
        yield from _block_cites(b)


def iter_cites(report: Report) -> Iterator[Citation]:
    """Every citation in reading order (body only)."""
    for s in report.sections:
        yield from iter_cites_of(s)


def _block_cites(b: Block) -> Iterator[Citation]:
    if isinstance(b, Paragraph):
        for s in b.sentences:
            yield from s.cites
    elif isinstance(b, Table):
        for row in b.rows:
            for cell in row:
                yield from cell.all_cites()
    elif isinstance(b, Chart):
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
