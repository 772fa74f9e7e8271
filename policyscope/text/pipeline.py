"""Whole-document text analysis: paragraphs -> language -> sentences -> tokens.

    paras = analyze_text(doc_text, tokenizer)    # list[AnalyzedParagraph]

Each `AnalyzedParagraph` has start, end (absolute offsets into `doc_text`), lang, sentences
(list of absolute (start, end) spans) and tokens (list[Token], absolute offsets, in text
order, no whitespace tokens). Tokens are cut paragraph by paragraph (Kiwi gets all Korean
paragraphs of the document in ONE batch call).

Language per paragraph is `detect_language`, with one document-level correction: when
the document's Japanese paragraphs outweigh its Chinese ones (by characters), a paragraph
that was 'zh' only because it is all kanji (a heading like 人工知能戦略) becomes 'ja'.

`for_index=True` cuts Japanese in Sudachi mode A (the index mode) instead of mode C;
`Tokenizer.index_forms(p.tokens)` then gives the full-text index forms of a paragraph.
`index_text` gives those forms (and the content-token count) in place of the tokens.

Measured throughput (2-core shared VM, one process, packaged terms, warm backends,
`analyze_text` on whole documents incl. paragraphs, langid and sentences; the range is
over repeated runs on a busy machine):
    ko  seeds repeated to 2 MB, MeCab-ko            1.0-1.2 MB/s    (MeCab itself ~0.5 s/MB;
        `index_text` 1.1-1.3 MB/s; Kiwi, the other Korean backend, 0.15-0.23 MB/s)
    zh  cn-gwr *.zh.txt (11 reports, 0.59 MB)       2.0-2.6 MB/s
    en  cn-gwr *.en.txt (9 reports, 0.89 MB)        1.5-1.7 MB/s
    ja  self-written Japanese policy prose, 0.6 MB  1.2-1.6 MB/s    (Sudachi mode C)
    TermDictionary.find alone: zh 100-150, ja 60-80, ko 20-30, en 12-13 MB/s.
200 MB of mostly Korean is therefore ~3 CPU-minutes of analysis; run several processes (a
Tokenizer pickles as its term dictionary and rebuilds its backends in each process).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from policyscope.model import Token
from policyscope.text.langid import detect_language, script_counts
from policyscope.text.segment import paragraphs, sentences
from policyscope.text.tokenize import Tokenizer

__all__ = [
    "AnalyzedParagraph",
    "IndexedParagraph",
    "analyze_text",
    "detect_paragraph_languages",
    "index_text",
]


@dataclass
class AnalyzedParagraph:
    start: int
    end: int
    lang: str
    sentences: list[tuple[int, int]] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)


@dataclass
class IndexedParagraph:
    start: int
    end: int
    lang: str
    sentences: list[tuple[int, int]]
    n_content: int  # content tokens (`Tokenizer.index_forms`)
    index: str  # the ranked-search index's forms (`Tokenizer.paragraph_index`)


def detect_paragraph_languages(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """Language of each paragraph span, with the document-level kanji-heading fix."""
    langs = [detect_language(text[s:e]) for s, e in spans]
    ja_chars = sum(e - s for (s, e), lang in zip(spans, langs, strict=True) if lang == "ja")
    zh_chars = sum(e - s for (s, e), lang in zip(spans, langs, strict=True) if lang == "zh")
    if ja_chars > zh_chars:
        for i, ((s, e), lang) in enumerate(zip(spans, langs, strict=True)):
            if lang == "zh":
                hangul, kana, han, latin = script_counts(text[s:e])
                if not hangul and han:
                    langs[i] = "ja"
    return langs


def analyze_text(
    text: str, tokenizer: Tokenizer, *, for_index: bool = False
) -> list[AnalyzedParagraph]:
    paras = _layout(text)
    # one backend call per paragraph: per sentence costs ~1.8x for the same tokens
    items = [(text[p.start : p.end], p.lang, p.start) for p in paras]
    results = tokenizer.tokenize_many(items, ja_mode="A" if for_index else "C")
    for para, toks in zip(paras, results, strict=True):
        para.tokens.extend(toks)
    return paras


def index_text(text: str, tokenizer: Tokenizer) -> list[IndexedParagraph]:
    """The paragraphs of `analyze_text(text, tokenizer, for_index=True)` with
    `tokenizer.paragraph_index` of their tokens instead of the tokens (what ingest stores;
    Korean then needs no Token objects at all)."""
    paras = _layout(text)
    terms = tokenizer.terms.find_each(text, [(p.start, p.end) for p in paras])
    found = tokenizer.index_many([(text[p.start : p.end], p.lang) for p in paras], terms)
    return [
        IndexedParagraph(p.start, p.end, p.lang, p.sentences, n, index)
        for p, (n, index) in zip(paras, found, strict=True)
    ]


def _layout(text: str) -> list[AnalyzedParagraph]:
    """The paragraphs with their language and sentences, no tokens yet."""
    spans = paragraphs(text)
    langs = detect_paragraph_languages(text, spans)
    return [
        AnalyzedParagraph(s, e, lang, sentences(text, s, e, lang))
        for (s, e), lang in zip(spans, langs, strict=True)
    ]
