"""Pure helpers for the pages: a paragraph cut into annotated pieces, and the trend chart's
geometry (the SVG itself is drawn by the template, so every string is escaped by Jinja)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from urllib.parse import urlencode


@dataclass
class Piece:
    text: str
    item: str | None = None  # concept/entity id: rendered as a link to /item/{id}
    kind: str | None = None  # concept | entity
    hl: bool = False  # the span asked for with ?hl=start-end
    fact: bool = False  # an extracted figure


@dataclass
class Paragraph:
    idx: int
    start: int
    end: int
    lang: str
    pieces: list[Piece] = field(default_factory=list)


def annotate(text: str, start: int, end: int, spans, hl=None, facts=()) -> list[Piece]:
    """Cut text[start:end] into pieces whose characters share the same marks. `spans` are
    MentionSpans (the first one wins where two overlap), `hl` a (start, end) pair, `facts`
    (start, end) pairs. Works on the marks' boundaries, not character by character, so a
    long page costs what its marks cost."""
    items: list[tuple[int, int, str, str]] = []  # accepted mentions, non-overlapping
    for s in spans:
        a, b = max(s.start, start), min(s.end, end)
        if a < b and not any(a < y and x < b for x, y, _, _ in items):
            items.append((a, b, s.item_id, s.kind))
    facts = [(max(a, start), min(b, end)) for a, b in facts if a < end and b > start]
    marks = [(max(hl[0], start), min(hl[1], end))] if hl and hl[0] < end and hl[1] > start else []
    cuts = {start, end}
    for a, b, *_ in items:
        cuts.update((a, b))
    for a, b in facts + marks:
        cuts.update((a, b))
    bounds = sorted(cuts)
    items.sort()
    pieces: list[Piece] = []
    prev, j = None, 0
    for a, b in zip(bounds, bounds[1:], strict=False):
        while j < len(items) and items[j][1] <= a:
            j += 1
        it = items[j] if j < len(items) and items[j][0] <= a else None
        key = (it[2:] if it else None, _inside(a, b, marks), _inside(a, b, facts))
        if key == prev:
            pieces[-1].text += text[a:b]
            continue
        pieces.append(
            Piece(text[a:b], it[2] if it else None, it[3] if it else None, key[1], key[2])
        )
        prev = key
    return pieces


def _inside(a: int, b: int, ranges) -> bool:
    return any(x <= a and b <= y for x, y in ranges)


PAGE_CHARS = 16_000  # the reader shows a long document in pages of about this many characters
# (a page costs its characters in marks and escaping: 16k keeps a page near 10 ms)


def reader_pages(segments) -> list[tuple[int, int]]:
    """(first, last + 1) paragraph indexes of each reader page: whole paragraphs, about
    PAGE_CHARS characters each (a longer paragraph is a page of its own)."""
    pages: list[tuple[int, int]] = []
    first, size = 0, 0
    for i, seg in enumerate(segments):
        n = seg.end - seg.start
        if size and size + n > PAGE_CHARS:
            pages.append((first, i))
            first, size = i, 0
        size += n
    if segments:
        pages.append((first, len(segments)))
    return pages


def page_of(segments, pages: list[tuple[int, int]], offset: int) -> int:
    """1-based number of the page whose paragraphs hold character `offset` (else the last
    page that starts before it)."""
    starts = [segments[a].start for a, _ in pages]
    return max(1, bisect.bisect_right(starts, offset))


def paragraphs(text: str, segments, spans, hl=None, facts=()) -> list[Paragraph]:
    out = []
    spans = sorted(spans, key=lambda s: (s.start, -(s.end - s.start)))
    starts = [s.start for s in spans]
    longest = max((s.end - s.start for s in spans), default=0)
    # the same for the figures: each paragraph is given only those that reach into it
    facts = sorted(facts)
    fact_starts = [f[0] for f in facts]
    widest = max((f[1] - f[0] for f in facts), default=0)
    for seg in segments:
        # spans are sorted by start: only those starting before seg.end and not more than
        # the longest span before seg.start can reach into this paragraph
        lo = bisect.bisect_left(starts, seg.start - longest)
        hi = bisect.bisect_left(starts, seg.end)
        mine = [s for s in spans[lo:hi] if s.end > seg.start]
        a, b = (
            bisect.bisect_left(fact_starts, seg.start - widest),
            bisect.bisect_left(fact_starts, seg.end),
        )
        its_facts = [f for f in facts[a:b] if f[1] > seg.start]
        out.append(
            Paragraph(
                seg.idx,
                seg.start,
                seg.end,
                seg.lang,
                annotate(text, seg.start, seg.end, mine, hl, its_facts),
            )
        )
    return out


# ------------------------------------------------------------------ chart

COLOURS = ["#1f6feb", "#d9480f", "#2b8a3e", "#ae3ec9", "#e67700", "#0b7285"]


@dataclass
class ChartPoint:
    x: float
    y: float
    key: str
    value: float
    count: int
    href: str


@dataclass
class ChartSeries:
    term: str
    colour: str
    points: list[ChartPoint]
    path: str  # SVG path data; gaps where members are missing


@dataclass
class Chart:
    width: int
    height: int
    left: int
    bottom: int
    top: int
    right: int
    ymax: float
    xs: list[tuple[float, str, bool]]  # x, key, missing
    yticks: list[tuple[float, str]]
    series: list[ChartSeries]


def chart(res, per: str = "raw", width: int = 720, height: int = 320, link=None) -> Chart:
    """Geometry for a TrendResult: one line per term over every key of the series.
    `link(term, doc_id)` is where a point leads (the lines its count counted)."""
    left, right, top, bottom = 56, 16, 16, 40
    keys = res.keys or sorted({r.series_key for r in res.rows})
    missing = set(res.missing)
    inner_w, inner_h = width - left - right, height - top - bottom
    step = inner_w / max(len(keys) - 1, 1)
    xpos = {k: left + (i * step if len(keys) > 1 else inner_w / 2) for i, k in enumerate(keys)}

    def val(r) -> float:
        return float(r.per_10k if per == "10k" else r.count)

    present = [r for r in res.rows if r.count is not None]
    ymax = max([val(r) for r in present] + [0.0])
    ymax = _nice(ymax)
    ys = lambda v: top + inner_h - (v / ymax) * inner_h  # noqa: E731
    out = []
    taken: set[tuple[int, int]] = set()  # points of equal value would hide each other
    for i, term in enumerate(res.terms):
        rows = {r.series_key: r for r in present if r.term == term}
        points, path, pen_down = [], [], False
        for k in keys:
            r = rows.get(k)
            if r is None:
                pen_down = False
                continue
            x, y = xpos[k], ys(val(r))
            path.append(f"{'L' if pen_down else 'M'}{x:.1f},{y:.1f}")
            pen_down = True
            if link:
                href = link(term, r.doc_id)
            else:
                href = "/kwic?" + urlencode({"term": term, "doc": r.doc_id})
            px = x
            while (round(px), round(y)) in taken:
                px += 9  # dodge sideways, so every point stays clickable
            taken.add((round(px), round(y)))
            points.append(ChartPoint(px, y, k, round(val(r), 2), r.count, href))
        out.append(ChartSeries(term, COLOURS[i % len(COLOURS)], points, " ".join(path)))
    yticks = [(ys(ymax * f), _fmt(ymax * f)) for f in (0, 0.25, 0.5, 0.75, 1)]
    return Chart(
        width,
        height,
        left,
        bottom,
        top,
        right,
        ymax,
        [(xpos[k], k, k in missing) for k in keys],
        yticks,
        out,
    )


def _nice(v: float) -> float:
    if v <= 0:
        return 1.0
    for m in (1, 2, 2.5, 5, 10):
        mag = 10 ** (len(str(int(v))) - 1)
        if v <= m * mag:
            return float(m * mag)
    return v


def _fmt(v: float) -> str:
    return f"{v:.4g}"
