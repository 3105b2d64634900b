"""Nearest statements by meaning: top-k over unit vectors held in memory.

Up to APPROXIMATE_FROM vectors the index is the matrix itself and every query an exact
scan (`X @ q`, then `argpartition`): about 10 ms at 100,000 vectors on this 2-core machine.
At a million the scan alone takes 110-160 ms, so from APPROXIMATE_FROM on a faiss inverted
file (IVF, vectors in 8 bits) is built in a background thread; once ready a query reads
the few lists nearest to it (about 3% of the vectors), and its candidates, with every
vector added since the build, are ranked again exactly against the float32 matrix. Queries
keep the exact scan while it builds, and faceted queries (a subset) always do.
bench/scale.py reports the recall against the exact scan beside the times.

The matrix is kept per database and caught up incrementally: only vectors stored since the
last query are read from the database."""

from __future__ import annotations

import gc
import math
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .store import Store

APPROXIMATE_FROM = 200_000  # vectors; below, the exact scan is fast enough (~20 ms)
PROBES = 32  # inverted lists read per query (of about the square root of the vectors)
CANDIDATES = 4  # times k candidates re-ranked exactly


@dataclass
class Approximate:
    """A faiss IVF index over the matrix's first `rows` rows (row numbers as ids)."""

    index: Any
    rows: int
    trained_on: int  # rows when the lists were made; far more since: make them again

    def search(self, query: np.ndarray, want: int) -> np.ndarray:
        _, found = self.index.search(query.reshape(1, -1), want)
        return found[0][found[0] >= 0]


def build_approximate(matrix: np.ndarray, lists: int | None = None, seed: int = 0) -> Approximate:
    """An IVF index (8-bit scalar quantiser, inner product) over the rows of `matrix`."""
    import faiss

    n, dim = matrix.shape
    lists = lists or max(16, round(math.sqrt(n)))
    quantiser = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFScalarQuantizer(quantiser, dim, lists, faiss.ScalarQuantizer.QT_8bit,
                                          faiss.METRIC_INNER_PRODUCT)
    sample = np.random.default_rng(seed).choice(n, size=min(n, 40 * lists), replace=False)
    index.train(np.ascontiguousarray(matrix[np.sort(sample)]))
    for start in range(0, n, 100_000):  # in slices: no second copy of a large matrix
        index.add(np.ascontiguousarray(matrix[start:start + 100_000]))
    index.nprobe = min(PROBES, lists)
    return Approximate(index, n, n)


