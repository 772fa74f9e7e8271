"""Workspace methods the web app needs beyond the CLI's: counts for paging, the corpus
overview of the home page, a concept's or entity's card, a cheap generation stamp for the
caches, and a warm-up before serving. Mixed into Workspace."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from policyscope.analysis.query import across_terms
from policyscope.analysis.query import groups as query_groups
from policyscope.analysis.search import search_marked
from policyscope.arguments import check_text
from policyscope.errors import BadArgument, NotFound
from policyscope.knowledge.runtime import surfaces
from policyscope.model import KwicLine
from policyscope.store import schema as S
from policyscope.workspace.base import WorkspaceBase

# queries run once by warm(): one per script, so every tokenizer backend is loaded
WARM_QUERIES = ("人工智能", "인공지능", "AI")


class WebMixin(WorkspaceBase):
    def search_count(
        self,
        query: str,
        cap: int = 1000,
        series: str | None = None,
        lang: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        doc=None,
    ) -> int:
        """How many paragraphs `search` would rank, counted up to `cap` (no snippets made)."""
        groups = query_groups(query, self.tokenizer, self._expand)
        variants = across_terms(groups, self.tokenizer.terms.han_forms())
        flt = self._filter(series, lang, date_from, date_to, doc)

        def counted() -> int:
            with self.store.connect() as conn:
                if self.search_engine == "tantivy":  # counts without ranking
                    return min(cap, self.store.fts.count(conn, groups, flt, variants=variants))
                return len(self.store.fts.search(conn, groups, flt, cap, 0, variants=variants))

        return self._ranked(counted)

    def search_marked(
        self,
        query: str,
        series: str | None = None,
        lang: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        doc=None,
        limit: int = 20,
        offset: int = 0,
    ) -> list[tuple]:
        """The hits of `search`, each with its snippet as (text, is_match) parts, for a face
        that marks matches itself (the « » of `snippet` may also stand in the text)."""
        if limit < 1:
            raise BadArgument(f"limit must be at least 1 (got {limit})")
        check_text(query, "query")
        flt = self._filter(series, lang, date_from, date_to, doc)
        return self._ranked(
            lambda: search_marked(
                self.store, self.tokenizer, query, flt, limit, offset, expand=self._expand
            )
        )

    def overview(self, recent: int = 8, top: int = 12) -> dict:
        """The corpus at a glance: documents by series, language and year, the latest
        ingests, and the concepts with the most mentions."""
        docs = self.documents()
        by_year = Counter((d.date or "")[:4] or "?" for d in docs)
        latest = sorted(docs, key=lambda d: (d.ingested_at or "", d.id), reverse=True)
        concepts = sorted(
            (c for c in self.concepts() if c.mentions), key=lambda c: (-c.mentions, c.id)
        )
        return {
            "documents": len(docs),
            "series": Counter(d.series or "" for d in docs).most_common(),
            "languages": Counter(d.language or "?" for d in docs).most_common(),
            "years": sorted(by_year.items()),
            "recent": latest[:recent],
            "concepts": concepts[:top],
        }

    def item_info(self, item_id: str) -> dict:
        """A concept's or entity's card: kind, labels by language, the other surface forms
        it is linked by, notes and its broader and related items."""
        pack = self.pack
        item = pack.concepts.get(item_id) or pack.entities.get(item_id)
        if item is None:
            raise NotFound(f"no concept or entity {item_id!r} in the pack")
        labels = {lg: pack.label(item_id, lg) for lg in ("zh", "ko", "en", "ja")}
        return {
            "id": item_id,
            "kind": "concept" if item_id in pack.concepts else "entity",
            "type": getattr(item, "kind", None) or getattr(item, "type", ""),
            "labels": {k: v for k, v in labels.items() if v},
            "variants": sorted(set(surfaces(item_id, *self.user_packs)) - set(labels.values())),
            "notes": getattr(item, "notes", None),
            "broader": list(getattr(item, "broader", []) or []),
            "related": list(getattr(item, "related", []) or []),
        }

    def rule_lines(
        self,
        term: str,
        rule: str = "literal",
        window: int = 30,
        series: str | None = None,
        lang: str | None = None,
        doc=None,
    ) -> list[KwicLine]:
        """The KWIC lines a count under `rule` counted: literal occurrences, whole tokens,
        or linked mentions, so that a count and its drill-down always agree."""
        if rule == "literal":
            return self.kwic(term, window=window, series=series, lang=lang, doc=doc)
        results = self.count_term(term, rule=rule, series=series, doc=doc, lang=lang)
        lines = []
        for doc_id in sorted(results):
            lines.extend(self.count_kwic(results[doc_id], window=window))
        return lines

    def shared_report(
        self,
        out: Path,
        public: Callable[[str], str | None],
        topics: list[str] | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        lang: str = "en",
        fmt: str = "html",
    ) -> Path:
        """`report` for people who may not see this machine's folders: each reference's
        source path is shown as `public(path)` (relative to the workspace, or the file name)."""
        # lazy: the renderers load PDF and DOCX libraries, which every CLI start would pay for
        from policyscope.report.model import References  # noqa: PLC0415 (lazy: start-up)
        from policyscope.report.render import render  # noqa: PLC0415 (lazy: start-up)

        content = self.report_content(topics, date_from, date_to, lang)
        for refs in content.blocks(References):
            for ref in refs.entries:
                ref.source = public(ref.source) if ref.source else ref.source
        return render(content, fmt, out, None)

    def generation(self) -> tuple:
        """A stamp that changes whenever anything is written to the store, cheap enough to
        ask on every request: for SQLite the size and modification time of the database
        file and its write-ahead log (two stat calls, no query); for a server database the
        documents' count, last id and last ingest time."""
        if "://" not in self.db:
            return tuple(_stat(Path(self.db + suffix)) for suffix in ("", "-wal"))
        d = S.documents.c
        with self.store.connect() as conn:
            return tuple(
                conn.execute(select(func.count(), func.max(d.id), func.max(d.ingested_at))).one()
            )

    def warm(self) -> None:
        """Do once, in the calling thread, what the first queries would: load the pack and
        the tokenizer backends, and compile the term dictionary (its lazy compile is not
        safe to race from several threads)."""
        terms = self.tokenizer.terms
        terms.find("人工智能 " * 1000)  # long enough to compile the whole dictionary
        _ = self.pack
        for query in WARM_QUERIES:
            self.search(query, limit=1)
            self.kwic(query, window=10)


def _stat(path: Path) -> tuple[int, int, int]:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return (0, 0, 0)
    return (st.st_ino, st.st_size, st.st_mtime_ns)
