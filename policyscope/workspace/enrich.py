"""Workspace method for enriching stored documents: pack mentions, figures and events.

`ingest` enriches each document as it stores it. For a big load, `ingest --no-enrich`
stores and indexes only (search and KWIC work at once), and `enrich` adds the mentions
and facts afterwards, in worker processes, one transaction per document; it resumes
where it stopped because each finished document is marked enriched.
Mixed into `policyscope.workspace.Workspace`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from policyscope.errors import PolicyScopeError
from policyscope.ingest.steps import Enrichment, MentionRow, step
from policyscope.knowledge.runtime import knowledge_for, policy_terms
from policyscope.store.sql import Store
from policyscope.workspace.base import WorkspaceBase

_STORES: dict[str, Store] = {}


@step("terms")
@dataclass(frozen=True)
class PackTerms:
    """The surface forms of the packs in use, which the tokenizers keep whole."""

    packs: tuple[str, ...] = ()

    def __call__(self) -> list[str]:
        return policy_terms(*self.packs)


@step("finder")
@dataclass(frozen=True)
class LinkMentions:
    """Mentions of the packs' concepts and entities in a text."""

    packs: tuple[str, ...] = ()

    def __call__(self, text: str) -> list[MentionRow]:
        return knowledge_for(*self.packs).link(text)


@step("extractor")
@dataclass(frozen=True)
class ExtractFacts:
    """Claims and events of a text, with the packs in use (the title resolves
    self-references such as 本办法 'these measures')."""

    packs: tuple[str, ...] = ()

    def __call__(
        self, text: str, *, doc_date: str | None, doc_title: str | None
    ) -> tuple[list[Any], list[Any]]:
        # the extractors compile hundreds of patterns on import (0.17 s): only enrichment
        # pays for them, not every query command that opens the workspace
        from policyscope.extract.runtime import facts_of  # noqa: PLC0415 (lazy: start-up)

        return facts_of(text, packs=self.packs, doc_date=doc_date, doc_title=doc_title)


@step("literal")
@dataclass(frozen=True)
class LiteralColumns:
    """The store's literal-index columns of a paragraph; `function` is the "module:name"
    the store's full-text index names (`FtsIndex.literal_columns`)."""

    function: str

    def __call__(self, paragraph: str) -> Any:
        return _imported(self.function)(paragraph)


@cache
def _imported(path: str) -> Callable[[str], Any]:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def pack_enrichment(packs: tuple[str, ...], literal: str | None = None) -> Enrichment:
    """Every step ingest runs with these user packs: terms, mentions, facts, and the
    literal-index columns of the store's index (`literal`: its "module:name")."""
    return Enrichment(
        terms=PackTerms(packs),
        finder=LinkMentions(packs),
        extractor=ExtractFacts(packs),
        literal=LiteralColumns(literal) if literal else None,
    )


@dataclass(frozen=True)
class EnrichJob:
    """One stored document to enrich, as sent to a worker process."""

    doc_id: int
    db: str
    date: str | None
    title: str | None
    steps: Enrichment


def enrich_text(
    text: str, date: str | None, title: str | None, steps: Enrichment
) -> tuple[list[MentionRow], list[Any], list[Any]]:
    """(mentions, claims, events) of one text."""
    # facts first: their linker call is remembered and serves the mentions too
    claims: list[Any] = []
    events: list[Any] = []
    if steps.extractor is not None:
        claims, events = steps.extractor(text, doc_date=date, doc_title=title)
    found = steps.finder(text) if steps.finder is not None else []
    return found, claims, events


def enrich_job(job: EnrichJob) -> tuple[list[MentionRow], list[Any], list[Any]]:
    """`enrich_text` in a worker process, which reads the text itself (WAL lets it read
    while the main process writes), so jobs stay small however big the store."""
    store = _STORES.get(job.db)
    if store is None:
        store = _STORES[job.db] = Store(job.db)
    return enrich_text(store.text(job.doc_id), job.date, job.title, job.steps)


class EnrichMixin(WorkspaceBase):
    def enrich(
        self,
        everything: bool = False,
        workers: int | None = None,
        on_total: Callable[[int], None] | None = None,
        on_result: Callable[[int], None] | None = None,
    ) -> tuple[int, int, int, int]:
        """Find mentions, claims and events for the documents stored without them
        (`ingest(..., enrich=False)`), or for every document with `everything=True`
        (after a pack changed). Returns (documents, mentions, claims, events)."""
        # ingest.run loads the readers and tokenizers: ~0.2 s of every command's start
        from policyscope.ingest.run import auto_workers, pooled  # noqa: PLC0415 (lazy: start-up)

        docs = {d.id: d for d in self.documents(include_superseded=True)}
        ids = sorted(docs) if everything else self.store.unenriched_ids()
        if on_total:
            on_total(len(ids))
        steps = self.enrichment
        jobs = [EnrichJob(i, self.db, docs[i].date, docs[i].title, steps) for i in ids]
        size = sum(2 * (docs[i].chars or 0) for i in ids)  # about UTF-8 bytes for CJK
        n = workers if workers and workers > 0 else auto_workers(len(ids), size)
        totals = [0, 0, 0, 0]
        failed: list[str] = []
        results: Iterable[tuple[EnrichJob, object]]
        if n <= 1:
            results = ((job, self._enrich_here(job)) for job in jobs)
        else:
            results = pooled(jobs, n, enrich_job, warm_up=False)
        for job, result in results:
            if isinstance(result, BaseException):
                failed.append(f"document {job.doc_id} ({docs[job.doc_id].source_path}): {result}")
                continue
            found, claims, events = cast(tuple[list[MentionRow], list[Any], list[Any]], result)
            self.store.replace_enrichment(job.doc_id, found, claims, events)
            for i, k in enumerate((1, len(found), len(claims), len(events))):
                totals[i] += k
            if on_result:
                on_result(job.doc_id)
        if failed:
            raise PolicyScopeError(
                f"{len(failed)} document(s) not enriched, the others are stored; first: {failed[0]}"
            )
        return totals[0], totals[1], totals[2], totals[3]

    def _enrich_here(
        self, job: EnrichJob
    ) -> tuple[list[MentionRow], list[Any], list[Any]] | Exception:
        try:
            return enrich_text(self.store.text(job.doc_id), job.date, job.title, job.steps)
        except Exception as exc:  # reported by the caller with the document named
            return exc
