"""Normalisation that keeps every offset mappable back to the original text.

The stored text of a document is `normalize(original).text`. All offsets in the
store refer to it; `OffsetMap.to_original` turns them back into offsets in the
text the reader produced, so a citation can be shown in the original too.

What changes, and why:
- NFC, so decomposed Hangul (common in files written on macOS) matches typed queries;
- CRLF / CR become LF, so paragraphs split the same way whatever the source;
- BOM and zero-width characters go: they break matching and are invisible anyway;
- full-width ASCII letters, digits and the symbols used in policy slogans
  (＋ ％ － ．…) become half-width, so 互联网＋ and 互联网+ are one term.
  CJK punctuation (，。：（）) is kept: it is how the source reads and quotes must too.
- exotic spaces (NBSP, en space...) become a plain space.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from policyscope.lang.scripts import HANGUL_TRAILING_JAMO, bounds

_JAMO_FIRST, _JAMO_LAST = bounds(HANGUL_TRAILING_JAMO)
_DROP = {"\ufeff", "\u200b", "\u200c", "\u200d", "\u2060", "\x00"}
_SPACES = {"\u00a0", "\u2002", "\u2003", "\u2009", "\u202f", "\u2007", "\u2008", "\u200a"}
# Full-width forms folded to ASCII: letters, digits and symbols that occur inside terms
# and numbers. Kept full-width: ，（）：；！？ which are ordinary CJK punctuation.
_FOLD_KEEP = set("，（）：；！？")


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):
        ch = chr(code)
        if ch in _FOLD_KEEP:
            continue
        table[code] = chr(code - 0xFEE0)
    for sp in _SPACES:
        table[ord(sp)] = " "
    return table


_FOLD = _build_fold_table()


def fold(s: str) -> str:
    """Fold a query the way stored text is folded (width only; same length)."""
    return unicodedata.normalize("NFC", s).translate(_FOLD)


@dataclass
class OffsetMap:
    """Breakpoints (normalised offset, original offset) where the shift changes."""

    norm: list[int] = field(default_factory=lambda: [0])
    orig: list[int] = field(default_factory=lambda: [0])

    def to_original(self, pos: int) -> int:
        i = bisect.bisect_right(self.norm, pos) - 1
        return self.orig[i] + (pos - self.norm[i])

    def to_json(self) -> list[list[int]]:
        return [self.norm, self.orig]

    @classmethod
    def from_json(cls, data: list[list[int]] | None) -> OffsetMap:
        if not data:
            return cls()
        return cls(list(data[0]), list(data[1]))


@dataclass
class Normalized:
    text: str
    offsets: OffsetMap


def _clusters(text: str):
    """Yield (start, end) of a base character and the combining marks after it."""
    n = len(text)
    i = 0
    while i < n:
        j = i + 1
        while j < n and (unicodedata.combining(text[j]) or _JAMO_FIRST <= text[j] <= _JAMO_LAST):
            j += 1
        yield i, j
        i = j


# Characters that normalize() changes; text without any (the usual case) is copied as is.
_SPECIAL = re.compile(
    "[\r\ufeff\u200b\u200c\u200d\u2060\x00\u00a0\u2002\u2003\u2007-\u200a\u2009\u202f"
    + "".join(re.escape(chr(c)) for c in _FOLD if c >= 0xFF00)
    + "]"
)


def normalize(original: str) -> Normalized:
    if unicodedata.is_normalized("NFC", original):
        return _normalize_nfc(original)
    return _normalize_slow(original)


def _normalize_nfc(original: str) -> Normalized:
    """The fast path: only the characters _SPECIAL finds change, the rest is sliced."""
    out: list[str] = []
    omap = OffsetMap()
    prev = 0
    npos = 0
    shift = 0
    for m in _SPECIAL.finditer(original):
        i = m.start()
        if i < prev:  # the LF of a CRLF already consumed
            continue
        out.append(original[prev:i])
        npos += i - prev
        ch = original[i]
        if ch == "\r":
            piece, width = "\n", (2 if original[i + 1 : i + 2] == "\n" else 1)
        elif ch in _DROP:
            piece, width = "", 1
        else:
            piece, width = ch.translate(_FOLD), 1
        out.append(piece)
        npos += len(piece)
        prev = i + width
        if prev - npos != shift:
            shift = prev - npos
            omap.norm.append(npos)
            omap.orig.append(prev)
    out.append(original[prev:])
    return Normalized("".join(out), omap)


def _normalize_slow(original: str) -> Normalized:
    out: list[str] = []
    omap = OffsetMap()
    npos = 0
    shift = 0  # orig - norm at the current position
    need_nfc = not unicodedata.is_normalized("NFC", original)
    i = 0
    n = len(original)
    while i < n:
        ch = original[i]
        if ch == "\r":
            piece, width = "\n", (2 if i + 1 < n and original[i + 1] == "\n" else 1)
        elif ch in _DROP:
            piece, width = "", 1
        elif (
            need_nfc
            and i + 1 < n
            and (
                unicodedata.combining(original[i + 1])
                or _JAMO_FIRST <= original[i + 1] <= _JAMO_LAST
            )
        ):
            end = next(e for s, e in _clusters(original[i:]))
            piece = unicodedata.normalize("NFC", original[i : i + end]).translate(_FOLD)
            width = end
        else:
            piece, width = ch.translate(_FOLD) if ord(ch) > 0x7F else ch, 1
        out.append(piece)
        npos += len(piece)
        i += width
        if i - npos != shift:
            shift = i - npos
            omap.norm.append(npos)
            omap.orig.append(i)
    return Normalized("".join(out), omap)
