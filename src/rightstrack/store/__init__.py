"""All SQL lives here. SQLite by default; the same Core tables serve PostgreSQL."""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import (
    JSON,
    Connection,
    Dialect,
    Engine,
    Table,
    and_,
    bindparam,
    create_engine,
    event,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from ..errors import NotFound, StoreError
from ..model import Block, Document, Statement
from .schema import HEAD, documents, facet_totals, links, statements, tags, vectors
from .tracking import now

MIGRATIONS = Path(__file__).parent / "migrations"
# Statements built once: the writer runs them for every document.
_SAME_CONTENT = select(documents.c.id).where(documents.c.source == bindparam("b_source"),
                                             documents.c.content_hash == bindparam("b_hash"))
_LAST_VERSION = select(func.max(documents.c.version)).where(documents.c.source == bindparam("b_source"))
_LATEST_OF = select(documents.c.id).where(documents.c.source == bindparam("b_source"), documents.c.is_latest.is_(True))
_ADD_FACET = text("INSERT INTO facet_totals (field, value, n) VALUES (:field, :value, :n) "
                  "ON CONFLICT (field, value) DO UPDATE SET n = facet_totals.n + excluded.n")
_FILL_FACETS = """
INSERT INTO facet_totals (field, value, n)
SELECT 'kind', s.kind, count(*) FROM statements s JOIN documents d ON d.id = s.document_id
WHERE d.is_latest GROUP BY s.kind
UNION ALL
SELECT 'language', coalesce(s.language, '?'), count(*) FROM statements s JOIN documents d ON d.id = s.document_id
WHERE d.is_latest GROUP BY coalesce(s.language, '?')
UNION ALL
SELECT t.field, t.value, count(DISTINCT t.statement_id) FROM tags t JOIN documents d ON d.id = t.document_id
WHERE d.is_latest AND t.field IN ('themes', 'countries', 'instruments', 'addressees')
AND t.statement_id IS NOT NULL AND t.status != 'rejected' GROUP BY t.field, t.value
"""
_NOT_LATEST = update(documents).where(documents.c.source == bindparam("b_source")).values(is_latest=False)
TAG_FIELDS = ("themes", "countries", "instruments", "addressees")
# PostgreSQL text search configurations of migration 0009 (rt_ + name), besides rt_simple.
PG_CONFIGS = ("english", "dutch", "french", "german", "spanish", "italian", "portuguese", "swedish", "danish",
              "finnish", "hungarian", "romanian")


FACET_FIELDS = {"theme": "themes", "country": "countries", "instrument": "instruments", "addressee": "addressees"}


def _facet_conditions(facets: dict[str, str]) -> tuple[str, dict[str, str]]:
    """SQL conditions on a statement `s` for facet filters, and their parameters."""
    sql, params = "", {}
    for i, (name, value) in enumerate(sorted(facets.items())):
        if name in FACET_FIELDS:
            sql += (f" AND EXISTS (SELECT 1 FROM tags t WHERE t.statement_id = s.id AND t.field = :f{i} "
                    f"AND t.value = :v{i} AND t.status != 'rejected')")
            params |= {f"f{i}": FACET_FIELDS[name], f"v{i}": value}
        elif name in ("kind", "language"):
            sql += f" AND s.{name} = :v{i}"
            params[f"v{i}"] = value
    return sql, params


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # The driver's own implicit transactions break SAVEPOINT; SQLAlchemy emits BEGIN instead
    # (the recipe in SQLAlchemy's SQLite dialect documentation).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _last_statement(conn: Connection) -> int:
    """The newest statement row, so that rows added after it can be keyword-indexed."""
    if conn.dialect.name != "sqlite":
        return 0
    return conn.execute(text("SELECT coalesce(max(rowid), 0) FROM statements")).scalar() or 0


def _index_keywords(conn: Connection, after: int) -> None:
    """Add the statements stored after row `after` to the keyword index, in one statement
    (see migration 0004 for why not a trigger)."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("INSERT INTO statements_fts(rowid, text) SELECT rowid, text FROM statements "
                          "WHERE rowid > :after"), {"after": after})


def _insert_many(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows (all with the same keys) with one executemany straight to the driver.
    SQLAlchemy's per-row parameter processing cost several times the inserts themselves
    (5 of 6.6 ms for a document's hundred tag rows), so JSON columns are serialised here."""
    if not rows:
        return
    _, order = _insert_sql(conn.dialect, table, tuple(rows[0]))
    keys = order or tuple(rows[0])  # values taken in the driver's order, so none is moved again
    values = itemgetter(*keys) if len(keys) > 1 else lambda r: (r[keys[0]],)
    params = [list(values(r)) for r in rows]
    for j in [j for j, k in enumerate(keys) if isinstance(table.c[k].type, JSON)]:
        for p in params:
            p[j] = _to_json(p[j])
    _insert_tuples(conn, table, keys, [tuple(p) for p in params])


def _insert_tuples(conn: Connection, table: Table, keys: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Rows as tuples of the values of `keys` (JSON already text), straight to the driver in
    its parameter style: a document has a hundred tag rows, and building a dict per row cost
    more than the insert."""
    if not rows:
        return
    sql, order = _insert_sql(conn.dialect, table, keys)
    if order is None:  # a named parameter style (PostgreSQL's pyformat)
        conn.exec_driver_sql(sql, [dict(zip(keys, r, strict=True)) for r in rows])
    elif order == keys:
        conn.exec_driver_sql(sql, rows)
    else:
        at = [keys.index(k) for k in order]
        conn.exec_driver_sql(sql, [tuple(r[i] for i in at) for r in rows])


def _to_json(value: Any) -> str:
    """JSON text of a column value: orjson, five times json's speed on the hundred small
    evidence dicts of a document's tags (a third of a millisecond per document). numpy
    numbers (scores of a learned model) are written as plain numbers."""
    return orjson.dumps(value, option=orjson.OPT_SERIALIZE_NUMPY).decode()


@lru_cache(maxsize=64)
def _insert_sql(dialect: Dialect, table: Table, keys: tuple[str, ...]) -> tuple[str, tuple[str, ...] | None]:
    """The INSERT for `keys` in the driver's parameter style, and the key order when that
    style is positional."""
    compiled = table.insert().compile(dialect=dialect, column_keys=list(keys))
    extra = set(compiled.params) - set(keys)
    if extra:  # a column with a Python-side default the rows leave out
        raise ValueError(f"rows for {table.name} lack {sorted(extra)}")
    return compiled.string, tuple(compiled.positiontup) if compiled.positional else None


def _save(conn: Connection, doc: Document) -> tuple[str, Counter[tuple[str, str]]]:
    """Store a document; its status and what it changes in the facet totals."""
    delta: Counter[tuple[str, str]] = Counter()
    if conn.execute(_SAME_CONTENT, {"b_source": doc.source, "b_hash": doc.content_hash}).first():
        return "unchanged", delta
    prev = conn.execute(_LAST_VERSION, {"b_source": doc.source}).scalar()
    if prev:
        for old in conn.execute(_LATEST_OF, {"b_source": doc.source}).scalars():
            delta.subtract(_document_facets(conn, old))
        conn.execute(_NOT_LATEST, {"b_source": doc.source})
    conn.execute(documents.insert(), _document_row(doc, (prev or 0) + 1))
    if doc.statements:
        _insert_many(conn, statements, [_statement_row(doc.id, s) for s in doc.statements])
    if doc.tags:
        _insert_tuples(conn, tags, _TAG_KEYS, _tag_rows(doc))
    if doc.vectors:
        _insert_many(conn, vectors, [{"statement_id": s.id, "document_id": doc.id, "model": doc.vectors.model,
                                      "dim": doc.vectors.dim, "data": data}
                                     for s, data in zip(doc.statements, doc.vectors.data, strict=True)])
    delta.update(_new_document_facets(doc))
    return "new-version" if prev else "ingested", delta


def _new_document_facets(doc: Document) -> Counter[tuple[str, str]]:
    """What a document about to be stored adds to the facet totals (from memory: no tag of
    a new document carries a person's decision)."""
    out: Counter[tuple[str, str]] = Counter()
    for st in doc.statements:
        out[("kind", st.kind)] += 1
        out[("language", st.language or "?")] += 1
    out.update((f, v) for _, f, v in {(t.statement, t.field, t.value) for t in doc.tags
                                      if t.statement is not None and t.field in TAG_FIELDS})
    return out


def _document_facets(conn: Connection, doc_id: str) -> Counter[tuple[str, str]]:
    """What a stored document adds to the facet totals: nothing unless it is current."""
    out: Counter[tuple[str, str]] = Counter()
    if not conn.execute(select(documents.c.is_latest).where(documents.c.id == doc_id)).scalar():
        return out
    for kind, language, n in conn.execute(select(statements.c.kind, statements.c.language, func.count())
                                          .where(statements.c.document_id == doc_id)
                                          .group_by(statements.c.kind, statements.c.language)):
        out[("kind", kind)] += n
        out[("language", language or "?")] += n
    for field, value, n in conn.execute(
            select(tags.c.field, tags.c.value, func.count(tags.c.statement_id.distinct()))
            .where(tags.c.document_id == doc_id, tags.c.field.in_(TAG_FIELDS), tags.c.statement_id.isnot(None),
                   tags.c.status != "rejected").group_by(tags.c.field, tags.c.value)):
        out[(field, value)] += n
    return out


def _add_facets(conn: Connection, delta: Counter[tuple[str, str]]) -> None:
    """Add differences to the facet totals, in key order (two writers never wait on each
    other's rows in opposite orders)."""
    rows = [{"field": f, "value": v, "n": n} for (f, v), n in sorted(delta.items()) if n]
    if rows:
        conn.execute(_ADD_FACET, rows)


def _recount_facets(conn: Connection) -> None:
    """The facet totals counted again from the tables (after store-wide changes)."""
    conn.execute(facet_totals.delete())
    conn.execute(text(_FILL_FACETS))


class Writer:
    """Batched, document-atomic writes (see Store.writer). Use as a context manager: leaving
    it commits what was saved, also on Ctrl-C; a document whose save failed is rolled back
    to its savepoint and leaves nothing behind."""

    def __init__(self, store: Store, batch: int, seconds: float) -> None:
        self.store, self.batch, self.seconds = store, batch, seconds
        self.conn: Connection | None = None
        self.pending = 0
        self.started = 0.0
        self.after = 0  # the newest statement row before this batch
        self.facets: Counter[tuple[str, str]] = Counter()  # the batch's change to the facet totals

    def __enter__(self) -> Writer:
        self.conn = self.store.engine.connect()
        return self

    def __exit__(self, *_exc: object) -> None:
        try:
            if self.conn is not None and not self.conn.invalidated:  # else the batch died with it
                self.commit()
        finally:
            assert self.conn is not None
            self.conn.close()
            self.conn = None

    def has_content(self, source: str, content_hash: str) -> bool:
        assert self.conn is not None
        return self.conn.execute(_SAME_CONTENT, {"b_source": source, "b_hash": content_hash}).first() is not None

    def save(self, doc: Document) -> str:
        assert self.conn is not None
        if self.pending == 0:
            self.started = time.monotonic()
            self.after = _last_statement(self.conn)
        with self.conn.begin_nested():
            status, delta = _save(self.conn, doc)
        self.facets.update(delta)  # only once the document is saved
        self.pending += 1
        if self.pending >= self.batch or time.monotonic() - self.started >= self.seconds:
            self.commit()
        return status

    def commit(self) -> None:
        if self.conn is not None and self.conn.in_transaction():
            if self.pending:
                _index_keywords(self.conn, self.after)
                _add_facets(self.conn, self.facets)
            self.conn.commit()
        self.pending = 0
        self.facets = Counter()


class Store:
    """A Rights Track database. Each document is written in one transaction."""

    def __init__(self, url: str, create: bool = True) -> None:
        """Open the database at `url`, migrating it to the newest schema. With create=False a
        SQLite file that is missing or empty is an error rather than a new database: a command
        that only reads must not leave a database where a user mistyped a path."""
        self.url = url
        self._watcher: sqlite3.Connection | None = None
        self._watch_lock = threading.Lock()
        self._superseded: tuple[object, frozenset[str]] | None = None  # (generation, ids)
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            path = Path(url.removeprefix("sqlite:///")).expanduser()
            if not create and (not path.is_file() or path.stat().st_size == 0):
                if path.is_dir():
                    raise StoreError(f"database {path}: is a folder, not a database file")
                problem = "is empty" if path.is_file() else "does not exist"
                raise StoreError(f"database {path}: {problem} (ingest or import documents into it first)")
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine: Engine = create_engine(url)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(f"database {url}: cannot be opened ({exc})") from exc
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        self.migrate()

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (a no-op when it is there)."""
        try:
            with self.engine.begin() as conn:
                current = (conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                           if inspect(conn).has_table("alembic_version") else None)
                if current == HEAD:
                    return
            from alembic import command  # only needed when the schema must change
            from alembic.config import Config

            cfg = Config()
            cfg.set_main_option("script_location", str(MIGRATIONS))
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except SQLAlchemyError as exc:
            raise StoreError(f"database {self.url}: cannot be prepared ({exc.__class__.__name__}: "
                             f"{exc.orig if hasattr(exc, 'orig') else exc})") from exc

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None
        self.engine.dispose()

    def generation(self) -> str | int | None:
        """A value that changes whenever anyone, in this process or another, commits to the
        database: the key of read caches. None where there is none to be had (then nothing
        is cached). SQLite: data_version, read on a connection of its own that never writes,
        changes with every commit made on any other connection. PostgreSQL: the current
        snapshot (xmin:xmax:transactions in progress) decides which commits a reader sees, so
        while it stays the same so do the data."""
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as conn:
                return conn.execute(text("SELECT pg_current_snapshot()::text")).scalar()
        path = self.engine.url.database
        if self.engine.dialect.name != "sqlite" or not path or path == ":memory:":
            return None
        with self._watch_lock:
            if self._watcher is None:
                self._watcher = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            return self._watcher.execute("PRAGMA data_version").fetchone()[0]

    # -- writing -----------------------------------------------------------------------

    def has_content(self, source: str, content_hash: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(_SAME_CONTENT, {"b_source": source, "b_hash": content_hash}).first() is not None

    def save(self, doc: Document) -> str:
        """Store a document with its blocks and statements: 'ingested', 'new-version' (the
        source changed; older versions stay) or 'unchanged' (same bytes as before)."""
        with self.engine.begin() as conn:
            after = _last_statement(conn)
            status, delta = _save(conn, doc)
            _index_keywords(conn, after)
            _add_facets(conn, delta)
            return status

    def optimize(self) -> None:
        """Tidy the keyword index after a large ingest. SQLite: merge the FTS5 segments that
        each write batch added into one (queries read every segment; two seconds at a million
        statements, and the keyword query's p50 fell by a quarter). PostgreSQL: the GIN
        index's pending list moved into the index proper (every query scans that list: up to
        4 MB of it, left by the last inserts, made a keyword query at a million statements
        five times slower than the same index built at once), then planner statistics."""
        with self.engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.execute(text("INSERT INTO statements_fts(statements_fts) VALUES('optimize')"))
            elif conn.dialect.name == "postgresql":
                conn.execute(text("SELECT gin_clean_pending_list('ix_statement_search'::regclass)"))
                conn.execute(text("ANALYZE statement_search"))

    def writer(self, batch: int = 50, seconds: float = 1.0) -> Writer:
        """A writer for many documents: each document in its own savepoint (all or nothing),
        committed in batches of up to `batch` documents or `seconds`, because one commit per
        document costs more than analysing it."""
        return Writer(self, batch, seconds)

    # -- reading -----------------------------------------------------------------------

    def documents(self, all_versions: bool = False, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Documents with their statement counts, by source and version (a page of them with
        `limit` and `offset`; counts are computed for that page only)."""
        query = select(documents.c.id, documents.c.source, documents.c.version, documents.c.title,
                       documents.c.language, documents.c.date, documents.c.author,
                       documents.c.format, documents.c.is_latest)
        if not all_versions:
            query = query.where(documents.c.is_latest.is_(True))
        query = query.order_by(documents.c.source, documents.c.version).offset(offset)
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(query.limit(limit) if limit is not None else query)]
            per: dict[str, dict[str, int]] = defaultdict(dict)
            ids = [r["id"] for r in rows]
            for start in range(0, len(ids), 500):
                for r in conn.execute(select(statements.c.document_id, statements.c.kind, func.count().label("n"))
                                      .where(statements.c.document_id.in_(ids[start:start + 500]))
                                      .group_by(statements.c.document_id, statements.c.kind)):
                    per[r.document_id][r.kind] = r.n
        for r in rows:
            r["recommendations"] = per[r["id"]].get("recommendation", 0)
            r["commitments"] = per[r["id"]].get("commitment", 0)
        return rows

    def count_documents(self, all_versions: bool = False) -> int:
        query = select(func.count()).select_from(documents)
        if not all_versions:
            query = query.where(documents.c.is_latest.is_(True))
        with self.engine.connect() as conn:
            return conn.execute(query).scalar() or 0

    def document(self, ref: str) -> dict[str, Any]:
        """A document by id, unique id prefix, source, or file name (newest version)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.id == ref)).first()
            if row is None:
                candidates = conn.execute(select(documents).where(
                    (documents.c.id.startswith(ref)) | (documents.c.source == ref) |
                    (documents.c.source.endswith("/" + ref))).order_by(documents.c.version.desc())).all()
                if not candidates:  # a part of the file name or URL
                    candidates = conn.execute(select(documents).where(documents.c.source.contains(ref))
                                              .order_by(documents.c.version.desc())).all()
                latest = [c for c in candidates if c.is_latest] or candidates
                ids = {c.id for c in latest}
                if len(ids) > 1:
                    raise NotFound(f"document {ref!r} is ambiguous: {len(ids)} documents match; "
                                   "give more of the id")
                row = latest[0] if latest else None
        if row is None:
            raise NotFound(f"no document {ref!r}; 'rightstrack list' shows the documents")
        return dict(row._mapping)

    def statements_of(self, document_id: str) -> list[dict[str, Any]]:
        """A document's statements in order, each with its tags by field."""
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(
                select(statements).where(statements.c.document_id == document_id)
                .order_by(statements.c.position))]
            tag_rows = conn.execute(select(tags.c.statement_id, tags.c.field, tags.c.value).where(
                tags.c.document_id == document_id, tags.c.status != "rejected")
                .order_by(tags.c.position, tags.c.id)).all()
        found: dict[tuple[str, str], list[str]] = defaultdict(list)
        for t in tag_rows:
            found[(t.statement_id, t.field)].append(t.value)
        for r in rows:
            r["tags"] = {f: found[(r["id"], f)] for f in (*TAG_FIELDS, "action") if found[(r["id"], f)]}
        return rows

    def stats(self) -> dict[str, Any]:
        with self.engine.connect() as conn:
            latest = documents.c.is_latest.is_(True)
            doc_ids = select(documents.c.id).where(latest)
            by = lambda col: dict(conn.execute(  # noqa: E731
                select(col, func.count()).where(statements.c.document_id.in_(doc_ids)).group_by(col)).all())
            return {
                "documents": conn.execute(select(func.count()).where(latest)).scalar(),
                "versions": conn.execute(select(func.count()).select_from(documents)).scalar(),
                "statements": conn.execute(select(func.count()).where(
                    statements.c.document_id.in_(doc_ids))).scalar(),
                "by_kind": by(statements.c.kind),
                "by_language": {k or "unknown": v for k, v in by(statements.c.language).items()},
                "by_method": by(statements.c.method),
                "documents_by_format": dict(conn.execute(select(documents.c.format, func.count())
                                                         .where(latest).group_by(documents.c.format)).all()),
                "tags_by_field": dict(conn.execute(select(tags.c.field, func.count()).where(
                    tags.c.status != "rejected", tags.c.document_id.in_(doc_ids)).group_by(tags.c.field)).all()),
                "tags_by_method": dict(conn.execute(select(tags.c.method, func.count()).where(
                    tags.c.status == "auto", tags.c.document_id.in_(doc_ids)).group_by(tags.c.method)).all()),
                "links_by_kind": dict(conn.execute(select(links.c.kind, func.count()).where(
                    links.c.status != "rejected").group_by(links.c.kind)).all()),
            }

    # -- tags --------------------------------------------------------------------------

    def load_document(self, doc_id: str) -> Document:
        """A stored document with its blocks and statements, ready for a step to run again."""
        with self.engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.id == doc_id)).one()
            rows = conn.execute(select(statements).where(statements.c.document_id == doc_id)
                                .order_by(statements.c.position)).all()
        doc = Document(source=row.source, content_hash=row.content_hash, format=row.format, text=row.text,
                       blocks=[Block(k, "", s, e, d, mk, mt, 0, lv, lang, par)
                               for k, s, e, d, mk, mt, lv, lang, par in row.blocks],
                       title=row.title, date=row.date, author=row.author, language=row.language,
                       meta=dict(row.meta or {}))
        for b in doc.blocks:
            b.text = doc.text[b.start:b.end]
        doc.statements = [Statement(id=r.id, kind=r.kind, text=r.text, start=r.start_offset or 0,
                                    end=r.end_offset or 0, method=r.method, score=r.score, parent=r.parent_id,
                                    position=r.position, addressee_text=r.addressee_text,
                                    authors=list(r.authors or []), language=r.language, label=r.label)
                          for r in rows]
        doc.stored_id = doc_id
        return doc

    def latest_document_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.execute(select(documents.c.id).where(documents.c.is_latest.is_(True))
                                     .order_by(documents.c.source)).scalars())

    def replace_method_tags(self, method: str, rows: list[dict[str, Any]]) -> int:
        """Swap the automatic tags one method made, store-wide, for new ones (statement_id,
        document_id, field, value, score, evidence); tags a person decided stay, and no
        automatic tag repeats one of them."""
        with self.engine.begin() as conn:
            human = {(r.statement_id, r.field, r.value) for r in conn.execute(
                select(tags.c.statement_id, tags.c.field, tags.c.value).where(tags.c.status != "auto"))}
            conn.execute(tags.delete().where(tags.c.method == method, tags.c.status == "auto"))
            fresh = [dict(r, method=method, status="auto", position=100 + n) for n, r in enumerate(rows)
                     if (r["statement_id"], r["field"], r["value"]) not in human]
            _insert_many(conn, tags, fresh)
            _recount_facets(conn)
            return len(fresh)

    def replace_tags(self, doc: Document) -> int:
        """Swap a document's automatic tags for new ones, in one transaction. Tags a human
        confirmed or rejected stay as they are, and no automatic tag repeats one of them."""
        with self.engine.begin() as conn:
            delta: Counter[tuple[str, str]] = Counter()
            delta.subtract(_document_facets(conn, doc.id))  # what it counted before; after below
            human = {(r.statement_id, r.field, r.value) for r in conn.execute(
                select(tags.c.statement_id, tags.c.field, tags.c.value).where(
                    tags.c.document_id == doc.id, tags.c.status != "auto"))}
            conn.execute(tags.delete().where(tags.c.document_id == doc.id, tags.c.status == "auto",
                                             tags.c.method != "import", ~tags.c.method.like("%.learned.%")))
            rows = _tag_rows(doc, skip=human)
            _insert_tuples(conn, tags, _TAG_KEYS, rows)
            delta.update(_document_facets(conn, doc.id))
            _add_facets(conn, delta)
            return len(rows)

    def decide_tag(self, statement_id: str, field: str, value: str, decision: str, who: str = "") -> None:
        """A human confirms or rejects a tag on a statement (or, given a document id, on a
        document). Re-runs never change the decision."""
        if decision not in ("confirmed", "rejected"):
            raise ValueError("decision must be confirmed or rejected")
        with self.engine.begin() as conn:
            st = conn.execute(select(statements.c.document_id).where(statements.c.id == statement_id)).first()
            doc_id, st_id = (st.document_id, statement_id) if st else (statement_id, None)
            if not st and not conn.execute(select(documents.c.id).where(documents.c.id == statement_id)).first():
                raise NotFound(f"no statement or document {statement_id!r}; 'rightstrack export' lists ids")
            where = (tags.c.document_id == doc_id, tags.c.field == field, tags.c.value == value,
                     tags.c.statement_id.is_(None) if st_id is None else tags.c.statement_id == st_id)
            delta: Counter[tuple[str, str]] = Counter()
            delta.subtract(_document_facets(conn, doc_id))
            conn.execute(tags.delete().where(*where))
            conn.execute(tags.insert().values(document_id=doc_id, statement_id=st_id, field=field, value=value,
                                              method="human", score=1.0, evidence={"by": who}, status=decision,
                                              position=999))
            delta.update(_document_facets(conn, doc_id))
            _add_facets(conn, delta)

    # -- vectors and links ---------------------------------------------------------------

    def statements_without_vectors(self, model: str) -> list[tuple[str, str, str]]:
        """(statement id, document id, text) of current statements with no vector from `model`."""
        have = select(vectors.c.statement_id).where(vectors.c.model == model)
        query = (select(statements.c.id, statements.c.document_id, statements.c.text)
                 .join(documents, documents.c.id == statements.c.document_id)
                 .where(documents.c.is_latest.is_(True), statements.c.id.not_in(have))
                 .order_by(statements.c.document_id, statements.c.position))
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(query)]

    def save_vectors(self, model: str, rows: list[tuple[str, str, bytes]], dim: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(vectors.delete().where(vectors.c.statement_id.in_([r[0] for r in rows])))
            _insert_many(conn, vectors, [{"statement_id": sid, "document_id": did, "model": model, "dim": dim,
                                             "data": data} for sid, did, data in rows])

    def link_inputs(self, model: str) -> list[dict[str, Any]]:
        """Every current statement with what linking needs: its vector, document, language,
        depth, themes and instruments (tags a person rejected left out)."""
        query = (select(statements.c.id, statements.c.document_id, statements.c.kind, statements.c.parent_id,
                        statements.c.position, statements.c.language, statements.c.text,
                        documents.c.language.label("doc_language"), documents.c.author, documents.c.date,
                        documents.c.ingested_at, documents.c.source, vectors.c.data)
                 .join(documents, documents.c.id == statements.c.document_id)
                 .join(vectors, (vectors.c.statement_id == statements.c.id) & (vectors.c.model == model))
                 .where(documents.c.is_latest.is_(True))
                 .order_by(documents.c.source, statements.c.position))
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(query)]
            tag_rows = conn.execute(select(tags.c.statement_id, tags.c.field, tags.c.value).where(
                tags.c.field.in_(("themes", "instruments", "countries", "action")), tags.c.status != "rejected",
                tags.c.statement_id.is_not(None))).all()
        found: dict[tuple[str, str], set[str]] = defaultdict(set)
        for t in tag_rows:
            found[(t.statement_id, t.field)].add(t.value)
        for r in rows:
            for field in ("themes", "instruments", "countries", "action"):
                r[field] = found[(r["id"], field)]
        return rows

    def replace_links(self, kind: str, rows: list[dict[str, Any]]) -> int:
        """Swap the automatic links of one kind for new ones; links a person confirmed or
        rejected stay, and no automatic link repeats one of them."""
        with self.engine.begin() as conn:
            human = {(r.source_id, r.target_id) for r in conn.execute(
                select(links.c.source_id, links.c.target_id).where(links.c.kind == kind, links.c.status != "auto"))}
            conn.execute(links.delete().where(links.c.kind == kind, links.c.status == "auto",
                                              links.c.method != "import"))
            fresh = [dict(r, kind=kind, status="auto") for r in rows if (r["source_id"], r["target_id"]) not in human]
            _insert_many(conn, links, fresh)
            return len(fresh)

    def recurring(self, minimum: int = 2) -> list[dict[str, Any]]:
        """Asks raised again and again: each cluster with its occurrences, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(links.c.source_id, links.c.target_id, links.c.evidence, statements.c.text,
                                       documents.c.source, documents.c.date)
                                .join(statements, statements.c.id == links.c.source_id)
                                .join(documents, documents.c.id == statements.c.document_id)
                                .where(links.c.kind == "recurrence", links.c.status != "rejected")
                                .order_by(links.c.target_id, links.c.rank)).all()
        clusters: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            clusters[r.target_id].append({"id": r.source_id, "text": r.text, "source": r.source, "date": r.date,
                                          **(r.evidence or {})})
        out = []
        for cid, occ in clusters.items():
            times = len({o.get("occasion") for o in occ})
            if times >= minimum:
                dates = [o["date"] for o in occ if o["date"]]
                out.append({"cluster": cid, "times": times, "first_raised": min(dates) if dates else None,
                            "last_raised": max(dates) if dates else None, "occurrences": occ})
        return sorted(out, key=lambda c: (-c["times"], c["cluster"]))

    def decide_link(self, source_id: str, target_id: str, kind: str, decision: str, who: str = "") -> None:
        """A person confirms or rejects a link; re-runs never change the decision."""
        if decision not in ("confirmed", "rejected"):
            raise ValueError("decision must be confirmed or rejected")
        with self.engine.begin() as conn:
            for sid in (source_id, target_id):
                if not conn.execute(select(statements.c.id).where(statements.c.id == sid)).first():
                    raise NotFound(f"no statement {sid!r}; 'rightstrack export' lists ids")
            where = (links.c.source_id == source_id, links.c.target_id == target_id, links.c.kind == kind)
            conn.execute(links.delete().where(*where))
            conn.execute(links.insert().values(source_id=source_id, target_id=target_id, kind=kind, rank=0,
                                               score=1.0, method="human", status=decision, evidence={"by": who}))

    # -- search ------------------------------------------------------------------------

    def search_keyword(self, query: str, limit: int = 200, facets: dict[str, str] | None = None) -> list[str]:
        """Statement ids whose text has every word of `query` (else any), best first, among
        current documents, optionally only those with the given facets (theme, country,
        instrument, addressee, kind, language). SQLite: FTS5 and BM25; PostgreSQL: the
        `search` tsvector (stemmed in the statement's language and unstemmed, accents
        folded; migration 0009)."""
        words = [w for w in re.findall(r"[^\W_]+", query) if w]
        if not words:
            return []
        out: list[str] = []
        with self.engine.connect() as conn:
            # Any of the words only when all of them find few (a quarter of what is asked for, at
            # most ten): over a million statements an OR of common words ranks tens of thousands
            # of matches (30 ms and more), and the meaning ranking finds what is near the query
            # anyway. With facets, always all the words.
            for joiner in (" AND ",) if facets else (" AND ", " OR "):
                seen = set(out)
                out += [r for r in self._keyword_query(conn, words, joiner, limit, facets or {}) if r not in seen]
                if len(out) >= min(limit // 4, 10) or len(words) == 1:
                    break
        return out[:limit]

    def _keyword_query(self, conn: Connection, words: list[str], joiner: str, limit: int,
                       facets: dict[str, str]) -> list[str]:
        where, params = _facet_conditions(facets)
        if self.engine.dialect.name == "postgresql":
            # The words as typed (simple) or stemmed in any language we index, all of them or
            # any; most languages stem a word alike, and the distinct forms alone made the query
            # three times faster on a million statements.
            match = (" & " if joiner == " AND " else " | ").join(words)
            # statement_search (migration 0012) is the narrow table of the tsvectors; kind and
            # language filters need the statement rows themselves.
            rows = {"kind", "language"} & set(facets)
            table = "statement_search w JOIN statements s ON s.id = w.id" if rows else "statement_search s"
            tsv = "w.search" if rows else "s.search"
            if facets:  # every form spelled out: PostgreSQL then plans from the matches, 5x faster here
                tsquery = " || ".join(f"to_tsquery('rt_{name}', :q)" for name in ("simple", *PG_CONFIGS))
                return list(conn.execute(text(
                    f"SELECT s.id FROM {table} JOIN documents d ON d.id = s.document_id, "
                    f"(SELECT {tsquery} AS query) q WHERE d.is_latest AND {tsv} @@ q.query{where} "
                    f"ORDER BY ts_rank({tsv}, q.query) DESC, s.id LIMIT :n"),
                    {"q": match, "n": limit, **params}).scalars())
            # Without facets, the distinct forms only (a third of the time), and the statements of
            # older versions (few) left out rather than every match joined to its document.
            return list(conn.execute(text(
                "SELECT s.id FROM statement_search s, "
                "(SELECT string_agg(DISTINCT '(' || to_tsquery(('rt_' || cfg)::regconfig, :q)::text || ')', ' | ')"
                "::tsquery AS query FROM unnest(CAST(:configs AS text[])) cfg) q "
                "WHERE s.search @@ q.query AND s.document_id NOT IN (SELECT id FROM documents WHERE NOT is_latest) "
                "ORDER BY ts_rank(s.search, q.query) DESC, s.id LIMIT :n"),
                {"q": match, "n": limit, "configs": ["simple", *PG_CONFIGS]}).scalars())
        if self.engine.dialect.name != "sqlite":
            return []
        match = joiner.join(f'"{w}"' for w in words)
        if facets:  # rank only the matches that have the facets
            return list(conn.execute(text(
                "SELECT s.id FROM statements_fts f JOIN statements s ON s.rowid = f.rowid "
                "JOIN documents d ON d.id = s.document_id WHERE statements_fts MATCH :q AND d.is_latest"
                f"{where} ORDER BY f.rank LIMIT :n"), {"q": match, "n": limit, **params}).scalars())
        # The best matches first, then their statement rows: joining every match before ranking
        # cost 40% more on 100,000 statements. Older versions' statements are left out here
        # rather than by joining each match to its document, which cost a quarter of the query
        # at a million statements; they are few, so more matches are read only when some were.
        old, take = self.superseded_documents(), limit
        while True:
            rows = conn.execute(text(
                "SELECT s.id, s.document_id FROM (SELECT rowid, rank FROM statements_fts WHERE statements_fts "
                "MATCH :q ORDER BY rank LIMIT :n) f JOIN statements s ON s.rowid = f.rowid ORDER BY f.rank"),
                {"q": match, "n": take}).all()
            kept = [sid for sid, doc in rows if doc not in old]
            if len(kept) >= limit or len(rows) < take:
                return kept[:limit]
            take *= 4

    def statements_with(self, facets: dict[str, str]) -> list[str]:
        """Ids of the statements of current documents that have every given theme, country,
        instrument and addressee: one range of ix_tags_facet, probed for the others (an
        INTERSECT of the ranges cost ten times more on a million statements)."""
        wanted = [(FACET_FIELDS[name], value) for name, value in sorted(facets.items()) if name in FACET_FIELDS]
        if not wanted:
            return []
        # Older versions' statements are dropped here: joined to their documents in SQL,
        # SQLite's planner chose to walk every current document's statements (a third of a
        # second at a million statements) rather than the few hundred the tags name. Without
        # older versions the index alone answers (a tag row read per statement cost 20 ms).
        old = self.superseded_documents()
        ranges = [tags.alias(f"t{i}") for i in range(len(wanted))]
        query = select(ranges[0].c.statement_id, *([ranges[0].c.document_id] if old else [])).distinct()
        for i, (t, (field, value)) in enumerate(zip(ranges, wanted, strict=True)):
            same = (t.c.field == field, t.c.value == value, t.c.status != "rejected")
            query = query.where(*same, t.c.statement_id.isnot(None)) if i == 0 else \
                query.join(t, and_(t.c.statement_id == ranges[0].c.statement_id, *same))
        with self.engine.connect() as conn:
            return [row[0] for row in conn.execute(query) if not old or row[1] not in old]

    def facet_counts(self) -> dict[str, Counter[str]]:
        """How many statements of current documents have each kind, language, theme, country,
        instrument and addressee: the totals every write keeps (facet_totals)."""
        out: dict[str, Counter[str]] = {f: Counter() for f in ("kind", "language", *TAG_FIELDS)}
        with self.engine.connect() as conn:
            for field, value, n in conn.execute(select(facet_totals).where(facet_totals.c.n > 0)):
                if field in out:
                    out[field][value] = n
        return out

    def count_facets(self) -> dict[str, Counter[str]]:
        """facet_counts computed from the tables (what the kept totals must equal): every
        statement counted from the indexes alone, then the statements of superseded versions
        (few) taken away."""
        out: dict[str, Counter[str]] = {f: Counter() for f in ("kind", "language", *TAG_FIELDS)}
        old = select(documents.c.id).where(documents.c.is_latest.is_(False))
        tagged = (tags.c.field.in_(TAG_FIELDS), tags.c.statement_id.isnot(None), tags.c.status != "rejected")
        with self.engine.connect() as conn:
            for sign, where_st, where_tag in ((1, (), ()), (-1, (statements.c.document_id.in_(old),),
                                                             (tags.c.document_id.in_(old),))):
                for kind, language, n in conn.execute(
                        select(statements.c.kind, statements.c.language, func.count()).where(*where_st)
                        .group_by(statements.c.kind, statements.c.language)):
                    out["kind"][kind] += sign * n
                    out["language"][language or "?"] += sign * n
                for field, value, n in conn.execute(
                        select(tags.c.field, tags.c.value, func.count(tags.c.statement_id.distinct()))
                        .where(*tagged, *where_tag).group_by(tags.c.field, tags.c.value)):
                    out[field][value] += sign * n
        return {name: +counts for name, counts in out.items()}  # unary + drops the zeros

    def search_rows(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Statements by id with their document's metadata and tags (for results and filters)."""
        if not ids:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(select(statements.c.id, statements.c.kind, statements.c.text, statements.c.language,
                                       statements.c.document_id).where(statements.c.id.in_(ids))).all()
            # Documents apart: joining them row by row cost more than both queries (their rows are long).
            docs = {d.id: d for d in conn.execute(
                select(documents.c.id, documents.c.source, documents.c.title, documents.c.author, documents.c.date)
                .where(documents.c.id.in_({r.document_id for r in rows})))}
            tag_rows = conn.execute(select(tags.c.statement_id, tags.c.field, tags.c.value).where(
                tags.c.document_id.in_(list(docs)), tags.c.statement_id.in_(ids), tags.c.status != "rejected")).all()
        out = {}
        for sid, kind, body, language, document_id in rows:
            _, source, title, author, date = docs[document_id]
            out[sid] = {"id": sid, "kind": kind, "text": body, "language": language, "document_id": document_id,
                        "source": source, "title": title, "author": author, "date": date, "themes": set(),
                        "countries": set(), "instruments": set(), "addressees": set()}
        for t in tag_rows:
            if t.field in ("themes", "countries", "instruments", "addressees"):
                out[t.statement_id][t.field].add(t.value)
        return out

    def vector_rows(self, model: str, after: int = 0) -> list[tuple[int, str, str, bytes]]:
        """(row number, statement id, document id, float16 bytes) of the vectors stored after
        row `after`, in order: what an in-memory index needs to catch up. Row numbers are
        SQLite's rowid and PostgreSQL's `seq` (migration 0009)."""
        seq = text("rowid" if self.engine.dialect.name == "sqlite" else "seq")
        query = (select(seq, vectors.c.statement_id, vectors.c.document_id, vectors.c.data)
                 .where(vectors.c.model == model, seq > bindparam("after", after)).order_by(seq))
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(query)]  # type: ignore[misc]

    def superseded_documents(self) -> frozenset[str]:
        """Documents that a newer version of the same source replaced, kept until anyone
        commits (see generation): keyword search and facet ranges leave them out with it."""
        generation = self.generation()  # read first: a commit after it shows next time
        if generation is not None and self._superseded and self._superseded[0] == generation:
            return self._superseded[1]
        with self.engine.connect() as conn:
            ids = frozenset(conn.execute(select(documents.c.id).where(documents.c.is_latest.is_(False))).scalars())
        if generation is not None:
            self._superseded = (generation, ids)
        return ids

    # -- export and import -------------------------------------------------------------

    def asks(self) -> dict[str, str]:
        """Statement id -> the id of its ask: one identity shared by the language versions of
        a statement (the version from the first-ingested document names it). Statements with
        no versions are their own ask and are left out.

        Built from the equivalent links (confirmed first, then by score), never putting two
        statements of one document in the same ask: a version that merged two items pairs
        with one of them, and must not chain the two asks together."""
        st, doc = statements.alias("st"), documents.alias("doc")
        with self.engine.connect() as conn:
            pairs = conn.execute(select(links.c.source_id, links.c.target_id).where(
                links.c.kind == "equivalent", links.c.status != "rejected", links.c.source_id < links.c.target_id)
                .order_by((links.c.status == "confirmed").desc(), links.c.score.desc(), links.c.id)).all()
            ids = {i for pair in pairs for i in pair}
            where = st.c.id.in_(ids) if len(ids) < 900 else st.c.id.isnot(None)
            info = {r.id: (r.document_id, r.ingested_at) for r in conn.execute(
                select(st.c.id, st.c.document_id, doc.c.ingested_at).join(doc, doc.c.id == st.c.document_id)
                .where(where)) if r.id in ids}
        members: dict[str, list[str]] = {i: [i] for i in info}
        for a, b in pairs:
            if a not in info or b not in info or members[a] is members[b]:
                continue
            if {info[i][0] for i in members[a]} & {info[i][0] for i in members[b]}:
                continue  # would put two statements of one document in one ask
            merged = members[a] + members[b]
            for i in merged:
                members[i] = merged
        out = {}
        for group in {id(g): g for g in members.values() if len(g) > 1}.values():
            first = min(group, key=lambda i: (info[i][1], i))
            out.update({i: first for i in group})
        return out

    def export_records(self, all_versions: bool = False) -> Iterator[dict[str, Any]]:
        """Statements JSONL v1 records, document by document (streamed)."""
        query = select(documents.c.id)
        if not all_versions:
            query = query.where(documents.c.is_latest.is_(True))
        with self.engine.connect() as conn:
            doc_ids = conn.execute(query.order_by(documents.c.source, documents.c.version)).scalars().all()
        asks = self.asks()
        for doc_id in doc_ids:
            yield from self._document_records(doc_id, asks)

    def _document_records(self, doc_id: str, asks: dict[str, str]) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as conn:
            doc = conn.execute(select(documents).where(documents.c.id == doc_id)).one()
            rows = conn.execute(select(statements).where(statements.c.document_id == doc_id)
                                .order_by(statements.c.position)).all()
            tag_rows = conn.execute(select(tags).where(tags.c.document_id == doc_id, tags.c.status != "rejected")
                                    .order_by(tags.c.position, tags.c.id)).all()
            link_rows = conn.execute(select(links).where(
                links.c.source_id.in_([r.id for r in rows]), links.c.status != "rejected")
                .order_by(links.c.rank, links.c.id)).all() if rows else []
        st_tags: dict[tuple[str | None, str], list[str]] = defaultdict(list)
        for t in tag_rows:
            if t.value not in st_tags[(t.statement_id, t.field)]:  # cue and learned methods may agree
                st_tags[(t.statement_id, t.field)].append(t.value)
        st_links: dict[tuple[str, str], list[str]] = defaultdict(list)
        for link in link_rows:
            st_links[(link.source_id, link.kind)].append(link.target_id)
        document = {"id": doc.id, "source": doc.source, "title": doc.title, "language": doc.language,
                    "date": doc.date, "author": doc.author, "version": doc.version, "format": doc.format,
                    "ingested_at": doc.ingested_at, "countries": st_tags[(None, "countries")],
                    "instruments": st_tags[(None, "instruments")],
                    "addressees": st_tags[(None, "addressees")], "authors": st_tags[(None, "authors")]}
        for r in rows:
            record = {"id": r.id, "kind": r.kind, "text": r.text, "parent": r.parent_id,
                      "position": r.position, "document": document}
            record.update({f: st_tags[(r.id, f)] for f in TAG_FIELDS})
            action = st_tags[(r.id, "action")]
            record.update({"action_type": int(action[0]) if action else None,
                           "authors": list(r.authors or []),
                           "equivalents": st_links[(r.id, "equivalent")],
                           "related": st_links[(r.id, "related")],
                           "events": st_links[(r.id, "event")],
                           "ask": asks.get(r.id, r.id),
                           "cluster": (st_links[(r.id, "recurrence")] or [None])[0],
                           "span": [r.start_offset, r.end_offset], "label": r.label,
                           "language": r.language, "addressee_text": r.addressee_text,
                           "method": r.method, "score": r.score})
            yield record

    def import_records(self, records: Iterable[dict[str, Any]]) -> dict[str, int]:
        """Load export records in one transaction; records already present are skipped."""
        counts = {"documents": 0, "statements": 0, "skipped": 0}
        with self.engine.begin() as conn:
            after = _last_statement(conn)
            seen_docs: set[str] = set()
            for rec in records:
                doc = rec["document"]
                if doc["id"] not in seen_docs and not conn.execute(
                        select(documents.c.id).where(documents.c.id == doc["id"])).first():
                    conn.execute(documents.insert().values(**_imported_document(doc)))
                    _insert_tags(conn, doc["id"], None, doc)
                    counts["documents"] += 1
                seen_docs.add(doc["id"])
                if conn.execute(select(statements.c.id).where(statements.c.id == rec["id"])).first():
                    counts["skipped"] += 1
                    continue
                conn.execute(statements.insert().values(**_imported_statement(rec)))
                _insert_tags(conn, doc["id"], rec["id"], rec)
                link_rows = [{"source_id": rec["id"], "target_id": t, "kind": kind, "rank": n,
                              "score": 1.0, "method": "import", "status": "auto"}
                             for kind, field in (("equivalent", "equivalents"), ("related", "related"),
                                                 ("event", "events"), ("recurrence", "cluster"))
                             for n, t in enumerate(_as_list(rec.get(field)))]
                if link_rows:
                    conn.execute(links.insert(), link_rows)
                counts["statements"] += 1
            for source in {d for (d,) in conn.execute(select(documents.c.source).distinct())}:
                top = conn.execute(select(func.max(documents.c.version)).where(documents.c.source == source)).scalar()
                conn.execute(update(documents).where(documents.c.source == source)
                             .values(is_latest=documents.c.version == top))
            _index_keywords(conn, after)
            _recount_facets(conn)
        return counts


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value else []



