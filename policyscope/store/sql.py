"""The store: one SQLAlchemy engine, portable Core statements, an FTS backend.

One document is written in one transaction, so a crash (even kill -9) leaves
either the whole document or nothing; WAL keeps readers going meanwhile.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Integer,
    any_,
    bindparam,
    create_engine,
    event,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from policyscope.errors import NotFound, StoreError
from policyscope.extras import require
from policyscope.model import Document, PreparedDocument, Segment
from policyscope.store import chunks
from policyscope.store import schema as S
from policyscope.store.fts import FtsIndex, FtsRow
from policyscope.store.packed import pack, unpack
from policyscope.store.sqlite_driver import LEAN, dbapi
from policyscope.store.sqlite_fts import SqliteFts
from policyscope.store.tantivy_fts import ENGINES, SETTING, TantivyFts, folder_for


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    # the wait first: a second process switching a new file to WAL must wait, not fail
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


def display_name(db: str | os.PathLike) -> str:
    """`db` fit to print: a database URL loses its password."""
    s = str(db)
    if "://" not in s:
        return s
    try:
        return make_url(s).render_as_string(hide_password=True)
    except ArgumentError:
        return s.split("@", 1)[-1]  # unparseable: at least drop any credentials


def engine_for(db: str | os.PathLike) -> Engine:
    """An engine for a SQLite file path or a database URL (sqlite:///, postgresql://)."""
    url = str(db)
    if "://" not in url:
        path = Path(url).expanduser()
        if path.is_dir():
            raise StoreError(f"{path}: is a folder; give a store file, e.g. {path}/policyscope.db")
        if path.parent and not path.parent.exists():
            raise StoreError(f"{path}: folder {path.parent} does not exist; create it first")
        url = f"sqlite:///{path}"
    if url.startswith("postgresql"):
        require("postgres")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    # the SQLite that can keep the text once (see sqlite_driver)
    kwargs = {"module": dbapi} if url.startswith("sqlite") else {}
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def default_search_engine() -> str:
    name = os.environ.get("POLICYSCOPE_SEARCH_ENGINE", "tantivy").strip().lower()
    if name not in ENGINES:
        raise StoreError(f"POLICYSCOPE_SEARCH_ENGINE={name!r}: use one of {', '.join(ENGINES)}")
    return name


def _fts_for(engine: Engine) -> FtsIndex:
    if engine.dialect.name == "sqlite":
        return SqliteFts()
    if engine.dialect.name == "postgresql":
        from policyscope.store.postgres_fts import (  # noqa: PLC0415 (lazy: PostgreSQL only)
            PostgresFts,
        )

        return PostgresFts()
    raise StoreError(f"unsupported database {engine.dialect.name}: use SQLite or PostgreSQL")


# The key of PostgreSQL's advisory lock that serialises document writes ("PScp" in ASCII).
_WRITER_LOCK = 0x50536370


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    def __init__(self, db: str | os.PathLike, on_upgrade: Callable[[int, int], None] | None = None):
        """`on_upgrade(old, new)` is called before a store from an older schema is migrated
        (which can take a minute on a large store), so that a face can say so."""
        self.location = display_name(db)
        self.engine = engine_for(db)
        self.fts = _fts_for(self.engine)
        self._migrate(on_upgrade)
        if isinstance(self.fts, SqliteFts) and not LEAN:
            with self.engine.connect() as conn:
                self.fts.check(conn, self.location)
        self._choose_search()

    # -- the ranked-search engine -----------------------------------------
    def _choose_search(self) -> None:
        """A SQLite store ranks on FTS5 or on a tantivy folder beside it (`tantivy_fts`),
        as its `search_engine` setting says; a new store takes POLICYSCOPE_SEARCH_ENGINE."""
        if self.engine.dialect.name != "sqlite" or not self.engine.url.database:
            return
        if self.engine.url.database == ":memory:":
            return
        name = self.get_setting(SETTING)
        if name is None:
            with self.engine.connect() as conn:
                stored = conn.exec_driver_sql("SELECT 1 FROM documents LIMIT 1").first()
            # a store that holds documents ranked on FTS5 before the choice existed (and a
            # read command on it writes nothing); a new one records its engine
            name = "fts5" if stored else default_search_engine()
            if not stored:
                self.set_setting(SETTING, name)
        if name == "tantivy":
            self.fts = TantivyFts(folder_for(self.engine.url.database))
            if not self.fts.belongs(self.engine):
                self.fts.begin(self.engine)

    @property
    def search_engine(self) -> str:
        """'tantivy' or 'fts5' (a SQLite store), 'postgresql': what ranks its search."""
        if self.engine.dialect.name != "sqlite":
            return self.engine.dialect.name
        return "tantivy" if isinstance(self.fts, TantivyFts) else "fts5"

    def use_search_engine(self, name: str) -> None:
        """Record `name` as the store's ranked-search engine, with its index empty:
        `reindex` fills it (for tantivy `sync_search` does too)."""
        if self.engine.dialect.name != "sqlite":
            raise StoreError(
                f"{self.location}: a PostgreSQL store ranks in PostgreSQL; --search-engine "
                "is for SQLite stores"
            )
        if name == self.search_engine:
            return
        if isinstance(self.fts, TantivyFts):
            self.fts.remove()
            self.fts = SqliteFts()
        with self.engine.begin() as conn:
            # the engine left keeps nothing: FTS5's table is emptied either way (tantivy
            # keeps the tokens alone; FTS5 gets them back from `reindex`)
            if isinstance(self.fts, SqliteFts):
                self.fts.clear_ranked(conn)
            conn.execute(S.settings.delete().where(S.settings.c.key == SETTING))
            conn.execute(S.settings.insert().values(key=SETTING, value=json.dumps(name)))
        self._choose_search()

    def search_lags(self) -> bool:
        """Whether a tantivy folder is behind the store (False for other engines)."""
        return isinstance(self.fts, TantivyFts) and self.fts.lags(self.engine)

    def sync_search(self, tokens_of, on_doc=None) -> int:
        """Level the tantivy folder with the store (no-op for FTS5): documents it lacks are
        tokenized again by `tokens_of(doc_id)`. Returns how many documents it redid."""
        if isinstance(self.fts, TantivyFts):
            return self.fts.sync(self.engine, tokens_of, on_doc)
        return 0

    def flush_search(self) -> None:
        """Publish what the tantivy folder was given (ingest's end and `close` do it)."""
        if isinstance(self.fts, TantivyFts):
            self.fts.flush(self.engine)

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A write transaction whose index changes reach the tantivy folder only once
        SQLite has committed them."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except BaseException:
            if isinstance(self.fts, TantivyFts):
                self.fts.discard()
            raise
        if isinstance(self.fts, TantivyFts):
            self.fts.committed(self.engine)

    # -- schema -----------------------------------------------------------
    def _migrate(self, on_upgrade: Callable[[int, int], None] | None = None) -> None:
        if self._stored_version() == S.SCHEMA_VERSION:
            return  # the usual case: no write lock, so readers never wait for an ingest
        with self.engine.begin() as conn:
            self._lock_writers(conn)  # two processes opening a new store create it once
            S.metadata.create_all(conn, tables=[S.schema_info])
            row = conn.execute(
                select(S.schema_info.c.value).where(S.schema_info.c.key == "schema_version")
            ).first()
            version = int(row[0]) if row else 0
            if version > S.SCHEMA_VERSION:
                raise StoreError(
                    f"{self.location}: written by a newer PolicyScope (schema {version} > "
                    f"{S.SCHEMA_VERSION}); upgrade PolicyScope to open it"
                )
            if version == 0:
                S.metadata.create_all(conn)
                self.fts.create(conn)
                conn.execute(
                    S.schema_info.insert().values(key="schema_version", value=str(S.SCHEMA_VERSION))
                )
                version = S.SCHEMA_VERSION
            if version < S.SCHEMA_VERSION and on_upgrade:
                on_upgrade(version, S.SCHEMA_VERSION)
            for target in range(version + 1, S.SCHEMA_VERSION + 1):
                MIGRATIONS[target](conn, self)
                conn.execute(
                    update(S.schema_info)
                    .where(S.schema_info.c.key == "schema_version")
                    .values(value=str(target))
                )

    def _stored_version(self) -> int:
        try:
            with self.engine.connect() as conn:
                row = conn.execute(
                    select(S.schema_info.c.value).where(S.schema_info.c.key == "schema_version")
                ).first()
        except DBAPIError as exc:
            if "schema_info" in str(exc):
                return 0  # a new store
            raise StoreError(f"{self.location}: cannot open the store ({exc.orig})") from None
        return int(row[0]) if row else 0

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(
                conn.execute(
                    select(S.schema_info.c.value).where(S.schema_info.c.key == "schema_version")
                ).scalar_one()
            )

    def close(self) -> None:
        if isinstance(self.fts, TantivyFts):
            self.fts.close(self.engine)
        self.engine.dispose()

    def size(self) -> int:
        """Bytes the store takes: the SQLite file with its WAL, or the PostgreSQL database."""
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as conn:
                return int(
                    conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar()
                    or 0
                )
        path = Path(self.engine.url.database or "")
        own = sum(f.stat().st_size for f in (path, Path(f"{path}-wal")) if f.exists())
        return own + (self.fts.size() if isinstance(self.fts, TantivyFts) else 0)

    def optimize(self) -> tuple[int, int]:
        """Merge the full-text indexes, give freed pages back to the file system and (on
        PostgreSQL) refresh the planner's statistics. Returns the store's size in bytes
        (before, after). Takes a while on a large store: VACUUM rewrites the whole file."""
        before = self.size()
        with self.engine.begin() as conn:
            self.fts.optimize(conn)
        auto = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        with auto as conn:  # VACUUM cannot run inside a transaction
            if self.engine.dialect.name == "postgresql":
                # FULL rewrites the tables (a plain VACUUM keeps the file's size); it locks
                # each table while it does, as SQLite's VACUUM locks the file
                conn.exec_driver_sql("VACUUM (FULL, ANALYZE)")
            else:
                conn.exec_driver_sql("VACUUM")
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return before, self.size()

    def refresh_statistics(self) -> None:
        """Call after a bulk write. PostgreSQL's planner uses the substring indexes only once
        its statistics know the tables' sizes; autovacuum would gather them up to a minute
        later, and until then a KWIC reads every paragraph. SQLite needs nothing here."""
        if self.engine.dialect.name == "postgresql":
            with self.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE documents, segments, seg_fts, seg_tsv")

    # -- writing ----------------------------------------------------------
    def _lock_writers(self, conn: Connection) -> None:
        """Take the write lock now, at the start of the transaction, so that what it reads
        (is this content stored? does the schema exist?) still holds when it writes: two
        ingests of one folder at once then store each document once. SQLite's default
        transaction takes the lock only at the first write, after the check."""
        if self.engine.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif self.engine.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_WRITER_LOCK})")

    def find_by_sha(self, sha256: str, current: bool = False) -> Document | None:
        """A document with these bytes; `current`: only one no newer version replaced (a file
        reverted to an earlier content is then a new version, not 'unchanged')."""
        q = select(S.documents).where(S.documents.c.sha256 == sha256)
        if current:
            q = q.where(S.documents.c.superseded_by.is_(None))
        with self.engine.connect() as conn:
            row = conn.execute(q.limit(1)).mappings().first()
        return _doc(row) if row else None

    def latest_for_path(self, conn: Connection, abs_path: str) -> Any:
        return _sql(
            conn,
            "SELECT id, version FROM documents WHERE abs_path = ? AND superseded_by IS NULL "
            "ORDER BY version DESC LIMIT 1",
            (abs_path,),
        ).first()

    def add_document(self, prep: PreparedDocument) -> tuple[str, int, int]:
        """Write one document; returns (status, doc_id, version).

        status: 'added', 'new_version' (same path, new content; old kept) or 'unchanged'.
        """
        return self.add_documents([prep])[0]

    def add_documents(self, preps: Sequence[PreparedDocument]) -> list[tuple[str, int, int]]:
        """Write several documents in ONE transaction, all or none: `add_document`'s result
        for each. A commit costs what SQLite's full-text indexes flush at it, which is
        about the same for one short document as for a dozen (Korean: a fifth of the
        writing), so ingest writes its documents in groups."""
        with self._writing() as conn:
            self._lock_writers(conn)
            rows: list[FtsRow] = []
            out = [self._add(conn, prep, rows) for prep in preps]
            # the index rows of all of them last: a statement that opens a statement
            # journal (an INSERT ... RETURNING) makes FTS5 flush what it holds so far, and
            # one flush of the whole group is what grouping is for
            if rows:
                self.fts.add(conn, rows)
            return out

    def _add(
        self, conn: Connection, prep: PreparedDocument, rows: list[FtsRow]
    ) -> tuple[str, int, int]:
        """Store one document but its full-text index rows, which go to `rows`."""
        dup = _sql(
            conn,
            "SELECT id, version FROM documents WHERE sha256 = ? AND superseded_by IS NULL LIMIT 1",
            (prep.sha256,),
        ).first()
        if dup:
            return "unchanged", dup[0], dup[1]
        prev = self.latest_for_path(conn, prep.abs_path)
        version = prev[1] + 1 if prev else 1
        doc_id = self._insert_document(conn, prep, version)
        if prev:
            _sql(conn, "UPDATE documents SET superseded_by = ? WHERE id = ?", (doc_id, prev[0]))
        rows.extend(self._insert_segments(conn, doc_id, prep))
        _insert_mentions(conn, doc_id, prep.mentions)
        _insert_facts(conn, doc_id, prep.claims, prep.events)
        return ("new_version" if prev else "added"), doc_id, version

    # A document's rows go in through the driver, not SQLAlchemy's expressions: building and
    # compiling a statement per row cost as much as SQLite's own work on short documents
    # (Korean bench: 33 documents a MB, ten statements each).
    def _insert_document(self, conn: Connection, prep: PreparedDocument, version: int) -> int:
        m = prep.meta
        meta = json.dumps(prep.extra_meta, ensure_ascii=False, default=str)
        doc_id = _sql(
            conn,
            f"INSERT INTO documents ({_DOC_INSERT}) VALUES ({', '.join('?' * 17)}) RETURNING id",
            (
                *(m.title, m.date, m.issuer, m.country, m.language, m.doc_type),
                *(m.series, m.series_key, prep.source_path, prep.abs_path, m.url),
                *(prep.sha256, version, prep.format, len(prep.text), _now(), meta),
            ),
        ).scalar_one()
        if prep.text:
            rows = [(r["id"], r["body"]) for r in chunks.split(doc_id, prep.text)]
            _bulk_insert(conn, S.text_chunks, ("id", "body"), rows)
        pages = json.dumps(prep.page_starts) if prep.page_starts else None
        # the text itself is kept in `text_chunks`
        _sql(
            conn,
            "INSERT INTO texts (doc_id, text, offset_map, page_starts) VALUES (?, '', ?, ?)",
            (doc_id, json.dumps(prep.offset_map), pages),
        )
        _sql(
            conn,
            "INSERT INTO doc_stats (doc_id, n_tokens, n_paragraphs, n_sentences, seconds, "
            "enriched) VALUES (?, ?, ?, ?, ?, ?)",
            (
                *(doc_id, prep.n_tokens, len(prep.paragraphs), len(prep.sentences)),
                *(prep.seconds, int(prep.enriched)),
            ),
        )
        return doc_id

    def _insert_segments(
        self, conn: Connection, doc_id: int, prep: PreparedDocument
    ) -> list[FtsRow]:
        """Insert the paragraphs and sentences; returns the paragraphs' full-text rows."""
        cols = ("doc_id", "kind", "idx", "start", "end", "lang", "page", "n_tokens")
        para_rows = [
            (doc_id, "paragraph", i, p.start, p.end, p.lang, p.page, p.n_tokens)
            for i, p in enumerate(prep.paragraphs)
        ]
        rows: list[FtsRow] = []
        if para_rows:
            # a plain executemany, then the ids in one query: much faster than RETURNING
            _bulk_insert(conn, S.segments, cols, para_rows)
            ids = _sql(
                conn,
                "SELECT id FROM segments WHERE doc_id = ? AND kind = 'paragraph' ORDER BY idx",
                (doc_id,),
            ).scalars().all()
            text = prep.text
            rows = [
                FtsRow(
                    sid, p.index_tokens, text[p.start : p.end], doc_id, p.start, p.lang, p.literal
                )
                for sid, p in zip(ids, prep.paragraphs, strict=True)
            ]
        if prep.sentences:
            spans = pack(list(prep.sentences))
            _sql(conn, "INSERT INTO sentences (doc_id, spans) VALUES (?, ?)", (doc_id, spans))
        return rows

    def replace_index_tokens(self, doc_id: int, rows: list[tuple[int, str, int]]) -> None:
        """A document's paragraphs re-tokenized: (segment_id, search tokens, content-token
        count) each. One transaction: the index never mixes old and new tokens of one
        document, and the token counts that per-10k rates divide by move with it."""
        with self._writing() as conn:
            self.fts.set_tokens(conn, [(sid, tokens) for sid, tokens, _n in rows])
            if rows:
                conn.execute(
                    update(S.segments)
                    .where(S.segments.c.id == bindparam("sid"))
                    .values(n_tokens=bindparam("n")),
                    [{"sid": sid, "n": n} for sid, _tokens, n in rows],
                )
            conn.execute(
                update(S.doc_stats)
                .where(S.doc_stats.c.doc_id == doc_id)
                .values(n_tokens=sum(n for _s, _t, n in rows))
            )

    def delete_document(self, doc_id: int) -> None:
        with self._writing() as conn:
            if not _has_text(conn, doc_id):
                raise NotFound(f"document {doc_id} not found; list them with 'policyscope docs'")
            paras = conn.execute(
                select(
                    S.segments.c.id, S.segments.c.start, S.segments.c.end, S.segments.c.lang
                ).where(S.segments.c.doc_id == doc_id, S.segments.c.kind == "paragraph")
            ).all()
            # both indexes delete by id: no text needed
            self.fts.delete(conn, [FtsRow(i, "", "", doc_id, s, lg) for i, s, _e, lg in paras])
            chunks.delete(conn, doc_id)
            for table in (
                S.segments,
                S.sentences,
                S.texts,
                S.doc_stats,
                S.mentions,
                S.claims,
                S.events,
            ):
                conn.execute(table.delete().where(table.c.doc_id == doc_id))
            conn.execute(
                update(S.documents)
                .where(S.documents.c.superseded_by == doc_id)
                .values(superseded_by=None)
            )
            conn.execute(S.documents.delete().where(S.documents.c.id == doc_id))

    # -- reading ----------------------------------------------------------
    def documents(
        self, include_superseded: bool = False, series: str | None = None
    ) -> list[Document]:
        q = select(S.documents).order_by(
            S.documents.c.series, S.documents.c.series_key, S.documents.c.id
        )
        if not include_superseded:
            q = q.where(S.documents.c.superseded_by.is_(None))
        if series:
            q = q.where(S.documents.c.series == series)
        with self.engine.connect() as conn:
            return [_doc(r) for r in conn.execute(q).mappings()]

    def document(self, doc_id: int) -> Document:
        with self.engine.connect() as conn:
            row = (
                conn.execute(select(S.documents).where(S.documents.c.id == doc_id))
                .mappings()
                .first()
            )
        if not row:
            raise NotFound(f"document {doc_id} not found; list them with 'policyscope docs'")
        return _doc(row)

    def documents_by_id(self, ids) -> dict[int, Document]:
        """Documents by id, in a few queries however many ids (KWIC over a big store)."""
        ids = sorted(set(ids))
        cols = [S.documents.c[k] for k in _DOC_COLUMNS]
        # PostgreSQL takes the ids as one array (1,680 ids: 17 -> 6 ms); SQLite, which has
        # no arrays, in chunks that stay under its limit on bound parameters
        pg = self.engine.dialect.name == "postgresql"
        step = (len(ids) or 1) if pg else 500
        out: dict[int, Document] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), step):
                chunk = ids[i : i + step]
                where = (
                    S.documents.c.id == any_(bindparam("ids", chunk, type_=_int_array()))
                    if pg
                    else S.documents.c.id.in_(chunk)
                )
                # positional rows: mappings and keyword arguments were most of the cost
                out.update((r[0], Document(*r)) for r in conn.execute(select(*cols).where(where)))
        return out

    def text(self, doc_id: int) -> str:
        with self.engine.connect() as conn:
            if not _has_text(conn, doc_id):
                raise NotFound(f"document {doc_id} not found; list them with 'policyscope docs'")
            return chunks.read_text(conn, doc_id)

    def texts(self, doc_ids: list[int]) -> dict[int, str]:
        if not doc_ids:
            return {}
        with self.engine.connect() as conn:
            found = chunks.read_texts(conn, doc_ids)
            have = conn.execute(
                select(S.texts.c.doc_id).where(S.texts.c.doc_id.in_(doc_ids))
            ).scalars()
            return {d: found.get(d, "") for d in have}  # an empty document has no pieces

    def page_starts(self, doc_ids) -> dict[int, list[int]]:
        """doc_id -> start offset of each page, for the given documents that have pages."""
        ids = sorted(set(doc_ids))
        out: dict[int, list[int]] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                rows = conn.execute(
                    select(S.texts.c.doc_id, S.texts.c.page_starts).where(
                        S.texts.c.doc_id.in_(ids[i : i + 500]), S.texts.c.page_starts.is_not(None)
                    )
                )
                out.update((d, json.loads(ps)) for d, ps in rows)
        return out

    def text_extras(self, doc_id: int) -> tuple[list[list[int]] | None, list[int] | None]:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(S.texts.c.offset_map, S.texts.c.page_starts).where(
                    S.texts.c.doc_id == doc_id
                )
            ).first()
        if not row:
            raise NotFound(f"document {doc_id} not found")
        return (json.loads(row[0]) if row[0] else None, json.loads(row[1]) if row[1] else None)

    def segments(self, doc_id: int, kind: str = "paragraph") -> list[Segment]:
        if kind == "sentence":
            return self._sentences(doc_id)
        with self.engine.connect() as conn:
            rows = (
                conn.execute(
                    select(S.segments)
                    .where(S.segments.c.doc_id == doc_id, S.segments.c.kind == kind)
                    .order_by(S.segments.c.idx)
                )
                .mappings()
                .all()
            )
        return [
            Segment(
                kind=r["kind"],
                idx=r["idx"],
                start=r["start"],
                end=r["end"],
                lang=r["lang"],
                page=r["page"],
                id=r["id"],
                doc_id=r["doc_id"],
            )
            for r in rows
        ]

    def _sentences(self, doc_id: int) -> list[Segment]:
        with self.engine.connect() as conn:
            blob = conn.execute(
                select(S.sentences.c.spans).where(S.sentences.c.doc_id == doc_id)
            ).scalar()
        spans = unpack(blob) if blob else []
        return [
            Segment(kind="sentence", idx=i, start=a, end=b, lang=lang, page=page, doc_id=doc_id)
            for i, (a, b, lang, page) in enumerate(spans)
        ]

    def stats(self, doc_id: int) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = (
                conn.execute(select(S.doc_stats).where(S.doc_stats.c.doc_id == doc_id))
                .mappings()
                .first()
            )
        return dict(row) if row else {}

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                "documents": conn.execute(
                    select(func.count())
                    .select_from(S.documents)
                    .where(S.documents.c.superseded_by.is_(None))
                ).scalar_one(),
                "versions": conn.execute(
                    select(func.count()).select_from(S.documents)
                ).scalar_one(),
                # paragraphs are rows; sentences are packed, a document per row
                "segments": conn.execute(select(func.count()).select_from(S.segments)).scalar_one()
                + int(conn.execute(select(func.sum(S.doc_stats.c.n_sentences))).scalar() or 0),
            }

    # -- mentions and settings --------------------------------------------
    def replace_mentions(self, doc_id: int, found: list[tuple[str, str, str, int, int]]) -> int:
        """Swap a document's mentions for `found` in one transaction (re-linking)."""
        with self.engine.begin() as conn:
            conn.execute(S.mentions.delete().where(S.mentions.c.doc_id == doc_id))
            _insert_mentions(conn, doc_id, found)
        return len(found)

    def replace_enrichment(self, doc_id: int, found, claims, events) -> None:
        """Swap a document's mentions, claims and events and mark it enriched, in one
        transaction (`enrich` after `ingest --no-enrich`)."""
        with self.engine.begin() as conn:
            for table in (S.mentions, S.claims, S.events):
                conn.execute(table.delete().where(table.c.doc_id == doc_id))
            _insert_mentions(conn, doc_id, found)
            _insert_facts(conn, doc_id, claims, events)
            conn.execute(
                update(S.doc_stats).where(S.doc_stats.c.doc_id == doc_id).values(enriched=1)
            )

    def unenriched_ids(self) -> list[int]:
        """Documents stored without their mentions and facts (`ingest --no-enrich`)."""
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    select(S.doc_stats.c.doc_id)
                    .where(S.doc_stats.c.enriched == 0)
                    .order_by(S.doc_stats.c.doc_id)
                ).scalars()
            )

    def replace_facts(self, doc_id: int, claims, events) -> tuple[int, int]:
        """Swap a document's claims and events in one transaction (re-extraction)."""
        with self.engine.begin() as conn:
            conn.execute(S.claims.delete().where(S.claims.c.doc_id == doc_id))
            conn.execute(S.events.delete().where(S.events.c.doc_id == doc_id))
            _insert_facts(conn, doc_id, claims, events)
        return len(claims), len(events)

    def claim_rows(self, flt, **where: str | None) -> list[dict[str, Any]]:
        """Claims (with their document's title and path) over the filtered documents;
        `where` holds exact-match filters on claim columns (metric, subject, kind...)."""
        return self._fact_rows(S.claims, flt, where, "c.doc_id, c.start")

    def event_rows(self, flt, **where: str | None) -> list[dict[str, Any]]:
        return self._fact_rows(S.events, flt, where, "c.date, c.doc_id, c.start")

    def _fact_rows(self, table, flt, where: dict, order: str) -> list[dict[str, Any]]:
        cond, params = flt.sql(d="d", s=None)
        for i, (col, val) in enumerate(where.items()):
            if val is None:
                continue
            if col not in table.c:
                raise StoreError(f"unknown filter {col!r}")
            if col in ("period", "date"):  # '2025' matches '2025-03-05'
                cond += f' AND substr(c."{col}", 1, {len(val)}) = :w{i}'
            else:
                cond += f' AND c."{col}" = :w{i}'
            params[f"w{i}"] = val
        sql = (
            f"SELECT c.*, d.title AS doc_title, d.source_path AS source_path FROM {table.name} c "
            f"JOIN documents d ON d.id = c.doc_id WHERE 1=1{cond} ORDER BY {order}"
        )
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(text(sql), params).mappings()]

    def mention_rows(self, item_ids: list[str] | None, flt) -> list[tuple]:
        """(doc_id, kind, item_id, surface, start, end) in document order."""
        where, params = flt.sql(d="d", s=None)
        cond = ""
        if item_ids is not None:
            names = []
            for i, item in enumerate(item_ids):
                params[f"m{i}"] = item
                names.append(f":m{i}")
            cond = f" AND m.item_id IN ({', '.join(names) or 'NULL'})"
        sql = (
            'SELECT m.doc_id, m.kind, m.item_id, m.surface, m.start, m."end" FROM mentions m '
            f"JOIN documents d ON d.id = m.doc_id WHERE 1=1{cond}{where} "
            "ORDER BY m.doc_id, m.start"
        )
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]

    def mention_totals(self, flt) -> dict[str, tuple[int, int]]:
        """item_id -> (mentions, documents) over the filtered documents."""
        where, params = flt.sql(d="d", s=None)
        sql = (
            "SELECT m.item_id, count(*), count(DISTINCT m.doc_id) FROM mentions m "
            f"JOIN documents d ON d.id = m.doc_id WHERE 1=1{where} GROUP BY m.item_id"
        )
        with self.engine.connect() as conn:
            return {r[0]: (r[1], r[2]) for r in conn.execute(text(sql), params)}

    def get_setting(self, key: str, default: Any = None) -> Any:
        with self.engine.connect() as conn:
            v = conn.execute(
                select(S.settings.c.value).where(S.settings.c.key == key)
            ).scalar_one_or_none()
        return json.loads(v) if v is not None else default

    def set_setting(self, key: str, value: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(S.settings.delete().where(S.settings.c.key == key))
            conn.execute(S.settings.insert().values(key=key, value=json.dumps(value)))

    def spans(self, spans: list[tuple[int, int, int]]) -> list[str]:
        with self.engine.connect() as conn:
            return _span_query(conn, spans)

    def doc_ids(self, flt) -> list[int]:
        where, params = flt.sql(d="d", s=None)
        sql = f"SELECT d.id FROM documents d WHERE 1=1{where} ORDER BY d.id"
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(text(sql), params)]

    def texts_containing(self, flt, needle: str) -> Iterator[tuple[int, str]]:
        """(doc_id, text) of the filtered documents whose text contains `needle`, in id
        order. The database looks for it, so texts without it are never sent: a needle no
        index can narrow ('5G') costs one pass of the server's memcmp, not a query per
        document."""
        where, params = flt.sql(d="d", s=None)
        whole = chunks.whole_text_sql(self.engine.dialect.name)
        find = f"{'instr' if self.engine.dialect.name == 'sqlite' else 'strpos'}({whole}, :needle)"
        sql = f"SELECT d.id FROM documents d WHERE {find} > 0{where} ORDER BY d.id"
        params["needle"] = needle
        with self.engine.connect() as conn:
            ids = conn.execute(text(sql), params).scalars().all()
            for doc_id in ids:  # one text at a time: a caller after 100 lines stops early
                yield doc_id, chunks.read_text(conn, doc_id)

    def connect(self) -> Connection:
        return self.engine.connect()


