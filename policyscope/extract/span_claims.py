"""The claims of one span read as a sentence (or one table cell): for each figure in it,
what it measures, whose it is, when, of which kind, and where it is said.

    claims_in_span(ctx, ss, se, lang="ko") -> [Claim(...), ...]

How (see `policyscope.extract.metrics` for the shared rules):
- figures come from the text's `DocContext`; a parenthesised conversion ('(약112조 원)')
  is the claim of the figure it converts, with measure 'conversion'; a duration ('3년간')
  and a threshold that defines a class ('연 20% 이상인 기업') are no claims;
- metric: the nearest pack trigger before the figure in its clause (a trigger right after
  it when none is before; a trigger in an earlier clause of the sentence after that);
  else 'np:' + the noun phrase before the figure; a part ('이 중 25%') or an enumeration
  ('A, B') takes the metric of the figure before;
- subject: a place/company/organisation right before the metric words, else the nearest
  one before the figure in the sentence (sources 'X에 따르면', '据X' excluded), else
  the default subject; 'world' when the metric words say 글로벌/全球/global;
- period: the nearest date mention before the figure in its clause, else after it in the
  clause, else before it in the sentence ('。'-sentence for Chinese), else an as-of or
  deadline date after it in the sentence; else a duration ('향후 3년간'), the caller's
  default, the document's sections (`policyscope.extract.standing`), a dated figure of
  the same clause;
- kind: `policyscope.extract.standing`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from policyscope.extract.measures import measure_of, reconcile
from policyscope.extract.metrics import (
    CHANGE,
    DocContext,
    clauses,
    percent_mode,
    resolve_metric,
    resolve_period,
    resolve_subject,
)
from policyscope.extract.quantities import Quantity
from policyscope.extract.standing import period_from_context, settle_span, standing, transition
from policyscope.lang.scripts import CJK_UNIFIED, HANGUL_SYLLABLES
from policyscope.model import Claim

__all__ = ["claims_in_span"]

Span = tuple[int, int]  # [start, end) offsets into the text

_PART_OF = re.compile(r"(?:이|그)\s?중|가운데|其中|of which|of this", re.IGNORECASE)
_DURATION = frozenset({"year", "month"})


def claims_in_span(
    ctx: DocContext,
    ss: int,
    se: int,
    *,
    lang: str,
    wide: tuple[int, int] | None = None,
    default_subject: str = "china",
    quote: tuple[int, int] | None = None,
    source: str = "text",
    period_default: tuple[str, str] | None = None,
    metric_default: tuple[str, str] | None = None,
    subject_default: str | None = None,
    context_metric: tuple[str, str] | None = None,
    context_subject: str | None = None,
) -> list[Claim]:
    """Claims for the figures in text[ss:se] read as one sentence (also used for table
    cells: `quote` is then the row, and the defaults come from the headers).
    `context_metric` (metric, words) is the last pack metric of the sentence before: a
    bare rate noun ('성장률', 'growth') with no metric of its own refers to it."""
    text = ctx.text
    wide = wide or (ss, se)
    qs, qe = quote or (ss, se)
    out: list[Claim] = []
    cls = clauses(text, ss, se)
    prev_q = None
    for q in ctx.quantities_in(ss, se):
        if q.end > se:
            continue
        if q.base_unit in _DURATION or _not_a_statement(text, q):
            continue
        if q.conversion_of is not None:
            conv = _conversion_claim(ctx, q, out, (qs, qe), source)
            if conv is not None:
                out.append(conv)
            continue
        clause = next(((a, b) for a, b in cls if a <= q.start < b), (ss, se))
        c = _figure_claim(
            ctx,
            q,
            clause,
            (ss, se),
            wide,
            (qs, qe),
            lang,
            prev_q,
            out,
            _Defaults(
                default_subject,
                period_default,
                metric_default,
                subject_default,
                context_metric,
                context_subject,
                source,
            ),
        )
        out.append(c)
        prev_q = q
    _fill_periods(ctx, out, cls, source)
    return out


@dataclass(frozen=True)
class _Defaults:
    """What the caller (sentence reader or table reader) knows around a span."""

    subject: str = "china"
    period: tuple[str, str] | None = None
    metric: tuple[str, str] | None = None
    subject_override: str | None = None
    context_metric: tuple[str, str] | None = None
    context_subject: str | None = None
    source: str = "text"


def _metric_for(
    ctx: DocContext,
    q: Quantity,
    clause: Span,
    sent: Span,
    lang: str,
    prev_q: Quantity | None,
    out: list[Claim],
    dflt: _Defaults,
) -> tuple[str, str, int, bool, str]:
    """(metric, metric_text, mstart, part_share, enum_kind) of figure q."""
    text = ctx.text
    mode = percent_mode(ctx, q, clause, prev_q.end if prev_q else clause[0])
    same_clause_prev = prev_q if prev_q is not None and prev_q.end > clause[0] else None
    metric, metric_text, mstart = resolve_metric(ctx, q, clause, sent, lang, mode, same_clause_prev)
    if out and metric == "np:" + metric_text and CHANGE.fullmatch(metric_text):
        # '…29.7万亿元、比上年增加1.2万亿元': the change of the figure before
        metric = f"np:{out[-1].metric_text} {metric_text}"
    part_share = False
    enum_kind = ""
    if out and prev_q is not None and out[-1].start == prev_q.start:
        between = text[prev_q.end : q.start]
        own_words = mstart >= prev_q.end and not metric.startswith("np:")
        is_pct = q.base_unit in ("percent", "percentage_point")
        if _PART_OF.search(between) and mode in ("", "share") and not own_words and is_pct:
            # '300억 위안 … 이 중 25%': a part of the figure before
            metric, metric_text = out[-1].metric, out[-1].metric_text
            part_share = True
        elif (
            not _has_words(text, prev_q.end, q.start)
            and metric.startswith("np:")
            and q.base_unit == prev_q.base_unit  # '6 percent, 11 million jobs' lists two things
        ):
            # 'A, B': an enumeration of figures shares the metric
            metric, metric_text = out[-1].metric, out[-1].metric_text
            enum_kind = out[-1].kind
    if dflt.metric is not None and metric.startswith("np:"):
        # a table cell without its own metric words takes the row header's metric
        if not _has_words(text, clause[0], q.start):
            metric, metric_text = dflt.metric
            mstart = q.start
    return metric, metric_text, mstart, part_share, enum_kind


def _period_of(
    ctx: DocContext, q: Quantity, clause: Span, sent: Span, wide: Span, dflt: _Defaults
) -> tuple[str, str, str]:
    """(period, period_kind, section role): a date governing the figure, a duration, the
    caller's default, else the document's structure (policyscope.extract.standing)."""
    period, period_kind = resolve_period(ctx, q, clause, sent, wide)
    dur = _duration_period(ctx, q, clause)
    if dur and not ctx.dates_in(clause[0], q.start):
        period, period_kind = dur, "range"
    if not period and dflt.period is not None:
        period, period_kind = dflt.period
    if not period:
        return period_from_context(ctx, q, clause, sent)
    sec = ctx.sections.at(q.start) if ctx.sections is not None else None
    return period, period_kind, sec.role if sec is not None else ""


def _moved(
    ctx: DocContext,
    q: Quantity,
    clause: Span,
    sent: Span,
    period: str,
    period_kind: str,
    measure: str,
    out: list[Claim],
) -> tuple[str, str, str]:
    """Period and measure of a figure in a from-to pair ('由46.9%提高到48.2%')."""
    text = ctx.text
    move = transition(text, q, clause)
    if move == "to":
        # '赤字率从去年的2.1%提高到2.3%': the date before '从' dates the start only
        period, period_kind, _role = period_from_context(ctx, q, clause, sent)
    elif move == "from" and not _DATED_RIGHT_BEFORE.search(text[max(0, q.start - 8) : q.start]):
        # the start of '从A增加到B' has no date of its own: in a review it is the year before
        # the reviewed years ('过去五年…从54万亿元增加到82.7万亿元': 2012); elsewhere abstain,
        # and let no other figure of the clause lend it one
        sec_period, _k, sec_role = period_from_context(ctx, q, clause, sent)
        first = sec_period[:4]
        if sec_role == "review" and first.isdigit():
            period, period_kind = str(int(first) - 1), "point"
        else:
            period, period_kind = "", "unknown"
    if move == "to" and out and out[-1].start >= clause[0]:
        measure = out[-1].measure  # '比重由46.9%提高到48.2%': the same measure
    return settle_span(text, q, clause, period, period_kind, measure, move, sent_start=sent[0])


def _figure_claim(
    ctx: DocContext,
    q: Quantity,
    clause: Span,
    sent: Span,
    wide: Span,
    quote: Span,
    lang: str,
    prev_q: Quantity | None,
    out: list[Claim],
    dflt: _Defaults,
) -> Claim:
    text = ctx.text
    ss, se = sent
    metric, metric_text, mstart, part_share, enum_kind = _metric_for(
        ctx, q, clause, sent, lang, prev_q, out, dflt
    )
    subject = resolve_subject(
        ctx,
        q,
        mstart,
        sent,
        dflt.subject_override or dflt.subject,
        mstart + len(metric_text),
        clause[0],
    )
    bare_rate = _GENERIC_RATE.search(metric_text) or (
        metric == "np:%" and _RATE_WORD.search(text[ss : q.start])
    )
    if dflt.context_metric and metric.startswith("np:") and bare_rate:
        metric, metric_text = dflt.context_metric
        # '- 선전시 AI 산업 규모 : …' then '- 연간 성장률 : 20%': the rate is the same
        # subject's, unless this sentence names its own
        if dflt.context_subject and subject == (dflt.subject_override or dflt.subject):
            subject = dflt.context_subject
    period, period_kind, section_role = _period_of(ctx, q, clause, sent, wide, dflt)
    pm = ctx.pack.metrics.get(metric) if not metric.startswith("np:") else None
    measure = measure_of(
        text,
        q,
        clause,
        prev_q.end if prev_q else clause[0],
        metric_measure=pm.measure if pm is not None else "",
        period_kind=period_kind,
    )
    metric, measure = reconcile(metric, measure, pm, q.base_unit)
    period, period_kind, measure = _moved(ctx, q, clause, sent, period, period_kind, measure, out)
    kind = standing(
        ctx,
        q,
        clause,
        wide,
        lang,
        period=period,
        period_kind=period_kind,
        role=section_role,
        prev_end=prev_q.end if prev_q else 0,
        measure=measure,
    )
    if part_share:
        measure = "share"
    elif enum_kind:
        # 'A, B' shares the metric, standing and measure ('각각 56%, 61%에 이를 것으로')
        kind, measure = enum_kind, out[-1].measure
    return _claim_of(
        text,
        q,
        quote,
        dflt.source,
        metric=metric,
        metric_text=metric_text,
        subject=subject,
        kind=kind,
        period=period,
        period_kind=period_kind,
        measure=measure,
    )


def _claim_of(
    text: str,
    q: Quantity,
    quote: Span,
    source: str,
    *,
    metric: str,
    metric_text: str,
    subject: str,
    kind: str,
    period: str,
    period_kind: str,
    measure: str,
) -> Claim:
    """The claim of figure `q`, with what the rules settled about it."""
    qs, qe = quote
    return Claim(
        value=q.value_text,
        unit=q.unit_text,
        value_base=q.value,
        base_unit=q.base_unit,
        qualifier=q.qualifier,
        quote=text[qs:qe],
        start=q.start,
        end=q.end,
        quote_start=qs,
        quote_end=qe,
        value_high=q.value_high,
        source=source,
        metric=metric,
        metric_text=metric_text,
        subject=subject,
        kind=kind,
        period=period,
        period_kind=period_kind,
        measure=measure,
    )


def _conversion_claim(
    ctx: DocContext, q: Quantity, out: list[Claim], quote: Span, source: str
) -> Claim | None:
    """A bracketed conversion ('(약 60조 원)') as a claim linked to the figure it converts:
    same metric, subject, kind and period, measure 'conversion'; never one of its own."""
    k = q.conversion_of
    main = ctx.quantities[k] if k is not None and k < len(ctx.quantities) else None
    of = next((c for c in reversed(out) if main is not None and c.start == main.start), None)
    if of is None:
        return None
    qs, qe = quote
    return replace(
        of,
        value=q.value_text,
        unit=q.unit_text,
        value_base=q.value,
        base_unit=q.base_unit,
        qualifier=q.qualifier,
        quote=ctx.text[qs:qe],
        start=q.start,
        end=q.end,
        quote_start=qs,
        quote_end=qe,
        value_high=q.value_high,
        source=source,
        measure="conversion",
        conversion_of=of.start,
    )


def _fill_periods(ctx: DocContext, out: list[Claim], cls: list[Span], source: str) -> None:
    """Undated figures: a dated figure of the same clause lends its period; an undated
    target in a dated document is a target for the document's year."""

    def siblings() -> None:
        for c in out:
            if c.period or c.period_kind == "unknown":
                continue
            cl = next(((a, b) for a, b in cls if a <= c.start < b), None)
            sib = [o for o in out if o.period and cl and cl[0] <= o.start < cl[1]]
            if sib:
                c.period, c.period_kind = sib[0].period, sib[0].period_kind

    siblings()
    # a document with sections dates its figures by them (policyscope.extract.periods):
    # an undated target outside them ('“十四五”时期…控制在5.5%以内') is not this year's
    if ctx.ref_year and source == "text" and not ctx.sections:
        for c in out:
            if not c.period and c.kind == "target" and c.period_kind != "unknown":
                c.period, c.period_kind = str(ctx.ref_year), "point"
        siblings()


