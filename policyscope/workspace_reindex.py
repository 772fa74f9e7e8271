"""Workspace method for tokenizing stored paragraphs again for ranked search.

Needed after the term dictionary grew or a pack was loaded (new terms are kept whole), and
for a store indexed before words inside terms were indexed (schema 7), or with those words
between the terms, which broke phrases (schema 7 itself). Paragraphs, offsets
and languages stay as stored, so KWIC, mentions and figures are untouched. Tokenizing is
the slow part: it runs in worker processes, which read the texts themselves; the main
process writes, one transaction per document. Mixed into `policyscope.workspace.Workspace`.
"""

from __future__ import annotations

from collections.abc import Callable

from policyscope.errors import PolicyScopeError

ReindexJob = tuple  # doc_id, db, index enrichment

_STORES: dict[str, object] = {}


def index_rows(store, tok, doc_id: int) -> list[tuple[int, str, int]]:
    """(segment_id, search tokens, content-token count) of a stored document's paragraphs,
    tokenized as ingest does: each paragraph with its stored language, Japanese in mode A."""
    text = store.text(doc_id)
    paras = store.segments(doc_id, "paragraph")
    results = tok.tokenize_many(
        [(text[p.start : p.end], p.lang, p.start) for p in paras], ja_mode="A"
    )
    rows = []
    for p, toks in zip(paras, results, strict=True):
        n, index = tok.paragraph_index(toks, p.lang)
        rows.append((p.id, index, n))
    return rows


def reindex_job(job: ReindexJob):
    """`index_rows` in a worker process, with the tokenizer ingest would use there."""
    from policyscope.ingest.prepare import tokenizer
    from policyscope.store.sql import Store

    doc_id, db, enrichment = job
    store = _STORES.get(db)
    if store is None:
        store = _STORES[db] = Store(db)
    return index_rows(store, tokenizer(enrichment), doc_id)


class ReindexMixin:
    def reindex(
        self,
        doc: str | int | None = None,
        workers: int | None = None,
        on_total: Callable[[int], None] | None = None,
        on_result: Callable[[int], None] | None = None,
    ) -> int:
        """Tokenize stored paragraphs again for ranked search, with today's tokenizer and
        terms; returns how many paragraphs."""
        from policyscope.ingest.run import auto_workers, pooled

        if doc is not None:
            docs = [self.resolve_doc(doc)]
        else:
            docs = self.documents(include_superseded=True)
        if on_total:
            on_total(len(docs))
        jobs = [(d.id, self.db, self.index_enrichment) for d in docs]
        size = sum(2 * (d.chars or 0) for d in docs)  # about UTF-8 bytes for CJK
        n = workers if workers and workers > 0 else auto_workers(len(jobs), size)
        if n <= 1:
            results = ((job, self._reindex_here(job)) for job in jobs)
        else:
            results = pooled(jobs, n, reindex_job, warm_up=False)
        total, failed = 0, []
        for job, rows in results:
            if isinstance(rows, BaseException):
                failed.append(f"document {job[0]}: {rows}")
                continue
            self.store.replace_index_tokens(job[0], rows)
            total += len(rows)
            if on_result:
                on_result(job[0])
        if failed:
            raise PolicyScopeError(
                f"{len(failed)} document(s) not indexed again, the others are; first: {failed[0]}"
            )
        return total

    def _reindex_here(self, job: ReindexJob):
        try:
            return index_rows(self.store, self.tokenizer, job[0])
        except Exception as exc:  # reported by the caller with the document named
            return exc
