"""Ranked search on tantivy beside a SQLite store, which stays the system of record.

FTS5 scores every paragraph a query matches before it can keep the best 20 (科技创新 at
600 MB: 11,627 paragraphs, 31 ms); tantivy's block-max top-k skips most of them (5 ms).
So a SQLite store may keep its search tokens in a tantivy index in a folder beside its
file (`<store>.search/`) instead of FTS5's ranked table (kept empty: the tokens are kept
once); literal matching, the text and everything else stay in SQLite.

Trust: the folder is derived data, given a change only after SQLite has committed it.
Every write transaction bumps a generation in SQLite (`search_gen`); the folder's
`state.json`, written after a tantivy commit, records the generation, the highest
paragraph id and the number of documents it mirrors. When all three equal SQLite's, the
folder is level. When it lags (a crash between the two commits, another process writing
now, an older PolicyScope's write), a hit counts only if its paragraph is still the one
indexed (same id, document and offset in SQLite), so an answer may lack what was added
since the folder's last commit but never shows what is gone. A folder that is not this
store's (missing, another store's, being built) is never read: `SearchNotReady`. `sync`
levels it: the writer's lock, then paragraphs per document compared and the documents
that differ tokenized again. Ingest, `reindex` and `optimize` end with it, and the
Workspace runs it before a query when the folder lags.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

from policyscope.errors import StoreError
from policyscope.store.chunks import read_many
from policyscope.store.filters import DocFilter
from policyscope.store.fts import FtsRow, Groups, RankedSegment, with_variants
from policyscope.store.sqlite_fts import SqliteFts

ENGINES = ("fts5", "tantivy")
SETTING = "search_engine"  # the store's ranked-search engine
LAYOUT = 2  # of the folder's schema: another layout is rebuilt, not read
COMMIT_SECONDS = 5.0  # during ingest, how often tantivy publishes what it was given
WRITER_HEAP = 64_000_000  # tantivy's indexing buffer (bytes); its minimum is 15 MB
BUILDING = "building"  # state.json's paragraph id and count until `sync` has levelled it

# FTS5's unicode61 tokenizer (with '+' a token character) folds case and splits at
# anything that is not a letter, a digit or '+': the same words in tantivy's index
_NOT_TOKEN = re.compile(r"[^\w+\s]|_")
_KEY_SQL = (
    "SELECT g.gen, g.uid, (SELECT max(id) FROM segments), (SELECT count(*) FROM documents) "
    "FROM search_gen g WHERE g.id = 0"
)

TokensOf = Callable[[int], list[tuple[int, str, int]]]  # doc id -> (segment id, tokens, n)


def index_form(tokens: str) -> str:
    """A paragraph's (or a query's) search tokens as both engines see them."""
    return _NOT_TOKEN.sub(" ", tokens.lower())


def folder_for(db_path: str | os.PathLike) -> Path:
    return Path(f"{db_path}.search")


def _schema():
    import tantivy  # noqa: PLC0415 (lazy: only stores that rank on tantivy)

    sb = tantivy.SchemaBuilder()
    sb.add_text_field("tokens", tokenizer_name="whitespace", index_option="position")
    sb.add_integer_field("sid", fast=True)
    sb.add_integer_field("doc", indexed=True, fast=True)
    sb.add_integer_field("start", fast=True)  # with `doc`: is a hit's paragraph still it?
    sb.add_text_field("lang", tokenizer_name="raw", index_option="basic")
    return sb.build()


@dataclass
class _Txn:
    pending: list[tuple[str, Any]] = field(default_factory=list)
    gen: int = 0  # SQLite's generation after this transaction
    uid: str | None = None  # the store's id, as the transaction read it
    conn: Connection | None = None  # the transaction's connection, once it moved `gen`


class SearchNotReady(StoreError):
    """The tantivy folder does not hold this store's paragraphs: `sync` builds it."""


