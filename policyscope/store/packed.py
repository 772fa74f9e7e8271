"""A document's sentences as one small value: (start, end, lang, page) each, packed.

Starts and ends are written as gaps from the previous end (small numbers), the languages
as indexes into the document's few, the whole as JSON compressed with zlib: about 4 bytes
a sentence, against about 60 as a row with its index.
"""

from __future__ import annotations

import json
import zlib

Span = tuple[int, int, str, int | None]


def pack(spans: list[Span]) -> bytes:
    langs: list[str] = []
    rows = []
    prev = 0
    for start, end, lang, page in spans:
        if lang not in langs:
            langs.append(lang)
        rows.append([start - prev, end - start, langs.index(lang), page])
        prev = end
    return zlib.compress(json.dumps([langs, rows], separators=(",", ":")).encode(), 6)


def unpack(blob: bytes) -> list[Span]:
    langs, rows = json.loads(zlib.decompress(blob))
    out: list[Span] = []
    prev = 0
    for gap, length, lang, page in rows:
        start = prev + gap
        prev = start + length
        out.append((start, prev, langs[lang], page))
    return out
