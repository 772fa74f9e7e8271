"""Plain-text tables (lines of TAB-separated cells, as the TXT/DOCX/HWP readers emit them)
and the claims their cells state.

    tables = find_tables(text)
    claims = table_claims(text, tables[0])

Detection: a table block is a run of >= 2 consecutive lines that each hold a TAB. The
caption is the nearest line above the block (within two lines) that starts like
'〈표 1〉', '[표]', '表 2', 'Table 3'.

Headers:
- a year row: a row (among the first two) whose cells hold >= 2 years ('2023', '2024년',
  "'25"); a year cell spans the empty cells after it ('2023\\t\\t2024' = 2023 over two
  columns);
- a kind row: cells that are only kind words (목표/실제/실적/전망, 目标/预期目标/实际/完成,
  target/actual/forecast/plan) give each column a kind;
- otherwise a first row without figures is a column-header row, whose cue words
  ('전략 목표' -> target) give a column kind.

Cells: the row header (first cell; empty -> the row above's, as in merged cells) names the
metric (pack triggers, else 'np:' + header) unless the cell names its own before the
figure ('핵심 산업 규모 1,500억 위안'); period = the column's year, else a date in the row
header ('1단계 (~\\'20)' -> 2020, by_deadline, and the row is a target), else a date in
the cell, else the caption's; kind = the column's kind, else a deadline row -> target,
else cue words in the cell, else target when the caption speaks of targets/tasks.
Quote = the row's line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from policyscope.extract.metrics import SUBJECT_TYPES, DocContext, cue_kind, date_period
from policyscope.extract.reading import lang_of, pack_or_default, ref_year_of
from policyscope.extract.span_claims import claims_in_span
from policyscope.model import Claim

if TYPE_CHECKING:
    from policyscope.knowledge.loader import Pack

__all__ = ["Table", "Row", "find_tables", "table_claims"]


@dataclass
class Row:
    start: int  # the line's span (without the newline)
    end: int
    cells: list[tuple[int, int]]  # cell spans, whitespace trimmed (empty cells: start == end)


@dataclass
class Table:
    start: int
    end: int
    rows: list[Row] = field(default_factory=list)
    caption: tuple[int, int] | None = None


_CAPTION = re.compile(
    r"^\s*(?:[〈<\[【(（]\s*)?(?:표|表|Table|Tab\.|그림|图|Figure)\s*\d*\s*[〉>\]】)）.:：]?",
    re.IGNORECASE,
)
_YEAR_CELL = re.compile(r"^(?:(?:19|20)\d{2}|['’]\d{2})\s*(?:년도?|年度?|E|P|F|e|p|f)?$")
_KIND_WORDS = {
    "target": re.compile(r"^(?:목표|계획|预期目标|目标|计划|targets?|goals?|plan(?:ned)?)$", re.I),
    "actual": re.compile(r"^(?:실제|실적|결과|실측|实际|完成|实绩|actual|outturn|result)$", re.I),
    "forecast": re.compile(r"^(?:전망|예상|예측|预计|预测|forecast|projection|estimate)$", re.I),
}
_CAPTION_TARGET = re.compile(r"목표|과제|계획|目标|任务|计划|target|goal|plan|task", re.I)
_DIGIT = re.compile(r"\d")


def find_tables(text: str) -> list[Table]:
    """Table blocks of `text`, in order."""
    lines = []
    pos = 0
    for ln in text.split("\n"):
        lines.append((pos, pos + len(ln)))
        pos += len(ln) + 1
    out: list[Table] = []
    i = 0
    n = len(lines)
    while i < n:
        s, e = lines[i]
        if "\t" not in text[s:e]:
            i += 1
            continue
        j = i
        while j < n and "\t" in text[lines[j][0] : lines[j][1]]:
            j += 1
        if j - i >= 2:
            tb = Table(lines[i][0], lines[j - 1][1])
            for ls, le in lines[i:j]:
                tb.rows.append(Row(ls, le, _cells(text, ls, le)))
            tb.caption = _caption(text, lines, i)
            out.append(tb)
        i = j
    return out


def _cells(text: str, ls: int, le: int) -> list[tuple[int, int]]:
    out = []
    a = ls
    for k in range(ls, le + 1):
        if k == le or text[k] == "\t":
            x, y = a, k
            while x < y and text[x].isspace():
                x += 1
            while y > x and text[y - 1].isspace():
                y -= 1
            out.append((x, y))
            a = k + 1
    return out


def _caption(text: str, lines: list[tuple[int, int]], i: int) -> tuple[int, int] | None:
    k = i - 1
    seen = 0
    while k >= 0 and seen < 2:
        s, e = lines[k]
        line = text[s:e]
        if line.strip():
            seen += 1
            if _CAPTION.match(line):
                return s, e
        k -= 1
    return None


def _cell_text(text: str, span: tuple[int, int]) -> str:
    return text[span[0] : span[1]]


def _year_row(text: str, row: Row, ncols: int = 0) -> dict[int, str] | None:
    years: dict[int, str] = {}
    for j, span in enumerate(row.cells):
        c = _cell_text(text, span)
        if _YEAR_CELL.match(c):
            digits = re.sub(r"\D", "", c)
            y = int(digits) if len(digits) == 4 else 2000 + int(digits)
            years[j] = str(y)
    if len(years) < 2:
        return None
    out: dict[int, str] = {}
    cur = None
    for j in range(max(ncols, len(row.cells))):
        if j in years:
            cur = years[j]
        elif j < len(row.cells) and _cell_text(text, row.cells[j]):
            cur = None
        if cur is not None:
            out[j] = cur
    return out


def _kind_row(text: str, row: Row) -> dict[int, str] | None:
    kinds: dict[int, str] = {}
    for j, span in enumerate(row.cells):
        c = _cell_text(text, span).strip()
        if not c:
            continue
        for k, pat in _KIND_WORDS.items():
            if pat.match(c):
                kinds[j] = k
                break
        else:
            if j > 0:
                return None
    return kinds or None


def table_claims(
    text: str,
    table: Table,
    *,
    lang: str | None = None,
    pack: Pack | None = None,
    default_subject: str = "china",
    doc_date: str | None = None,
    _ctx: DocContext | None = None,
) -> list[Claim]:
    """One claim per figure in the table's cells (the row headers excluded)."""
    if _ctx is None:
        _ctx = DocContext(text, lang, pack_or_default(pack), ref_year_of(doc_date))
    ctx = _ctx
    tlang = lang_of(text[table.start : table.end], lang)
    cols = _columns(ctx, table.rows)
    cap = _caption_defaults(ctx, table)
    out: list[Claim] = []
    header = (0, 0)
    for row in table.rows[cols.body :]:
        if not row.cells:
            continue
        h = row.cells[0]
        if _cell_text(text, h):
            header = h
        out.extend(_row_claims(ctx, row, header, cols, cap, tlang, default_subject))
    return out