@dataclass
class VectorIndex:
    model: str
    dim: int = 0
    ids: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    size: int = 0  # rows of `matrix` in use (it grows by doubling)
    last_row: int = 0  # the database row number read last
    where: dict[str, int] = field(default_factory=dict)
    stale: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # rows of non-current documents
    stale_of: frozenset[str] | None = None  # the superseded documents `stale` was marked for
    generation: int | None = None  # the store's generation when last caught up
    approximate: Approximate | None = None
    approximate_from: int = APPROXIMATE_FROM
    _building: threading.Thread | None = None
    _replaced: int = 0  # rows replaced in place so far (an index built meanwhile is out of date)

    def add(self, rows: list[tuple[str, str, np.ndarray]]) -> None:
        """Add or replace (statement id, document id, unit vector) rows."""
        if not rows:
            return
        self._reserve(self.size + len(rows), len(rows[0][2]))
        for sid, did, vec in rows:
            i = self.where.get(sid)
            if i is not None:
                self._replaced += 1
                if self.approximate is not None and i < self.approximate.rows:
                    self.approximate = None  # it holds the old vector: made again later
            if i is None:
                i = self.size
                self.where[sid] = i
                self.ids.append(sid)
                self.documents.append(did)
                self.size += 1
            self.matrix[i] = vec
        self.stale = np.resize(self.stale, self.size)
        self.stale_of = None  # new rows: mark again

    def _reserve(self, rows: int, dim: int) -> None:
        if not self.dim:
            self.dim = dim
            self.matrix = np.zeros((0, dim), dtype=np.float32)
        if rows > len(self.matrix):
            grown = np.zeros((max(rows, 2 * len(self.matrix), 1024), self.dim), dtype=np.float32)
            grown[: self.size] = self.matrix[: self.size]
            self.matrix = grown

    def mark_stale(self, documents: frozenset[str]) -> None:
        """Leave out the rows of these (superseded) documents; a no-op when nothing changed."""
        if documents == self.stale_of:
            return
        self.stale = np.fromiter((d in documents for d in self.documents), dtype=bool, count=self.size)
        self.stale_of = documents

    def top(self, query: np.ndarray, k: int, among: list[str] | None = None) -> list[tuple[str, float]]:
        """The k nearest current statements to a unit vector, best first, with similarity;
        only those `among` some statement ids when given (faceted search)."""
        if not self.size:
            return []
        query = query.astype(np.float32)
        if among is not None:
            rows = np.fromiter((i for i in (self.where.get(sid) for sid in among) if i is not None), dtype=np.int64)
            return self._best(query, k, rows) if len(rows) else []
        approximate = self.approximate
        if approximate is not None:
            stale = int(self.stale.sum())
            if stale < approximate.rows // 4:  # else most candidates would be old versions
                found = approximate.search(query, min(approximate.rows, CANDIDATES * k + stale))
                best = self._best(query, k, np.concatenate([found, np.arange(approximate.rows, self.size)]))
                if len(best) == min(k, self.size - stale):
                    return best
        return self._best(query, k, None)

    def _best(self, query: np.ndarray, k: int, rows: np.ndarray | None) -> list[tuple[str, float]]:
        """Exact similarities over some rows (all when None), the k best of them."""
        sims = self.matrix[: self.size] @ query if rows is None else self.matrix[rows] @ query
        if self.stale.any():
            sims[self.stale if rows is None else self.stale[rows]] = -2.0
        k = min(k, len(sims))
        best = np.argpartition(-sims, k - 1)[:k]
        best = best[np.argsort(-sims[best])]
        at = best if rows is None else rows[best]
        return [(self.ids[i], float(s)) for i, s in zip(at, sims[best], strict=True) if s > -2.0]

    def prepare_approximate(self, wait: bool = False) -> None:
        """Build (or extend) the approximate index in a background thread when the vectors
        call for one; with `wait`, return once it is built."""
        if self._building and self._building.is_alive():
            if wait:
                self._building.join()
            return
        if self.size < self.approximate_from:
            return
        current = self.approximate
        if current is not None and self.size - current.rows < max(10_000, current.rows // 10):
            return
        self._building = threading.Thread(target=self._build, args=(self.matrix, self.size, self._replaced),
                                          daemon=True, name="vector-index")
        self._building.start()
        if wait:
            self._building.join()

    def _build(self, matrix: np.ndarray, rows: int, replaced: int) -> None:
        """Vectors added since the lists were made join them; four times as many: new lists.
        `matrix` is the array of the moment (a grown one is a new array; rows below `rows`
        only change by replacement, which `replaced` detects)."""
        import faiss

        current = self.approximate
        if current is not None and rows < 4 * current.trained_on:
            index = faiss.clone_index(current.index)  # searches go on reading the current one
            index.nprobe = current.index.nprobe
            index.add(np.ascontiguousarray(matrix[current.rows:rows]))
            built = Approximate(index, rows, current.trained_on)
        else:
            built = build_approximate(matrix[:rows])
        if self._replaced == replaced:
            self.approximate = built

    def refresh(self, store: Store) -> VectorIndex:
        """Catch up with the database by reading only the vectors stored since last time (all
        of them where the database cannot number its rows). A vector deleted since stays in
        the index until the next process; search drops ids the database no longer has."""
        generation = store.generation()  # read first: a commit while catching up shows next time
        if generation is not None and generation == self.generation:
            return self
        rows = store.vector_rows(self.model, self.last_row)
        if rows and rows[0][0] == 0:  # unnumbered rows: they are all of them
            self._reset()
        self._add_rows(rows)
        self.mark_stale(store.superseded_documents())
        self.generation = generation
        self.prepare_approximate()
        return self

    def _add_rows(self, rows: list[tuple[int, str, str, bytes]]) -> None:
        self.add([(sid, did, np.frombuffer(data, dtype=np.float16).astype(np.float32)) for _, sid, did, data in rows])
        if rows:
            self.last_row = rows[-1][0]

    def _reset(self) -> None:
        self.__dict__.update(VectorIndex(self.model).__dict__)


_INDEXES: dict[tuple[str, str], VectorIndex] = {}
_LOCK = threading.Lock()


def for_store(store: Store, model: str) -> VectorIndex:
    """The index of `store`'s vectors of `model`, kept between queries in this process."""
    with _LOCK:
        index = _INDEXES.setdefault((store.url, model), VectorIndex(model))
        return index.refresh(store)


def warm(store: Store, model: str) -> VectorIndex:
    """Load a server's index before its first query (the approximate index goes on building
    in the background) and move everything loaded out of the garbage collector's way: its
    full collections otherwise walk the million-entry lists, pauses of 100 ms and more in the
    middle of searches at a million statements."""
    index = for_store(store, model)
    gc.collect()
    gc.freeze()
    return index