_DOC_COLUMNS = Document.columns()


def _int_array():
    # the PostgreSQL dialect loads only for a PostgreSQL store (0.1 s of every CLI command)
    from sqlalchemy.dialects.postgresql import ARRAY  # noqa: PLC0415 (lazy: start-up time)

    return ARRAY(Integer)


def _doc(row: Any) -> Document:
    return Document(**{k: row[k] for k in _DOC_COLUMNS})


_DOC_INSERT = (
    "title, date, issuer, country, language, doc_type, series, series_key, source_path, "
    "abs_path, url, sha256, version, format, chars, ingested_at, meta_json"
)


def _sql(conn: Connection, sql: str, params: tuple = ()) -> Any:
    """One statement through the driver, written with '?' placeholders (psycopg's are
    '%s')."""
    if conn.dialect.paramstyle != "qmark":
        sql = sql.replace("?", "%s")
    return conn.exec_driver_sql(sql, params)


def _bulk_insert(conn: Connection, table, cols: tuple[str, ...], rows: list[tuple]) -> None:
    """executemany with plain tuples: SQLAlchemy's per-row parameter handling cost as much
    as the database's own work on sentence rows. Portable: the placeholder follows the
    driver (SQLite '?', psycopg '%s')."""
    if not rows:
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(f'"{c}"' for c in cols)
    marks = ", ".join([mark] * len(cols))
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)