class TantivyFts(SqliteFts):
    """`SqliteFts` whose ranked search and hit counts come from a tantivy folder (FTS5
    keeps the literal indexes only)."""

    ranks_here = False

    def __init__(self, folder: Path):
        self.folder = folder
        self._index: Any = None
        self._searcher: Any = None
        self._seen: tuple | None = None  # the state the searcher was opened at
        self._scopes: dict[tuple, tuple[bool, list[int]] | None] = {}
        self._writer: Any = None
        # what this thread's open transaction changed: another thread's transaction on the
        # same store must not be mirrored with it (nor before it commits)
        self._local = threading.local()
        self._lock = threading.RLock()  # one thread at a time drives the writer
        self._last_gen: int | None = None  # the generation the writer has mirrored
        self._dirty_since = 0.0  # when the writer got changes tantivy has not published

    # -- the generation ---------------------------------------------------
    def _txn(self) -> _Txn:
        txn = getattr(self._local, "txn", None)
        if txn is None:
            txn = self._local.txn = _Txn()
        return txn

    def _bump(self, conn: Connection) -> _Txn:
        """This transaction's record, the generation moved on once per transaction (a
        group of documents is one step: the folder mirrors the step before it or not)."""
        txn = self._txn()
        if txn.conn is conn:
            return txn
        if txn.conn is not None:  # a transaction that never said how it ended: not mirrored
            txn = self._local.txn = _Txn()
        txn.conn = conn
        ensure_generation(conn)
        conn.exec_driver_sql("UPDATE search_gen SET gen = gen + 1 WHERE id = 0")
        gen, uid = conn.exec_driver_sql("SELECT gen, uid FROM search_gen").one()
        txn.gen, txn.uid = int(gen), uid
        return txn

    # -- writes: SQLite now, tantivy once SQLite has committed ------------
    def add(self, conn: Connection, rows: list[FtsRow]) -> None:
        super().add(conn, rows)
        if rows:
            self._bump(conn).pending.append(
                ("add", [(r.segment_id, r.doc_id, r.start, r.lang, r.tokens) for r in rows])
            )

    def delete(self, conn: Connection, rows: list[FtsRow]) -> None:
        super().delete(conn, rows)
        if rows:
            self._bump(conn).pending.append(("delete", sorted({r.doc_id for r in rows})))

    def set_tokens(self, conn: Connection, rows: list[tuple[int, str]]) -> None:
        super().set_tokens(conn, rows)
        if not rows:
            return
        txn = self._bump(conn)
        fields = _segments(conn, [sid for sid, _t in rows], _FIELDS)
        docs = sorted({fields[sid][0] for sid, _t in rows if sid in fields})
        # a document's paragraphs are re-tokenized together (reindex): replace them all
        txn.pending.append(("delete", docs))
        txn.pending.append(("add", [(sid, *fields[sid], t) for sid, t in rows if sid in fields]))

    def discard(self) -> None:
        """The transaction rolled back: what it gave is not to be mirrored."""
        self._local.txn = None

    def committed(self, engine: Engine) -> None:
        """The transaction committed: mirror it, if the folder is ours to keep level."""
        txn, self._local.txn = self._txn(), None
        if not txn.pending:
            return
        with self._lock:
            try:
                self._mirror(txn, engine)
            except (OSError, ValueError, RuntimeError):
                # SQLite has the document: a failing folder (a full disk) only lags, and
                # `sync` (the end of this ingest, `optimize`) says why if it still fails
                self._drop_writer()

    def _mirror(self, txn: _Txn, engine: Engine) -> None:
        writer = self._writer_at(txn.gen - 1, txn.uid)
        if writer is None:
            return  # the folder lags; `sync` levels it
        for op, arg in txn.pending:
            if op == "delete":
                for doc in arg:
                    writer.delete_documents_by_term("doc", doc)
            else:
                _add_rows(writer, arg)
        self._last_gen = txn.gen
        self._dirty_since = self._dirty_since or time.monotonic()
        if time.monotonic() - self._dirty_since > COMMIT_SECONDS:
            self._publish(engine)

    def _writer_at(self, gen: int, uid: str | None) -> Any:
        """The writer, when the folder mirrors generation `gen` (the one before this
        transaction); None (and no writer kept) when it does not or another process
        holds it."""
        if self._writer is not None and self._last_gen == gen:
            return self._writer
        if self._writer is None and self._last_gen is None:
            state = self._state()
            mirrors = state is not None and (state.get("gen"), state.get("uid")) == (gen, uid)
            if mirrors and self._open_writer():
                self._last_gen = gen
                return self._writer
        self._drop_writer()
        return None

    def _open_writer(self) -> bool:
        try:
            self._writer = self._open().writer(heap_size=WRITER_HEAP, num_threads=1)
        except ValueError:  # LockBusy: another process mirrors; its sync levels the folder
            self._writer = None
        return self._writer is not None

    def _drop_writer(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            try:
                writer.rollback()
            except (OSError, ValueError, RuntimeError):
                pass  # what it held is lost either way: the folder lags until `sync`
        self._last_gen = None
        self._dirty_since = 0.0

    def _publish(self, engine: Engine | Connection, key: tuple | None = None) -> None:
        """Commit tantivy, then record the state it mirrors (`key`, else SQLite's now as
        `engine` sees it, when no other write came between)."""
        self._writer.commit()
        self._dirty_since = 0.0
        if key is None:
            if isinstance(engine, Connection):
                key = _key(engine)
            else:
                with engine.connect() as conn:
                    key = _key(conn)
            if key is None or key[0] != self._last_gen:
                self._drop_writer()  # another process wrote since: leave it to `sync`
                return
            if (self._state() or {}).get("sid") == BUILDING:
                # what came before `begin` is not in the folder yet: only `sync`, which
                # compares every document, may call it level
                key = (key[0], key[1], BUILDING, BUILDING)
        _write_state(self.folder, key)

    def _own_writes(self, conn: Connection) -> None:
        """Before a query: publish what this process wrote (a script that adds documents
        and then searches, without closing the store in between)."""
        if self._writer is not None and self._dirty_since:
            with self._lock:
                if self._writer is not None and self._last_gen is not None:
                    self._publish(conn)

    def flush(self, engine: Engine) -> None:
        """Publish what the writer holds and let the folder go (the end of an ingest,
        closing the store): a process that stays open (the web app) must not keep other
        processes' ingests from mirroring."""
        with self._lock:
            if self._writer is not None and self._last_gen is not None:
                self._publish(engine)
            self._drop_writer()

    def close(self, engine: Engine) -> None:
        self.flush(engine)
        self._drop_writer()
        self._index = self._searcher = None

    # -- levelling ----------------------------------------------------------
    def sync(self, engine: Engine, tokens_of: TokensOf, on_doc=None) -> int:
        """Make the folder mirror SQLite: documents whose paragraph counts differ are
        dropped and tokenized again (`tokens_of`). Returns how many documents were."""
        with self._lock:
            try:
                return self._sync(engine, tokens_of, on_doc)
            except (OSError, ValueError, RuntimeError) as exc:
                self._drop_writer()
                raise StoreError(
                    f"{self.folder}: the ranked-search index could not be updated ({exc}); "
                    "the store itself is whole: fix the cause (e.g. free disk space) and run "
                    "'policyscope optimize'"
                ) from None

    def _sync(self, engine: Engine, tokens_of: TokensOf, on_doc) -> int:
        self.flush(engine)
        with engine.connect() as conn:
            if self._fresh(_key(conn)):
                return 0
        # the writer's lock first: a process that is building the folder is left to it
        if not self._open_writer():
            return 0
        try:
            return self._level(engine, tokens_of, on_doc)
        finally:
            self._drop_writer()

    def _level(self, engine: Engine, tokens_of: TokensOf, on_doc) -> int:
        with engine.begin() as conn:  # the generation and the counts in one snapshot
            ensure_generation(conn)
            key = cast(tuple, _key(conn))
            want = {d: n for d, n in conn.exec_driver_sql(_PARAGRAPHS_PER_DOC)}
        state = self._state()
        have: dict[int, int] = {}
        if state is None or state.get("uid") != key[1]:
            self._writer.delete_all_documents()  # another store's, or unknown: from nothing
        else:
            have = self._doc_counts()
        redo = sorted(d for d in set(want) | set(have) if want.get(d) != have.get(d))
        for doc in redo:
            self._writer.delete_documents_by_term("doc", doc)
            if doc in want:
                self._add_doc(engine, doc, tokens_of)
            if on_doc:
                on_doc(doc)
        self._last_gen = key[0]
        self._publish(engine, key)
        return len(redo)

    def _add_doc(self, engine: Engine, doc: int, tokens_of: TokensOf) -> None:
        rows = tokens_of(doc)
        with engine.connect() as conn:
            fields = _segments(conn, [sid for sid, _t, _n in rows], _FIELDS)
        _add_rows(self._writer, [(sid, *fields[sid], t) for sid, t, _n in rows if sid in fields])

    def begin(self, engine: Engine) -> None:
        """Start the folder afresh at SQLite's generation now, so that the writes that
        follow are mirrored as they come. An empty store's empty folder is level; another
        store's is marked as still to be levelled (no paragraph id, no document count: no
        query trusts it), and `sync` fills the gaps. Emptied under the writer's lock, not
        deleted: a process that opens the store at the same moment may be using it."""
        self._drop_writer()
        self._index = self._searcher = None
        if not self._open_writer():
            return  # another process holds the folder: it is starting or levelling it
        try:
            with engine.begin() as conn:
                ensure_generation(conn)
                key = _key(conn) or (0, "", None, 0)
            self._writer.delete_all_documents()
            self._writer.commit()
            if key[3]:
                key = (key[0], key[1], BUILDING, BUILDING)
            _write_state(self.folder, key)
        finally:
            self._drop_writer()

    def remove(self) -> None:
        """Delete the folder (switching engines, or a layout this version cannot read)."""
        self._drop_writer()
        self._index = self._searcher = None
        shutil.rmtree(self.folder, ignore_errors=True)

    def lags(self, engine: Engine) -> bool:
        """Whether the folder is behind the store (a crash, another process's write)."""
        with engine.connect() as conn:
            return not self._fresh(_key(conn))

    def belongs(self, engine: Engine) -> bool:
        """Whether the folder holds this store's paragraphs (not a deleted store's that had
        the same file name, nor a layout this version cannot read)."""
        state = self._state()
        if state is None:
            return False
        with engine.connect() as conn:
            key = _key(conn)
        return key is not None and state.get("uid") == key[1]

    def size(self) -> int:
        if not self.folder.is_dir():
            return 0
        return sum(f.stat().st_size for f in self.folder.iterdir() if f.is_file())

    def _doc_counts(self) -> dict[int, int]:
        import tantivy  # noqa: PLC0415 (lazy)

        index = self._open()
        index.reload()
        agg = {"d": {"terms": {"field": "doc", "size": 10_000_000}}}
        out = index.searcher().aggregate(tantivy.Query.all_query(), agg)
        return {int(b["key"]): int(b["doc_count"]) for b in out["d"]["buckets"]}

    # -- reading ------------------------------------------------------------
    def _open(self) -> Any:
        if self._index is None:
            import tantivy  # noqa: PLC0415 (lazy)

            state = _read_state(self.folder)
            if state is not None and state.get("layout") != LAYOUT:
                shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True, exist_ok=True)
            try:
                self._index = tantivy.Index(_schema(), path=str(self.folder), reuse=True)
            except ValueError:  # another schema and no state: a build that never finished
                shutil.rmtree(self.folder, ignore_errors=True)
                self.folder.mkdir(parents=True)
                self._index = tantivy.Index(_schema(), path=str(self.folder), reuse=True)
        return self._index

    def _state(self) -> dict | None:
        state = _read_state(self.folder)
        return state if state and state.get("layout") == LAYOUT else None

    def _fresh(self, key: tuple | None) -> bool:
        state = self._state()
        return state is not None and key is not None and _key_of(state) == key

    def _searcher_for(self, conn: Connection) -> tuple[Any, bool]:
        """tantivy's searcher and whether the folder is level with what `conn` sees.
        Raises SearchNotReady when the folder does not (yet) hold this store's
        paragraphs: a folder being built, lost, or another store's."""
        self._own_writes(conn)
        state, key = self._state(), _key(conn)
        if state is None or key is None or state.get("uid") != key[1]:
            raise SearchNotReady(f"{self.folder}: no ranked-search index of this store")
        if state.get("sid") == BUILDING:
            raise SearchNotReady(f"{self.folder}: the ranked-search index is being built")
        level = _key_of(state) == key
        # lagging: another process is writing (or one died mid-write); read its latest commit
        seen = (key, _key_of(state))
        if self._searcher is None or self._seen != seen or not level:
            index = self._open()
            index.reload()
            self._searcher, self._seen = index.searcher(), seen
        return self._searcher, level

    def search(
        self,
        conn: Connection,
        groups: Groups,
        flt: DocFilter,
        limit: int,
        offset: int = 0,
        variants: Groups | None = None,
    ) -> list[RankedSegment]:
        searcher, level = self._searcher_for(conn)
        query = self._query(conn, with_variants(groups, variants), flt)
        if query is None:
            return []  # no words, or the filter leaves no document
        if level:
            hits = searcher.search(query, limit, count=False, offset=offset).hits
            found = self._resolved(conn, searcher, hits, check=False)
        else:
            # paragraphs deleted since the folder's last commit are dropped, so rank deeper
            deep = searcher.search(query, 2 * (limit + offset) + 20, count=False).hits
            found = self._resolved(conn, searcher, deep, check=True)[offset : offset + limit]
        bodies = read_many(conn, [(r.doc_id, r.start, r.end) for r in found])
        for r, body in zip(found, bodies, strict=True):
            r.text = body
        return found

    def _resolved(self, conn: Connection, searcher: Any, hits: list, check: bool) -> list:
        """The hits as RankedSegments (text still to read) with their segment fields from
        SQLite; `check`: only those whose paragraph is still the one the folder indexed
        (a lagging folder may hold paragraphs deleted since)."""
        addrs = [a for _s, a in hits]
        sids = searcher.fast_field_values("sid", addrs)
        rows = _segments(conn, sids, _RANKED)
        if check:
            docs = searcher.fast_field_values("doc", addrs)
            starts = searcher.fast_field_values("start", addrs)
            ok = {
                s
                for s, d, st in zip(sids, docs, starts, strict=True)
                if rows.get(s, ())[:2] == (d, st)
            }
        elif len(rows) < len(sids):  # a level folder's paragraphs are all in SQLite
            raise SearchNotReady(f"{self.folder}: the ranked-search index lists lost paragraphs")
        else:
            ok = set(sids)
        out = []
        for (score, _a), sid in zip(hits, sids, strict=True):
            if sid in ok:
                doc, start, end, page = rows[sid]
                out.append(RankedSegment(sid, doc, start, end, page, float(score), ""))
        return out

    def count(
        self, conn: Connection, groups: Groups, flt: DocFilter, variants: Groups | None = None
    ) -> int:
        searcher, level = self._searcher_for(conn)
        query = self._query(conn, with_variants(groups, variants), flt)
        if query is None:
            return 0
        n = int(searcher.search(query, 1, count=True).count)
        if level or not n:
            return n
        return len(self._resolved(conn, searcher, searcher.search(query, n).hits, check=True))

    def _query(self, conn: Connection, groups: Groups, flt: DocFilter) -> Any:
        """tantivy's query for an AND of ORs of phrases under `flt`; None when it has no
        words or the filter leaves no document."""
        import tantivy  # noqa: PLC0415 (lazy)

        schema, must = self._open().schema, tantivy.Occur.Must
        parts = [g for g in (_or_of_phrases(schema, g) for g in groups) if g is not None]
        if not parts:
            return None
        clauses = [(must, p) for p in parts]
        scope = self._scope(conn, flt)
        if scope is not None:
            keep, docs = scope
            if keep and not docs:
                return None
            docs_q = tantivy.Query.term_set_query(schema, "doc", docs)
            clauses.append((must if keep else tantivy.Occur.MustNot, docs_q))
        if flt.lang:
            clauses.append((must, tantivy.Query.term_query(schema, "lang", flt.lang)))
        return tantivy.Query.boolean_query(clauses)

    def _scope(self, conn: Connection, flt: DocFilter) -> tuple[bool, list[int]] | None:
        """`_doc_scope`, kept while the store stays as it is (SQLite's generation)."""
        key = (self._seen, repr(flt.sql(d="d", s=None)))
        if key not in self._scopes:
            if len(self._scopes) > 64:
                self._scopes.clear()
            self._scopes[key] = _doc_scope(conn, flt)
        return self._scopes[key]


