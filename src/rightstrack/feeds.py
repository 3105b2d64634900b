"""Feeds of what changed: status changes and new statements, newest first, as Atom 1.0 or
JSON Feed 1.1, optionally for one theme or addressee. Feed readers and mailing tools turn
them into alerts; the feed's date is its newest entry's, so the same data give the same feed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

from .errors import InputError
from .scorecards import cite
from .store import Store
from .store import tracking as db

ATOM = "http://www.w3.org/2005/Atom"


@dataclass
class Entry:
    id: str
    title: str
    content: str
    updated: str
    kind: str  # status | statement


def entries(store: Store, theme: str | None = None, addressee: str | None = None, limit: int = 50) -> list[Entry]:
    info = db.statement_info(store.engine)
    asks = store.asks()
    first_of_ask: dict[str, dict[str, Any]] = {}
    for sid, st in info.items():
        first_of_ask.setdefault(asks.get(sid, sid), st)

    def wanted(st: dict[str, Any] | None) -> bool:
        return st is not None and (not theme or theme in st["themes"]) and (
            not addressee or addressee in st["addressees"] | st["document_addressees"])

    out = []
    for c in db.history(store.engine):
        st = first_of_ask.get(c.ask)
        if c.coder is None and wanted(st):
            proof = "; ".join(cite(e) for e in c.evidence)
            out.append(Entry(f"urn:rightstrack:status:{c.id}", f"{c.previous or 'open'} → {c.status}: {_short(st)}",
                             f"{c.author} ({c.confidence} confidence) on {c.date}. {c.note} Evidence: {proof}".strip(),
                             c.recorded_at or "", "status"))
    for sid, st in info.items():
        if wanted(st):
            out.append(Entry(f"urn:rightstrack:statement:{sid}", f"New {st['kind']}: {_short(st)}",
                             f"{st['text']} — {st['title'] or st['source']} ({st['date'] or 'undated'})",
                             st["ingested_at"], "statement"))
    out.sort(key=lambda e: (e.updated, e.id), reverse=True)
    return out[:limit]


def _short(st: dict[str, Any] | None) -> str:
    text = (st or {}).get("text", "")
    return text if len(text) <= 90 else text[:89] + "…"


def render(items: list[Entry], fmt: str, title: str) -> str:
    if fmt == "atom":
        return atom(items, title)
    if fmt == "json":
        return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": title,
                           "items": [{"id": e.id, "title": e.title, "content_text": e.content,
                                      "date_modified": e.updated, "tags": [e.kind]} for e in items]},
                          ensure_ascii=False, indent=1) + "\n"
    raise InputError(f"feed format {fmt!r}: use atom or json")


def atom(items: list[Entry], title: str) -> str:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", f"urn:rightstrack:feed:{title}")
    _text(feed, "title", title)
    _text(feed, "updated", items[0].updated if items else "1970-01-01T00:00:00+00:00")
    _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", "Rights Track")
    for e in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", e.id)
        _text(entry, "title", e.title)
        _text(entry, "updated", e.updated)
        ET.SubElement(entry, f"{{{ATOM}}}category", term=e.kind)
        _text(entry, "content", e.content).set("type", "text")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    el.text = value
    return el


def feed(store: Store, fmt: str = "atom", theme: str | None = None, addressee: str | None = None,
         limit: int = 50) -> str:
    scope = " ".join(x for x in (theme and f"theme {theme}", addressee and f"addressee {addressee}") if x)
    return render(entries(store, theme, addressee, limit), fmt, f"Rights Track: {scope or 'all asks'}")

