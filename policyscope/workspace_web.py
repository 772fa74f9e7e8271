"""Workspace methods the web app needs beyond the CLI's: counts for paging and the corpus
overview of the home page. Mixed into Workspace."""

from __future__ import annotations

from collections import Counter

from policyscope.workspace_base import WorkspaceBase


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
        from policyscope.analysis.query import across_terms
        from policyscope.analysis.query import groups as query_groups

        groups = query_groups(query, self.tokenizer, self._expand)
        variants = across_terms(groups, self.tokenizer.terms.han_forms())
        flt = self._filter(series, lang, date_from, date_to, doc)
        with self.store.connect() as conn:
            return len(self.store.fts.search(conn, groups, flt, cap, 0, variants=variants))

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

    def rule_lines(
        self,
        term: str,
        rule: str = "literal",
        window: int = 30,
        series: str | None = None,
        lang: str | None = None,
        doc=None,
    ):
        """The KWIC lines a count under `rule` counted: literal occurrences, whole tokens,
        or linked mentions, so that a count and its drill-down always agree."""
        if rule == "literal":
            return self.kwic(term, window=window, series=series, lang=lang, doc=doc)
        results = self.count_term(term, rule=rule, series=series, doc=doc, lang=lang)
        lines = []
        for doc_id in sorted(results):
            lines.extend(self.count_kwic(results[doc_id], window=window))
        return lines

    def generation(self) -> tuple:
        """Changes whenever a document is added, replaced or removed: (count, last id, last
        ingest time). Cheap enough to ask once a second."""
        from sqlalchemy import func, select

        from policyscope.store import schema as S

        d = S.documents.c
        with self.store.connect() as conn:
            return tuple(
                conn.execute(select(func.count(), func.max(d.id), func.max(d.ingested_at))).one()
            )
