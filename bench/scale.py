"""Search at scale: a store of N statements (default 1,000,000) built from synthetic
documents, on SQLite and optionally PostgreSQL, and the latency of what users ask of it.

usage: python bench/scale.py [-n 1000000] [--keep DIR] [--pg URL] [--workers 2] [--queries 200]
(with --keep, a later run reuses the stores built there; --pg names an empty PostgreSQL
database, e.g. postgresql+psycopg://postgres@/scale?host=/tmp/pg&port=5432)

The documents are letters of 31 asks each, written by this script from its own word lists:
a vocabulary of a few thousand words with a Zipf-like frequency (so that a two-word query
matches a realistic share of the asks, not a tenth of them), country names and theme words
the tagger recognises. They are ingested through the real pipeline (tagging on, linking
off); statement vectors are real sentence vectors of a few hundred asks plus noise (encoding
a million statements would take hours and is measured by bench/link.py).

Prints p50/p95 over --queries queries for: a 2-word keyword query (top 10), the same with
two facet filters, facet counts on the whole store, semantic top-10, hybrid top-10, and the
same keyword query on a bare FTS5 table / bare tsvector table holding the same rows."""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import time
from pathlib import Path

import numpy as np
from ingest import synthetic_vectors

import rightstrack
from rightstrack import embed, queries, readcache, searching, vectorindex
from rightstrack.store import PG_CONFIGS, Store

PER_DOC = 31
SYLLABLES = ["ba", "co", "de", "fi", "gu", "ha", "ja", "ki", "lo", "mu", "ne", "pa", "qui", "ro", "sa", "te", "vi",
             "za", "bre", "cla", "dri", "flo", "gra", "pri", "sto", "tra"]
DOMAIN = ["asylum", "border", "detention", "children", "women", "shelters", "journalists", "spyware", "surveillance",
          "police", "torture", "prisons", "courts", "judges", "elections", "media", "defenders", "protest",
          "minorities", "roma", "disability", "poverty", "housing", "health", "education", "climate", "labour",
          "trafficking", "refugees", "migrants", "discrimination", "privacy", "data", "weapons", "sanctions",
          "corruption", "transparency", "accountability", "remedies", "victims", "monitoring", "independent",
          "funding", "reporting", "consultation", "civil", "society", "rights", "freedom", "expression",
          "assembly", "association", "religion", "equality", "gender", "violence", "abuse", "exploitation"]
COUNTRIES = ["Belgium", "Hungary", "Poland", "Greece", "Italy", "Spain", "France", "Germany", "Türkiye", "Libya",
             "Tunisia", "Egypt", "Ukraine", "Russia", "Belarus", "Georgia", "Serbia", "Morocco", "Lebanon",
             "Syria", "Iran", "Afghanistan", "China", "Israel", "Sudan", "Ethiopia", "Nigeria", "Mexico"]
VERBS = ["Ensure", "Guarantee", "Adopt", "Strengthen", "Protect", "Fund", "Publish", "End", "Review", "Ratify",
         "Investigate", "Repeal", "Amend", "Monitor", "Establish", "Support"]
QUERY_WORDS = DOMAIN


