"""Rights Track: follow human-rights recommendations and commitments.

The library API; the CLI is a thin mirror of it.

    >>> import rightstrack
    >>> store = rightstrack.open_store("sqlite:///demo.db")        # doctest: +SKIP
    >>> summary = rightstrack.ingest(["letter.txt"], store=store)   # doctest: +SKIP
    >>> rightstrack.export(store, "out.jsonl")                      # doctest: +SKIP
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from . import exchange, readers
from .errors import RightsTrackError
from .model import Block, Document, Statement
from .settings import Settings, load_settings
from .store import Store

if TYPE_CHECKING:
    from .pipeline import Outcome, Summary

__version__ = "0.1.0"


def open_store(db: str | None = None, settings: Settings | None = None) -> Store:
    """Open (and migrate) the database named by `db`, else by the settings."""
    settings = settings or load_settings()
    url = Settings(db=db).db_url if db else settings.db_url
    return Store(url)


def check_data_files(settings: Settings) -> None:
    """Read the user's taxonomy, instrument registry, language, actor, country alias and
    presidencies files (the settings taxonomy, instruments, lang_dir, actors, countries,
    presidencies) now: a mistake in one stops a command before it starts, with one line
    naming the file, rather than once the first document needs it."""
    from . import countries, instruments, themes
    from .lang import languages

    if settings.taxonomy:
        themes.taxonomy(settings.taxonomy)
    if settings.instruments:
        instruments.check(settings.instruments)
    if settings.lang_dir:
        languages(settings.lang_dir)
    if settings.actors:
        from .steps import tag

        tag.check_actors(settings.actors)
    if settings.countries:
        countries.check(settings.countries)
    if settings.presidencies:
        from . import presidencies

        presidencies.presidencies(settings.presidencies)


def ingest(inputs: Iterable[str], store: Store | None = None, settings: Settings | None = None,
           on_outcome: Callable[[Outcome], None] | None = None) -> Summary:
    """Ingest files, folders and URLs; each document is committed on its own."""
    from . import pipeline

    settings = settings or load_settings()
    check_data_files(settings)
    store = store or open_store(settings=settings)
    summary = pipeline.ingest(inputs, settings, store, on_outcome)
    if settings.link and not summary.interrupted and \
            any(o.status in ("ingested", "new-version") for o in summary.outcomes):
        summary.links = link(store, settings)
    return summary


def read_document(path_or_bytes: str | bytes, source: str = "input",
                  settings: Settings | None = None) -> Document:
    """Read and analyse one document without storing it."""
    from .pipeline import process

    data = Path(path_or_bytes).read_bytes() if isinstance(path_or_bytes, str) else path_or_bytes
    name = path_or_bytes if isinstance(path_or_bytes, str) else source
    return process(readers.Raw(source=name, data=data), settings or load_settings())


def export(store: Store, output: str | None = None, fmt: str = "jsonl",
           all_versions: bool = False) -> int:
    """Write the statements export; returns the number of records."""
    records = store.export_records(all_versions=all_versions)
    if output in (None, "-"):
        return exchange.write(records, fmt, sys.stdout)
    with open(output, "w", encoding="utf-8", newline="") as out:
        return exchange.write(records, fmt, out)


def retag(store: Store, settings: Settings | None = None) -> dict[str, int]:
    """Run the tag step again over every current document (after a change to the taxonomy,
    the instrument registry or the country data). Human decisions on tags stay."""
    from .steps import tag

    settings = settings or load_settings()
    check_data_files(settings)
    counts = {"documents": 0, "tags": 0}
    for doc_id in store.latest_document_ids():
        doc = tag.run(store.load_document(doc_id), settings)
        counts["tags"] += store.replace_tags(doc)
        counts["documents"] += 1
    return counts


def link(store: Store, settings: Settings | None = None) -> dict[str, int]:
    """Embed new statements, find language versions and align them, and rank the commitments
    that answer each recommendation. Human decisions on links stay."""
    from . import linking

    if settings:
        check_data_files(settings)
    return linking.run(store, registry=settings.instruments if settings else None,
                       theme_model=settings.theme_model if settings else None)


def search(store: Store, query: str, limit: int = 10, settings: Settings | None = None,
           **filters: str | None) -> list:
    """Keyword and meaning search over current statements, fused; filters: kind, theme,
    country, instrument, addressee, language, document, author, status, period (the
    presidency on the document's date, ours or the setting presidencies')."""
    from . import searching

    return searching.search(store, query, limit, terms=settings.presidencies if settings else None, **filters)


def import_file(store: Store, path: str) -> dict[str, int]:
    """Load an export back into a store, all or nothing."""
    return store.import_records(exchange.read(path))


def report(store: Store, settings: Settings, fmt: str = "md", output: str | None = None,
           **scope: str | None) -> str | bytes:
    """A scorecard of one scope (presidency, document, addressee or theme) as md, html, csv
    (text) or pdf, xlsx (bytes); written to `output` when given, returned either way."""
    from . import scorecards as reports

    data = reports.render(reports.scorecard(store, settings, **scope), fmt)
    if output:
        Path(output).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return data


__all__ = [
    "Block",
    "Document",
    "RightsTrackError",
    "Settings",
    "Statement",
    "Store",
    "check_data_files",
    "export",
    "import_file",
    "ingest",
    "load_settings",
    "open_store",
    "read_document",
    "report",
    "retag",
]
