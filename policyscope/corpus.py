"""The corpus: what analysis reads from a workspace, as data.

The Workspace owns one `Corpus` per store (`Workspace.corpus`) and hands it to the analysis
modules, which never see the Workspace, the store's tables or the pack loader:

    corpus = ws.corpus
    corpus.documents(series="cn-gwr")          # [DocRef]
    corpus.folded_text(doc_id)                 # width-folded text (cached)
    corpus.tokens(doc_id)                      # DocTokens (cached, per tokenizer)
    corpus.mentions(["embodied_ai"], flt)      # [MentionSpan]
    corpus.knowledge.pack / .linker / .surfaces(item_id) / .main_series
    corpus.item_ids("concept:embodied_ai", narrower=True)

Documents never change under an id (a new version is a new id), so texts, tokens and sizes
are cached per corpus (`corpus.cache`), least recently used first out.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from policyscope.arguments import check_filter
from policyscope.errors import BadArgument, NotFound
from policyscope.knowledge.runtime import Knowledge, item_ref, knowledge_for
from policyscope.model import Claim, Document, MentionSpan, Segment, Token
from policyscope.store.filters import DocFilter
from policyscope.text.normalize import fold

if TYPE_CHECKING:  # the store and the tokenizer come from the Workspace
    from policyscope.store.sql import Store
    from policyscope.text.tokenize import Tokenizer

__all__ = ["AnalysisCache", "Corpus", "DocFilter", "DocRef", "DocTokens"]

# A stored document's metadata (id, title, date, series, series_key, language, ...): the
# store's own typed record, named for what analysis uses it for.
DocRef = Document


@dataclass
class DocTokens:
    """A document's tokens (all paragraphs, stored languages), with lookup helpers."""

    doc_id: int
    tokens: list[Token]
    content: list[bool]  # Tokenizer.is_content per token
    paragraphs: list[tuple[int, int, str]]  # (start, end, lang)
    starts: set[int] = field(default_factory=set)
    ends: set[int] = field(default_factory=set)

    @property
    def n_content(self) -> int:
        return sum(self.content)

    def content_forms(self) -> list[str]:
        return [t.text.lower() for t, c in zip(self.tokens, self.content, strict=True) if c]


K = TypeVar("K")
V = TypeVar("V")


class Lru(OrderedDict, Generic[K, V]):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def get(self, key, default=None):
        if key in self:
            self.move_to_end(key)
            return self[key]
        return default

    def put(self, key: K, value: V) -> V:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.limit:
            self.popitem(last=False)
        return value


class AnalysisCache:
    """Texts, tokens and sizes of documents, at most `max_texts` texts and `max_tokens`
    documents' tokens. Tokens depend on the tokenizer, so a new tokenizer (after a pack
    load) invalidates them."""

    def __init__(self, max_texts: int = 256, max_tokens: int = 64) -> None:
        self.texts: Lru[int, str] = Lru(max_texts)
        self.tokens: Lru[int, DocTokens] = Lru(max_tokens)
        self.sizes: dict[tuple[int, str], int] = {}
        self.tokenizer_id: int | None = None

    def tokens_for(self, tokenizer: object) -> Lru[int, DocTokens]:
        if self.tokenizer_id != id(tokenizer):
            self.tokens.clear()
            self.tokenizer_id = id(tokenizer)
        return self.tokens


def _tail_is(path: str, ref: str) -> bool:
    return path.endswith("/" + ref) or Path(path).name == ref


