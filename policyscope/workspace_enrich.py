"""Workspace method for enriching stored documents: pack mentions, figures and events.

`ingest` enriches each document as it stores it. For a big load, `ingest --no-enrich`
stores and indexes only (search and KWIC work at once), and `enrich` adds the mentions
and facts afterwards, in worker processes, one transaction per document; it resumes
where it stopped because each finished document is marked enriched.
Mixed into `policyscope.workspace.Workspace`.
"""

from __future__ import annotations

from collections.abc import Callable

from policyscope.errors import PolicyScopeError
from policyscope.workspace_base import WorkspaceBase

EnrichJob = tuple  # doc_id, db, date, title, user packs

_STORES: dict[str, object] = {}


def enrich_text(text: str, date: str | None, title: str | None, packs: tuple[str, ...]):
    """(mentions, claims, events) of one text."""
    from policyscope.extract.runtime import extract_facts
    from policyscope.knowledge.runtime import link_text

    # facts first: their linker call is remembered and serves the mentions too
    claims, events = extract_facts(*packs, text, date, title)
    return link_text(*packs, text), claims, events


def enrich_job(job: EnrichJob):
    """`enrich_text` in a worker process, which reads the text itself (WAL lets it read
    while the main process writes), so jobs stay small however big the store."""
    from policyscope.store.sql import Store

    doc_id, db, date, title, packs = job
    store = _STORES.get(db)
    if store is None:
        store = _STORES[db] = Store(db)
    return enrich_text(store.text(doc_id), date, title, packs)


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
        from policyscope.ingest.run import auto_workers, pooled

        docs = {d.id: d for d in self.documents(include_superseded=True)}
        ids = sorted(docs) if everything else self.store.unenriched_ids()
        if on_total:
            on_total(len(ids))
        packs = tuple(self.user_packs)
        jobs = [(i, self.db, docs[i].date, docs[i].title, packs) for i in ids]
        size = sum(2 * (docs[i].chars or 0) for i in ids)  # about UTF-8 bytes for CJK
        n = workers if workers and workers > 0 else auto_workers(len(ids), size)
        totals = [0, 0, 0, 0]
        failed: list[str] = []
        if n <= 1:
            results = ((job, self._enrich_here(job)) for job in jobs)
        else:
            results = pooled(jobs, n, enrich_job, warm_up=False)
        for job, result in results:
            if isinstance(result, BaseException):
                failed.append(f"document {job[0]} ({docs[job[0]].source_path}): {result}")
                continue
            found, claims, events = result
            self.store.replace_enrichment(job[0], found, claims, events)
            for i, k in enumerate((1, len(found), len(claims), len(events))):
                totals[i] += k
            if on_result:
                on_result(job[0])
        if failed:
            raise PolicyScopeError(
                f"{len(failed)} document(s) not enriched, the others are stored; first: {failed[0]}"
            )
        return tuple(totals)

    def _enrich_here(self, job: EnrichJob):
        doc_id, _db, date, title, packs = job
        try:
            return enrich_text(self.store.text(doc_id), date, title, packs)
        except Exception as exc:  # reported by the caller with the document named
            return exc
