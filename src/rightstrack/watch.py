"""Watch web sources: fetch every document that came from a URL again; a page whose bytes
changed becomes a new version of the document (the old one stays), and the statements that
appeared or disappeared are reported."""

from __future__ import annotations

from dataclasses import dataclass, field

from .pipeline import Summary
from .settings import Settings
from .store import Store
from .store import tracking as db


@dataclass
class Change:
    source: str
    status: str  # new-version | unchanged | failed
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    error: str | None = None


def once(store: Store, settings: Settings) -> list[Change]:
    """One pass over the web sources."""
    from . import ingest

    sources = db.watched_sources(store.engine)
    if not sources:
        return []
    summary: Summary = ingest(sources, store=store, settings=settings)
    return [_change(store, o.source, o.status, o.error) for o in summary.outcomes]


def _change(store: Store, source: str, status: str, error: str | None) -> Change:
    change = Change(source, status, error=error)
    versions = db.versions_of(store.engine, source)
    if status == "new-version" and len(versions) >= 2:
        before = {s["text"] for s in store.statements_of(versions[-2][0])}
        after = {s["text"] for s in store.statements_of(versions[-1][0])}
        change.added, change.removed = sorted(after - before), sorted(before - after)
    return change
