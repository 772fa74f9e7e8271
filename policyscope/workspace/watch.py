"""Workspace methods for watching sources: sources, runs, versions compared, digests.

The watch tables sit beside the store's own (see `policyscope.watch.tables`); fetched
files are kept in a folder next to a SQLite workspace (`<name>-watch/`), or where the
setting `watch_folder` (or POLICYSCOPE_WATCH_DIR) says, for a PostgreSQL one.
"""

from __future__ import annotations

import os
from pathlib import Path

from policyscope.analysis.diff import DiffResult, diff_texts
from policyscope.analysis.digest import Digest, build_digest, watched_sources
from policyscope.errors import BadArgument
from policyscope.watch.history import fetch_info, pick_pair, same_work, since_stamp, works
from policyscope.watch.report import RunReport
from policyscope.watch.sources import Source, add_source, get_source, list_sources, remove_source
from policyscope.workspace.base import WorkspaceBase


class WatchMixin(WorkspaceBase):
    # -- sources ----------------------------------------------------------------------
    def watch_add(self, url: str, kind: str = "page", **options) -> Source:
        """Watch `url` (feed | sitemap | listing | page); adding it again updates it."""
        unknown = set(options) - set(Source.__dataclass_fields__)
        if unknown:
            raise BadArgument(f"unknown source option(s): {', '.join(sorted(unknown))}")
        return add_source(self.store.engine, Source(url=url, kind=kind, **options))

    def watch_sources(self) -> list[Source]:
        return list_sources(self.store.engine)

    def watch_remove(self, ref: int | str) -> Source:
        return remove_source(self.store.engine, ref)

    @property
    def watch_folder(self) -> Path:
        folder = os.environ.get("POLICYSCOPE_WATCH_DIR") or self.store.get_setting("watch_folder")
        if folder:
            return Path(folder)
        if "://" in self.db:
            return Path("policyscope-watch")
        db = Path(self.db).resolve()
        return db.with_name(db.stem + "-watch")

    # -- runs -------------------------------------------------------------------------
    def watch_run(
        self, source: int | str | None = None, max_items: int | None = None,
        politeness=None, transport=None, on_source=None,
    ) -> RunReport:  # fmt: skip
        """Collect every source (or one): a RunReport with each item's outcome and error.
        `politeness` is a `policyscope.watch.fetch.Politeness` (timeouts, delay, limits)."""
        from policyscope.watch.session import run_watch  # noqa: PLC0415 (lazy: start-up time, httpx)

        sources = [get_source(self.store.engine, source)] if source else self.watch_sources()
        if not sources:
            raise BadArgument("no sources to watch; add one with 'policyscope watch add URL'")
        if max_items is not None and max_items < 1:
            raise BadArgument(f"--max-items {max_items}: give 1 or more")
        return run_watch(
            self, sources, self.watch_folder, politeness=politeness, max_items=max_items,
            transport=transport, on_source=on_source,
        )  # fmt: skip

    def watch_runs(self, limit: int = 10) -> list[RunReport]:
        """The last runs, newest first (RunReport each)."""
        from policyscope.watch.session import last_runs  # noqa: PLC0415 (lazy: start-up time, httpx)

        return last_runs(self.store.engine, limit)

    def fetch_info(self, doc) -> dict | None:
        """URL, fetch time and HTTP metadata of a collected document (None if not fetched)."""
        return fetch_info(self.store.engine, self.resolve_doc(doc))

    def locations(self, doc) -> list:
        """The documents stored as the same work (near-duplicates: a page and its PDF)."""
        return same_work(self, self.resolve_doc(doc).id)

    # -- versions and digests ---------------------------------------------------------
    def diff(self, doc, against=None) -> DiffResult:
        """DiffResult: `doc` against `against` (a version number of it, or another
        document), by default its previous version."""
        old, new = pick_pair(self, doc, against)
        result = diff_texts(
            self.store.text(old.id),
            self.store.text(new.id),
            [(s.start, s.end) for s in self.store.segments(old.id)],
            [(s.start, s.end) for s in self.store.segments(new.id)],
            find_terms=self._term_ids,
        )
        result.old_doc_id, result.new_doc_id = old.id, new.id
        result.old_version, result.new_version = old.version, new.version
        return result

    def _term_ids(self, text: str) -> list[str]:
        return [f"{m[2]} ({m[1]})" for m in self._link_text(text)]

    def digest(
        self, since: str = "7d", topic: str | None = None, today: str | None = None
    ) -> Digest:
        """Digest: what was collected since `since` (a date or 7d/24h), with citations."""
        engine = self.store.engine
        return build_digest(
            self.corpus,
            since_stamp(since, today),
            topic=topic,
            works=works(engine),
            sources=watched_sources(engine),
            diff=lambda new, old: self.diff(new, against=old).summary(),
        )