def _insert_mentions(conn: Connection, doc_id: int, found) -> None:
    if found:
        conn.execute(
            S.mentions.insert(),
            [
                dict(doc_id=doc_id, kind=k, item_id=i, surface=sf, start=a, end=b)
                for k, i, sf, a, b in found
            ],
        )


_CLAIM_COLS = [c.name for c in S.claims.columns if c.name not in ("id", "doc_id")]
_EVENT_COLS = [c.name for c in S.events.columns if c.name not in ("id", "doc_id")]


def _insert_facts(conn: Connection, doc_id: int, claims, events) -> None:
    if claims:
        conn.execute(
            S.claims.insert(),
            [{"doc_id": doc_id, **{k: getattr(c, k) for k in _CLAIM_COLS}} for c in claims],
        )
    if events:
        conn.execute(
            S.events.insert(),
            [{"doc_id": doc_id, **{k: getattr(e, k) for k in _EVENT_COLS}} for e in events],
        )


def _v2_mentions_and_settings(conn: Connection, _store: Store) -> None:
    S.metadata.create_all(conn, tables=[S.mentions, S.settings])


def _v3_claims_and_events(conn: Connection, _store: Store) -> None:
    S.metadata.create_all(conn, tables=[S.claims, S.events])


def _v4_enriched_flag(conn: Connection, _store: Store) -> None:
    if "enriched" not in {c["name"] for c in inspect(conn).get_columns("doc_stats")}:
        conn.exec_driver_sql("ALTER TABLE doc_stats ADD COLUMN enriched INTEGER")
    # documents stored before version 4 were enriched as they were ingested
    conn.execute(update(S.doc_stats).values(enriched=1))


