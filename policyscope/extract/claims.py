"""Turn every figure in a text into a `Claim`: what it measures, whose it is, when, of
which kind, and where it is said.

    extract_claims("중국 AI 핵심 산업 규모는 '23년 말 기준 5,784억 위안(약112조 원)에 달하며")
      -> [Claim(metric='ai_core_industry_size', subject='china', value='5,784억', unit='위안',
                value_base=5.784e11, base_unit='CNY', kind='actual', period='2023',
                period_kind='as_of', ...)]

How:
- tables (TAB-separated lines) go through `policyscope.extract.tables`; everything else
  is read sentence by sentence (`policyscope.extract.reading`), the language detected
  per sentence when `lang` is None;
- each sentence's figures become claims in `policyscope.extract.span_claims` (metric,
  subject, period, measure; the kind in `policyscope.extract.standing`);
- a bare rate ('연간 성장률 : 20%') with no metric of its own refers to the last pack
  metric of the sentence before, and to its subject.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyscope.extract.metrics import DocContext
from policyscope.extract.reading import (
    doc_paragraphs,
    merged_sentences,
    pack_or_default,
    ref_year_of,
    span_lang,
    wide_sentence,
)
from policyscope.extract.span_claims import claims_in_span
from policyscope.extract.tables import Table, find_tables, table_claims
from policyscope.model import Claim

if TYPE_CHECKING:
    from policyscope.knowledge.loader import Pack

__all__ = ["extract_claims"]


def extract_claims(
    text: str,
    *,
    lang: str | None = None,
    pack: Pack | None = None,
    default_subject: str = "china",
    doc_date: str | None = None,
    _ctx: DocContext | None = None,
) -> list[Claim]:
    """Every figure in `text` as a Claim (table cells included, each once), in text order.
    `_ctx` is the text's DocContext when the caller built it already."""
    pack = pack_or_default(pack)
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
    out.extend(_sentence_claims(ctx, tables, lang, default_subject))
    out.sort(key=lambda c: (c.start, c.end))
    for c in out:  # periods may have been lent after the claim was made
        c.period_unknown = not c.period
    return out


def _sentence_claims(
    ctx: DocContext, tables: list[Table], lang: str | None, default_subject: str
) -> list[Claim]:
    """The claims of the text outside its tables, sentence by sentence."""
    text = ctx.text
    spans = [(tb.start, tb.end) for tb in tables]
    out: list[Claim] = []
    context_metric: tuple[str, str] | None = None
    context_subject: str | None = None
    for ps, pe in doc_paragraphs(ctx):
        for a, b in _minus(ps, pe, spans):
            if not ctx.quantities_in(a, b):
                continue  # no figure, no claim: spare detecting and splitting
            plang = span_lang(ctx, a, b, lang)
            for ss, se in merged_sentences(text, a, b, plang, ctx):
                if not ctx.quantities_in(ss, se):
                    continue
                slang = span_lang(ctx, ss, se, lang)
                got = claims_in_span(
                    ctx,
                    ss,
                    se,
                    lang=slang,
                    wide=wide_sentence(text, ss, se, a, b, slang),
                    default_subject=default_subject,
                    context_metric=context_metric,
                    context_subject=context_subject,
                )
                out.extend(got)
                named = [c for c in got if not c.metric.startswith("np:")]
                context_metric = (named[-1].metric, named[-1].metric_text) if named else None
                context_subject = named[-1].subject if named else None
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