# '연 20% 이상인 혁신 기업', '시가 총액 1조 원을 넘는 유니콘': a threshold that defines a
# class of things, not a figure stated about anything
_DEFINES = re.compile(
    r"\s*(?:이상|이하|초과|미만)?\s*인\s|\s*(?:을|를|이|가)\s*(?:넘는|넘은|넘긴)\s"
)
_DEFINED_BY_QUALIFIER = re.compile(r"(?:넘는|넘은|이상인|이하인|초과인|미만인)$")
# 'EU(27개국)': a figure that is the whole bracket right after a name is part of the name
_NAME_BRACKET = re.compile(rf"[A-Za-z{HANGUL_SYLLABLES}{CJK_UNIFIED}][(（]$")


def _not_a_statement(text: str, q: Quantity) -> bool:
    if _DEFINES.match(text, q.end) or (
        _DEFINED_BY_QUALIFIER.search(text[q.start : q.end]) and text[q.end : q.end + 1] == " "
    ):
        return True
    if q.base_unit == "count" and _NAME_BRACKET.search(text[max(0, q.start - 2) : q.start]):
        return text[q.end : q.end + 1] in (")", "）")
    return False


_DATED_RIGHT_BEFORE = re.compile(r"(?:年|去年|上年|지난해|작년)的?\s*$")
_RATE_WORD = re.compile(r"성장률|증가율|增长率|增速|growth rate", re.I)
_GENERIC_RATE = re.compile(r"(?:성장률|증가율|증가폭|增长率|增速|growth rate|growth)$", re.I)
_FUTURE = re.compile(r"(?:향후|앞으로|今后|未来|next|coming)\s*$", re.IGNORECASE)
_PAST = re.compile(r"(?:최근|지난|过去|近|past|last)\s*$", re.IGNORECASE)


def _duration_period(ctx: DocContext, q: Quantity, clause: Span) -> str:
    """'향후 3년간' / '최근 5년간' before the figure, read against the document year."""
    if not ctx.ref_year:
        return ""
    for d in ctx.durations_in(*clause):
        if d.start >= q.start or d.end > q.start or d.value < 1 or d.value > 30:
            continue
        n = int(d.value)
        if n == 1:
            continue  # '최근 1년간': the twelve months to a date said elsewhere, not a year
        before = ctx.text[max(clause[0], d.start - 8) : d.start]
        y = ctx.ref_year
        if _FUTURE.search(before):
            return f"{y}/{y + n - 1}"
        if _PAST.search(before):
            return f"{y - n}/{y - 1}"
    return ""


_WORDY = re.compile(rf"[{HANGUL_SYLLABLES}{CJK_UNIFIED}A-Za-z]{{2,}}")


def _has_words(text: str, a: int, b: int) -> bool:
    return bool(_WORDY.search(text[a:b]))
