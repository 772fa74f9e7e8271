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
from policyscope.workspace_base import WorkspaceBase

ReindexJob = tuple  # doc_id, db, index enrichment

KO_SETTING = "ko_tokenizer"  # the Korean backend that cut the store's index

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


def store_ko_tokenizer(store) -> str:
    """The Korean backend of the store's index, recorded the first time it is asked for: a
    store with Korean paragraphs and no record was cut by Kiwi (the only one before); any
    other takes the configured one (POLICYSCOPE_KO_TOKENIZER, else MeCab-ko)."""
    from sqlalchemy import text

    from policyscope.text.tokenize import ko

    name = store.get_setting(KO_SETTING)
    if name:
        return ko.check(name, f"the store's {KO_SETTING} setting")
    with store.connect() as conn:
        korean = conn.execute(text("SELECT 1 FROM segments WHERE lang = 'ko' LIMIT 1")).first()
    name = "kiwi" if korean else ko.current()
    store.set_setting(KO_SETTING, name)
    return name


class ReindexMixin(WorkspaceBase):
    @property
    def ko_tokenizer(self) -> str:
        """The Korean backend this workspace's index and queries use ('mecab' or 'kiwi')."""
        return self.store.get_setting(KO_SETTING) or store_ko_tokenizer(self.store)

    def _use_store_ko_tokenizer(self) -> None:
        from policyscope.text.tokenize import ko

        ko.use(store_ko_tokenizer(self.store))

    def reindex(
        self,
        doc: str | int | None = None,
        workers: int | None = None,
        on_total: Callable[[int], None] | None = None,
        on_result: Callable[[int], None] | None = None,
        ko_tokenizer: str | None = None,
    ) -> int:
        """Tokenize stored paragraphs again for ranked search, with today's tokenizer and
        terms; returns how many paragraphs. `ko_tokenizer` ('mecab' or 'kiwi') moves the
        whole store to that Korean backend (recorded once every document is done)."""
        from policyscope.errors import BadArgument
        from policyscope.ingest.run import auto_workers, pooled
        from policyscope.text.tokenize import ko

        if ko_tokenizer is not None:
            ko.use(ko.check(ko_tokenizer.strip().lower(), "--ko-tokenizer"))
            if doc is not None and ko_tokenizer != self.ko_tokenizer:
                raise BadArgument("--ko-tokenizer re-cuts every document: leave out --doc")
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
        if ko_tokenizer is not None and not failed:
            self.store.set_setting(KO_SETTING, ko.current())
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
