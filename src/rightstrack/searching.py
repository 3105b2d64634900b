"""Search statements: keyword (FTS5, diacritics folded) and meaning (multilingual vectors),
fused by reciprocal rank, then filtered. "ban facial recognition" finds the Dutch ask on
"gezichtsherkenning" through its vector, and "Turkiye" finds "Türkiye" through the keyword index."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import embed, vectorindex
from .errors import InputError
from .readcache import cached
from .store import FACET_FIELDS, Store

RRF_K = 60  # the usual constant of reciprocal rank fusion
DEPTH = 200  # candidates taken from each ranking before fusion
IN_RANKING = ("theme", "country", "instrument", "addressee", "kind", "language")  # filters applied in SQL
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
    instruments: list[str] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)


def search(store: Store, query: str, limit: int = 10, embedder: embed.Embedder | None = None,
           terms: str | None = None, **filters: str | None) -> list[Hit]:
    """Hits, best first; `terms`: a user's presidencies file (setting presidencies), for
    each hit's period."""
    if not query.strip():
        raise InputError("search needs some words to look for, e.g. rightstrack search \"facial recognition\"")
    embedder = embedder or embed.default()
    # Facets of statements narrow the rankings themselves (in SQL and among their vectors),
    # so that a facet shared by few statements still finds them in a million.
    facets = {k: v for k, v in filters.items() if v and k in IN_RANKING}
    ranking = cached(store, ("ranked", query, embedder.name, tuple(sorted(facets.items()))),
                     lambda: _ranked(store, query, embedder, facets))
    # Rows are read a slice of the ranking at a time, only as far as the hits asked for
    # reach: a first page needs a few dozen of the up to 400 candidates.
    step = max(2 * limit, 20)
    hits: list[Hit] = []
    for start in range(0, len(ranking.ids), step):
        for hit in _hits(store, ranking, ranking.ids[start:start + step], terms):
            if _passes(hit, filters):
                hits.append(hit)
                if len(hits) >= limit:
                    return hits
    return hits


@dataclass
class Ranking:
    """Candidates of the keyword and meaning rankings fused, best first, with their places."""

    ids: list[str]
    fused: dict[str, float]
    at_keyword: dict[str, int]
    at_vector: dict[str, int]


def _ranked(store: Store, query: str, embedder: embed.Embedder, facets: dict[str, str]) -> Ranking:
    keyword = store.search_keyword(query, DEPTH, facets=facets)
    vector = _vector_ranking(store, query, embedder, facets)
    fused: dict[str, float] = {}
    for ranking in (keyword, vector):
        for rank, sid in enumerate(ranking):
            fused[sid] = fused.get(sid, 0.0) + 1.0 / (RRF_K + rank + 1)
    return Ranking(sorted(fused, key=lambda s: -fused[s]), fused, {sid: rank for rank, sid in enumerate(keyword, 1)},
                   {sid: rank for rank, sid in enumerate(vector, 1)})


def _hits(store: Store, ranking: Ranking, ids: list[str], terms: str | None = None) -> list[Hit]:
    """Hits for some candidates, in order, with their rows (ids the store no longer has left out)."""
    rows = store.search_rows(ids)
    _follow_up(store, rows, terms)
    return [Hit(sid, row["kind"], row["text"], row["language"], row["source"], round(ranking.fused[sid], 5),
                ranking.at_keyword.get(sid), ranking.at_vector.get(sid), sorted(row["themes"]),
                sorted(row["countries"]), row["document_id"], row["author"], row["date"], row["status"],
                row["period"], sorted(row["instruments"]), sorted(row["addressees"]))
            for sid in ids if (row := rows.get(sid)) is not None]


def _vector_ranking(store: Store, query: str, embedder: embed.Embedder, facets: dict[str, str]) -> list[str]:
    index = vectorindex.for_store(store, embedder.name)
    if not index.size:
        return []
    among = store.statements_with(facets) if set(facets) & set(FACET_FIELDS) else None
    return [sid for sid, _ in index.top(embedder.encode([query])[0], DEPTH, among=among)]


def _follow_up(store: Store, rows: dict[str, dict], terms: str | None = None) -> None:
    """Each row's current status (of its ask; 'open' when none) and presidency."""
    from . import presidencies, track

    # Whole-store answers, the same for every query until the next commit.
    asks = cached(store, ("asks",), store.asks)
    current = cached(store, ("current statuses",), lambda: track.current(store))
    for sid, row in rows.items():
        change = current.get(asks.get(sid, sid))
        row["status"] = change.status if change else "open"
        term = presidencies.presidency_on(row["date"], terms)
        row["period"] = term.id if term else None


def _passes(hit: Hit, filters: dict[str, str | None]) -> bool:
    for name, wanted in filters.items():
        if not wanted:
            continue
        if name in ("kind", "language", "author", "status", "period") and getattr(hit, name) != wanted:
            return False
        if name == "document" and wanted not in (hit.document_id, hit.source) and \
                not hit.source.endswith(wanted) and not hit.document_id.startswith(wanted):
            return False
        field = {"theme": "themes", "country": "countries", "instrument": "instruments", "addressee": "addressees"}
        if name in field and wanted not in getattr(hit, field[name]):
            return False
    return True
