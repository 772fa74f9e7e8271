"""Workspace method for tokenizing stored paragraphs again for ranked search.

Needed after the term dictionary grew or a pack was loaded (new terms are kept whole), and
for a store indexed before words inside terms were indexed (schema 7), or with those words
between the terms, which broke phrases (schema 7 itself). Paragraphs, offsets
and languages stay as stored, so KWIC, mentions and figures are untouched. Tokenizing is
the slow part: it runs in worker processes, which read the texts themselves; the main
process writes, one transaction per document. Mixed into `policyscope.workspace.Workspace`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar, cast

from sqlalchemy import text as sql

from policyscope.errors import BadArgument, PolicyScopeError
from policyscope.ingest.steps import Enrichment
from policyscope.store.sql import Store
from policyscope.store.tantivy_fts import ENGINES, SearchNotReady
from policyscope.text.tokenize import Tokenizer, ko
from policyscope.workspace.base import WorkspaceBase

KO_SETTING = "ko_tokenizer"  # the Korean backend that cut the store's index

_STORES: dict[str, Store] = {}
IndexRow = tuple[int, str, int]  # segment id, search tokens, content-token count
T = TypeVar("T")


@dataclass(frozen=True)
class ReindexJob:
    """One stored document to tokenize again, as sent to a worker process."""

    doc_id: int
    db: str
    steps: Enrichment  # the terms step: what the tokenizers keep whole


def index_rows(store: Store, tok: Tokenizer, doc_id: int) -> list[IndexRow]:
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
        rows.append((cast(int, p.id), index, n))  # stored segments have ids
    return rows


def reindex_job(job: ReindexJob) -> list[IndexRow]:
    """`index_rows` in a worker process, with the tokenizer ingest would use there."""
    from policyscope.ingest.prepare import tokenizer  # noqa: PLC0415 (lazy: start-up)

    store = _STORES.get(job.db)
    if store is None:
        store = _STORES[job.db] = Store(job.db)
    return index_rows(store, tokenizer(job.steps), job.doc_id)


def store_ko_tokenizer(store: Store) -> str:
    """The Korean backend of the store's index, recorded the first time it is asked for: a
    store with Korean paragraphs and no record was cut by Kiwi (the only one before); any
    other takes the configured one (POLICYSCOPE_KO_TOKENIZER, else MeCab-ko)."""
    name = store.get_setting(KO_SETTING)
    if name:
        return ko.check(name, f"the store's {KO_SETTING} setting")
    with store.connect() as conn:
        korean = conn.execute(sql("SELECT 1 FROM segments WHERE lang = 'ko' LIMIT 1")).first()
    name = "kiwi" if korean else ko.current()
    store.set_setting(KO_SETTING, name)
    return name


class ReindexMixin(WorkspaceBase):
    @property
    def ko_tokenizer(self) -> str:
        """The Korean backend this workspace's index and queries use ('mecab' or 'kiwi')."""
        return self.store.get_setting(KO_SETTING) or store_ko_tokenizer(self.store)

    @property
    def search_engine(self) -> str:
        """What ranks this workspace's search: 'tantivy' (a folder beside a SQLite store)
        or 'fts5' (SQLite's own index), 'postgresql' (a PostgreSQL store)."""
        return self.store.search_engine

    def _use_store_ko_tokenizer(self) -> None:
        ko.use(store_ko_tokenizer(self.store))

    def reindex(
        self,
        doc: str | int | None = None,
        workers: int | None = None,
        on_total: Callable[[int], None] | None = None,
        on_result: Callable[[int], None] | None = None,
        ko_tokenizer: str | None = None,
        search_engine: str | None = None,
    ) -> int:
        """Tokenize stored paragraphs again for ranked search, with today's tokenizer and
        terms; returns how many paragraphs. `ko_tokenizer` ('mecab' or 'kiwi') moves the
        whole store to that Korean backend (recorded once every document is done);
        `search_engine` ('tantivy' or 'fts5') moves its ranked search (see
        `store.tantivy_fts`)."""
        # ingest.run loads the readers: start-up time of every command
        from policyscope.ingest.run import auto_workers, pooled  # noqa: PLC0415 (lazy: start-up)

        if ko_tokenizer is not None:
            ko.use(ko.check(ko_tokenizer.strip().lower(), "--ko-tokenizer"))
            if doc is not None and ko_tokenizer != self.ko_tokenizer:
                raise BadArgument("--ko-tokenizer re-cuts every document: leave out --doc")
        if search_engine is not None:
            name = search_engine.strip().lower()
            if name not in ENGINES:
                raise BadArgument(f"--search-engine {search_engine!r}: use {' or '.join(ENGINES)}")
            if doc is not None:
                raise BadArgument("--search-engine indexes every document: leave out --doc")
            self.store.use_search_engine(name)
        if doc is not None:
            docs = [self.resolve_doc(doc)]
        else:
            docs = self.documents(include_superseded=True)
        if on_total:
            on_total(len(docs))
        jobs = [ReindexJob(d.id, self.db, self.index_enrichment) for d in docs]
        size = sum(2 * (d.chars or 0) for d in docs)  # about UTF-8 bytes for CJK
        n = workers if workers and workers > 0 else auto_workers(len(jobs), size)
        results: Iterable[tuple[ReindexJob, object]]
        if n <= 1:
            results = ((job, self._reindex_here(job)) for job in jobs)
        else:
            results = pooled(jobs, n, reindex_job, warm_up=False)
        total, failed = 0, []
        for job, rows in results:
            if isinstance(rows, BaseException):
                failed.append(f"document {job.doc_id}: {rows}")
                continue
            index = cast(list[IndexRow], rows)
            self.store.replace_index_tokens(job.doc_id, index)
            total += len(index)
            if on_result:
                on_result(job.doc_id)
        if ko_tokenizer is not None and not failed:
            self.store.set_setting(KO_SETTING, ko.current())
        self.sync_search()
        if failed:
            raise PolicyScopeError(
                f"{len(failed)} document(s) not indexed again, the others are; first: {failed[0]}"
            )
        return total

    def sync_search(self, on_doc: Callable[[int], None] | None = None) -> int:
        """Level the store's tantivy folder with it, when it ranks on tantivy: documents
        the folder lacks (a crash, another process's ingest) are tokenized again. Returns
        how many; FTS5 answers queries until it is level. A no-op for FTS5."""
        return self.store.sync_search(
            lambda doc_id: index_rows(self.store, self.tokenizer, doc_id), on_doc
        )

    def _ranked(self, call: Callable[[], T]) -> T:
        """`call()` (a ranked search), levelling the tantivy folder first when it does not
        hold the store's paragraphs (a store copied without it, a `reindex` that died) or
        lags behind it (a crash mid-ingest: the few documents since tantivy's last commit).
        While another process writes, it holds the folder: its answers then lack only what
        that process added since its last commit (never a paragraph since deleted)."""
        if self.store.search_lags():
            self.sync_search()
        try:
            return call()
        except SearchNotReady:
            if not self.sync_search():
                raise  # nothing this process could level: another one is building it
            return call()

    def _reindex_here(self, job: ReindexJob) -> list[IndexRow] | Exception:
        try:
            return index_rows(self.store, self.tokenizer, job.doc_id)
        except Exception as exc:  # reported by the caller with the document named
            return exc
