"""The read side, in one place: what the web pages, their JSON twins and the API show. Each
function returns plain data (dicts and lists) that serialises to JSON as it is."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import Any

from . import instruments as registry
from . import searching, themes, track
from .readcache import cached
from .store import Store, reading

# Facet name -> the hit attribute it counts.
FACETS = {"kind": "kind", "language": "language", "themes": "themes", "countries": "countries",
          "instruments": "instruments", "addressees": "addressees", "author": "author", "document": "source",
          "status": "status", "period": "period"}
CONTEXT = 400  # characters of the document shown on each side of a statement


def documents(store: Store, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    return cached(store, ("documents", limit, offset), lambda: _documents(store, limit, offset))


def _documents(store: Store, limit: int, offset: int) -> dict[str, Any]:
    return {"total": store.count_documents(), "limit": limit, "offset": offset,
            "items": store.documents(limit=limit, offset=offset)}


def document(store: Store, ref: str) -> dict[str, Any]:
    """A document with its statements, its text cut into pieces (each statement that holds
    no other marked with its id) and its versions."""
    return cached(store, ("document", ref), lambda: _document(store, ref))


def _document(store: Store, ref: str) -> dict[str, Any]:
    doc = store.document(ref)
    doc.pop("blocks", None)
    text = doc.pop("text", "")
    rows = store.statements_of(doc["id"])
    return {"document": doc, "length": len(text), "statements": rows, "text": _pieces(text, rows),
            "versions": [d for d in store.documents(all_versions=True) if d["source"] == doc["source"]]}


def _pieces(text: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    parents = {r["parent_id"] for r in rows if r["parent_id"]}
    spans = sorted((r["start_offset"], r["end_offset"], r["id"], r["kind"]) for r in rows
                   if r["id"] not in parents and r["start_offset"] is not None and r["end_offset"])
    out, at = [], 0
    for start, end, sid, kind in spans:
        if start < at:
            continue  # overlaps a piece already marked
        if start > at:
            out.append({"text": text[at:start], "statement": None, "kind": None})
        out.append({"text": text[start:end], "statement": sid, "kind": kind})
        at = end
    if at < len(text):
        out.append({"text": text[at:], "statement": None, "kind": None})
    return out


def statement(store: Store, statement_id: str) -> dict[str, Any]:
    """A statement with its source context (the span marked), language versions, tags with
    evidence, answers, events, recurrence and status history."""
    return cached(store, ("statement", statement_id), lambda: _statement(store, statement_id))


def _statement(store: Store, statement_id: str) -> dict[str, Any]:
    data = reading.statement(store.engine, statement_id)
    st, doc = data["statement"], data["document"]
    text = doc.pop("text") or ""
    start, end = st["start_offset"] or 0, st["end_offset"] or 0
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for link in data["links"]:
        by_kind.setdefault(link["kind"], []).append(link)
    ask = store.asks().get(statement_id, statement_id)
    return {"statement": st, "document": doc, "ask": ask,
            "context": {"before": text[max(0, start - CONTEXT):start], "span": text[start:end],
                        "after": text[end:end + CONTEXT]},
            "tags": data["tags"], "versions": by_kind.get("equivalent", []), "answers": by_kind.get("related", []),
            "events": by_kind.get("event", []), "recurrence": by_kind.get("recurrence", []),
            "history": [asdict(c) for c in track.history(store, statement_id)]}


def search(store: Store, query: str, limit: int = 20, terms: str | None = None,
           **filters: str | None) -> dict[str, Any]:
    """Hits of a keyword and meaning search, with facet counts over all the hits found
    (`terms`: a user's presidencies file, for each hit's period)."""
    key = ("search", query, limit, terms, tuple(sorted((k, v) for k, v in filters.items() if v)))
    return cached(store, key, lambda: _search(store, query, limit, terms, **filters))


def _values(hit: searching.Hit, attr: str) -> list[str]:
    value = getattr(hit, attr)
    if isinstance(value, list):
        return value
    return [str(value)] if value else ["?"] if attr == "language" else []


def _search(store: Store, query: str, limit: int, terms: str | None, **filters: str | None) -> dict[str, Any]:
    hits = searching.search(store, query, limit=200, terms=terms, **filters)
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for hit in hits:
        for name, attr in FACETS.items():
            counts[name].update(_values(hit, attr))
    return {"query": query, "filters": {k: v for k, v in filters.items() if v}, "total": len(hits),
            "items": [vars(h) for h in hits[:limit]],
            "facets": {name: dict(c.most_common(12)) for name, c in counts.items()}}


def _page(total: int, items: list[dict[str, Any]], limit: int, offset: int, **more: Any) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, **more, "items": items}


def statements(store: Store, filters: dict[str, str], sort: str = "document", limit: int = 50,
               offset: int = 0) -> dict[str, Any]:
    """Statements of current documents, filtered, sorted and paginated."""
    def compute() -> dict[str, Any]:
        total, items = reading.list_statements(store.engine, filters, sort, limit, offset)
        return _page(total, items, limit, offset, sort=sort, filters=filters)
    return cached(store, ("statements", tuple(sorted(filters.items())), sort, limit, offset), compute)


def tags(store: Store, filters: dict[str, str], limit: int = 50, offset: int = 0) -> dict[str, Any]:
    total, items = reading.list_tags(store.engine, filters, limit, offset)
    return _page(total, items, limit, offset, filters=filters)


def links(store: Store, filters: dict[str, str], limit: int = 50, offset: int = 0) -> dict[str, Any]:
    total, items = reading.list_links(store.engine, filters, limit, offset)
    return _page(total, items, limit, offset, filters=filters)


def statuses(store: Store, ask: str | None = None, status: str | None = None, limit: int = 50,
             offset: int = 0) -> dict[str, Any]:
    """The audit log of status changes with their evidence, newest first."""
    changes = [c for c in (track.history(store, ask) if ask else track.log(store)) if not status or c.status == status]
    changes.reverse()
    return _page(len(changes), [asdict(c) for c in changes[offset:offset + limit]], limit, offset)


def events(store: Store, settings: Any, instrument: str | None = None) -> dict[str, Any]:
    """Instrument events (the registry's and those users entered), by date."""
    found = [e for e in track.all_events(store, settings).values() if not instrument or e["instrument"] == instrument]
    return {"total": len(found), "items": sorted(found, key=lambda e: (e["date"], e["id"]))}


def taxonomy(settings: Any) -> dict[str, Any]:
    """The theme taxonomy in use (ours with the user's file of the setting `taxonomy`):
    names and descriptions by language, parent, cue phrases, linked instruments and the
    UPR Info, UHRI and SDG labels each theme stands for."""
    items = [asdict(t) for t in themes.taxonomy(settings.taxonomy).values()]
    return {"total": len(items), "items": items}


def instruments(settings: Any) -> dict[str, Any]:
    """The instrument registry in use (ours with the user's file of the setting
    `instruments`): type, title, official identifier, names by language and dated events."""
    keep = ("id", "type", "title", "identifier", "part_of", "names", "anaphora", "events")
    items = [{k: v for k, v in asdict(i).items() if k in keep}
             for i in registry.registry(settings.instruments).values()]
    return {"total": len(items), "items": items}


def facet_counts(store: Store) -> dict[str, Any]:
    """Statements of current documents by kind, language, theme, country, instrument and
    addressee: counted once per change of the data (about a second at a million)."""
    return cached(store, ("facets",), lambda: {name: dict(c.most_common()) for name, c in
                                               store.facet_counts().items()})
