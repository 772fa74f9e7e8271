"""The target/outcome ledger of a document series: for each metric, each year's target
(from that year's member) beside the outcome that a later member reports for that year.

    ledger = build_ledger(claims, members=[('2014', 4), ...], missing=['2023'])
    ledger.rows[0].metric, ledger.rows[0].cells['2024'].target.value, .status

This is the table analysts draw by hand from the Government Work Reports (the KIET brief's
2023-2025 target-vs-actual table). Pure over `Claim`s that are already certain
(`policyscope.extract.certainty`): metric, kind, measure and period known.

Rules
  * The target of year Y is a kind='target' claim whose period is exactly Y, preferably
    from the member for Y (a later member restating it is ignored), of the metric's own
    measure family (an increment or a share of the metric is not its target). Several
    statements in that member (the target paragraph and its explanation): the first one
    that carries a qualifier (左右, 以上, 以内), else the first.
  * The outcome of year Y is a kind='actual' claim with period exactly Y, of the same
    measure family, from the earliest member after Y (the next report's review); an
    outcome stated by the member for Y itself is used only when no later one states it.
  * Status, by the target's qualifier (`policyscope.analysis.targets.reaches`): 左右 /
    내외 / about: met within 0.1 percentage point for rates, 2% otherwise; 以上 / 이상 /
    at least: met at or above; 以内 / 이내 / at most: met at or below; a range: met inside
    it (a floor at its low end, a ceiling at its high end); a metric whose direction is
    'min' (CPI, unemployment, deficit) reads an approximate target as a ceiling.
    no_outcome when no later member states the year's outcome; missing when the year's
    member is not in the store (its target cannot be known).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from policyscope.analysis.series import key_order
from policyscope.analysis.targets import measure_family, reaches
from policyscope.model import Claim, Record

__all__ = ["Cell", "LedgerRow", "Ledger", "build_ledger"]


@dataclass
class Cell(Record):
    """One year of one metric: its target and outcome claims (each cites its span)."""

    year: str
    target: Claim | None = None
    actual: Claim | None = None
    status: str = "no_target"  # met | missed | no_outcome | no_target | missing


@dataclass
class LedgerRow(Record):
    metric: str
    label: str
    measure: str
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class Ledger(Record):
    series: str
    years: list[str]
    missing: list[str]
    rows: list[LedgerRow]


def _pick_target(cands: list[Claim], year_doc: int | None) -> Claim | None:
    own = [c for c in cands if c.doc_id == year_doc] or cands
    own.sort(key=lambda c: (c.doc_id or 0, c.start))
    qualified = [c for c in own if c.qualifier != "exact"]
    return (qualified or own)[0] if own else None


def _pick_actual(cands: list[Claim], order: Mapping[int | None, tuple]) -> Claim | None:
    if not cands:
        return None
    cands = sorted(cands, key=lambda c: (order.get(c.doc_id, (9, 0, "")), c.start))
    return cands[0]


def _status(t: Claim | None, a: Claim | None) -> str:
    if t is None:
        return "no_target"
    if a is None:
        return "no_outcome"
    return "met" if reaches(t, a.value_base) else "missed"


def build_ledger(
    claims: Iterable[Claim],
    members: list[tuple[str, int]],
    missing: list[str] | None = None,
    *,
    series: str = "",
    metrics: list[str] | None = None,
    labels: Mapping[str, str] | None = None,
    measures: Mapping[str, str] | None = None,
    year_range: tuple[str | None, str | None] = (None, None),
) -> Ledger:
    """The ledger over `members` ([(year key, doc_id)]); `metrics` in order (default:
    every metric with a target in the series), `labels` and `measures` (the metric's own
    measure, default 'level') from the pack."""
    missing = list(missing or [])
    doc_year = {d: k for k, d in members}
    lo, hi = year_range
    # every member may report an outcome; only the years asked for are shown
    years = [
        y
        for y in sorted({k for k, _d in members} | set(missing), key=key_order)
        if not (lo and key_order(y) < key_order(lo)) and not (hi and key_order(y) > key_order(hi))
    ]
    missing = [y for y in missing if y in years]
    claims = [c for c in claims if c.doc_id in doc_year]
    if metrics is None:
        seen: dict[str, None] = {}
        for c in claims:
            if c.kind == "target" and c.period in years:
                seen.setdefault(c.metric, None)
        metrics = list(seen)
    rows = []
    for m in metrics:
        own = measure_family((measures or {}).get(m) or _usual_measure(claims, m))
        mine = [c for c in claims if c.metric == m and measure_family(c.measure) == own]
        rows.append(_row(m, mine, years, missing, members, labels, own))
    return Ledger(series=series, years=years, missing=missing, rows=rows)


def _usual_measure(claims: list[Claim], metric: str) -> str:
    """The measure most targets of a metric state (when the pack does not say)."""
    seen = Counter(c.measure for c in claims if c.metric == metric and c.kind == "target")
    return seen.most_common(1)[0][0] if seen else "level"


def _row(metric, mine, years, missing, members, labels, own) -> LedgerRow:
    year_doc = {k: d for k, d in members}
    row = LedgerRow(metric=metric, label=(labels or {}).get(metric, metric), measure=own)
    for y in years:
        doc = year_doc.get(y)
        # outcomes from the members after the year first, the earliest of them first
        order = {d: ((0 if key_order(k) > key_order(y) else 1), key_order(k)) for k, d in members}
        t = (
            _pick_target([c for c in mine if c.kind == "target" and c.period == y], doc)
            if doc is not None
            else None
        )
        a = _pick_actual([c for c in mine if c.kind == "actual" and c.period == y], order)
        status = "missing" if y in missing and t is None else _status(t, a)
        row.cells[y] = Cell(year=y, target=t, actual=a, status=status)
    return row