def _v5_substring_index(conn: Connection, store: Store) -> None:
    store.fts.upgrade(conn, 5)


def _v6_split_pg_substring_index(conn: Connection, store: Store) -> None:
    store.fts.upgrade(conn, 6)  # PostgreSQL only: its literal index split by script


def _v7_pg_covering_columns(conn: Connection, store: Store) -> None:
    store.fts.upgrade(conn, 7)  # PostgreSQL only: two tables, doc_id etc. beside each index


def _v8_caps_pairs(conn: Connection, store: Store) -> None:
    store.fts.upgrade(conn, 8)  # pairs of capitals and digits ('AI', '5G') indexed too


def _v9_claim_measures(conn: Connection, _store: Store) -> None:
    have = {c["name"] for c in inspect(conn).get_columns("claims")}
    if "measure" not in have:
        conn.exec_driver_sql(
            "ALTER TABLE claims ADD COLUMN measure VARCHAR(16) NOT NULL DEFAULT ''"
        )
    if "conversion_of" not in have:
        conn.exec_driver_sql("ALTER TABLE claims ADD COLUMN conversion_of INTEGER")


def _v10_text_once(conn: Connection, store: Store) -> None:
    _text_in_pieces(conn)
    _pack_sentences(conn)
    store.fts.upgrade(conn, 10)  # SQLite: the indexes keep no copy of the text