def _document_row(doc: Document, version: int) -> dict[str, Any]:
    return {"id": doc.id, "source": doc.source, "version": version, "is_latest": True,
            "content_hash": doc.content_hash, "format": doc.format, "content_type": doc.content_type,
            "title": doc.title, "date": doc.date, "author": doc.author, "language": doc.language,
            "text": doc.text, "meta": doc.meta, "blocks": [_block_row(b) for b in doc.blocks],
            "ingested_at": now()}


def _block_row(b: Any) -> list[Any]:
    return [b.kind, b.start, b.end, b.depth, b.marker, b.marker_type, b.level, b.language, b.parent]


def _statement_row(doc_id: str, s: Any) -> dict[str, Any]:
    return {"id": s.id, "document_id": doc_id, "kind": s.kind, "text": s.text,
            "start_offset": s.start, "end_offset": s.end, "parent_id": s.parent,
            "position": s.position, "method": s.method, "score": s.score,
            "addressee_text": s.addressee_text, "authors": s.authors, "language": s.language,
            "label": s.label}


_TAG_KEYS = ("document_id", "statement_id", "field", "value", "method", "score", "evidence", "status", "position")


def _tag_rows(doc: Document, skip: set[tuple[str | None, str, str]] = frozenset()) -> list[tuple[Any, ...]]:
    """Tag rows (values in _TAG_KEYS order, evidence as JSON text) for a document; `skip`
    holds (statement id, field, value) a human decided."""
    rows, position = [], defaultdict(int)
    doc_id, st_ids = doc.id, [s.id for s in doc.statements]  # ids are hashes: make each once
    for t in doc.tags:
        st_id = st_ids[t.statement] if t.statement is not None else None
        if (st_id, t.field, t.value) in skip:
            continue
        at = position[(st_id, t.field)]
        position[(st_id, t.field)] = at + 1
        rows.append((doc_id, st_id, t.field, t.value, t.method, t.score, _to_json(t.evidence), "auto", at))
    return rows


