"""Tokenizer facade: policy terms as protected spans + one backend per language.

    tok = Tokenizer(terms)        # TermDictionary | None (None = default_terms())
    tok.tokenize(text, lang, offset=0)    # list[Token]; t.text == text[t.start-offset:t.end-offset]
    tok.tokenize_for_index(text, lang)    # lower-cased content-bearing surface forms
    tok.tokenize_many([(text, lang, offset), ...])  # batched (Kiwi's batch API for ko)
    tok.index_forms(tokens)               # the index forms of tokens you already have
    tok.index_many([(text, lang), ...])   # (content tokens, index string) each: ingest's

How a text is cut:
1. `TermDictionary.find` marks the policy terms (leftmost-longest); each becomes exactly
   one Token with pos='TERM' whatever the language;
2. the rest goes to the language backend:
   - ko: Han runs go to the zh backend (新质生产力 inside a Korean sentence is
     Chinese-tokenized, lang='zh'). MeCab-ko (the default) analyses each stretch between
     the terms and Han runs; Kiwi sees the whole text, with the terms and the Han runs
     given as pretokenized spans (so particles after a term keep their context);
   - zh: rjieba on each gap between terms;
   - ja: Sudachi on each gap (mode C for `tokenize`, mode A for `tokenize_for_index`);
     Sudachi handles kanji itself;
   - en / und / anything else: Han runs -> zh backend, the rest -> the en regex.
3. whitespace never becomes a token; punctuation does (pos 'PUNCT', 'x', 'S*', '補助記号').

Token.lang is the language of the backend that cut the token ('zh' for a Han run inside
Korean); TERM tokens carry the language passed in.

Backends are created lazily, once per process (Kiwi and Sudachi are module singletons;
the jieba instance belongs to the Tokenizer because it holds the term words). A Tokenizer
pickles as just its TermDictionary, so it can be sent to multiprocessing workers; each
worker builds its backends on first use.

Throughput per language: see the `policyscope.text.pipeline` docstring.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from policyscope.lang.scripts import HAN
from policyscope.model import Token
from policyscope.text.terms import TermDictionary, default_terms
from policyscope.text.tokenize import en as _en
from policyscope.text.tokenize import ja as _ja
from policyscope.text.tokenize import ko as _ko
from policyscope.text.tokenize import zh as _zh

__all__ = ["Tokenizer"]

_HAN_RUN = re.compile(f"[{HAN}]+")
Terms = list[tuple[int, int, str]]  # (start, end, term) of the policy terms in a text


def _gaps(n: int, spans: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for s, e, _ in spans:
        if s > pos:
            out.append((pos, s))
        pos = e
    if pos < n:
        out.append((pos, n))
    return out


class Tokenizer:
    def __init__(self, terms: TermDictionary | None = None) -> None:
        self._start(terms if terms is not None else default_terms())

    def _start(self, terms: TermDictionary) -> None:
        self.terms = terms
        self._zh = _zh.ZhBackend()
        self._synced = -1  # TermDictionary.version last pushed to the backends

    def __getstate__(self) -> dict[str, Any]:
        return {"terms": self.terms}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._start(state["terms"])

    def __repr__(self) -> str:
        return f"Tokenizer({self.terms!r})"

    # -- backends ----------------------------------------------------------------------
    def _sync(self) -> None:
        if self._synced != self.terms.version:
            words = self.terms.terms
            self._zh.add_terms(words)
            self._synced = self.terms.version
            self._ko_words = words

    def warm(self, langs: Sequence[str] = ("ko", "zh", "ja")) -> None:
        """Build the backends now (otherwise on first use)."""
        self._sync()
        if "ko" in langs:
            _ko.add_user_words(self.terms.terms)
        if "zh" in langs:
            _ = self._zh.jieba
        if "ja" in langs:
            _ja.segment("人工知能")

    # -- main entry points ---------------------------------------------------------------
    def tokenize(self, text: str, lang: str, offset: int = 0) -> list[Token]:
        return self.tokenize_many([(text, lang, offset)])[0]

    def tokenize_for_index(self, text: str, lang: str) -> list[str]:
        toks = self.tokenize_many([(text, lang, 0)], ja_mode="A")[0]
        return self.index_forms(toks)

    @staticmethod
    def is_content(tok: Token) -> bool:
        """Whether a token carries content (goes into a full-text index)."""
        pos = tok.pos
        if pos == "TERM":
            return True
        lang = tok.lang
        if lang == "ko":
            return _ko.is_content(pos, tok.text)
        if lang == "zh":
            return _zh.is_content(pos, tok.text)
        if lang == "ja":
            return _ja.is_content(pos, tok.text)
        return _en.is_content(pos, tok.text)

    def index_forms(self, tokens: Sequence[Token]) -> list[str]:
        """Lower-cased surfaces of the content-bearing tokens (same rule as `is_content`).

        Inlined for Chinese, English and Korean, the bulk of a corpus: one `is_content` call
        per token cost a third of the tokenizers' own time."""
        is_content = self.is_content
        zh_stop, en_stop = _zh.STOPWORDS, _en.STOPWORDS
        ko_content = _ko.CONTENT_TAGS
        out: list[str] = []
        add = out.append
        for t in tokens:
            pos, lang = t.pos, t.lang
            if pos == "TERM":
                add(t.text.lower())
            elif lang == "zh":
                if pos != "x" and t.text not in zh_stop:
                    add(t.text.lower())
            elif lang == "ko":
                if ko_content[pos]:
                    add(t.text.lower())
            elif lang == "ja":
                if is_content(t):
                    add(t.text.lower())
            elif pos != "PUNCT":
                low = t.text.lower()
                if low not in en_stop:
                    add(low)
        return out

    def paragraph_index(self, tokens: Sequence[Token], lang: str) -> tuple[int, str]:
        """(content tokens, the ranked-search index's space-joined forms) of one paragraph.
        Japanese forms are Sudachi's short units already: jieba's dictionary would only cut
        its kanji words again."""
        forms = self.index_forms(tokens)
        return len(forms), " ".join(forms if lang == "ja" else self.with_subwords(forms))

    def with_subwords(self, forms: list[str]) -> list[str]:
        """Index forms for ranked search: the forms, then the dictionary words inside each,
        so that a search for 人工智能 finds 生成式人工智能 and 人工智能+行动, which the
        tokenizers keep whole. The inner words come after all the forms, not after their
        own: between two forms they would break every phrase that spans them (a search for
        生成式人工智能发展 found nothing). Counts (`index_forms`) and queries do not use
        this."""
        if _HAN_RUN.search("".join(forms)) is None:  # only words with Han have any
            return forms
        sub = self._zh.subwords
        inner: list[str] = []
        for f in forms:
            if len(f) > 2:
                inner.extend(sub(f))
        return forms + inner if inner else forms

    def tokenize_many(
        self,
        items: Sequence[tuple[str, str, int]],
        ja_mode: str = "C",
        terms: Sequence[Terms] | None = None,
    ) -> list[list[Token]]:
        """Tokenize several (text, lang, offset) items; Korean ones go to Kiwi in one batch.
        `terms`: each text's policy terms when known (`TermDictionary.find_each`)."""
        self._sync()
        find = self.terms.find
        results: list[list[Token]] = [[] for _ in items]
        ko_idx: list[int] = []
        ko_texts: list[str] = []
        ko_pre: list[list[tuple[int, int, str]]] = []
        ko_terms: list[set[int]] = []
        mecab = _ko.current() == "mecab"
        for i, (text, lang, offset) in enumerate(items):
            spans = terms[i] if terms is not None else find(text)
            if lang == "ko" and mecab:
                self._ko_mecab(text, spans, offset, results[i])
                continue
            if lang == "ko":
                pre: list[tuple[int, int, str]] = []
                gi = 0
                gaps = _gaps(len(text), spans)
                # merge term spans and Han runs (found inside the gaps) in text order
                runs: list[tuple[int, int, str]] = []
                for a, b in gaps:
                    runs.extend((m.start(), m.end(), "SH") for m in _HAN_RUN.finditer(text, a, b))
                ti = 0
                while ti < len(spans) or gi < len(runs):
                    if gi >= len(runs) or (ti < len(spans) and spans[ti][0] < runs[gi][0]):
                        pre.append((spans[ti][0], spans[ti][1], "NNP"))
                        ti += 1
                    else:
                        pre.append(runs[gi])
                        gi += 1
                ko_idx.append(i)
                ko_texts.append(text)
                ko_pre.append(pre)
                ko_terms.append({s for s, _, _ in spans})
                continue
            out = results[i]
            pos = 0
            for s, e, _term in [*spans, (len(text), len(text), "")]:
                if s > pos:
                    self._backend(text, pos, s, lang, offset, ja_mode, out)
                if e > s:
                    out.append(Token(text[s:e], s + offset, e + offset, "TERM", lang))
                pos = e
        if ko_texts:
            _ko.add_user_words(self.terms)
            analysed = _ko.analyze(ko_texts, ko_pre)
            zh_seg = self._zh.segment
            for i, text, toks, term_starts in zip(
                ko_idx, ko_texts, analysed, ko_terms, strict=True
            ):
                offset = items[i][2]
                out = results[i]
                for s, e, tag in toks:
                    if tag == "SH":
                        for zs, ze, zp in zh_seg(text, s, e):
                            out.append(Token(text[zs:ze], zs + offset, ze + offset, zp, "zh"))
                    elif s in term_starts and tag == "NNP":
                        out.append(Token(text[s:e], s + offset, e + offset, "TERM", "ko"))
                    else:
                        out.append(Token(text[s:e], s + offset, e + offset, tag, "ko"))
        return results

    def index_many(
        self, items: Sequence[tuple[str, str]], terms: Sequence[Terms] | None = None
    ) -> list[tuple[int, str]]:
        """`paragraph_index` of each (text, lang) cut for the index (Japanese in Sudachi
        mode A); `terms`: each text's policy terms when known (`TermDictionary.find_each`).
        Korean cut by MeCab-ko goes straight from MeCab's output to the forms, without
        Tokens: making them and reading them back was a third of the Korean time outside
        MeCab."""
        self._sync()
        out: list[tuple[int, str]] = [(0, "")] * len(items)
        rest: list[int] = []
        mecab = _ko.current() == "mecab"
        find = self.terms.find
        for i, (text, lang) in enumerate(items):
            if lang == "ko" and mecab:
                forms, han = self._ko_forms(text, terms[i] if terms is not None else find(text))
                out[i] = (len(forms), " ".join(self.with_subwords(forms) if han else forms))
            else:
                rest.append(i)
        if rest:
            cut = self.tokenize_many(
                [(items[i][0], items[i][1], 0) for i in rest],
                ja_mode="A",
                terms=[terms[i] for i in rest] if terms is not None else None,
            )
            for i, toks in zip(rest, cut, strict=True):
                out[i] = self.paragraph_index(toks, items[i][1])
        return out

    @staticmethod
    def _ko_pieces(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """A Korean text in (start, end, kind) pieces, in order: kind 'TERM' (a policy
        term), 'zh' (a Han run, for the zh backend) or 'ko' (for MeCab-ko)."""
        out: list[tuple[int, int, str]] = []
        han = _HAN_RUN.search(text) is not None  # most Korean paragraphs have none
        pos = 0
        n = len(text)
        for s, e, _term in [*spans, (n, n, "")]:
            if s > pos and han:
                for m in _HAN_RUN.finditer(text, pos, s):
                    if m.start() > pos:
                        out.append((pos, m.start(), "ko"))
                    out.append((m.start(), m.end(), "zh"))
                    pos = m.end()
            if s > pos:
                out.append((pos, s, "ko"))
            if e > s:
                out.append((s, e, "TERM"))
            pos = e
        return out

    def _ko_mecab(
        self, text: str, spans: list[tuple[int, int, str]], offset: int, out: list[Token]
    ) -> None:
        """Korean by MeCab-ko: the terms whole, Han runs to the zh backend, MeCab on each
        stretch between them."""
        mecab = _ko.mecab_tokens
        for s, e, kind in self._ko_pieces(text, spans):
            if kind == "ko":
                mecab(text, s, e, offset, out)
            elif kind == "TERM":
                out.append(Token(text[s:e], s + offset, e + offset, "TERM", "ko"))
            else:
                self._zh.tokens(text, s, e, offset, out)

    def _ko_forms(self, text: str, spans: list[tuple[int, int, str]]) -> tuple[list[str], bool]:
        """(`index_forms` of `_ko_mecab`'s Tokens, made without the Korean Tokens; whether
        the text holds Han, without which no form has inner words)."""
        forms: list[str] = []
        mecab = _ko.mecab_forms
        if _HAN_RUN.search(text) is None:  # most Korean paragraphs: terms and MeCab only
            pos = 0
            for s, e, _term in spans:
                if s > pos:
                    mecab(text, pos, s, forms)
                if e > s:
                    forms.append(text[s:e].lower())
                pos = e
            if pos < len(text):
                mecab(text, pos, len(text), forms)
            return forms, False
        for s, e, kind in self._ko_pieces(text, spans):
            if kind == "ko":
                mecab(text, s, e, forms)
            elif kind == "TERM":
                forms.append(text[s:e].lower())
            else:
                zh: list[Token] = []
                self._zh.tokens(text, s, e, 0, zh)
                forms.extend(self.index_forms(zh))
        return forms, True

    def _backend(
        self, text: str, s: int, e: int, lang: str, offset: int, ja_mode: str, out: list[Token]
    ) -> None:
        if lang == "zh":
            self._zh.tokens(text, s, e, offset, out)
        elif lang == "ja":
            for a, b, p in _ja.segment(text, s, e, ja_mode):
                out.append(Token(text[a:b], a + offset, b + offset, p, "ja"))
        else:
            tag = lang or "und"
            if _HAN_RUN.search(text, s, e):
                self._mixed_han(text, s, e, tag, offset, out)
                return
            out.extend(  # the common case, no Han: straight from the regex to Tokens
                [
                    Token(
                        m.group(), m.start() + offset, m.end() + offset, m.lastgroup or "WORD", tag
                    )
                    for m in _en.TOKEN_RE.finditer(text, s, e)
                ]
            )

    def _mixed_han(
        self, text: str, s: int, e: int, tag: str, offset: int, out: list[Token]
    ) -> None:
        """Latin/other text with Han runs: Han -> zh backend, the rest -> en regex."""
        pos = s
        for m in _HAN_RUN.finditer(text, s, e):
            if m.start() > pos:
                for a, b, p in _en.segment(text, pos, m.start()):
                    out.append(Token(text[a:b], a + offset, b + offset, p, tag))
            for a, b, p in self._zh.segment(text, m.start(), m.end()):
                out.append(Token(text[a:b], a + offset, b + offset, p, "zh"))
            pos = m.end()
        for a, b, p in _en.segment(text, pos, e):
            out.append(Token(text[a:b], a + offset, b + offset, p, tag))