def _v11_ranked_engine(_conn: Connection, _store: Store) -> None:
    """Schema 11: a SQLite store may rank on tantivy, its FTS5 ranked table left empty
    (`tantivy_fts`). Nothing moves (a stored store keeps ranking on FTS5 until `reindex
    --search-engine tantivy`); the number keeps an older PolicyScope, which would search
    the empty table, from opening a store that ranks on tantivy."""


def _v12_literal_pairs(_conn: Connection, _store: Store) -> None:
    """Schema 12: a paragraph's CJK literal terms are its letter pairs and the letters that
    start or end a run (`substrings.cjk_terms`), no longer every letter, and a one-letter
    needle asks for any term starting with it. Rows written before keep every letter and
    answer that query too, so nothing moves; the number keeps an older PolicyScope, which
    would ask for the letter alone and miss it inside a run, from opening the store."""


def _text_in_pieces(conn: Connection) -> None:
    """Schema 10: each text moves into `text_chunks`, a document at a time."""
    S.metadata.create_all(conn, tables=[S.text_chunks])
    docs = conn.execute(select(S.texts.c.doc_id).where(S.texts.c.text != "")).scalars().all()
    for doc_id in docs:
        body = conn.execute(select(S.texts.c.text).where(S.texts.c.doc_id == doc_id)).scalar()
        conn.execute(S.text_chunks.insert(), chunks.split(doc_id, body or ""))
        conn.execute(update(S.texts).where(S.texts.c.doc_id == doc_id).values(text=""))


