"""Vector search at scale: top-10 query time over N vectors (default 1,000,000), Rights Track's
index beside a bare numpy brute force, and how long the index takes to load and catch up
from a database.

usage: python bench/vectors.py [-n 1000000] [--queries 200] [--db-rows 100000]
The vectors are made from real sentence vectors of asks written from bench/ingest.py's
templates, each copied with noise (so neighbours are realistic but no two rows are equal);
the queries are new asks, encoded like a user's query."""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
from ingest import ACTORS, OBJECTS, VERBS

import rightstrack
from rightstrack import embed, vectorindex


def seeds(n: int, rng: np.random.Generator) -> list[str]:
    return [f"{VERBS[rng.integers(len(VERBS))]} {OBJECTS[rng.integers(len(OBJECTS))]} and report to "
            f"{ACTORS[rng.integers(len(ACTORS))]} within {rng.integers(2, 36)} months" for _ in range(n)]


def synthetic(base: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    for start in range(0, n, 50_000):
        stop = min(n, start + 50_000)
        block = base[rng.integers(len(base), size=stop - start)] + 0.04 * rng.standard_normal(
            (stop - start, base.shape[1]), dtype=np.float32)
        out[start:stop] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def percentiles(times: list[float]) -> str:
    ms = np.array(times) * 1000
    return f"p50 {np.percentile(ms, 50):.1f} ms, p95 {np.percentile(ms, 95):.1f} ms"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--db-rows", type=int, default=100_000, help="vectors stored and loaded through SQLite")
    a = ap.parse_args()
    rng = np.random.default_rng(7)
    encoder = embed.default()
    base = encoder.encode(seeds(2000, rng))
    queries = encoder.encode(seeds(a.queries, rng))
    matrix = synthetic(base, a.n, rng)

    index = vectorindex.VectorIndex(encoder.name)
    t0 = time.perf_counter()
    index.add([(f"s{i}", f"d{i // 30}", v) for i, v in enumerate(matrix)])
    built = time.perf_counter() - t0
    ours, bare, agree = [], [], 0
    for q in queries:
        t0 = time.perf_counter()
        got = index.top(q, 10)
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        sims = matrix @ q
        best = np.argpartition(-sims, 9)[:10]
        best = best[np.argsort(-sims[best])]
        bare.append(time.perf_counter() - t0)
        agree += [sid for sid, _ in got] == [f"s{i}" for i in best]
    print(f"vectors          {a.n} x {matrix.shape[1]} float32 ({matrix.nbytes / 2**20:.0f} MB), "
          f"index filled in {built:.1f} s")
    print(f"top-10, index    {percentiles(ours)}  ({a.queries} queries)")
    print(f"top-10, numpy    {percentiles(bare)}  (bare X @ q + argpartition)")
    print(f"same top-10      {agree}/{a.queries} queries")
    del matrix, index

    with tempfile.TemporaryDirectory() as tmp:
        store = rightstrack.open_store(str(Path(tmp) / "v.db"))
        rows = synthetic(base, a.db_rows, rng)
        with store.engine.begin() as conn:  # documents the vectors hang on (foreign key)
            from sqlalchemy import text
            conn.execute(text("INSERT INTO documents (id, source, version, is_latest, content_hash, format, text, "
                              "meta, blocks, ingested_at) VALUES (:id, :id, 1, 1, :id, 'text', '', '{}', '[]', '')"),
                         [{"id": f"d{i}"} for i in range(a.db_rows // 30 + 1)])
        for start in range(0, a.db_rows, 10_000):
            store.save_vectors(encoder.name, [(f"s{i}", f"d{i // 30}", embed.to_bytes(rows[i]))
                                              for i in range(start, min(a.db_rows, start + 10_000))], encoder.dim)
        t0 = time.perf_counter()
        index = vectorindex.for_store(store, encoder.name)
        load = time.perf_counter() - t0
        store.save_vectors(encoder.name, [(f"new{i}", "d0", embed.to_bytes(rows[i])) for i in range(1000)],
                           encoder.dim)
        t0 = time.perf_counter()
        index = vectorindex.for_store(store, encoder.name)
        catch_up = time.perf_counter() - t0
        t0 = time.perf_counter()
        vectorindex.for_store(store, encoder.name)
        idle = time.perf_counter() - t0
        store.close()
    print(f"from SQLite      load {a.db_rows} vectors {load:.2f} s; catch up 1,000 new {catch_up * 1000:.0f} ms; "
          f"nothing new {idle * 1000:.1f} ms (index now {index.size})")
    print(f"peak RSS         {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
