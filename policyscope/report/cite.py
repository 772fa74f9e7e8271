"""Citations: one registry per briefing that turns a (document, start, end) span into a
numbered footnote whose quote is read from the stored text at exactly those offsets.

    notes = Notes(corpus)
    c = notes.cite(doc_id, start, end)        # Citation(n=1, quote=text[start:end], ...)
    notes.cite(doc_id, start, end) is c        # same span -> same footnote

Locations: 'p. N' when the document has pages (PDF: the paragraph's page), else
'para. N' (the paragraph's position among the document's paragraphs, from 1).
Quotes longer than `MAX_QUOTE` characters are narrowed to a window around `focus` (the
figure or term the statement rests on); leading and trailing whitespace is trimmed by
moving the offsets, so `text[start:end] == quote` still holds.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from policyscope.report.model import Citation

if TYPE_CHECKING:
    from policyscope.corpus import Corpus

MAX_QUOTE = 240


@dataclass
class _Doc:
    text: str
    title: str
    starts: list[int]
    pages: list[int | None]
    lang: str = ""


def _wordy(ch: str) -> bool:
    """A character that continues a word written with spaces (Latin, digits, Hangul);
    Han and kana have no spaces, so any position between them is a boundary."""
    return ch.isalnum() and not ("\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff")


def word_bounds(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """[lo, hi) moved inward so that it neither starts nor ends inside a word (a window cut
    from the longer span [start, end) must not begin 'ficial intelligence')."""
    if lo > start and _wordy(text[lo - 1]) and _wordy(text[lo]):
        i = lo
        while i < hi and not text[i].isspace():
            i += 1
        lo = i if i < hi else lo
    if hi < end and _wordy(text[hi - 1]) and _wordy(text[hi]):
        j = hi
        while j > lo and not text[j - 1].isspace():
            j -= 1
        hi = j if j > lo else hi
    return lo, hi


def short_quote(quote: str, limit: int = 160) -> str:
    """A quote for a table cell: whitespace collapsed, cut at a word boundary."""
    q = " ".join(quote.split())
    if len(q) <= limit:
        return q
    cut = q.rfind(" ", limit // 2, limit)
    return q[: cut if cut > 0 else limit - 1] + "…"


class Notes:
    def __init__(self, corpus: Corpus, lang: str = "en"):
        self.corpus = corpus
        self.lang = lang
        self._docs: dict[int, _Doc] = {}
        self._by_span: dict[tuple[int, int, int], Citation] = {}
        self.order: list[Citation] = []

    def doc(self, doc_id: int) -> _Doc:
        d = self._docs.get(doc_id)
        if d is None:
            meta = self.corpus.document(doc_id)
            segs = self.corpus.segments(doc_id, "paragraph")
            d = _Doc(
                text=self.corpus.text(doc_id),
                title=meta.title or (meta.source_path or f"#{doc_id}"),
                starts=[s.start for s in segs],
                pages=[s.page for s in segs],
                lang=meta.language or "",
            )
            self._docs[doc_id] = d
        return d

    def text(self, doc_id: int) -> str:
        return self.doc(doc_id).text

    def location(self, doc_id: int, pos: int) -> str:
        d = self.doc(doc_id)
        if not d.starts:
            return "para. 1"
        i = max(0, bisect.bisect_right(d.starts, pos) - 1)
        page = d.pages[i]
        if page is not None:
            return f"p. {page}"
        return f"para. {i + 1}"

    def cite(
        self, doc_id: int | None, start: int | None, end: int | None, focus: int | None = None
    ) -> Citation | None:
        """The footnote for text[start:end] of a stored document (None when the span is
        unusable: no document, empty or out of range)."""
        if doc_id is None or start is None or end is None:
            return None
        d = self.doc(int(doc_id))
        start, end = max(0, int(start)), min(len(d.text), int(end))
        if end - start > MAX_QUOTE:
            f = start if focus is None else min(max(focus, start), end)
            lo = max(start, f - MAX_QUOTE // 2)
            lo, hi = lo, min(end, lo + MAX_QUOTE)
            start, end = word_bounds(d.text, lo, hi, start, end)
        while start < end and d.text[start].isspace():
            start += 1
        while end > start and d.text[end - 1].isspace():
            end -= 1
        if end <= start:
            return None
        key = (int(doc_id), start, end)
        c = self._by_span.get(key)
        if c is None:
            c = Citation(
                doc_id=int(doc_id),
                title=d.title,
                location=self.location(int(doc_id), start),
                quote=d.text[start:end],
                start=start,
                end=end,
                n=len(self.order) + 1,
                lang=d.lang,
            )
            self._by_span[key] = c
            self.order.append(c)
        return c

    def cites(self, *spans) -> list[Citation]:
        """Citations of several (doc_id, start, end[, focus]) spans, unusable ones left out,
        duplicates once."""
        out: list[Citation] = []
        for sp in spans:
            c = self.cite(*sp)
            if c is not None and c not in out:
                out.append(c)
        return out

    def sentence_span(self, doc_id: int, pos: int, stops: str = "。！？；\n") -> tuple[int, int]:
        """The sentence (or line) around `pos`: from after the previous stop to the next."""
        t = self.text(doc_id)
        lo = pos
        while lo > 0 and t[lo - 1] not in stops:
            lo -= 1
        hi = pos
        while hi < len(t) and t[hi] not in stops:
            hi += 1
        if hi < len(t) and t[hi] != "\n":
            hi += 1
        return lo, hi