_PARAGRAPHS_PER_DOC = (
    "SELECT doc_id, count(*) FROM segments WHERE kind = 'paragraph' GROUP BY doc_id"
)


def ensure_generation(conn: Connection) -> None:
    conn.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS search_gen (id INTEGER PRIMARY KEY, gen INTEGER NOT NULL, "
        "uid TEXT NOT NULL)"
    )
    conn.exec_driver_sql(
        "INSERT OR IGNORE INTO search_gen (id, gen, uid) VALUES (0, 0, ?)", (uuid.uuid4().hex,)
    )


def _key(conn: Connection) -> tuple | None:
    """SQLite's (generation, store id, highest paragraph id, documents)."""
    try:
        row = conn.exec_driver_sql(_KEY_SQL).first()
    except OperationalError:  # no generation yet: nothing mirrored
        return None
    return tuple(row) if row else None


def _key_of(state: dict) -> tuple:
    return (state.get("gen"), state.get("uid"), state.get("sid"), state.get("docs"))


def _read_state(folder: Path) -> dict | None:
    try:
        return json.loads((folder / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_state(folder: Path, key: tuple) -> None:
    gen, uid, sid, docs = key
    tmp = folder / "state.json.tmp"
    state = {"layout": LAYOUT, "gen": gen, "uid": uid, "sid": sid, "docs": docs}
    tmp.write_text(json.dumps(state), encoding="utf-8")
    os.replace(tmp, folder / "state.json")  # atomic: a reader sees the old or the new


def _add_rows(writer: Any, rows: list[tuple[int, int, int, str | None, str]]) -> None:
    import tantivy  # noqa: PLC0415 (lazy)

    for sid, doc, start, lang, tokens in rows:
        form = index_form(tokens)
        writer.add_document(
            tantivy.Document(tokens=form, sid=sid, doc=doc, start=start, lang=lang or "")
        )


_FIELDS = "doc_id, start, lang"  # what the folder keeps of a paragraph besides its tokens
_RANKED = 'doc_id, start, "end", page'  # what a RankedSegment needs


def _segments(conn: Connection, sids: list[int], columns: str) -> dict[int, tuple]:
    """segment id -> `columns` of those segments, in batches under SQLite's bound limit."""
    out: dict[int, tuple] = {}
    for i in range(0, len(sids), 500):
        part = sids[i : i + 500]
        marks = ",".join("?" * len(part))
        sql = f"SELECT id, {columns} FROM segments WHERE id IN ({marks})"
        out.update({r[0]: tuple(r[1:]) for r in conn.exec_driver_sql(sql, tuple(part))})
    return out


def _doc_scope(conn: Connection, flt: DocFilter) -> tuple[bool, list[int]] | None:
    """The documents `flt` keeps as (keep, ids): keep only `ids`, or all but `ids` (the
    shorter list: the default filter drops a few superseded versions of thousands).
    None when it keeps them all."""
    where, params = flt.sql(d="d", s=None)
    if not where:
        return None
    kept = {
        r[0] for r in conn.exec_driver_sql(f"SELECT d.id FROM documents d WHERE 1{where}", params)
    }
    every = [r[0] for r in conn.exec_driver_sql("SELECT id FROM documents")]
    if len(kept) == len(every):
        return None
    if len(kept) <= len(every) // 2:
        return True, sorted(kept)
    return False, [d for d in every if d not in kept]


def phrase_word(word: str | tuple[int, str]) -> str:
    return word if isinstance(word, str) else word[1]


def _or_of_phrases(schema: Any, phrases: list[list[str]]) -> Any:
    import tantivy  # noqa: PLC0415 (lazy)

    queries = []
    for phrase in phrases:
        words: list[str | tuple[int, str]] = list(index_form(" ".join(phrase)).split())
        if len(words) == 1:
            queries.append(tantivy.Query.term_query(schema, "tokens", phrase_word(words[0])))
        elif words:
            queries.append(tantivy.Query.phrase_query(schema, "tokens", words))
    if len(queries) <= 1:
        return queries[0] if queries else None
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])
