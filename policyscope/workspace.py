"""Workspace: the public Python API. The CLI and the web app are thin faces over it.

    >>> from policyscope import Workspace
    >>> ws = Workspace("policy.db")
    >>> ws.ingest(["../shared/corpus"], manifest="../shared/corpus/MANIFEST.tsv")
    >>> [(k.series_key, k.left, k.match, k.right) for k in ws.kwic("具身智能", series="cn-gwr")]

Nothing here prints; every method returns dataclasses (see `policyscope.model`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from policyscope.errors import BadArgument, NotFound
from policyscope.model import DocMeta, Document, IngestOutcome, KwicLine, SearchHit, Segment
from policyscope.store.filters import DocFilter
from policyscope.store.sql import Store

DEFAULT_DB = "policyscope.db"


def default_db() -> str:
    return os.environ.get("POLICYSCOPE_DB") or DEFAULT_DB


class Workspace:
    def __init__(self, db: str | os.PathLike | None = None):
        self.db = str(db) if db else default_db()
        self.store = Store(self.db)
        self._tokenizer = None

    # -- lifecycle --------------------------------------------------------
    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def tokenizer(self):
        if self._tokenizer is None:
            from policyscope.ingest.prepare import tokenizer

            self._tokenizer = tokenizer()
        return self._tokenizer

    # -- collect ----------------------------------------------------------
    def ingest(
        self,
        paths: list[str | os.PathLike],
        manifest: str | os.PathLike | None = None,
        meta: DocMeta | dict | None = None,
        workers: int | None = None,
        on_total: Callable[[int], None] | None = None,
        on_result: Callable[[IngestOutcome], None] | None = None,
    ) -> list[IngestOutcome]:
        """Ingest files and folders (recursively). `meta` overrides manifest and inference
        for every file of this call (e.g. {'series': 'cn-gwr'}). One document = one
        transaction; failures are returned as outcomes with status 'failed'."""
        from policyscope.ingest.run import ingest_paths

        return ingest_paths(
            self.store,
            list(paths),
            manifest=manifest,
            flags=meta,
            workers=workers,
            on_total=on_total,
            on_result=on_result,
        )

    # -- documents --------------------------------------------------------
    def documents(
        self, series: str | None = None, include_superseded: bool = False
    ) -> list[Document]:
        return self.store.documents(include_superseded=include_superseded, series=series)

    def resolve_doc(self, ref: str | int) -> Document:
        """A document by id, by path (or its tail, e.g. 'cn-gwr/2025.zh.txt') or by title."""
        if isinstance(ref, int) or str(ref).isdigit():
            return self.store.document(int(ref))
        ref = str(ref)
        docs = self.store.documents()
        exact = [d for d in docs if d.source_path and Path(d.source_path) == Path(ref)]
        tail = [
            d
            for d in docs
            if d.source_path
            and (d.source_path.endswith("/" + ref) or Path(d.source_path).name == ref)
        ]
        titled = [d for d in docs if d.title == ref]
        for found in (exact, tail, titled):
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                ids = ", ".join(f"{d.id} ({d.source_path})" for d in found[:6])
                raise BadArgument(f"document {ref!r} is ambiguous: {ids}; give the id")
        raise NotFound(f"no document {ref!r}; list them with 'policyscope docs'")

    def document(self, ref: str | int) -> Document:
        return self.resolve_doc(ref)

    def text(self, ref: str | int) -> str:
        return self.store.text(self.resolve_doc(ref).id)

    def segments(self, ref: str | int, kind: str = "paragraph") -> list[Segment]:
        if kind not in ("paragraph", "sentence"):
            raise BadArgument(f"segment kind {kind!r}: use 'paragraph' or 'sentence'")
        return self.store.segments(self.resolve_doc(ref).id, kind)

    def stats(self) -> dict[str, int]:
        return self.store.counts()

    # -- find -------------------------------------------------------------
    def _filter(self, series=None, lang=None, date_from=None, date_to=None, doc=None) -> DocFilter:
        docs = doc if isinstance(doc, list | tuple) else ([doc] if doc is not None else [])
        return DocFilter(
            series=series,
            lang=lang,
            date_from=date_from,
            date_to=date_to,
            doc_ids=[self.resolve_doc(d).id for d in docs],
        )

    def search(
        self,
        query: str,
        series: str | None = None,
        lang: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        doc: str | int | list | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> list[SearchHit]:
        """Paragraphs ranked by BM25 over CJK-aware tokens; the snippet marks matches «so»."""
        from policyscope.analysis.search import search

        if limit < 1:
            raise BadArgument(f"limit must be at least 1 (got {limit})")
        flt = self._filter(series, lang, date_from, date_to, doc)
        return search(self.store, self.tokenizer, query, flt, limit=limit, offset=offset)

    def kwic(
        self,
        term: str,
        window: int = 30,
        series: str | None = None,
        lang: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        doc: str | int | list | None = None,
        limit: int | None = None,
        ignore_case: bool = False,
    ) -> list[KwicLine]:
        """Every literal occurrence of `term` (width-folded), with its context and offsets."""
        from policyscope.analysis.kwic import kwic

        if window < 0:
            raise BadArgument(f"window must be 0 or more (got {window})")
        flt = self._filter(series, lang, date_from, date_to, doc)
        return kwic(self.store, term, flt, window=window, limit=limit, ignore_case=ignore_case)
