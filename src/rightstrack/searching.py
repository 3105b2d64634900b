"""Search statements: keyword (FTS5, diacritics folded) and meaning (multilingual vectors),
fused by reciprocal rank, then filtered. "ban facial recognition" finds the Dutch ask on
"gezichtsherkenning" through its vector, and "Turkiye" finds "Türkiye" through the keyword index."""

from __future__ import annotations

from dataclasses import dataclass

from . import embed, vectorindex
from .errors import InputError
from .store import Store

RRF_K = 60  # the usual constant of reciprocal rank fusion
DEPTH = 200  # candidates taken from each ranking before fusion
FILTERS = ("kind", "theme", "country", "instrument", "addressee", "language", "document", "author", "status",
           "period")


@dataclass
class Hit:
    id: str
    kind: str
    text: str
    language: str | None
    source: str
    score: float
    keyword_rank: int | None
    vector_rank: int | None
    themes: list[str]
    countries: list[str]
    document_id: str = ""
    author: str | None = None
    date: str | None = None
    status: str = "open"
    period: str | None = None  # the Council presidency in office on the document's date


def search(store: Store, query: str, limit: int = 10, embedder: embed.Embedder | None = None,
           **filters: str | None) -> list[Hit]:
    if not query.strip():
        raise InputError("search needs some words to look for, e.g. rightstrack search \"facial recognition\"")
    keyword = store.search_keyword(query, DEPTH)
    vector = _vector_ranking(store, query, embedder or embed.default())
    fused: dict[str, float] = {}
    for ranking in (keyword, vector):
        for rank, sid in enumerate(ranking):
            fused[sid] = fused.get(sid, 0.0) + 1.0 / (RRF_K + rank + 1)
    rows = store.search_rows(list(fused))
    _follow_up(store, rows)
    hits = []
    for sid in sorted(fused, key=lambda s: -fused[s]):
        row = rows.get(sid)
        if row is None or not _passes(row, filters):
            continue
        hits.append(Hit(sid, row["kind"], row["text"], row["language"], row["source"], round(fused[sid], 5),
                        keyword.index(sid) + 1 if sid in keyword else None,
                        vector.index(sid) + 1 if sid in vector else None,
                        sorted(row["themes"]), sorted(row["countries"]), row["document_id"], row["author"],
                        row["date"], row["status"], row["period"]))
        if len(hits) >= limit:
            break
    return hits


def _vector_ranking(store: Store, query: str, embedder: embed.Embedder) -> list[str]:
    index = vectorindex.for_store(store, embedder.name)
    if not index.size:
        return []
    return [sid for sid, _ in index.top(embedder.encode([query])[0], DEPTH)]


def _follow_up(store: Store, rows: dict[str, dict]) -> None:
    """Each row's current status (of its ask; 'open' when none) and presidency."""
    from . import track

    asks, current = store.asks(), track.current(store)
    for sid, row in rows.items():
        change = current.get(asks.get(sid, sid))
        row["status"] = change.status if change else "open"
        term = track.presidency_on(row["date"])
        row["period"] = term.id if term else None


def _passes(row: dict, filters: dict[str, str | None]) -> bool:
    for name, wanted in filters.items():
        if not wanted:
            continue
        if name == "kind" and row["kind"] != wanted:
            return False
        if name == "language" and row["language"] != wanted:
            return False
        if name == "document" and wanted not in (row["document_id"], row["source"]) and \
                not row["source"].endswith(wanted) and not row["document_id"].startswith(wanted):
            return False
        if name in ("author", "status", "period") and row[name] != wanted:
            return False
        field = {"theme": "themes", "country": "countries", "instrument": "instruments", "addressee": "addressees"}
        if name in field and wanted not in row[field[name]]:
            return False
    return True