def vocabulary(rng: random.Random, size: int = 6000) -> tuple[list[str], np.ndarray]:
    """Our own words with Zipf-like weights: made-up words, and the domain words among them at
    the ranks of content words (from the 100th on, every 10th), as in real text."""
    made = {"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size * 2)}
    words = sorted(made - set(DOMAIN))[: size - len(DOMAIN)]
    rng.shuffle(words)
    for k, word in enumerate(DOMAIN):
        words.insert(100 + 10 * k, word)
    weights = 1.0 / np.arange(1, len(words) + 1) ** 0.9
    return words, weights / weights.sum()


def letter(i: int, words: list[str], weights: np.ndarray) -> str:
    rng = random.Random(i)
    nrng = np.random.default_rng(i)
    asks = []
    for _ in range(PER_DOC - 1):
        body = " ".join(words[j] for j in nrng.choice(len(words), size=rng.randint(6, 12), p=weights))
        asks.append(f"{rng.choice(VERBS)} {body} in {rng.choice(COUNTRIES)} within {rng.randint(2, 36)} months.")
    lines = [f"Recommendations {i}", "", f"Dear Minister, this letter sets out our concerns ({i}).", "",
             "We urge the Council to:", ""]
    lines += [f"- {a}" for a in asks]
    lines += ["", f"We also call on the Presidency to {rng.choice(VERBS).lower()} {rng.choice(DOMAIN)} "
              f"{rng.choice(DOMAIN)} monitoring.", "", "Yours sincerely,", "", "The Rights Coalition"]
    return "\n".join(lines) + "\n"


def write_corpus(folder: Path, documents: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    words, weights = vocabulary(random.Random(7))
    for i in range(documents):
        path = folder / f"letter{i:07d}.txt"
        if not path.exists():
            path.write_text(letter(i, words, weights), encoding="utf-8")


def build(url: str, corpus: Path, workers: int) -> None:
    settings = rightstrack.Settings(db=url, workers=workers, link=False)
    store = rightstrack.open_store(settings=settings)
    t0 = time.perf_counter()
    summary = rightstrack.ingest([str(corpus)], store=store, settings=settings)
    elapsed = time.perf_counter() - t0
    n = len(summary.outcomes)
    print(f"  ingest         {n} documents in {elapsed:.0f} s: {n / elapsed:.0f} documents/s, "
          f"{store.stats()['statements'] / elapsed:.0f} statements/s ({summary.line()})", flush=True)
    t0 = time.perf_counter()
    stored = synthetic_vectors(store)
    print(f"  vectors        {stored} stored in {time.perf_counter() - t0:.0f} s", flush=True)
    store.close()


def timed(name: str, calls: list, repeat_cached: bool = False) -> None:
    times = []
    for call in calls:
        readcache._ANSWERS.clear()  # every call computed, not answered from the read cache
        t0 = time.perf_counter()
        call()
        times.append((time.perf_counter() - t0) * 1000)
    ms = np.array(times)
    print(f"  {name:26} p50 {np.percentile(ms, 50):7.1f} ms   p95 {np.percentile(ms, 95):7.1f} ms", flush=True)


def measure(url: str, n_queries: int) -> None:
    store = Store(rightstrack.Settings(db=url).db_url)
    encoder = embed.default()
    t0 = time.perf_counter()
    index = vectorindex.warm(store, encoder.name)  # as a server does at start
    print(f"  vector index   {index.size} vectors loaded in {time.perf_counter() - t0:.0f} s", flush=True)
    t0 = time.perf_counter()
    index.prepare_approximate(wait=True)  # (started in the background by the load) before timing anything
    if index.approximate is not None:
        print(f"  approximate    built over {index.approximate.rows} vectors in {time.perf_counter() - t0:.0f} s "
              f"more", flush=True)
    rng = random.Random(3)
    pairs = [" ".join(p) for p in rng.sample(list(itertools.permutations(QUERY_WORDS, 2)), n_queries)]
    counts = store.facet_counts()
    themes = [v for v, _ in counts["themes"].most_common(8)]
    countries = [v for v, _ in counts["countries"].most_common(12)]
    facets = [{"theme": rng.choice(themes), "country": rng.choice(countries)} for _ in pairs]
    timed("keyword, 2 words", [lambda q=q: store.search_keyword(q, 10) for q in pairs])
    timed("keyword + 2 facets", [lambda q=q, f=f: store.search_keyword(q, 10, facets=f)
                                 for q, f in zip(pairs, facets, strict=True)])
    timed("facet counts, whole store", [store.facet_counts for _ in range(min(20, n_queries))])
    vectors = encoder.encode(pairs)
    timed("semantic top-10, exact", [lambda v=v: index._best(v.astype(np.float32), 10, None) for v in vectors])
    if index.approximate is not None:
        exact = [{sid for sid, _ in index._best(v.astype(np.float32), 10, None)} for v in vectors]
        found = [{sid for sid, _ in index.top(v, 10)} for v in vectors]
        recall = np.mean([len(f & e) / 10 for f, e in zip(found, exact, strict=True)])
        print(f"  recall@10      {recall:.3f} against the exact scan", flush=True)
    timed("semantic top-10", [lambda v=v: index.top(v, 10) for v in vectors])
    timed("hybrid top-10", [lambda q=q: searching.search(store, q, limit=10, embedder=encoder) for q in pairs])
    timed("hybrid + facets (page)", [lambda q=q, f=f: queries.search(store, q, 10, **f)
                                     for q, f in zip(pairs, facets, strict=True)])
    bare(store, pairs)
    store.close()


def bare(store: Store, pairs: list[str]) -> None:
    """The same keyword query on a table of the engine's own with the same rows and nothing
    else: what the engine costs by itself."""
    from sqlalchemy import text

    with store.engine.begin() as conn:
        if store.engine.dialect.name == "sqlite":
            if not conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'bare_fts'")).first():
                conn.execute(text("CREATE VIRTUAL TABLE bare_fts USING fts5(text, "
                                  "tokenize='unicode61 remove_diacritics 2')"))
                conn.execute(text("INSERT INTO bare_fts(rowid, text) SELECT rowid, text FROM statements"))
            sql = "SELECT rowid FROM bare_fts WHERE bare_fts MATCH :q ORDER BY rank LIMIT 10"
            param = lambda q: " AND ".join(f'"{w}"' for w in q.split())  # noqa: E731
        else:  # the same tsvector values and the same query (every language's forms of the words)
            conn.execute(text("DROP TABLE IF EXISTS bare_tsv"))
            conn.execute(text("CREATE TABLE bare_tsv AS SELECT id, search AS tsv FROM statements"))
            conn.execute(text("CREATE INDEX bare_tsv_gin ON bare_tsv USING gin (tsv)"))
            conn.execute(text("ANALYZE bare_tsv"))
            sql = ("SELECT b.id FROM bare_tsv b, (SELECT string_agg(DISTINCT '(' || "
                   "to_tsquery(('rt_' || cfg)::regconfig, :q)::text || ')', ' | ')::tsquery AS query "
                   "FROM unnest(CAST(:configs AS text[])) cfg) q "
                   "WHERE b.tsv @@ q.query ORDER BY ts_rank(b.tsv, q.query) DESC LIMIT 10")
            param = lambda q: " & ".join(q.split())  # noqa: E731
    with store.engine.connect() as conn:
        configs = {"configs": ["simple", *PG_CONFIGS]} if store.engine.dialect.name == "postgresql" else {}
        timed("bare engine, same keyword", [lambda q=q: conn.execute(text(sql), {"q": param(q), **configs}).all()
                                            for q in pairs])
        # Loops one after the other drift with the machine; each query ours then bare does not.
        ours, alone = [], []
        for q in pairs * 2:
            t0 = time.perf_counter()
            store.search_keyword(q, 10)
            t1 = time.perf_counter()
            conn.execute(text(sql), {"q": param(q), **configs}).all()
            ours.append(t1 - t0)
            alone.append(time.perf_counter() - t1)
        ratio = [np.percentile(ours, p) / np.percentile(alone, p) for p in (50, 95)]
        print(f"  overhead, interleaved      p50 {ratio[0]:.2f}x       p95 {ratio[1]:.2f}x the bare engine", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=1_000_000, help="statements (31 per document)")
    ap.add_argument("--keep", default=None, help="build here and keep (a later run reuses it)")
    ap.add_argument("--pg", help="an empty PostgreSQL database URL to build and measure too")
    ap.add_argument("--pg-only", action="store_true", help="measure only the PostgreSQL store")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--queries", type=int, default=200)
    a = ap.parse_args()
    folder = Path(a.keep or "/tmp/rightstrack-scale")
    documents = a.n // PER_DOC + 1
    write_corpus(folder / "corpus", documents)
    targets = ([] if a.pg_only else [("SQLite", str(folder / "scale.db"))]) + ([("PostgreSQL", a.pg)] if a.pg else [])
    for name, url in targets:
        print(f"{name}: {documents} documents, about {documents * PER_DOC} statements", flush=True)
        store = Store(rightstrack.Settings(db=url).db_url)
        built = store.stats()["statements"] > 0
        store.close()
        if not built:
            build(url, folder / "corpus", a.workers)
        measure(url, a.queries)
    print(f"peak RSS         {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
