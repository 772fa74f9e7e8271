"""How extraction reads a text: the pack in use, the document year, the language of a
span, and the paragraphs and sentences that claims, tables and events all walk.

    ref_year_of("2024-03-05") -> 2024
    lang_of("中国人工智能", None) -> 'zh'

Paragraphs, sentences and span languages are worked out once per text and kept in the
text's `DocContext.memo`: claims and events read the same spans.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from policyscope.extract.metrics import DocContext
from policyscope.knowledge.runtime import pack_for
from policyscope.text.langid import detect_language
from policyscope.text.segment import paragraphs, sentences

if TYPE_CHECKING:
    from policyscope.knowledge.loader import Pack

__all__ = [
    "doc_paragraphs",
    "lang_of",
    "merged_sentences",
    "pack_or_default",
    "ref_year_of",
    "span_lang",
    "wide_sentence",
]

_LANGS = ("ko", "zh", "ja", "en")
_CJK_FULL_END = re.compile(r"[。！？!?]")
_END_AFTER_DATE = re.compile(r"^[\s.)）\]]*$")


def ref_year_of(doc_date: str | None) -> int | None:
    """The year of a document date ('2024', '2024-03-05'), or None."""
    if doc_date and len(doc_date) >= 4 and doc_date[:4].isdigit():
        return int(doc_date[:4])
    return None


def pack_or_default(pack: Pack | None) -> Pack:
    """`pack`, or the shipped pack when the caller gave none."""
    return pack_for() if pack is None else pack


def lang_of(text: str, lang: str | None) -> str:
    """`lang` when given, else the detected language of `text` ('en' when it is none of
    the four the extractors read)."""
    if lang:
        return lang
    got = detect_language(text)
    return got if got in _LANGS else "en"


def span_lang(ctx: DocContext, a: int, b: int, lang: str | None) -> str:
    """`lang_of(ctx.text[a:b], lang)`, detected once per span."""
    if lang:
        return lang
    key = ("lang", a, b)
    got = ctx.memo.get(key)
    if got is None:
        got = ctx.memo[key] = lang_of(ctx.text[a:b], None)
    return cast(str, got)


def doc_paragraphs(ctx: DocContext) -> list[tuple[int, int]]:
    """`paragraphs(ctx.text)`, split once per text."""
    got = ctx.memo.get(("paragraphs",))
    if got is None:
        got = ctx.memo[("paragraphs",)] = paragraphs(ctx.text)
    return cast(list[tuple[int, int]], got)


def wide_sentence(text: str, ss: int, se: int, ps: int, pe: int, lang: str) -> tuple[int, int]:
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
    return list(cast(list[tuple[int, int]], got))


def _merged_sentences(
    text: str, ps: int, pe: int, lang: str, ctx: DocContext | None
) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sentences(text, ps, pe, lang):
        if out and _joins(text, out[-1], ctx):
            out[-1] = (out[-1][0], e)
            continue
        out.append((s, e))
    return out


def _joins(text: str, prev: tuple[int, int], ctx: DocContext | None) -> bool:
    """Whether the next sentence continues `prev`: a bracket left open, or a bracketed
    date closing it."""
    a, b = prev
    seg = text[a:b]
    if seg.count("(") + seg.count("（") > seg.count(")") + seg.count("）"):
        return True
    if ctx is None or not seg.rstrip().endswith((")", "）")):
        return False
    last = ctx.dates_in(a, b)
    return bool(last) and bool(_END_AFTER_DATE.match(text[last[-1].end : b]))