@dataclass
class _Columns:
    """What the header rows say of each column, and where the body starts."""

    year: dict[int, str] = field(default_factory=dict)
    kind: dict[int, str] = field(default_factory=dict)
    body: int = 0


@dataclass
class _Caption:
    """What the caption lends every cell: a period, a kind, a subject."""

    period: tuple[str, str] | None = None
    kind: str = ""
    subject: str | None = None


def _columns(ctx: DocContext, rows: list[Row]) -> _Columns:
    """A year row and a kind row among the first two rows; else a first row without
    figures is a column-header row whose cue words give column kinds."""
    text = ctx.text
    cols = _Columns()
    for r in range(min(2, len(rows))):
        yr = _year_row(text, rows[r], max(len(x.cells) for x in rows))
        if yr and not cols.year:
            cols.year = yr
            cols.body = r + 1
            continue
        kr = _kind_row(text, rows[r])
        if kr and not cols.kind:
            cols.kind = kr
            cols.body = r + 1
            continue
        break
    if cols.body == 0 and len(rows) > 2:
        first = rows[0]
        texts = [_cell_text(text, c) for c in first.cells]
        if not ctx.quantities_in(first.start, first.end) and sum(1 for t in texts if t) >= 2:
            cols.body = 1
            for j, t in enumerate(texts):
                k = cue_kind(t)
                if k and j > 0:
                    cols.kind[j] = k
    return cols


def _caption_defaults(ctx: DocContext, table: Table) -> _Caption:
    cap = _Caption()
    if not table.caption:
        return cap
    cs, ce = table.caption
    ds = ctx.dates_in(cs, ce)
    if ds:
        cap.period = date_period(ds[0])
    if _CAPTION_TARGET.search(ctx.text[cs:ce]):
        cap.kind = "target"
    ents = ctx.entities_in(cs, ce, SUBJECT_TYPES)
    if ents:
        cap.subject = ents[0].item_id
    return cap


def _header_metric(ctx: DocContext, header: tuple[int, int]) -> tuple[str, str] | None:
    """(metric, words) the row header names: a pack metric, else 'np:' + its words."""
    htext = _cell_text(ctx.text, header)
    if not htext or ctx.quantities_in(header[0], header[1]):
        return None
    res = ctx.index.resolve(htext)
    if res:
        return res[0], " ".join(res[1].split())
    words = re.sub(r"\s*[(（][^)）]*[)）]\s*", " ", htext).strip()
    if words and not _DIGIT.fullmatch(words):
        return "np:" + " ".join(words.split()), words
    return None


def _row_claims(
    ctx: DocContext,
    row: Row,
    header: tuple[int, int],
    cols: _Columns,
    cap: _Caption,
    tlang: str,
    default_subject: str,
) -> list[Claim]:
    """The claims of one row's cells, with the row header's metric, period and subject
    and the column's year and kind over what each cell says."""
    text = ctx.text
    htext = _cell_text(text, header)
    metric_default = _header_metric(ctx, header)
    row_dates = ctx.dates_in(header[0], header[1]) if htext else []
    row_period = date_period(row_dates[-1]) if row_dates else None
    hents = ctx.entities_in(header[0], header[1], SUBJECT_TYPES) if htext else []
    subject_default = hents[0].item_id if hents else (cap.subject or default_subject)
    h = row.cells[0]
    start_col = 1 if h[1] > h[0] or len(row.cells) > 1 else 0
    out: list[Claim] = []
    for j in range(start_col, len(row.cells)):
        cell = row.cells[j]
        if cell[1] <= cell[0] or not ctx.quantities_in(cell[0], cell[1]):
            continue
        kind_over = cols.kind.get(j, "")
        if not kind_over and row_period and row_period[1] == "by_deadline":
            kind_over = "target"
        period_over = (cols.year[j], "point") if j in cols.year else row_period
        claims = claims_in_span(
            ctx,
            cell[0],
            cell[1],
            lang=tlang,
            default_subject=default_subject,
            quote=(row.start, row.end),
            source="table",
            period_default=cap.period,
            metric_default=metric_default,
            subject_default=subject_default,
        )
        for c in claims:
            if period_over:
                c.period, c.period_kind = period_over
            if kind_over:
                c.kind = kind_over
            elif c.kind == "actual" and cap.kind:
                c.kind = cap.kind
        out.extend(claims)
    return out
