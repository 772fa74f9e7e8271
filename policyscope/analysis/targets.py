"""Targets ledger: every stated target joined with the actuals that say how it went.

    targets_ledger(claims, today="2026-01-01", doc_dates=None) -> [TargetRow, ...]

`today` defaults to the system date; a bare year or month ('2026', '2026-03') means its
first day. `doc_dates` (doc_id -> ISO date) orders documents for 'superseded'.

Pure functions over `Claim`s (from any number of documents); nothing is read or stored.

Rules
-----
Joining
  * A target is a claim with kind='target'. Its deadline is its period ('2025'; a range
    '2025-2027' or '2025/2027' ends in 2027). A period is read as its *end*: '2023' is
    2023-12-31, '2023-06' is 2023-06-30.
  * Actuals are claims with kind 'actual' or 'share', and 'growth_rate' claims: a growth
    rate joins a growth target (gdp_growth 5% target <- 5.2% growth) because both are in
    percent, while for a size target (CNY) the unit differs and the growth rate is only
    used to project the trend (below).
  * Target and actual must agree on metric, subject and unit. Subjects compare after a
    small alias table ('' / '중국' / '中国' / 'prc' -> 'china', the pack's default country);
    units after `unit_key` ('%' = 'percent', 'people' = 'count').
  * Actuals without a period are ignored (they cannot be placed in time).
  * The same target stated twice in one document (summary and table) is one row; an
    undated statement of a value that the same document also dates is dropped.

Which actual
  * The latest actual at or before the deadline (ties: the newer document). When there
    is none and the deadline has passed, the earliest actual after the deadline is used
    for met/missed, and the evidence says so (a later figure is weaker evidence).

Direction (what "reaching" a target means)
  * Most metrics are 'max' (more is better: a floor). `METRIC_DIRECTIONS` lists the
    'min' metrics (a ceiling: cpi_growth, urban_surveyed_unemployment, deficit_ratio). The
    pack cannot declare this yet, so the table lives here.
  * The target's own qualifier overrides the table: 'upper_bound' ('5.5% 이내', '以内')
    is a ceiling, 'lower_bound' ('이상', '以上') a floor.
  * 'approx' targets ('5% 내외', '左右') also count as reached within a tolerance: 0.1
    percentage point for percent metrics, 2% relative otherwise. 'range' targets are
    reached at the low end (floor) or below the high end (ceiling).
  * So the Chinese CPI target '3% 내외' is read as a ceiling: 0.2% actual -> met
    (the evidence notes how far below the ceiling it is).

Status
  * superseded: a newer document states a target for the same metric, subject and
    deadline (document recency: `doc_dates` if given, else the latest period of an
    actual stated in that document, then doc_id). Checked first.
  * unknown: no actual (or no deadline).
  * decisive (the deadline has passed on `today`, or an actual covers the deadline
    period itself): reached -> met, else missed.
  * before the deadline: the actual already reaches the target -> on_track (not met:
    a deadline target is judged at the deadline, and rates can fall back; for rates
    and per-year flows, `PER_PERIOD_METRICS`, the evidence says it is indicative only).
    Otherwise the trend is projected to the deadline: linearly from the earliest to the
    latest actual when there are two dated actuals, else compounding a growth_rate
    claim of the same metric and subject (e.g. the CAICT '약 13%' growth of the core AI
    industry).
    Projection reaches the target -> on_track, falls short -> behind; no trend to
    project -> unknown, with the gap and the growth rate needed in the evidence.

The New Generation AI Development Plan with the CAICT 2023 figure (5,784억 위안):
  1,500억 by 2020 -> met (judged on the later 2023 figure, as the evidence says);
  4,000억 by 2025 -> on_track before 2026 (already 145% of it), met after the deadline;
  1조 by 2030 -> on_track if the 13% growth claim is present (5,784억 x 1.13^7 ~ 1.36조),
  unknown without it (one point is no trend; 8.1%/yr is needed).

Rows are sorted by deadline (undated last), then metric, subject and target document.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from policyscope.model import Claim, Record

# 'min': lower is better, the target is a ceiling. Everything else is 'max' (a floor).
METRIC_DIRECTIONS: dict[str, str] = {
    "cpi_growth": "min",
    "urban_surveyed_unemployment": "min",
    "urban_registered_unemployment": "min",
    "deficit_ratio": "min",
    "deficit_amount": "min",
}

# Metrics counted per period (a year's flow, not a stock): an earlier year's figure
# reaching the target says little about the deadline year. Percent metrics are too.
PER_PERIOD_METRICS = frozenset(
    {
        "urban_new_jobs",
        "nev_output",
        "grain_output",
        "special_treasury_bonds",
        "ultra_long_special_treasury_bonds",
        "trade_in_subsidy",
        "local_special_bonds",
        "central_budget_investment",
        "deficit_amount",
    }
)

ACTUAL_KINDS = frozenset({"actual"})
PERCENT_UNITS = frozenset({"percent", "percentage_point"})
APPROX_PP = 0.1  # tolerance of an 'approx' percent target, in percentage points
APPROX_REL = 0.02  # tolerance of other 'approx' targets, relative

_SUBJECT_ALIASES = {"": "china", "중국": "china", "中国": "china", "prc": "china", "cn": "china"}
_UNIT_ALIASES = {"%": "percent", "people": "count", "pp": "percentage_point"}


@dataclass
class TargetRow(Record):
    metric: str
    subject: str
    target_value: str
    target_unit: str
    target_base: float
    base_unit: str
    deadline: str
    qualifier: str
    target_doc_id: int | None
    target_quote: str
    target_start: int
    target_end: int
    actual_value: str | None
    actual_base: float | None
    actual_period: str | None
    actual_doc_id: int | None
    actual_quote: str | None
    actual_start: int | None
    actual_end: int | None
    status: str  # met | on_track | behind | missed | superseded | unknown
    evidence: str
    measure: str = ""  # what the target measures (level, growth_rate, share, increment...)


# --------------------------------------------------------------------------- helpers


def subject_key(subject: str) -> str:
    s = (subject or "").strip().lower()
    return _SUBJECT_ALIASES.get(s, s)


def unit_key(unit: str) -> str:
    u = (unit or "").strip()
    return _UNIT_ALIASES.get(u, u)


_PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")
_HALF_QUARTER = re.compile(r"^(\d{4})-?([QqHh])(\d)$")


def period_end(period: str) -> date | None:
    """The last day a period covers: '2023' -> 2023-12-31, '2023-06' -> 2023-06-30,
    '2025-2027' / '2025/2027' / '2025~2027' -> 2027-12-31, '2024-Q2' -> 2024-06-30."""
    p = (period or "").strip()
    if not p or p.lower() in ("n.d.", "nd"):
        return None
    for sep in ("/", "~", "–", ".."):
        if sep in p:
            return period_end(p.rsplit(sep, 1)[1].strip())
    if re.fullmatch(r"\d{4}-\d{4}", p):
        return period_end(p[5:])
    q = _HALF_QUARTER.match(p)
    if q:
        year, which, n = int(q.group(1)), q.group(2).upper(), int(q.group(3))
        month = n * 3 if which == "Q" else n * 6
        return _month_end(year, month) if 1 <= month <= 12 else None
    m = _PERIOD.match(p)
    if not m:
        return None
    year = int(m.group(1))
    if m.group(3):
        try:
            return date(year, int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    if m.group(2):
        month = int(m.group(2))
        return _month_end(year, month) if 1 <= month <= 12 else None
    return date(year, 12, 31)


def _end(period: str) -> date:
    """The end of a period the caller knows has one (it filtered the others out)."""
    end = period_end(period)
    if end is None:
        raise ValueError(f"period {period!r} has no end")
    return end


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date.fromordinal(date(year, month + 1, 1).toordinal() - 1)


def _years(a: date, b: date) -> float:
    return (b - a).days / 365.25


def _fmt_years(y: float) -> str:
    y = abs(y)
    if y < 0.95:
        months = max(1, round(y * 12))
        return f"{months} month" + ("s" if months != 1 else "")
    n = round(y)
    words = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
    if abs(y - n) < 0.15:
        return f"{words.get(n, str(n))} year" + ("s" if n != 1 else "")
    return f"{y:.1f} years"


def _written(c: Claim) -> str:
    unit = c.unit or ""
    if unit in ("%", "%p") or not unit:
        return f"{c.value}{unit}"
    return f"{c.value} {unit}"


def _fmt_base(v: float, unit: str) -> str:
    """A projected value in base units, readable: 1.36e12 CNY -> '1.36 trillion CNY'."""
    if unit_key(unit) in PERCENT_UNITS:
        return f"{v:.1f}%"
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(v) >= scale:
            return f"{v / scale:.3g} {word} {unit}"
    return f"{v:,.0f} {unit}"


def direction(target: Claim) -> str:
    """'min' (ceiling) or 'max' (floor) for this target: its qualifier, else the table."""
    if target.qualifier == "upper_bound":
        return "min"
    if target.qualifier == "lower_bound":
        return "max"
    return METRIC_DIRECTIONS.get(target.metric, "max")


def reaches(target: Claim, value: float) -> bool:
    """Does `value` (base units) reach the target, given its direction and qualifier?"""
    d = direction(target)
    low = target.value_base
    high = target.value_high if target.value_high is not None else target.value_base
    tol = 0.0
    if target.qualifier == "approx":
        if unit_key(target.base_unit) in PERCENT_UNITS:
            tol = APPROX_PP
        else:
            tol = abs(target.value_base) * APPROX_REL
    tol += 1e-9 * max(1.0, abs(target.value_base))
    if d == "min":
        return value <= high + tol
    return value >= low - tol


def _ratio_text(actual: float, target: float) -> str:
    if target == 0:
        return ""
    return f"{actual / target:.0%} of"


# --------------------------------------------------------------------------- ledger


def _doc_recency(claims: list[Claim], doc_dates: Mapping | None) -> dict:
    """doc_id -> sortable recency key: (given date or latest actual period, doc_id)."""
    latest: dict = {}
    for c in claims:
        if c.kind in ACTUAL_KINDS:
            end = period_end(c.period)
            if end and (c.doc_id not in latest or end > latest[c.doc_id]):
                latest[c.doc_id] = end
    out = {}
    for doc in {c.doc_id for c in claims}:
        given = period_end(str((doc_dates or {}).get(doc) or "")) if doc_dates else None
        when = given or latest.get(doc) or date.min
        out[doc] = (when, doc if doc is not None else -1)
    return out


def measure_family(measure: str) -> str:
    """Measures that can be compared: a year's average rate answers a rate target
    ('城镇调查失业率平均为5.2%' against '5.5%左右'); an increment never answers a level."""
    return {"average": "level", "": "level"}.get(measure, measure)


def _key(c: Claim) -> tuple[str, str, str, str]:
    return (
        c.metric,
        subject_key(c.subject),
        unit_key(c.base_unit),
        measure_family(getattr(c, "measure", "")),
    )


def _dedupe_targets(targets: list[Claim]) -> list[Claim]:
    seen: dict[tuple, Claim] = {}
    for t in targets:
        k = (*_key(t), t.period, t.doc_id, round(t.value_base, 9))
        kept = seen.get(k)
        # prefer the statement that carries a qualifier (the table's '5% 내외')
        if kept is None or (kept.qualifier == "exact" and t.qualifier != "exact"):
            seen[k] = t
    unique = list(seen.values())
    # an undated restatement of a dated target of the same document ('경제성장률을 5%로
    # 제시' in a summary, the table's 2025 column) is the same target
    dated = {(*_key(t), t.doc_id, round(t.value_base, 9)) for t in unique if t.period}
    return [
        t for t in unique if t.period or (*_key(t), t.doc_id, round(t.value_base, 9)) not in dated
    ]


def _growth_for(actual: Claim, growth: list[Claim], metric: str, subj: str) -> Claim | None:
    """A growth_rate claim of the same metric and subject nearest the actual's period."""
    end = _end(actual.period)
    same = [
        g
        for g in growth
        if g.metric == metric
        and subject_key(g.subject) == subj
        and unit_key(g.base_unit) in PERCENT_UNITS
        and period_end(g.period) is not None
    ]
    if not same:
        return None
    same.sort(key=lambda g: (abs((_end(g.period) - end).days), g.doc_id != actual.doc_id))
    return same[0]


