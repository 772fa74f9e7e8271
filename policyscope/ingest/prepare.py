"""Turn one file into a PreparedDocument: read, normalise, segment, detect, tokenize.

Runs in worker processes; holds one Tokenizer per process (built on first use),
because the Korean and Japanese analysers are costly to load.
"""

from __future__ import annotations

import bisect
import gc
import hashlib
import time
from collections import Counter
from pathlib import Path
from typing import Any

from policyscope.errors import ReadError
from policyscope.ingest import metadata
from policyscope.ingest.readers import read_file
from policyscope.ingest.steps import Enrichment
from policyscope.ingest.walk import raw_bytes, shown
from policyscope.model import DocMeta, PreparedDocument, PreparedParagraph
from policyscope.text.normalize import normalize
from policyscope.text.pages import page_of
from policyscope.text.pipeline import index_text
from policyscope.text.tokenize import Tokenizer
from policyscope.text.tokenize.shared import shared_tokenizer


def tokenizer(enrichment: Enrichment | None = None) -> Tokenizer:
    """One Tokenizer per process and terms step (the analysers are costly to load)."""
    return shared_tokenizer(enrichment.terms if enrichment else None)


def warm(enrichment: Enrichment | None = None) -> None:
    """Build the tokenizer with its terms (a pool initializer). Only the cheap backends
    load here; Kiwi (~3 s) and Sudachi load in a worker when it first meets Korean or
    Japanese, so a folder of Chinese and English never pays for them."""
    tok = tokenizer(enrichment)
    for sample, lang in (("人工智能发展", "zh"), ("AI policy", "en")):
        tok.tokenize(sample, lang)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def prepare(
    path: str,
    source_path: str,
    layers: list[DocMeta | dict | None],
    sha256: str | None = None,
    enrichment: Enrichment | None = None,
) -> PreparedDocument:
    """`layers` are metadata from lowest to highest precedence (e.g. manifest, flags)."""
    t0 = time.perf_counter()
    p = Path(path)
    sha = sha256 or sha256_file(p)
    raw = read_file(p)
    norm = normalize(raw.text)
    text = norm.text
    if not text.strip():
        raise ReadError(p, "empty: no text found")
    page_starts = None
    if raw.page_starts:
        # page starts are offsets into the original text; map them into the stored text
        inv = _inverse(norm.offsets)
        page_starts = [inv(s) for s in raw.page_starts]
    paragraphs: list[PreparedParagraph] = []
    sentences: list[tuple[int, int, str, int | None]] = []
    # Tokens are acyclic and short-lived: the cyclic GC only slows their creation (~20%).
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        analyzed = index_text(text, tokenizer(enrichment))
    finally:
        if gc_was_on:
            gc.enable()
    lang_chars: Counter = Counter()
    n_tokens = 0
    literal = enrichment.literal if enrichment else None
    for para in analyzed:
        n_tokens += para.n_content
        page = page_of(page_starts, para.start)
        lang_chars[para.lang] += para.end - para.start
        columns = literal(text[para.start : para.end]) if literal else None
        paragraphs.append(
            PreparedParagraph(
                para.start, para.end, para.lang, para.index, para.n_content, page, columns
            )
        )
        sentences.extend((s, e, para.lang, page) for s, e in para.sentences)
    language = metadata.main_language(lang_chars)
    inferred = DocMeta(
        title=metadata.infer_title(text, language),
        date=metadata.infer_date(p, text),
        language=language,
    )
    reader_meta = {k: v for k, v in raw.meta.items() if k in DocMeta.columns()}
    meta = metadata.merge(inferred, reader_meta, *layers)
    extra = {k: v for k, v in raw.meta.items() if k not in DocMeta.columns()}
    if raw_bytes(p.resolve()):  # a name that is not UTF-8: store a readable form, keep bytes
        extra["path_bytes"] = raw_bytes(p.resolve())
    claims: list[Any] = []
    events: list[Any] = []
    if enrichment and enrichment.extractor:
        claims, events = enrichment.extractor(text, doc_date=meta.date, doc_title=meta.title)
    return PreparedDocument(
        source_path=shown(source_path),
        abs_path=shown(p.resolve()),
        sha256=sha,
        format=raw.format,
        meta=meta,
        text=text,
        offset_map=norm.offsets.to_json(),
        page_starts=page_starts,
        paragraphs=paragraphs,
        sentences=sentences,
        n_tokens=n_tokens,
        seconds=time.perf_counter() - t0,
        extra_meta=extra,
        mentions=enrichment.finder(text) if enrichment and enrichment.finder else [],
        claims=claims,
        events=events,
        enriched=bool(enrichment and enrichment.finder and enrichment.extractor),
    )


def _inverse(offsets):
    """Original offset -> normalised offset (the inverse of OffsetMap.to_original)."""

    def inv(orig_pos: int) -> int:
        i = bisect.bisect_right(offsets.orig, orig_pos) - 1
        return max(offsets.norm[i] + (orig_pos - offsets.orig[i]), offsets.norm[i])

    return inv