class Corpus:
    """The documents of one store, with the knowledge in use. `tokenizer` gives the
    Workspace's current tokenizer (it changes when a pack is loaded)."""

    def __init__(self, store: Store, tokenizer: Callable[[], Tokenizer]) -> None:
        self.store = store
        self._tokenizer = tokenizer
        self.cache = AnalysisCache()

    # -- knowledge ----------------------------------------------------------------
    @property
    def user_packs(self) -> list[str]:
        return list(self.store.get_setting("user_packs", []))

    @property
    def knowledge(self) -> Knowledge:
        return knowledge_for(*self.user_packs)

    @property
    def tokenizer(self) -> Tokenizer:
        return self._tokenizer()

    def item_ids(self, item_id: str, narrower: bool = False) -> list[str]:
        """The pack ids a 'concept:ID' / 'entity:ID' / plain id stands for (NotFound when
        the pack lacks it): the item, and with `narrower` every concept below it."""
        return self.knowledge.item_ids(item_ref(item_id) or item_id, narrower)

    # -- documents ----------------------------------------------------------------
    def documents(self, series: str | None = None, include_superseded: bool = False
                  ) -> list[DocRef]:  # fmt: skip
        return self.store.documents(include_superseded=include_superseded, series=series)

    def document(self, doc_id: int) -> DocRef:
        return self.store.document(doc_id)

    def documents_by_id(self, ids) -> dict[int, DocRef]:
        return self.store.documents_by_id(ids)

    def resolve(self, ref: str | int) -> DocRef:
        """A document by id, by path (or its tail, e.g. 'cn-gwr/2025.zh.txt') or by title."""
        if isinstance(ref, int) or str(ref).isdigit():
            return self.store.document(int(ref))
        ref = str(ref)
        docs = self.store.documents()
        exact = [d for d in docs if d.source_path and Path(d.source_path) == Path(ref)]
        tail = [d for d in docs if d.source_path and _tail_is(d.source_path, ref)]
        titled = [d for d in docs if d.title == ref]
        for found in (exact, tail, titled):
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                ids = ", ".join(f"{d.id} ({d.source_path})" for d in found[:6])
                raise BadArgument(f"document {ref!r} is ambiguous: {ids}; give the id")
        raise NotFound(f"no document {ref!r}; list them with 'policyscope docs'")

    def filter(self, series=None, lang=None, date_from=None, date_to=None, doc=None
               ) -> DocFilter:  # fmt: skip
        """A checked DocFilter; `doc` is one reference or a list of them (see `resolve`)."""
        check_filter(self.store, series, lang, date_from, date_to)
        docs = doc if isinstance(doc, list | tuple) else ([doc] if doc is not None else [])
        return DocFilter(series=series, lang=lang, date_from=date_from, date_to=date_to,
                         doc_ids=[self.resolve(d).id for d in docs])  # fmt: skip

    def doc_ids(self, flt: DocFilter) -> list[int]:
        return self.store.doc_ids(flt)

    def doc_ids_where(self, series=None, doc=None, lang=None) -> list[int]:
        """Document ids by series / doc refs, and by main language (not paragraphs)."""
        ids = self.store.doc_ids(self.filter(series=series, doc=doc))
        if lang:
            docs = self.store.documents_by_id(ids)
            ids = [i for i in ids if docs[i].language == lang]
        return ids

    # -- contents -----------------------------------------------------------------
    def text(self, doc_id: int) -> str:
        """The stored text, as stored."""
        return self.store.text(doc_id)

    def folded_text(self, doc_id: int) -> str:
        """The stored text, width-folded (what counting and KWIC match against); cached."""
        t = self.cache.texts.get(doc_id)
        if t is None:
            t = self.cache.texts.put(doc_id, fold(self.store.text(doc_id)))
        return t

    def prefetch(self, doc_ids: list[int]) -> None:
        """Read the folded texts of many documents in one query."""
        texts = self.cache.texts
        need = [d for d in doc_ids if d not in texts][: texts.limit]
        if need:
            for d, t in self.store.texts(need).items():
                texts.put(d, fold(t))

    def segments(self, doc_id: int, kind: str = "paragraph") -> list[Segment]:
        return self.store.segments(doc_id, kind)

    def spans(self, doc_id: int, kind: str = "sentence") -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in self.store.segments(doc_id, kind)]

    def tokens(self, doc_id: int) -> DocTokens:
        """The document's tokens, each paragraph cut in its stored language; cached."""
        tok = self.tokenizer
        cached = self.cache.tokens_for(tok)
        dt = cached.get(doc_id)
        if dt is None:
            dt = cached.put(doc_id, self._tokenize(tok, doc_id))
        return dt

    def _tokenize(self, tok: Tokenizer, doc_id: int) -> DocTokens:
        text = self.folded_text(doc_id)
        paras = [(p.start, p.end, p.lang) for p in self.store.segments(doc_id, "paragraph")]
        results = tok.tokenize_many([(text[s:e], lang, s) for s, e, lang in paras])
        tokens = [t for toks in results for t in toks]
        is_content = tok.is_content
        dt = DocTokens(doc_id, tokens, [is_content(t) for t in tokens], paras)
        dt.starts = {t.start for t in tokens}
        dt.ends = {t.end for t in tokens}
        return dt

    def size(self, doc_id: int, unit: str) -> int:
        """'chars': non-whitespace characters; 'tokens': content tokens (from ingest)."""
        key = (doc_id, unit)
        n = self.cache.sizes.get(key)
        if n is None:
            if unit == "chars":
                n = len("".join(self.folded_text(doc_id).split()))
            else:
                n = int(self.store.stats(doc_id).get("n_tokens") or 0)
                if not n:
                    n = self.tokens(doc_id).n_content
            self.cache.sizes[key] = n
        return n

    # -- what ingest found ----------------------------------------------------------
    def mentions(self, item_ids: list[str] | None, flt: DocFilter) -> list[MentionSpan]:
        """Linked mentions of these items (every item when None), in document order."""
        return [MentionSpan(*r) for r in self.store.mention_rows(item_ids, flt)]

    def mention_totals(self, flt: DocFilter) -> dict[str, tuple[int, int]]:
        return self.store.mention_totals(flt)

    def claims(self, flt: DocFilter, **where: Any) -> list[Claim]:
        """Figures with provenance (`where`: metric, subject, kind, period)."""
        rows = self.store.claim_rows(flt, **where)
        return [Claim(**{k: r[k] for k in Claim.columns() if k in r}) for r in rows]