def _row(t: Claim, a: Claim | None, status: str, evidence: str) -> TargetRow:
    return TargetRow(
        metric=t.metric,
        subject=t.subject,
        target_value=t.value,
        target_unit=t.unit,
        target_base=t.value_base,
        base_unit=t.base_unit,
        deadline=t.period,
        qualifier=t.qualifier,
        target_doc_id=t.doc_id,
        target_quote=t.quote,
        target_start=t.start,
        target_end=t.end,
        actual_value=_written(a) if a else None,
        actual_base=a.value_base if a else None,
        actual_period=a.period if a else None,
        actual_doc_id=a.doc_id if a else None,
        actual_quote=a.quote if a else None,
        actual_start=a.start if a else None,
        actual_end=a.end if a else None,
        status=status,
        evidence=evidence,
        measure=getattr(t, "measure", ""),
    )


def targets_ledger(
    claims: list[Claim],
    today: str | None = None,
    doc_dates: Mapping[int | None, str] | None = None,
    doc_series: Mapping[int | None, str | None] | None = None,
) -> list[TargetRow]:
    """One row per target claim (deduplicated within a document), with its status.

    `today` (ISO date, default the system date) decides whether deadlines have passed;
    `doc_dates` (doc_id -> ISO date) orders documents for 'superseded'."""
    now = period_end(today) if today else date.today()
    if now is None:
        raise ValueError(f"today must be an ISO date, not {today!r}")
    if today and re.fullmatch(r"\d{4}(-\d{1,2})?", today.strip()):
        # '2026' means the start of 2026 for "has the deadline passed", not its end
        parts = [int(x) for x in today.strip().split("-")]
        now = date(parts[0], parts[1] if len(parts) > 1 else 1, 1)

    targets = _dedupe_targets([c for c in claims if c.kind == "target"])
    actuals = [c for c in claims if c.kind in ACTUAL_KINDS and period_end(c.period)]
    growth = [c for c in claims if getattr(c, "measure", "") == "growth_rate"]
    recency = _doc_recency(claims, doc_dates)

    by_key: dict[tuple, list[Claim]] = {}
    for a in actuals:
        by_key.setdefault(_key(a), []).append(a)

    rows: list[TargetRow] = []
    for t in targets:
        newer = [
            o
            for o in targets
            if o is not t
            and _key(o) == _key(t)
            and period_end(o.period) == period_end(t.period)
            and o.doc_id != t.doc_id
            and recency[o.doc_id] > recency[t.doc_id]
            # only a later member of the same series supersedes a target; another source
            # restating it (a think-tank brief quoting the report) does not
            and (doc_series is None or _same_series(doc_series, o.doc_id, t.doc_id))
        ]
        if newer and period_end(t.period):
            n = max(newer, key=lambda o: recency[o.doc_id])
            how = (
                "restates it unchanged"
                if math.isclose(n.value_base, t.value_base, rel_tol=1e-9)
                else f"revises it to {_written(n)}"
            )
            rows.append(
                _row(
                    t,
                    None,
                    "superseded",
                    f"a newer document (doc {n.doc_id}) sets the {t.period} target again and "
                    f"{how}; this statement of {_written(t)} is superseded",
                )
            )
            continue
        rows.append(_judge(t, by_key.get(_key(t), []), growth, now))

    def order(r: TargetRow):
        end = period_end(r.deadline)
        return (end is None, end or date.max, r.metric, r.subject, r.target_doc_id or 0)

    rows.sort(key=order)
    return rows


