"""Conflicts: figures about the same thing that disagree, and same figures labelled apart.

    find_conflicts(claims) -> [Conflict, ...]   (most severe first)

Pure functions over `Claim`s from any number of documents.

Which pairs are compared
  * Claims with the same metric, subject and unit (`unit_key`: '%' = 'percent',
    'people' = 'count'), of the same kind family: observed (actual, share), growth
    (growth_rate), target, forecast. Targets are never compared with actuals (that is
    the targets ledger's job).
    Targets and forecasts are compared only for the same deadline (or undated): the
    stages of one plan (1,500억/4,000억/1조 by 2020/2025/2030) are not conflicts.
  * Equal figures (same value to 6 significant digits, unit, subject, period or one
    undated) of the same metric or of two metrics of one `RELATED_METRICS` group
    (budget-like: rd_budget, science_tech_budget, ...; AI industry sizes), whatever
    their kinds (one source's approved budget is another's planned spending): checked
    for label_mismatch.
  * Unlinked metrics ('np:...') are skipped unless include_unlinked=True.

When two values disagree
  * relative difference > 1% (of the larger), and
  * beyond the precision the writers used: each claim's rounding step is read from the
    written value ('16%' -> 1, '16.4%' -> 0.1, '5,784억' -> 1억); two values within half
    the coarser step (a full step when that writer said 'about': '약 16%' vs '16.4%')
    are rounding, not a conflict;
  * and not compatible through a bound: '5,734개 사를 넘어서' (lower bound) agrees with
    any larger figure, '5.5% 이내' (upper bound) with any smaller one, a range with any
    value inside it.

Classification (first match wins)
  label_mismatch      same value and period, different labels: different metric ids of a
                      related group, or the same metric whose wording names a different
                      scope (과학기술 예산 = S&T vs 국가 R&D 예산 = R&D; see `SCOPE_WORDS`).
  transcription_error the written digits are near-identical: two adjacent digits swapped
                      (5,784억 vs 5,874억), or, for figures of the same period (or undated),
                      exactly one digit different (>= 3 significant digits, so
                      4,000억 vs 5,000억 is not a slip). For figures
                      of the same period this is checked even below the 1% threshold
                      (5,734 vs 5,743 are two exact counts that cannot both be right).
  different_period    both dated, different periods: a change over time. The explanation
                      flags a count or size that fell (often a change of scope in disguise).
  different_scope     same or unknown period, but the words naming the metric differ
                      (neither contains the other): likely two definitions.
  same_period         same period, or undated (undated figures are treated as possibly
                      simultaneous, the conservative reading): a real conflict.

Severity (sort order): same_period, transcription_error, different_scope,
label_mismatch, different_period; then by ratio (larger first).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import NamedTuple

from policyscope.analysis.targets import measure_family, period_end, subject_key, unit_key
from policyscope.model import Claim, Record

KIND_FAMILIES = {
    "actual": "observed",
    "target": "target",
    "forecast": "forecast",
}

# Metrics whose figures are easily given each other's labels. Equal values across two
# of them are reported as label_mismatch (different scope or label).
RELATED_METRICS: dict[str, frozenset[str]] = {
    "budget": frozenset(
        {
            "rd_budget",
            "science_tech_budget",
            "basic_research_budget",
            "central_rd_budget",
        }
    ),
    "ai_industry_size": frozenset(
        {"ai_core_industry_size", "ai_related_industry_size", "regional_ai_industry_size"}
    ),
}

# Words that fix the scope of a label: a figure called 'S&T budget' in one source and
# 'R&D budget' in another has a label mismatch even if both map to one metric id.
SCOPE_WORDS: dict[str, tuple[str, ...]] = {
    "S&T": ("과학기술", "과기", "科技", "科学技术", "science and technology", "s&t"),
    "R&D": ("r&d", "연구개발", "研发", "研究与试验发展", "research and development"),
    "core": ("핵심", "核心", "core"),
    "related": ("관련", "相关", "related"),
}

SEVERITY = {
    "cross_source": 0,
    "revision": 1,
    "transcription_error": 2,
    "label_mismatch": 3,
    "within_document": 4,
}
# a stock that falls this much between two close dates is two counts, not a change
STOCK_FALL = 0.05
STOCK_GAP_DAYS = 800

REL_THRESHOLD = 0.01
_GROWING = frozenset({"count", "people", "CNY", "USD", "KRW", "EUR", "JPY"})


@dataclass
class Conflict(Record):
    metric: str
    subject: str
    classification: str  # same_period | different_period | different_scope |
    # transcription_error | label_mismatch
    a_value: str
    a_base: float
    a_period: str
    a_metric_text: str
    a_doc_id: int | None
    a_quote: str
    a_start: int
    a_end: int
    b_value: str
    b_base: float
    b_period: str
    b_metric_text: str
    b_doc_id: int | None
    b_quote: str
    b_start: int
    b_end: int
    ratio: float
    explanation: str
    measure: str = ""  # what both figures measure (level, growth_rate, share...)


# --------------------------------------------------------------------------- precision

_SCALES = {
    "천": 1e3,
    "만": 1e4,
    "억": 1e8,
    "조": 1e12,
    "千": 1e3,
    "万": 1e4,
    "萬": 1e4,
    "亿": 1e8,
    "億": 1e8,
    "兆": 1e12,
    "万亿": 1e12,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_TOKEN = re.compile(
    r"([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万亿|thousand|million|billion|trillion|bn|mn|tn|[천만억조千万萬亿億兆kmb])?",
    re.IGNORECASE,
)


def rounding_step(c: Claim) -> float:
    """The step of the last digit the writer gave, in base units ('5,784억' -> 1e8 CNY,
    '16.4%' -> 0.1). 0.0 when the written value cannot be read (Chinese numerals)."""
    tokens = [
        (num, (scale or "").lower())
        for num, scale in _TOKEN.findall(c.value or "")
        if any(ch.isdigit() for ch in num)
    ]
    if not tokens:
        return 0.0
    total = 0.0
    for num, scale in tokens:
        total += float(num.replace(",", "")) * _SCALES.get(scale, 1.0)
    if total == 0:
        return 0.0
    last_num, last_scale = tokens[-1]
    decimals = len(last_num.split(".", 1)[1]) if "." in last_num else 0
    step_written = 10.0**-decimals * _SCALES.get(last_scale, 1.0)
    # written -> base: the ratio value_base / written total carries the unit's factor
    return abs(c.value_base) * step_written / total


def _tolerance(c: Claim) -> float:
    """Half a rounding step; a full step for 'about' figures, whose trailing zeros are
    also read as rounding ('약 5,700' -> step 100)."""
    step = rounding_step(c)
    if c.qualifier != "approx":
        return step / 2
    tokens = _TOKEN.findall(c.value or "")
    if tokens and "." not in tokens[-1][0]:
        digits = tokens[-1][0].replace(",", "")
        zeros = len(digits) - len(digits.rstrip("0"))
        step *= 10.0 ** min(zeros, max(len(digits) - 1, 0))
    return step


def _compatible(a: Claim, b: Claim) -> bool:
    """True when the two figures can both be right: rounding, bounds or ranges."""
    x, y = a.value_base, b.value_base
    if abs(x - y) <= max(_tolerance(a), _tolerance(b)) + 1e-9 * max(abs(x), abs(y), 1):
        return True
    for p, q in ((a, b), (b, a)):
        if p.qualifier == "lower_bound" and q.value_base >= p.value_base:
            return True
        if p.qualifier == "upper_bound" and q.value_base <= p.value_base:
            return True
        if p.qualifier == "range" and p.value_high is not None:
            if p.value_base <= q.value_base <= p.value_high:
                return True
    return False


def _rel_diff(x: float, y: float) -> float:
    big = max(abs(x), abs(y))
    return abs(x - y) / big if big else 0.0


# --------------------------------------------------------------------------- digits


def _digits(c: Claim) -> str:
    return re.sub(r"[^0-9]", "", c.value or "")


def _scale_words(c: Claim) -> str:
    return re.sub(r"[0-9.,\s]", "", c.value or "")


def _sig_digits(v: float) -> str:
    s = f"{abs(v):.6f}".rstrip("0").replace(".", "")
    return s.lstrip("0").rstrip("0") or "0"


def _near_digits(a: Claim, b: Claim) -> str | None:
    """'transposition' or 'one_digit' when the written digits nearly coincide."""
    if _scale_words(a) == _scale_words(b) and _digits(a) and _digits(b):
        da, db = _digits(a), _digits(b)
    else:
        da, db = _sig_digits(a.value_base), _sig_digits(b.value_base)
        width = max(len(da), len(db))
        da, db = da.ljust(width, "0"), db.ljust(width, "0")
    if len(da) != len(db) or da == db:
        return None
    if max(len(da.rstrip("0")), len(db.rstrip("0"))) < 3:
        return None  # round figures (4,000억 vs 5,000억) are not copying slips
    diff = [i for i in range(len(da)) if da[i] != db[i]]
    if len(diff) == 2 and diff[1] == diff[0] + 1:
        i, j = diff
        if da[i] == db[j] and da[j] == db[i]:
            return "transposition"
    if len(diff) == 1:
        return "one_digit"
    return None


# --------------------------------------------------------------------------- labels


def _label_text(c: Claim) -> str:
    """The words that named the metric: metric_text, else the quote just before the figure."""
    if c.metric_text:
        return c.metric_text
    if c.quote:
        at = c.start - c.quote_start if c.quote_start <= c.start else -1
        if 0 <= at <= len(c.quote):
            return c.quote[max(0, at - 30) : at]
        return c.quote
    return ""


def _scopes(text: str) -> frozenset[str]:
    t = text.lower()
    return frozenset(s for s, words in SCOPE_WORDS.items() if any(w in t for w in words))


def _norm_label(text: str) -> str:
    return re.sub(r"\s+", "", (text or "").lower())


def _labels_differ(a: Claim, b: Claim) -> bool:
    la, lb = _norm_label(a.metric_text), _norm_label(b.metric_text)
    return bool(la and lb and la not in lb and lb not in la)


def _related(m1: str, m2: str) -> str | None:
    for name, group in RELATED_METRICS.items():
        if m1 in group and m2 in group:
            return name
    return None


def _same_period(a: Claim, b: Claim) -> bool:
    if a.period and b.period:
        return period_end(a.period) == period_end(b.period) or a.period == b.period
    return True  # one undated: possibly the same time


# --------------------------------------------------------------------------- main


def _desc(c: Claim) -> str:
    where = f"doc {c.doc_id}" if c.doc_id is not None else "no doc"
    when = c.period or "undated"
    unit = c.unit or ""
    sep = "" if unit in ("%", "%p", "") else " "
    return f"{c.value}{sep}{unit} ({when}, {where})"


def _conflict(a: Claim, b: Claim, classification: str, explanation: str) -> Conflict:
    x, y = abs(a.value_base), abs(b.value_base)
    ratio = max(x, y) / min(x, y) if min(x, y) > 0 else math.inf
    return Conflict(
        metric=a.metric if a.metric == b.metric else f"{a.metric}|{b.metric}",
        subject=a.subject or b.subject,
        classification=classification,
        a_value=a.value,
        a_base=a.value_base,
        a_period=a.period,
        a_metric_text=a.metric_text or _label_text(a).strip(),
        a_doc_id=a.doc_id,
        a_quote=a.quote,
        a_start=a.start,
        a_end=a.end,
        b_value=b.value,
        b_base=b.value_base,
        b_period=b.period,
        b_metric_text=b.metric_text or _label_text(b).strip(),
        b_doc_id=b.doc_id,
        b_quote=b.quote,
        b_start=b.start,
        b_end=b.end,
        ratio=round(ratio, 6),
        explanation=explanation,
        measure=a.measure if a.measure == b.measure else f"{a.measure}|{b.measure}",
    )


def _order(a: Claim, b: Claim) -> tuple[Claim, Claim]:
    """Earlier period first, then document and position, so output is stable."""

    def k(c: Claim):
        end = period_end(c.period)
        return (end is None, end.toordinal() if end else 0, c.doc_id or 0, c.start)

    return (a, b) if k(a) <= k(b) else (b, a)


class DocWhen(NamedTuple):
    """When a document was issued, and its series: what tells a revision apart."""

    date: str
    series: str | None


Docs = Mapping[int | None, DocWhen]
_UNDATED = DocWhen("", None)


def _source_class(a: Claim, b: Claim, docs: Docs | None) -> str:
    """revision (a later member of the same series restates the figure), cross_source,
    or within_document."""
    if a.doc_id == b.doc_id:
        return "within_document"
    da, db = (docs or {}).get(a.doc_id), (docs or {}).get(b.doc_id)
    if da and db and da.series and da.series == db.series and (da.date or "") != (db.date or ""):
        return "revision"
    return "cross_source"


def _value_conflict(a: Claim, b: Claim, docs: Docs | None = None) -> Conflict | None:
    """Two figures of the same metric, subject, measure, standing and period."""
    if math.isclose(a.value_base, b.value_base, rel_tol=1e-9) or _compatible(a, b):
        return None
    a, b = _order(a, b)
    if (docs or {}).get(a.doc_id, _UNDATED).date > (docs or {}).get(b.doc_id, _UNDATED).date:
        a, b = b, a  # the earlier document first: a revision reads a -> b
    pct = (b.value_base - a.value_base) / abs(a.value_base) if a.value_base else math.inf
    near = _near_digits(a, b)
    if _rel_diff(a.value_base, b.value_base) <= REL_THRESHOLD and near is None:
        return None
    cls = _source_class(a, b, docs)
    if near is not None and cls != "revision":
        what = "two adjacent digits swapped" if near == "transposition" else "one digit differs"
        return _conflict(
            a,
            b,
            "transcription_error",
            f"{_desc(a)} vs {_desc(b)}: {what}; most likely a typing or copying error in "
            "one source - check the original",
        )
    if cls == "revision":
        # a later report restating a year's figure differently revised it (statistics are
        # revised after censuses), even when the digits are close
        expl = f"{_desc(a)} is restated as {_desc(b)} by a later member of the series"
    else:
        expl = (
            f"{_desc(a)} vs {_desc(b)}: {abs(pct):.0%} apart for the same period, beyond "
            "rounding: one of them is wrong or they count differently"
        )
    return _conflict(a, b, cls, expl)


def _stock_fall(a: Claim, b: Claim) -> Conflict | None:
    """A count or size that normally grows, stated lower a short time later: two ways of
    counting, reported as a disagreement between the sources behind them."""
    a, b = _order(a, b)
    ea, eb = period_end(a.period), period_end(b.period)
    if ea is None or eb is None or ea == eb or (eb - ea).days > STOCK_GAP_DAYS:
        return None
    if unit_key(a.base_unit) not in _GROWING or a.value_base <= 0:
        return None
    if _compatible(a, b) or (b.value_base - a.value_base) / a.value_base > -STOCK_FALL:
        return None
    fall = (a.value_base - b.value_base) / a.value_base
    return _conflict(
        a,
        b,
        "cross_source",
        f"{_desc(a)} -> {_desc(b)}: down {fall:.0%} in {(eb - ea).days // 30} months, "
        "unusual for a count or size that normally grows: the sources count differently",
    )


def _same_value_label(a: Claim, b: Claim) -> Conflict | None:
    """Equal figures: a label mismatch when the metric ids or the scope words differ."""
    if not _same_period(a, b):
        return None
    a, b = _order(a, b)
    if a.metric != b.metric:
        group = _related(a.metric, b.metric)
        if group is None:
            return None
        return _conflict(
            a,
            b,
            "label_mismatch",
            f"the same figure {_desc(a)} / {_desc(b)} is called {a.metric} "
            f"('{_label_text(a).strip()}') in one place and {b.metric} "
            f"('{_label_text(b).strip()}') in the other: a different scope or a mislabel",
        )
    sa, sb = _scopes(_label_text(a)), _scopes(_label_text(b))
    if sa and sb and sa != sb:
        return _conflict(
            a,
            b,
            "label_mismatch",
            f"the same figure {_desc(a)} / {_desc(b)} is labelled "
            f"'{_label_text(a).strip()}' ({'/'.join(sorted(sa))}) and "
            f"'{_label_text(b).strip()}' ({'/'.join(sorted(sb))}): "
            "one source uses the wrong scope, or both mean the same budget line",
        )
    return None


def find_conflicts(
    claims: list[Claim],
    include_unlinked: bool = False,
    docs: Mapping | None = None,
    stocks: frozenset[str] | None = None,
) -> list[Conflict]:
    """Real disagreements, most severe first (see the module doc).

    Only figures with a known metric, period, standing and measure are compared (an
    uncertain figure never makes a conflict); `include_unlinked` also compares unlinked
    ('np:') noun phrases. `docs` maps doc_id -> DocWhen(date, series) (or a plain pair)
    to tell a revision from a cross-source disagreement; `stocks` are the metrics whose
    level normally grows (a fall between close dates is then reported)."""
    when = {k: DocWhen(*v) for k, v in docs.items()} if docs is not None else None
    usable = [
        c
        for c in claims
        if (include_unlinked or not c.metric.startswith("np:"))
        and c.period
        and c.kind in KIND_FAMILIES
        and c.measure not in ("conversion", "")
    ]
    groups: dict[tuple, list[Claim]] = {}
    same_value: dict[tuple, list[Claim]] = {}
    levels: dict[tuple, list[Claim]] = {}
    for c in usable:
        fam = KIND_FAMILIES[c.kind]
        subj, unit = subject_key(c.subject), unit_key(c.base_unit)
        meas = measure_family(c.measure)
        # '2015' and '2011/2015' end together but are not the same period
        groups.setdefault((c.metric, subj, unit, fam, meas, c.period), []).append(c)
        same_value.setdefault((subj, unit, meas, f"{c.value_base:.6g}"), []).append(c)
        if fam == "observed" and meas == "level" and (stocks is None or c.metric in stocks):
            levels.setdefault((c.metric, subj, unit), []).append(c)

    out: list[Conflict] = []
    seen: set[tuple] = set()

    def add(conflict: Conflict | None) -> None:
        if conflict is None:
            return
        k = (conflict.a_doc_id, conflict.a_start, conflict.b_doc_id, conflict.b_start)
        if k not in seen:
            seen.add(k)
            out.append(conflict)

    for members in groups.values():
        for a, b in combinations(members, 2):
            if (a.doc_id, a.start, a.end) != (b.doc_id, b.start, b.end):
                add(_value_conflict(a, b, when))
    for members in levels.values():
        for a, b in combinations(members, 2):
            add(_stock_fall(a, b))
    # equal figures under different labels, whatever kind each source gave them (one
    # source's approved budget is the other's planned spending)
    for members in same_value.values():
        for a, b in combinations(members, 2):
            if (a.doc_id, a.start, a.end) == (b.doc_id, b.start, b.end):
                continue
            if a.metric == b.metric or _related(a.metric, b.metric):
                add(_same_value_label(a, b))

    out.sort(key=lambda c: (SEVERITY[c.classification], -c.ratio, c.metric, c.a_start))
    return _collapse_restatements(out)


def _collapse_restatements(conflicts: list[Conflict]) -> list[Conflict]:
    """A figure restated in one document (summary, body, table) conflicts N times with the
    same other figure; keep one per (metric, values, periods, docs, classification)."""
    kept: dict[tuple, Conflict] = {}
    # one mislabelled budget line is one label mismatch, however many of its figures (the
    # amount, its growth) carry the two labels: the level first, then the rest folded in
    order = sorted(conflicts, key=lambda c: c.measure != "level")
    for c in order:
        k: tuple
        if c.classification == "label_mismatch":
            k = (c.metric, c.subject, c.classification, c.a_doc_id, c.b_doc_id)
        else:
            k = (
                c.metric,
                c.subject,
                c.classification,
                round(c.a_base, 9),
                c.a_period,
                c.a_doc_id,
                round(c.b_base, 9),
                c.b_period,
                c.b_doc_id,
            )
        kept.setdefault(k, c)
    keep = {id(v) for v in kept.values()}
    return [c for c in conflicts if id(c) in keep]
