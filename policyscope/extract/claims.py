"""Turn every figure in a text into a `Claim`: what it measures, whose it is, when, of
which kind, and where it is said.

    extract_claims("중국 AI 핵심 산업 규모는 '23년 말 기준 5,784억 위안(약112조 원)에 달하며")
      -> [Claim(metric='ai_core_industry_size', subject='china', value='5,784억', unit='위안',
                value_base=5.784e11, base_unit='CNY', kind='actual', period='2023',
                period_kind='as_of', ...)]

How (see `policyscope.extract.metrics` for the shared rules):
- figures come from `find_quantities`; a parenthesised conversion ('(약112조 원)') is not
  a claim of its own, nor is a duration ('3년간');
- tables (TAB-separated lines) go through `policyscope.extract.tables`; everything else
  is read sentence by sentence (`policyscope.text.segment`), the language detected per
  sentence when `lang` is None;
- metric: the nearest pack trigger before the figure in its clause (a trigger right after
  it when none is before; a trigger in an earlier clause of the sentence after that);
  else 'np:' + the noun phrase before the figure;
- subject: a place/company/organisation right before the metric words, else the nearest
  one before the figure in the sentence (sources 'X에 따르면', '据X' excluded), else
  `default_subject`; 'world' when the metric words say 글로벌/全球/global;
- period: the nearest date mention before the figure in its clause, else after it in the
  clause, else before it in the sentence ('。'-sentence for Chinese), else an as-of or
  deadline date after it in the sentence;
- kind: target/forecast cue words in the clause (then the sentence, unless the Korean
  clause is closed by a connective ending: '…이고,'), a deadline period -> target; else
  share / growth_rate for percentages next to share or growth words; else actual.
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
from policyscope.extract.standing import period_from_context, settle_span, standing, transition
from policyscope.model import Claim
from policyscope.text.langid import detect_language
from policyscope.text.segment import paragraphs, sentences

__all__ = ["extract_claims", "claims_in_span", "ref_year_of"]

_PART_OF = re.compile(r"(?:이|그)\s?중|가운데|其中|of which|of this", re.IGNORECASE)
_DURATION = frozenset({"year", "month"})
_CJK_FULL_END = re.compile(r"[。！？!?]")


def ref_year_of(doc_date: str | None) -> int | None:
    if doc_date and len(doc_date) >= 4 and doc_date[:4].isdigit():
        return int(doc_date[:4])
    return None


def _pack(pack):
    if pack is None:
        from policyscope.knowledge.runtime import pack_for  # noqa: PLC0415

        return pack_for()
    return pack


def _lang_of(text: str, lang: str | None) -> str:
    if lang:
        return lang
    got = detect_language(text)
    return got if got in ("ko", "zh", "ja", "en") else "en"


def span_lang(ctx: DocContext, a: int, b: int, lang: str | None) -> str:
    """`_lang_of(ctx.text[a:b], lang)`, detected once per span: claims and events read
    the same paragraphs and sentences."""
    if lang:
        return lang
    key = ("lang", a, b)
    got = ctx.memo.get(key)
    if got is None:
        got = ctx.memo[key] = _lang_of(ctx.text[a:b], None)
    return got


def doc_paragraphs(ctx: DocContext) -> list[tuple[int, int]]:
    """`paragraphs(ctx.text)`, split once per text."""
    got = ctx.memo.get(("paragraphs",))
    if got is None:
        got = ctx.memo[("paragraphs",)] = paragraphs(ctx.text)
    return got


def _wide_sentence(text: str, ss: int, se: int, ps: int, pe: int, lang: str) -> tuple[int, int]:
    """For Chinese/Japanese: the span up to the previous and next '。' (the sentence splitter
    also cuts at '；', but a target list '目标是：A；B；C。' shares one cue)."""
    if lang not in ("zh", "ja"):
        return ss, se
    a = ss
    while a > ps and not _CJK_FULL_END.match(text[a - 1]):
        a -= 1
    b = se
    while b < pe and not _CJK_FULL_END.match(text[b - 1]):
        b += 1
    return a, b


_END_AFTER_DATE = re.compile(r"^[\s.)）\]]*$")


def merged_sentences(
    text: str, ps: int, pe: int, lang: str, ctx: DocContext | None = None
) -> list[tuple[int, int]]:
    """Sentences of a paragraph, re-joined where the splitter cut inside brackets
    ('(… '23.9.4. 설립)') or right after a bracketed date ('「…」('22.3.) 시행')."""
    if ctx is None:
        return _merged_sentences(text, ps, pe, lang, None)
    key = ("sentences", ps, pe, lang)
    got = ctx.memo.get(key)
    if got is None:
        got = ctx.memo[key] = _merged_sentences(text, ps, pe, lang, ctx)
    return list(got)


def _merged_sentences(
    text: str, ps: int, pe: int, lang: str, ctx: DocContext | None
) -> list[tuple[int, int]]:
    sents = sentences(text, ps, pe, lang)
    out: list[tuple[int, int]] = []
    for s, e in sents:
        if out:
            a, b = out[-1]
            prev = text[a:b]
            join = prev.count("(") + prev.count("（") > prev.count(")") + prev.count("）")
            if not join and ctx is not None and prev.rstrip().endswith((")", "）")):
                last = ctx.dates_in(a, b)
                join = bool(last) and bool(_END_AFTER_DATE.match(text[last[-1].end : b]))
            if join:
                out[-1] = (a, e)
                continue
        out.append((s, e))
    return out


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


def _metric_for(ctx: DocContext, q, clause, sent, lang, prev_q, out, dflt: _Defaults):
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


def _period_of(ctx, q, clause, sent, wide, dflt: _Defaults) -> tuple[str, str, str]:
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


def _moved(ctx, q, clause, sent, period, period_kind, measure, out):
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


def _figure_claim(ctx, q, clause, sent, wide, quote, lang, prev_q, out, dflt: _Defaults):
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
    qs, qe = quote
    return Claim(
        metric=metric,
        subject=subject,
        value=q.value_text,
        unit=q.unit_text,
        value_base=q.value,
        base_unit=q.base_unit,
        kind=kind,
        period=period,
        qualifier=q.qualifier,
        quote=text[qs:qe],
        start=q.start,
        end=q.end,
        quote_start=qs,
        quote_end=qe,
        period_kind=period_kind,
        value_high=q.value_high,
        metric_text=metric_text,
        source=dflt.source,
        measure=measure,
    )


def _conversion_claim(ctx: DocContext, q, out: list[Claim], quote, source: str):
    """A bracketed conversion ('(약 60조 원)') as a claim linked to the figure it converts:
    same metric, subject, kind and period, measure 'conversion'; never one of its own."""
    main = ctx.quantities[q.conversion_of] if q.conversion_of < len(ctx.quantities) else None
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


def _fill_periods(ctx: DocContext, out: list[Claim], cls, source: str) -> None:
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
_NAME_BRACKET = re.compile(r"[A-Za-z가-힣\u4e00-\u9fff][(（]$")


def _not_a_statement(text: str, q) -> bool:
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


def _duration_period(ctx: DocContext, q, clause: tuple[int, int]) -> str:
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


_WORDY = re.compile(r"[가-힣\u4e00-\u9fffA-Za-z]{2,}")


def _has_words(text: str, a: int, b: int) -> bool:
    return bool(_WORDY.search(text[a:b]))


def extract_claims(
    text: str,
    *,
    lang: str | None = None,
    pack=None,
    default_subject: str = "china",
    doc_date: str | None = None,
    _ctx: DocContext | None = None,
) -> list[Claim]:
    """Every figure in `text` as a Claim (table cells included, each once), in text order.
    `_ctx` is the text's DocContext when the caller built it already."""
    from policyscope.extract.tables import find_tables, table_claims  # noqa: PLC0415

    pack = _pack(pack)
    ctx = _ctx or DocContext(text, lang, pack, ref_year_of(doc_date))
    out: list[Claim] = []
    tables = find_tables(text)
    for tb in tables:
        out.extend(
            table_claims(
                text,
                tb,
                lang=lang,
                pack=pack,
                default_subject=default_subject,
                doc_date=doc_date,
                _ctx=ctx,
            )
        )
    spans = [(tb.start, tb.end) for tb in tables]
    context_metric = None
    context_subject = None
    for ps, pe in doc_paragraphs(ctx):
        for a, b in _minus(ps, pe, spans):
            if not ctx.quantities_in(a, b):
                continue  # no figure, no claim: spare detecting and splitting
            plang = span_lang(ctx, a, b, lang)
            for ss, se in merged_sentences(text, a, b, plang, ctx):
                if not ctx.quantities_in(ss, se):
                    continue
                slang = span_lang(ctx, ss, se, lang)
                wide = _wide_sentence(text, ss, se, a, b, slang)
                got = claims_in_span(
                    ctx,
                    ss,
                    se,
                    lang=slang,
                    wide=wide,
                    default_subject=default_subject,
                    context_metric=context_metric,
                    context_subject=context_subject,
                )
                out.extend(got)
                named = [c for c in got if not c.metric.startswith("np:")]
                context_metric = (named[-1].metric, named[-1].metric_text) if named else None
                context_subject = named[-1].subject if named else None
    out.sort(key=lambda c: (c.start, c.end))
    for c in out:  # periods may have been lent after the claim was made
        c.period_unknown = not c.period
    return out


def _minus(a: int, b: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """[a, b) without the table spans."""
    parts = [(a, b)]
    for s, e in spans:
        nxt = []
        for x, y in parts:
            if e <= x or s >= y:
                nxt.append((x, y))
                continue
            if x < s:
                nxt.append((x, s))
            if e < y:
                nxt.append((e, y))
        parts = nxt
    return [(x, y) for x, y in parts if y > x]