def _pack_sentences(conn: Connection) -> None:
    """Schema 10: each document's sentence rows become one packed row."""
    S.metadata.create_all(conn, tables=[S.sentences])
    seg = S.segments.c
    docs = conn.execute(select(seg.doc_id).where(seg.kind == "sentence").distinct()).scalars()
    for doc_id in list(docs):
        spans = conn.execute(
            select(seg.start, seg.end, seg.lang, seg.page)
            .where(seg.doc_id == doc_id, seg.kind == "sentence")
            .order_by(seg.idx)
        ).all()
        packed = pack([(a, b, lang, page) for a, b, lang, page in spans])
        conn.execute(S.sentences.insert().values(doc_id=doc_id, spans=packed))
    conn.execute(S.segments.delete().where(seg.kind == "sentence"))


# target version -> function(conn, store); version 1 is the initial create_all
MIGRATIONS: dict[int, Any] = {
    2: _v2_mentions_and_settings,
    3: _v3_claims_and_events,
    4: _v4_enriched_flag,
    5: _v5_substring_index,
    6: _v6_split_pg_substring_index,
    7: _v7_pg_covering_columns,
    8: _v8_caps_pairs,
    9: _v9_claim_measures,
    10: _v10_text_once,
    11: _v11_ranked_engine,
    12: _v12_literal_pairs,
}


def _span_query(conn: Connection, spans: list[tuple[int, int, int]]) -> list[str]:
    """Texts of (doc_id, start, end) spans, from the pieces of text that hold them."""
    return chunks.read_many(conn, spans)


def _has_text(conn: Connection, doc_id: int) -> bool:
    found = conn.execute(select(S.texts.c.doc_id).where(S.texts.c.doc_id == doc_id))
    return found.first() is not None
