"""Plain dataclasses shared by every layer.

Offsets (`start`, `end`) are always character offsets into a document's stored,
normalised text (see `policyscope.text.normalize`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar


class Record:
    """Mixin: dict/row helpers used by the faces (JSON, CSV, pandas)."""

    # no instance dict of its own: a subclass with slots=True (Token: hundreds of thousands
    # per MB of text) is then really slotted, smaller and quicker to make and free
    __slots__ = ()
    _columns_cache: ClassVar[list[str] | None]  # set on each subclass by `columns`

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]  # every subclass is a dataclass

    @classmethod
    def columns(cls) -> list[str]:
        # cached per class: called once per row when a store builds thousands of records
        cols = cls.__dict__.get("_columns_cache")
        if cols is None:
            cols = [f.name for f in fields(cls)]  # type: ignore[arg-type]
            cls._columns_cache = cols
        return list(cols)


def to_frame(records: list[Record]):
    """A pandas DataFrame of records (pandas is optional)."""
    import pandas as pd  # noqa: PLC0415 - optional dependency

    return pd.DataFrame([r.to_dict() for r in records])


@dataclass
class RawDocument(Record):
    """What a reader returns: text as found in the file, before normalisation."""

    text: str
    format: str
    # Start offset (into `text`) of each page, for formats that have pages.
    page_starts: list[int] | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class DocMeta(Record):
    title: str | None = None
    date: str | None = None  # ISO 8601, as precise as known: 2025, 2025-03, 2025-03-05
    issuer: str | None = None
    country: str | None = None
    language: str | None = None
    doc_type: str | None = None
    series: str | None = None
    series_key: str | None = None
    url: str | None = None


@dataclass
class Document(Record):
    id: int
    title: str | None
    date: str | None
    issuer: str | None
    country: str | None
    language: str | None
    doc_type: str | None
    series: str | None
    series_key: str | None
    source_path: str | None
    url: str | None
    sha256: str
    version: int
    ingested_at: str
    chars: int
    format: str | None = None
    superseded_by: int | None = None


@dataclass(slots=True)
class Token(Record):
    text: str
    start: int
    end: int
    pos: str = ""
    lang: str = ""


@dataclass
class Segment(Record):
    """A paragraph (kind='paragraph') or sentence (kind='sentence')."""

    kind: str
    idx: int
    start: int
    end: int
    lang: str
    page: int | None = None
    id: int | None = None
    doc_id: int | None = None


@dataclass
class SearchHit(Record):
    doc_id: int
    title: str | None
    date: str | None
    series: str | None
    series_key: str | None
    segment_id: int
    start: int
    end: int
    score: float
    snippet: str
    page: int | None = None


@dataclass
class KwicLine(Record):
    doc_id: int
    title: str | None
    date: str | None
    series: str | None
    series_key: str | None
    term: str
    left: str
    match: str
    right: str
    start: int
    end: int
    page: int | None = None


@dataclass
class IngestOutcome(Record):
    """One file's result: status is 'added', 'new_version', 'unchanged' or 'failed'."""

    path: str
    status: str
    doc_id: int | None = None
    version: int | None = None
    error: str | None = None
    warning: str | None = None  # stored, but something was repaired (a stray invalid byte)


@dataclass
class PreparedParagraph:
    start: int
    end: int
    lang: str
    index_tokens: str  # space-joined tokens for the full-text index
    n_tokens: int
    page: int | None = None
    literal: object = None  # the store's literal-index columns, when ingest computed them


@dataclass
class PreparedDocument:
    """Everything ingest computes for one file, ready to be written in one transaction."""

    source_path: str
    abs_path: str
    sha256: str
    format: str
    meta: DocMeta
    text: str
    offset_map: list[list[int]]
    page_starts: list[int] | None
    paragraphs: list[PreparedParagraph]
    sentences: list[tuple[int, int, str, int | None]]  # start, end, lang, page
    n_tokens: int
    seconds: float = 0.0
    extra_meta: dict[str, Any] = field(default_factory=dict)
    # (kind, item_id, surface, start, end) of pack concepts and entities found in the text
    mentions: list[tuple[str, str, str, int, int]] = field(default_factory=list)
    claims: list[Any] = field(default_factory=list)  # Claim
    events: list[Any] = field(default_factory=list)  # Event
    enriched: bool = False  # mentions, claims and events were looked for


@dataclass
class MentionSpan(Record):
    doc_id: int
    kind: str
    item_id: str
    surface: str
    start: int
    end: int


@dataclass
class ItemCount(Record):
    """A pack concept or entity with how often the stored documents mention it."""

    id: str
    kind: str
    type: str
    label_en: str
    label_zh: str
    label_ko: str
    mentions: int
    documents: int


@dataclass
class DocCount(Record):
    item_id: str
    doc_id: int
    title: str | None
    date: str | None
    series: str | None
    series_key: str | None
    count: int
    surfaces: str


@dataclass
class Claim(Record):
    """A figure stated in a document, tied to what it measures and its exact span.

    `value` is the number as written ('5,784억'), `unit` the unit as written ('위안');
    `value_base`/`base_unit` the normalised figure (578400000000.0, 'CNY').
    `start`/`end` are the figure's span, `quote_start`/`quote_end` the sentence (or table
    row) it stands in, all offsets into the stored document text."""

    metric: str  # a pack metric id, or 'np:<noun phrase>' when no metric matched
    subject: str  # an entity id (china, shenzhen, huawei...) or a place/actor as written
    value: str
    unit: str
    value_base: float
    base_unit: str
    kind: str  # actual | target | forecast | other
    period: str  # ISO as precise as known: 2023, 2023-06, 2025-03-05; '' when unknown
    qualifier: str  # exact | approx | lower_bound | upper_bound | range
    quote: str
    start: int
    end: int
    quote_start: int = 0
    quote_end: int = 0
    period_kind: str = "point"  # point | as_of | by_deadline | range
    value_high: float | None = None  # upper end of a range, in base units
    metric_text: str = ""  # the words that named the metric in the text
    source: str = "text"  # text | table
    # level | growth_rate | share | increment | cumulative | average | per_unit |
    # conversion | rank | count; '' when unknown (policyscope.extract.measures)
    measure: str = ""
    conversion_of: int | None = None  # start offset of the figure this one converts
    doc_id: int | None = None
    doc_title: str | None = None
    source_path: str | None = None
    id: int | None = None
    # derived, never stored: the period is unknown, so the figure stays out of ledgers,
    # conflicts, key points and verdicts
    period_unknown: bool = False

    def __post_init__(self) -> None:
        self.period_unknown = not self.period


@dataclass
class Event(Record):
    """A dated action: who did what to which document or policy, when, and where it is said."""

    date: str  # ISO as precise as known
    precision: str  # year | month | day | quarter | half | decade
    actor: str  # entity id, or the actor as written ('' when unstated)
    # announced | issued | enacted | took_effect | established | held | launched | first_mentioned
    action: str
    object: str  # entity id of the policy/document/programme, or the object as written
    quote: str
    start: int  # span of the date expression
    end: int
    quote_start: int = 0
    quote_end: int = 0
    doc_id: int | None = None
    source_path: str | None = None
    id: int | None = None
