"""Copy a whole database to another back end (SQLite <-> PostgreSQL): every table of the
schema, row by row in primary-key order, into an empty target in one transaction, so a
failed copy leaves the target as it was."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, select, text

from ..errors import StoreError
from . import Store, _index_keywords
from .schema import metadata

BATCH = 2000


def copy_database(source: Store, target: Store, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Rows copied per table. The target must be empty (just created or migrated)."""
    with target.engine.connect() as conn:
        for table in metadata.sorted_tables:
            if conn.execute(select(text("1")).select_from(table).limit(1)).first():
                raise StoreError(f"database {target.url}: not empty ({table.name} has rows); copy into a new one")
    counts: dict[str, int] = {}
    with source.engine.connect() as src, target.engine.begin() as dst:
        for table in metadata.sorted_tables:  # parents before children (foreign keys)
            key = list(table.primary_key.columns)
            rows = src.execution_options(stream_results=True, yield_per=BATCH).execute(
                select(table).order_by(*key))
            counts[table.name] = 0
            for chunk in rows.partitions(BATCH):
                dst.execute(table.insert(), [dict(r._mapping) for r in chunk])
                counts[table.name] += len(chunk)
                if progress:
                    progress(table.name, counts[table.name])
        _after_copy(dst)
    return counts


def _after_copy(conn: Connection) -> None:
    """What the engine keeps beside the rows: SQLite's keyword index, PostgreSQL's sequences
    (ids were copied as they were, so each sequence must continue after the largest)."""
    if conn.dialect.name == "sqlite":
        _index_keywords(conn, 0)
    elif conn.dialect.name == "postgresql":
        for table in metadata.sorted_tables:
            for column in table.primary_key.columns:
                if column.autoincrement is True or (column.autoincrement == "auto" and column.type.python_type is int):
                    _reset_sequence(conn, table.name, column.name)


def _reset_sequence(conn: Connection, table: str, column: str) -> None:
    sequence: Any = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table, "c": column}).scalar()
    if sequence:
        conn.execute(text(f"SELECT setval(:s, coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)"),
                     {"s": sequence})


def row_counts(store: Store) -> dict[str, int]:
    from sqlalchemy import func

    with store.engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar() or 0
                for t in metadata.sorted_tables}
