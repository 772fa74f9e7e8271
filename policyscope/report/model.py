"""The briefing's content model: plain dataclasses, one model for every renderer.

    Report -> [Section] -> [Block]

Blocks: Paragraph (sentences, each with its citations), Table (rows of cited cells),
Chart (image + the data table behind it), Timeline, KeyPoints, RegulationBox, Notice (a
plain statement that a section has no data), References.

A `Citation` is a span of a stored document: `quote == Workspace.text(doc_id)[start:end]`
always holds (the builder takes every quote from the stored text by its offsets, never
from an extractor's copy). `n` is the footnote number, shared by identical spans.

Text in the body is either a cited statement (a `Sentence` or `Cell` with citations) or
an uncited label (headings, column names, the status words of the ledger). A `Notice`
with `coverage=True` is a statement about the workspace itself (e.g. which series member
is not stored): it has nothing to cite and is marked as such in every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMATS = ("md", "html", "pdf", "docx")  # what a briefing is written as


@dataclass
class Citation:
    doc_id: int
    title: str
    location: str  # 'p. 3' (documents with pages) or 'para. 12'
    quote: str
    start: int
    end: int
    n: int = 0  # footnote number
    lang: str = ""  # language of the cited document (glyph forms and fonts of the quote)


def _uniq(cites: list[Citation]) -> list[Citation]:
    out: list[Citation] = []
    for c in cites:
        if c is not None and all(c is not x for x in out):
            out.append(c)
    return out


@dataclass
class Sentence:
    text: str
    cites: list[Citation] = field(default_factory=list)

    def __post_init__(self):
        self.cites = _uniq(self.cites)


@dataclass
class Paragraph:
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Cell:
    text: str
    cites: list[Citation] = field(default_factory=list)
    # 'figure': `text` starts with a value written in the source; the checker asks that
    # the value be found in one of the cited quotes. 'count': a count of cited occurrences.
    kind: str = ""
    value: str | None = None  # the figure as written in the source (kind='figure')
    # A cell of several cited statements (e.g. 'where' of an actor): rendered one after
    # the other, each followed by its own footnotes; `text`/`cites` are then unused.
    parts: list[Sentence] = field(default_factory=list)
    css: str = ""  # a class for the HTML renderer (e.g. the verdict's colour)
    lang: str = ""  # the language of a quoted cell when it is not the briefing's

    def __post_init__(self):
        self.cites = _uniq(self.cites)

    def all_cites(self) -> list[Citation]:
        return list(self.cites) + [c for p in self.parts for c in p.cites]


@dataclass
class Table:
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    caption: str = ""
    css: str = ""  # extra class for the HTML renderer


@dataclass
class Chart:
    title: str
    png: bytes
    alt: str
    data: Table


@dataclass
class TimelineEntry:
    date: str
    sentence: Sentence


@dataclass
class Timeline:
    entries: list[TimelineEntry] = field(default_factory=list)


@dataclass
class KeyPoint:
    rule: str  # which key-point rule chose it (R1..R5, `policyscope.report.rules`)
    sentence: Sentence


@dataclass
class KeyPoints:
    title: str
    points: list[KeyPoint] = field(default_factory=list)


@dataclass
class Obligation:
    article: str  # '第七条'
    number: int  # 7
    text: str  # the clause, quoted from the primary text
    words: list[str]  # obligation words found: 应当, 不得
    cites: list[Citation] = field(default_factory=list)


@dataclass
class RegulationBox:
    title: str
    intro: list[Sentence] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    header: list[str] = field(default_factory=list)


@dataclass
class Notice:
    text: str
    coverage: bool = False  # a statement about the workspace (what is stored), not a fact


@dataclass
class Reference:
    doc_id: int
    title: str
    issuer: str | None
    date: str | None
    source: str | None  # source path
    url: str | None
    notes: list[int] = field(default_factory=list)  # footnote numbers citing it

    def parts(self, L: dict[str, str], code: bool = False) -> list[str]:
        """Title, issuer, date, source and URL as a reference lists them (`code`: the
        source path in backticks, for Markdown)."""
        out = [self.title]
        if self.issuer:
            out.append(f"{L.get('issuer', 'Issuer')}: {self.issuer}")
        if self.date:
            out.append(f"{L.get('date', 'Date')}: {self.date}")
        if self.source:
            source = f"`{self.source}`" if code else self.source
            out.append(f"{L.get('source', 'Source')}: {source}")
        if self.url:
            out.append(self.url)
        return out


@dataclass
class References:
    entries: list[Reference] = field(default_factory=list)


Block = Paragraph | Table | Chart | Timeline | KeyPoints | RegulationBox | Notice | References


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Any] = field(default_factory=list)


@dataclass
class Report:
    title: str
    subtitle: str
    lang: str
    sections: list[Section] = field(default_factory=list)
    notes: list[Citation] = field(default_factory=list)  # footnotes, in number order
    labels: dict[str, str] = field(default_factory=dict)  # UI words of the templates
    colophon: list[str] = field(default_factory=list)  # scope and rules (not facts)
    timings: dict[str, float] = field(default_factory=dict)

    def section(self, sid: str) -> Section | None:
        return next((s for s in self.sections if s.id == sid), None)

    def blocks(self, kind: type) -> list[Any]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, kind)]
