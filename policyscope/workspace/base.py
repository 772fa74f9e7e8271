"""What the Workspace's mixins may use of it: its attributes and the methods one part calls
on another, declared once so that a type checker sees them (at run time the mixins get them
from `Workspace`; the declarations under TYPE_CHECKING shadow nothing)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from policyscope.corpus import Corpus
    from policyscope.ingest.prepare import Enrichment
    from policyscope.knowledge.loader import Pack
    from policyscope.model import Claim, Document, ItemCount, KwicLine, SearchHit
    from policyscope.store.filters import DocFilter
    from policyscope.store.sql import Store
    from policyscope.text.tokenize import Tokenizer


class WorkspaceBase:
    db: str
    store: Store
    corpus: Corpus

    if TYPE_CHECKING:

        @property
        def pack(self) -> Pack: ...

        @property
        def user_packs(self) -> list[str]: ...

        @property
        def tokenizer(self) -> Tokenizer: ...

        @property
        def enrichment(self) -> Enrichment: ...

        @property
        def index_enrichment(self) -> Enrichment: ...

        def documents(
            self, series: str | None = None, include_superseded: bool = False
        ) -> list[Document]: ...

        def resolve_doc(self, ref: str | int) -> Document: ...

        def concepts(
            self, query: str | None = None, series: str | None = None
        ) -> list[ItemCount]: ...

        def kwic(self, term: str, *args: Any, **kwargs: Any) -> list[KwicLine]: ...

        def count_term(self, *args: Any, **kwargs: Any) -> Any: ...

        def search(self, query: str, *args: Any, **kwargs: Any) -> list[SearchHit]: ...

        def report_content(self, *args: Any, **kwargs: Any) -> Any: ...

        def count_kwic(self, *args: Any, **kwargs: Any) -> Any: ...

        def _filter(
            self,
            series: str | None = None,
            lang: str | None = None,
            date_from: str | None = None,
            date_to: str | None = None,
            doc: Any = None,
        ) -> DocFilter: ...

        def _expand(self, item_id: str) -> list[str]: ...

        @property
        def search_engine(self) -> str: ...

        def sync_search(self, on_doc: Any = None) -> int: ...

        def _ranked(self, call: Callable[[], Any]) -> Any: ...

        def _link_text(self, text: str) -> list[tuple[str, str, str, int, int]]: ...

        def _ledger_facts(
            self, metric: Any, subject: Any, all_languages: bool, series: Any = None
        ) -> list[Claim]: ...
