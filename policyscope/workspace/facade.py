"""Workspace: the public Python API. The CLI and the web app are thin faces over it.

    >>> from policyscope import Workspace
    >>> ws = Workspace("policy.db")
    >>> ws.ingest(["../shared/corpus"], manifest="../shared/corpus/MANIFEST.tsv")
    >>> [(k.series_key, k.left, k.match, k.right) for k in ws.kwic("具身智能", series="cn-gwr")]

Nothing here prints; every method returns dataclasses (see `policyscope.model`).
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from policyscope.analysis.conflicts import DocWhen, find_conflicts
from policyscope.analysis.kwic import kwic_page, mention_kwic_page
from policyscope.analysis.query import item_ref
from policyscope.analysis.search import search
from policyscope.analysis.targets import PER_PERIOD_METRICS, targets_ledger
from policyscope.arguments import check_filter, check_text
from policyscope.corpus import Corpus
from policyscope.errors import BadArgument
from policyscope.extract.certainty import is_certain, uncertain_reason
from policyscope.knowledge.runtime import invalidate
from policyscope.model import (
    Claim,
    DocCount,
    DocMeta,
    Document,
    Event,
    IngestOutcome,
    ItemCount,
    KwicLine,
    MentionSpan,
    SearchHit,
    Segment,
)
from policyscope.store.filters import DocFilter
from policyscope.store.sql import Store, display_name
from policyscope.text.normalize import fold
from policyscope.workspace.analysis import AnalysisMixin
from policyscope.workspace.enrich import (
    EnrichMixin,
    ExtractFacts,
    pack_enrichment,
)
from policyscope.workspace.reindex import ReindexMixin
from policyscope.workspace.report import ReportMixin
from policyscope.workspace.verify import VerifyMixin
from policyscope.workspace.watch import WatchMixin
from policyscope.workspace.web import WebMixin

if TYPE_CHECKING:
    from policyscope.analysis.candidates import Candidate
    from policyscope.analysis.conflicts import Conflict
    from policyscope.analysis.kwic import KwicPage
    from policyscope.analysis.targets import TargetRow
    from policyscope.ingest.steps import Enrichment
    from policyscope.knowledge.loader import Pack
    from policyscope.text.tokenize import Tokenizer

DEFAULT_DB = "policyscope.db"
__all__ = ["DEFAULT_DB", "Workspace", "default_db", "display_name"]


def default_db() -> str:
    return os.environ.get("POLICYSCOPE_DB") or DEFAULT_DB


class _ReadableSuffixes:
    """Every suffix `ingest` reads, looked up on first use: the readers (50 ms of imports)
    load only for a command that reads files, not for every query."""

    def __get__(self, obj: object, owner: type | None = None) -> frozenset[str]:
        from policyscope.ingest.readers import (  # noqa: PLC0415 (lazy: start-up time)
            SUPPORTED_SUFFIXES,
        )

        return SUPPORTED_SUFFIXES


class Workspace(
    AnalysisMixin, VerifyMixin, ReportMixin, EnrichMixin, ReindexMixin, WatchMixin, WebMixin
):
    readable_suffixes = _ReadableSuffixes()  # what `ingest` reads

    def __init__(
        self,
        db: str | os.PathLike | None = None,
        on_upgrade: Callable[[int, int], None] | None = None,
    ):
        """Open (or create) the workspace at `db`: a SQLite path or a postgresql:// URL.
        `on_upgrade(old, new)` hears of a schema upgrade before it runs."""
        self.db = str(db) if db else default_db()
        self.store = Store(self.db, on_upgrade=on_upgrade)
        self._tokenizer: Tokenizer | None = None
        self.corpus = Corpus(self.store, lambda: self.tokenizer)
        # index and queries must cut Korean alike: with the backend that built this store
        self._use_store_ko_tokenizer()

    # -- lifecycle --------------------------------------------------------
    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def tokenizer(self) -> Tokenizer:
        if self._tokenizer is None:
            # the tokenizer alone: not ingest's readers and date finders (0.12 s of imports)
            from policyscope.text.tokenize.shared import shared_tokenizer  # noqa: PLC0415 (lazy: start-up time)

            self._tokenizer = shared_tokenizer(self.enrichment.terms)
        return self._tokenizer

    # -- knowledge --------------------------------------------------------
    @property
    def user_packs(self) -> list[str]:
        return self.corpus.user_packs

    @property
    def enrichment(self) -> Enrichment:
        """What ingest adds from the knowledge packs: terms kept whole, mentions, facts."""
        return pack_enrichment(tuple(self.user_packs), self.store.fts.literal_columns)

    @property
    def index_enrichment(self) -> Enrichment:
        """Only the terms the tokenizers keep whole: what indexing needs from the packs."""
        return self.enrichment.only_terms()

    @property
    def pack(self) -> Pack:
        """The knowledge in use: the shipped China AI pack merged with loaded user packs."""
        return self.corpus.knowledge.pack

    @property
    def main_series(self) -> str | None:
        """The series the packs declare first: what `verify` checks against by default."""
        return self.corpus.knowledge.main_series

    def load_pack(self, path: str | os.PathLike, relink: bool = True) -> list[str]:
        """Add a user pack (validated first) on top of the shipped one; re-link documents."""
        folder = str(Path(path).resolve())
        from policyscope.knowledge import load_pack  # noqa: PLC0415 (lazy: start-up time, the pack schema)
        from policyscope.knowledge.runtime import pack_for  # noqa: PLC0415 (lazy: start-up time, the pack schema)

        load_pack(folder)  # raises PackError naming file and line
        packs = [p for p in self.user_packs if p != folder] + [folder]

        pack_for(*packs)  # the merge must validate too before it is recorded
        self.store.set_setting("user_packs", packs)
        self._tokenizer = None
        if relink:
            self.link()
        return packs

    def add_alias(
        self, item_id: str, alias: str, pack_dir: str | os.PathLike | None = None
    ) -> Path:
        """Write an alias into a user pack (never the shipped one), load it, re-link."""
        from policyscope.knowledge import add_alias  # noqa: PLC0415 (lazy: start-up time, the pack schema)

        folder = Path(pack_dir) if pack_dir else Path(self.db).resolve().parent / "policyscope-pack"
        written = add_alias(folder, item_id, alias, base=self.pack)
        invalidate(str(folder.resolve()))
        self.load_pack(folder)
        return written

    def _link_text(self, text: str) -> list[tuple[str, str, str, int, int]]:
        """The pack mentions in `text`: (kind, item_id, surface, start, end) each."""
        return self.corpus.knowledge.link(text)

    def link(
        self, doc: str | int | None = None, on_result: Callable[[int], None] | None = None
    ) -> int:
        """Find mentions again in stored documents (after a pack changed); returns how many."""
        knowledge = self.corpus.knowledge
        docs = [self.resolve_doc(doc)] if doc is not None else self.documents()
        total = 0
        for d in docs:
            total += self.store.replace_mentions(d.id, knowledge.link(self.store.text(d.id)))
            if on_result:
                on_result(d.id)
        return total

    def candidates(
        self,
        series: str | None = None,
        doc: str | int | list | None = None,
        min_count: int = 2,
        top: int | None = 100,
    ) -> list[Candidate]:
        """Terms in the stored documents that the pack does not know yet, ranked, each with
        a KWIC example: quoted or bracketed terms, frequent n-grams, proper nouns."""
        from policyscope.analysis.candidates import find_candidates  # noqa: PLC0415 (lazy: start-up time, numpy)

        corpus = self.corpus
        docs = [(i, corpus.text(i)) for i in corpus.doc_ids(self._filter(series=series, doc=doc))]
        return find_candidates(docs, self.pack, self.tokenizer, min_count=min_count, top=top)

    # -- facts ------------------------------------------------------------
    def extract(
        self, doc: str | int | None = None, on_result: Callable[[int], None] | None = None
    ) -> tuple[int, int]:
        """Extract claims and events again from stored documents; returns the counts."""
        docs = [self.resolve_doc(doc)] if doc is not None else self.documents()
        extract = ExtractFacts(tuple(self.user_packs))
        n_claims = n_events = 0
        for d in docs:
            text = self.store.text(d.id)
            claims, events = extract(text, doc_date=d.date, doc_title=d.title)
            a, b = self.store.replace_facts(d.id, claims, events)
            n_claims, n_events = n_claims + a, n_events + b
            if on_result:
                on_result(d.id)
        return n_claims, n_events

    def facts(
        self,
        doc: str | int | list | None = None,
        metric: str | None = None,
        subject: str | None = None,
        kind: str | None = None,
        period: str | None = None,
        series: str | None = None,
    ) -> list[Claim]:
        """Figures with provenance: what, whose, how much, when, the quote and its span."""
        return self.corpus.claims(
            self._filter(series=series, doc=doc),
            metric=metric,
            subject=subject,
            kind=kind,
            period=period,
        )

    def timeline(
        self,
        date_from: str | None = None,
        date_to: str | None = None,
        actor: str | None = None,
        doc: str | int | list | None = None,
        series: str | None = None,
    ) -> list[Event]:
        """Dated events in date order, each with its quote and span."""
        rows = self.store.event_rows(self._filter(series=series, doc=doc), actor=actor)
        out = [Event(**{k: r[k] for k in Event.columns()}) for r in rows]
        if date_from:
            out = [e for e in out if e.date[: len(date_from)] >= date_from]
        if date_to:
            out = [e for e in out if e.date[: len(date_to)] <= date_to]
        return sorted(out, key=lambda e: (e.date, e.doc_id or 0, e.start))

    def targets(
        self,
        metric: str | None = None,
        subject: str | None = None,
        today: str | None = None,
        all_languages: bool = False,
    ) -> list[TargetRow]:
        """Each target joined with the actuals for the same metric and subject, with a
        status (met, on_track, behind, missed, superseded, unknown) and its evidence.
        A series member stored in several languages counts once (see `translations`)
        unless `all_languages`."""
        docs = self.documents()
        return targets_ledger(
            self._ledger_facts(metric, subject, all_languages),
            today=today,
            doc_dates={d.id: d.date for d in docs if d.date},
            doc_series={d.id: d.series for d in docs},
        )

    def conflicts(
        self, metric: str | None = None, subject: str | None = None, all_languages: bool = False
    ) -> list[Conflict]:
        """Claims about the same thing whose figures disagree, classified. A series member
        stored in several languages counts once (see `translations`) unless
        `all_languages`: a translation restating its original is no second source."""
        docs = {d.id: DocWhen(d.date or "", d.series or "") for d in self.documents()}
        stocks = frozenset(
            m.id
            for m in self.pack.metrics.values()
            if m.measure == "level"
            and m.unit_kind in ("count", "currency")
            and m.id not in PER_PERIOD_METRICS
        )
        return find_conflicts(
            self._ledger_facts(metric, subject, all_languages), docs=docs, stocks=stocks
        )

    def translations(self) -> set[int]:
        """Ids of documents that repeat a series member in another language: for a series
        key stored in the series' main language (its most common one), the same key's
        documents in other languages (cn-gwr 2024.en next to 2024.zh)."""
        docs = [d for d in self.documents() if d.series and d.series_key and d.language]
        main = {}
        for series in {d.series for d in docs}:
            langs = Counter(d.language for d in docs if d.series == series)
            main[series] = langs.most_common(1)[0][0]
        by_key = defaultdict(list)
        for d in docs:
            by_key[d.series, d.series_key].append(d)
        out: set[int] = set()
        for (series, _key), members in by_key.items():
            if any(d.language == main[series] for d in members):
                out.update(d.id for d in members if d.language != main[series])
        return out

    def _ledger_facts(self, metric, subject, all_languages: bool, series=None) -> list[Claim]:
        """The figures a ledger, a conflict or a verdict may use: only those whose metric,
        kind, measure and period are all known (`extract.certainty`)."""
        facts = [f for f in self.facts(metric=metric, subject=subject, series=series)
                 if is_certain(f)]
        if all_languages:
            return facts
        skip = self.translations()
        return [f for f in facts if f.doc_id not in skip]

    def _require_item(self, item_id: str) -> None:
        self.corpus.knowledge.require_item(item_id)

    def _expand(self, item_id: str) -> list[str]:
        knowledge = self.corpus.knowledge
        knowledge.require_item(item_id)
        return knowledge.surfaces(item_id)

    def concepts(self, query: str | None = None, series: str | None = None) -> list[ItemCount]:
        """Pack concepts (matching `query` in any label or variant) with mention counts."""
        return self._items("concept", query, None, series)

    def entities(
        self, query: str | None = None, type: str | None = None, series: str | None = None
    ) -> list[ItemCount]:
        return self._items("entity", query, type, series)

    def _items(self, kind, query, type_, series) -> list[ItemCount]:
        knowledge = self.corpus.knowledge
        pack = knowledge.pack
        totals = self.store.mention_totals(DocFilter(series=series))
        items = pack.concepts if kind == "concept" else pack.entities
        q = fold(query).lower() if query else None
        out = []
        for item_id, item in items.items():
            item_type = cast(str, getattr(item, "kind", None) or getattr(item, "type", ""))
            if type_ and item_type != type_:
                continue
            if (
                q
                and q not in item_id.lower()
                and not any(q in f.lower() for f in knowledge.surfaces(item_id))
            ):
                continue
            n, docs = totals.get(item_id, (0, 0))
            out.append(
                ItemCount(
                    id=item_id,
                    kind=kind,
                    type=item_type,
                    label_en=pack.label(item_id, "en"),
                    label_zh=pack.label(item_id, "zh"),
                    label_ko=pack.label(item_id, "ko"),
                    mentions=n,
                    documents=docs,
                )
            )
        out.sort(key=lambda r: (-r.mentions, r.id))
        return out

    def mentions(
        self, item_id: str, series: str | None = None, doc=None, narrower: bool = False
    ) -> list[DocCount]:
        """Per document: how often a concept or entity is mentioned, and in which words."""
        ids = self._item_ids(item_id, narrower)
        per: dict[int, list[str]] = {}
        for m in self.corpus.mentions(ids, self._filter(series=series, doc=doc)):
            per.setdefault(m.doc_id, []).append(m.surface)
        docs = self.store.documents_by_id(per)
        out = []
        for doc_id, found in per.items():
            d = docs[doc_id]
            variety = sorted(set(found), key=lambda f: -found.count(f))
            out.append(
                DocCount(
                    item_id=item_id,
                    doc_id=doc_id,
                    title=d.title,
                    date=d.date,
                    series=d.series,
                    series_key=d.series_key,
                    count=len(found),
                    surfaces="; ".join(variety),
                )
            )
        out.sort(key=lambda r: (r.series or "", r.series_key or "", r.date or "", r.doc_id))
        return out

    def mention_spans(
        self, item_id: str, series: str | None = None, doc=None, narrower: bool = False
    ) -> list[MentionSpan]:
        ids = self._item_ids(item_id, narrower)
        return self.corpus.mentions(ids, self._filter(series=series, doc=doc))

    def doc_mentions(self, doc) -> list[MentionSpan]:
        """Every linked concept/entity mention in one document, in text order."""
        return self.corpus.mentions(None, self._filter(doc=doc))

    def _item_ids(self, item_id: str, narrower: bool) -> list[str]:
        return self.corpus.item_ids(item_id, narrower)

    # -- collect ----------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[str | Path],
        manifest: str | Path | None = None,
        meta: DocMeta | dict | None = None,
        workers: int | None = None,
        on_total: Callable[[int], None] | None = None,
        on_result: Callable[[IngestOutcome], None] | None = None,
        enrich: bool = True,
    ) -> list[IngestOutcome]:
        """Ingest files and folders (recursively). `meta` overrides manifest and inference
        for every file of this call (e.g. {'series': 'cn-gwr'}). One document = one
        transaction; failures are returned as outcomes with status 'failed'.

        `enrich=False` stores and indexes only (the policy terms still stay whole); the
        mentions and facts then come from `enrich()`, which can run later."""
        from policyscope.ingest.run import ingest_paths  # noqa: PLC0415 (lazy: start-up time, tokenizers)

        outcomes = ingest_paths(
            self.store,
            list(paths),
            manifest=manifest,
            flags=meta,
            workers=workers,
            on_total=on_total,
            on_result=on_result,
            enrichment=self.enrichment if enrich else self.index_enrichment,
        )
        self.sync_search()
        return outcomes

    # -- documents --------------------------------------------------------
    def documents(
        self, series: str | None = None, include_superseded: bool = False
    ) -> list[Document]:
        return self.store.documents(include_superseded=include_superseded, series=series)

    def resolve_doc(self, ref: str | int) -> Document:
        """A document by id, by path (or its tail, e.g. 'cn-gwr/2025.zh.txt') or by title."""
        return self.corpus.resolve(ref)

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

    @property
    def location(self) -> str:
        """Where the store is, as messages show it (a URL without its password)."""
        return self.store.location

    def unenriched_count(self) -> int:
        """How many documents were stored with `enrich=False` and wait for `enrich()`."""
        return len(self.store.unenriched_ids())

    def check_filter(
        self,
        series: str | None = None,
        lang: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> None:
        """Raise BadArgument, listing what the store holds, for a filter value it lacks."""
        check_filter(self.store, series, lang, date_from, date_to)

    def optimize(self) -> tuple[int, int]:
        """Merge the search indexes and reclaim free space (after a large ingest, deletes or
        a schema upgrade), and level a tantivy folder that lags (a copied store, a crash).
        Returns the store's size in bytes, before and after."""
        self.sync_search()
        return self.store.optimize()

    # -- charts and graphs ------------------------------------------------
    def write_trend_chart(self, result, path: str | Path) -> Path:
        """A `trend` result drawn to `path` (.png, .svg or .html)."""
        from policyscope.analysis.charts import (  # noqa: PLC0415 (lazy: matplotlib)
            write_trend_chart,
        )

        return write_trend_chart(result, path)

    def write_cooc_graph(self, rows, term: str, path: Path) -> None:
        """`cooc` rows around `term` as a network: .graphml (networkx), or drawn to .png,
        .svg or .html."""
        suffix = path.suffix.lower()
        if suffix == ".graphml":
            import networkx as nx  # noqa: PLC0415 (lazy: start-up time)

            if not path.parent.exists():
                raise BadArgument(f"graph file {str(path)!r}: folder {path.parent} does not exist")
            nx.write_graphml(self.cooc_graph(rows, term), path)
        elif suffix in (".png", ".svg", ".html"):
            from policyscope.analysis.charts import (  # noqa: PLC0415 (lazy: matplotlib)
                write_cooc_chart,
            )

            write_cooc_chart(rows, path, center=term)
        else:
            raise BadArgument(f"graph file {str(path)!r}: use .graphml, .png, .svg or .html")

    def check_report(self, path: Path, fmt: str) -> list:
        """The problems of a written briefing (md | html | docx | pdf): a number without a
        citation, or a quote not found at the span it cites. Empty: every citation holds."""
        from policyscope.report.check import (  # noqa: PLC0415 (lazy: start-up time)
            check_file,
        )

        return check_file(path, fmt, self.text)

    def uncertain_reason(self, claim: Claim) -> str:
        """What a figure lacks to enter a ledger, a conflict or a key point ('' when nothing)."""
        return uncertain_reason(claim)

    # -- find -------------------------------------------------------------
    def _filter(self, series=None, lang=None, date_from=None, date_to=None, doc=None) -> DocFilter:
        return self.corpus.filter(series, lang, date_from, date_to, doc)

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
        if limit < 1:
            raise BadArgument(f"limit must be at least 1 (got {limit})")
        check_text(query, "query")
        flt = self._filter(series, lang, date_from, date_to, doc)
        return self._ranked(
            lambda: search(
                self.store, self.tokenizer, query, flt, limit, offset, expand=self._expand
            )
        )

    def kwic(self, term: str, *args, **kwargs) -> list[KwicLine]:
        """Every literal occurrence of `term` (width-folded), with its context and offsets,
        in (series, key, date, document, offset) order: the lines of `kwic_page`, which
        takes the same arguments (`limit`/`offset` give one page and it tells the total).
        `concept:ID` / `entity:ID` gives the item's linked mentions in every language."""
        return self.kwic_page(term, *args, **kwargs).lines

    def kwic_page(
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
        offset: int = 0,
    ) -> KwicPage:
        """One page of `kwic` lines (`limit` lines from `offset`) and the total line count:
        only the page's lines are built, so paging through `AI` costs a count, not every line."""
        if window < 0:
            raise BadArgument(f"window must be 0 or more (got {window})")
        if offset < 0 or (limit is not None and limit < 0):
            raise BadArgument(f"limit and offset must be 0 or more (got {limit}, {offset})")
        check_text(term, "term")
        flt = self._filter(series, lang, date_from, date_to, doc)
        if item_ref(term):
            ids = self._item_ids(term, False)
            return mention_kwic_page(self.store, ids, term, flt, window, limit, offset)
        return kwic_page(self.store, term, flt, window, limit, ignore_case, offset)
