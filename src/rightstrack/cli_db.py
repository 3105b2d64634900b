"""`rightstrack db`: the database itself (copying it to another back end)."""

from __future__ import annotations

import click

from .cli import cli, err, out
from .errors import StoreError
from .settings import Settings
from .store import Store


@cli.group("db")
def db() -> None:
    """The database: copy it between SQLite and PostgreSQL."""


@db.command("copy")
@click.argument("source")
@click.argument("target")
@click.option("--no-verify", is_flag=True, help="Skip comparing the two databases' exports after the copy.")
def copy(source: str, target: str, no_verify: bool) -> None:
    """Copy everything (documents and their versions, statements, tags, links, vectors,
    statuses with evidence, events, suggestions, users) from SOURCE to the empty database
    TARGET, e.g. rightstrack db copy rights.db postgresql+psycopg://user@host/rights"""
    from .store.copying import copy_database, row_counts

    src, dst = Store(Settings(db=source).db_url, create=False), Store(Settings(db=target).db_url)
    try:
        counts = copy_database(src, dst)
        out.print(", ".join(f"{name} {n}" for name, n in counts.items() if n) or "nothing to copy")
        if no_verify:
            return
        if row_counts(dst) != row_counts(src):
            raise StoreError(f"{target}: the copy's row counts differ from {source}'s")
        if list(dst.export_records(all_versions=True)) != list(src.export_records(all_versions=True)):
            raise StoreError(f"{target}: the copy's export differs from {source}'s")
        err.print("verified: the same rows in every table, and identical exports")
    finally:
        src.close()
        dst.close()