def _same_series(doc_series: Mapping, a: int | None, b: int | None) -> bool:
    sa, sb = doc_series.get(a), doc_series.get(b)
    return bool(sa) and sa == sb


def _judge(t: Claim, pool: list[Claim], growth: list[Claim], now: date) -> TargetRow:
    deadline = period_end(t.period)
    tw = f"the {t.period} target {_written(t)}" if t.period else f"the target {_written(t)}"
    ceiling = direction(t) == "min"
    if deadline is None:
        return _row(t, None, "unknown", f"{tw[0].upper()}{tw[1:]} has no deadline to judge")
    if not pool:
        return _row(t, None, "unknown", f"no actual figure for {t.metric} to compare with {tw}")

    dated = sorted(_answers(t, pool), key=lambda a: (_end(a.period), a.doc_id or 0))
    before = [a for a in dated if _end(a.period) <= deadline]
    after = [a for a in dated if _end(a.period) > deadline]
    passed = now > deadline

    if before:
        a = before[-1]
    elif passed and after:
        # a later figure cannot say whether the target was met at its deadline (a wrong
        # status is worse than none): shown, never judged
        a = after[0]
        side = _ratio_text(a.value_base, t.value_base)
        return _row(
            t,
            a,
            "unknown",
            f"no figure for {t.period} or before; the later {a.period} actual {_written(a)} is "
            f"{side} {tw} (another period: it cannot tell whether the target was met)",
        )
    else:
        return _row(t, None, "unknown", f"no actual at or before the deadline of {tw}")

    a_end = _end(a.period)
    aw = f"{a.period} actual {_written(a)}"
    ok = reaches(t, a.value_base)
    per_period = unit_key(t.base_unit) in PERCENT_UNITS or t.metric in PER_PERIOD_METRICS
    decisive = passed or a_end == deadline
    if per_period and passed and a_end != deadline:
        # a year's rate or flow: another year's figure cannot meet or miss this year's target
        side = (
            "within the ceiling of" if ceiling and ok else _ratio_text(a.value_base, t.value_base)
        )
        return _row(
            t,
            a,
            "unknown",
            f"no figure for {t.period} in the store; the latest, "
            f"{aw}, is {side} {tw} (another period: indicative only)",
        )

    if decisive:
        if ceiling:
            rel = "within" if ok else "above"
            ev = f"{aw} is {rel} the ceiling of {tw}"
            if ok and a.value_base < 0.5 * t.value_base:
                ev += " (far below it)"
        else:
            ev = f"{aw} is {_ratio_text(a.value_base, t.value_base)} {tw}"
            if t.qualifier == "approx" and ok and a.value_base < t.value_base:
                ev += " (within the tolerance of an approximate target)"
            if ok and a_end < deadline:
                ev += f", reached {_fmt_years(_years(a_end, deadline))} before the deadline"
        return _row(t, a, "met" if ok else "missed", ev)

    return _before_deadline(t, a, before, growth, deadline, tw, aw)