def _imported_document(doc: dict[str, Any]) -> dict[str, Any]:
    return {"id": doc["id"], "source": doc.get("source") or doc["id"], "version": doc.get("version") or 1,
            "is_latest": True, "content_hash": f"import:{doc['id']}", "format": doc.get("format") or "import",
            "content_type": None, "title": doc.get("title"), "date": doc.get("date"),
            "author": doc.get("author"), "language": doc.get("language"), "text": "", "meta": {},
            "blocks": [], "ingested_at": doc.get("ingested_at") or now()}


def _imported_statement(rec: dict[str, Any]) -> dict[str, Any]:
    span = rec.get("span") or [None, None]
    return {"id": rec["id"], "document_id": rec["document"]["id"], "kind": rec["kind"],
            "text": rec["text"], "start_offset": span[0], "end_offset": span[1],
            "parent_id": rec.get("parent"), "position": rec.get("position") or 0,
            "method": rec.get("method") or "import", "score": rec.get("score", 1.0),
            "addressee_text": rec.get("addressee_text"), "authors": rec.get("authors") or [],
            "language": rec.get("language"), "label": rec.get("label")}


def _insert_tags(conn: Any, doc_id: str, statement_id: str | None, rec: dict[str, Any]) -> None:
    fields = TAG_FIELDS if statement_id else ("countries", "instruments", "addressees", "authors")
    rows = [{"document_id": doc_id, "statement_id": statement_id, "field": f, "value": str(v),
             "method": "import", "score": 1.0, "evidence": {}, "status": "auto", "position": n}
            for f in fields for n, v in enumerate(rec.get(f) or [])]
    if statement_id and rec.get("action_type"):
        rows.append({"document_id": doc_id, "statement_id": statement_id, "field": "action",
                     "value": str(rec["action_type"]), "method": "import", "score": 1.0, "evidence": {},
                     "status": "auto", "position": 0})
    if rows:
        conn.execute(tags.insert(), rows)