def _answers(t: Claim, pool: list[Claim]) -> list[Claim]:
    """The actuals that can answer target t."""
    if "/" not in t.period and "-" not in t.period[4:5]:
        # a year's target is answered by that year's figure, not by a multi-year
        # average ending in it ('年均增长7.8%' over 2011-2015 is not 2015's growth)
        pool = [a for a in pool if "/" not in a.period]
    same = [a for a in pool if a.period == t.period and a.doc_id != t.doc_id]
    if same:
        # the year's outcome as the first later document states it (the next report)
        return [min(same, key=lambda a: (a.doc_id or 0, a.start))]
    return pool


def _before_deadline(t, a, before, growth, deadline, tw: str, aw: str) -> TargetRow:
    """on_track / behind / unknown for a target whose deadline has not come."""
    ceiling = direction(t) == "min"
    ok = reaches(t, a.value_base)
    a_end = _end(a.period)
    left = _fmt_years(_years(a_end, deadline))
    caveat = ""
    if unit_key(t.base_unit) in PERCENT_UNITS or t.metric in PER_PERIOD_METRICS:
        caveat = " (a figure for an earlier period: indicative only)"
    if ok:
        if ceiling:
            ev = f"{aw} is already within the ceiling of {tw}, {left} before the deadline"
        else:
            ev = (
                f"{aw} is {_ratio_text(a.value_base, t.value_base)} {tw} {left} before the deadline"
            )
        return _row(t, a, "on_track", ev + caveat)

    projected, how = _project(t, a, before, growth, deadline)
    if projected is None:
        need = ""
        if not ceiling and a.value_base > 0 and t.value_base > 0:
            yrs = _years(a_end, deadline)
            if yrs > 0:
                cagr = (t.value_base / a.value_base) ** (1 / yrs) - 1
                need = f"; reaching it needs {cagr:.1%} growth a year"
        return _row(
            t,
            a,
            "unknown",
            f"{aw} is {_ratio_text(a.value_base, t.value_base)} {tw} with {left} to go and "
            f"no trend to project (one dated figure, no growth rate){need}",
        )
    fine = reaches(t, projected)
    verb = "reaches" if fine else "falls short of"
    ev = (
        f"{aw} is {_ratio_text(a.value_base, t.value_base)} {tw}; {how} gives "
        f"{_fmt_base(projected, t.base_unit)} by {t.period}, which {verb} it"
    )
    return _row(t, a, "on_track" if fine else "behind", ev)


def _project(
    t: Claim, latest: Claim, before: list[Claim], growth: list[Claim], deadline: date
) -> tuple[float | None, str]:
    """The value expected at the deadline, and how it was projected."""
    first = before[0]
    f_end, l_end = _end(first.period), _end(latest.period)
    if f_end and l_end and l_end > f_end:
        slope = (latest.value_base - first.value_base) / _years(f_end, l_end)
        value = latest.value_base + slope * _years(l_end, deadline)
        return value, f"the linear path from {first.period} ({_written(first)})"
    if unit_key(t.base_unit) not in PERCENT_UNITS:
        g = _growth_for(latest, growth, t.metric, subject_key(t.subject))
        if g is not None:
            rate = g.value_base / 100.0
            value = latest.value_base * (1 + rate) ** _years(l_end, deadline)
            return value, f"compounding the {g.value}{g.unit} growth rate"
    return None, ""
