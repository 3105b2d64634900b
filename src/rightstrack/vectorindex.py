"""Nearest statements by meaning: exact top-k over unit vectors held in memory.

Measured on this 2-core machine (bench/vectors.py, docs/linking.md): numpy float32 brute
force (`X @ q`, then `argpartition`) answers a top-10 over 1,000,000 vectors in about a
tenth of a second and is exact; approximate libraries (usearch int8, faiss SQ8) were at
most 1.5-2x faster there while giving up recall and adding a dependency. So the index is
the matrix itself, kept in memory per database and caught up incrementally: only vectors
stored since the last query are read from the database."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np

from .store import Store


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
    stale_of: set[str] | None = None  # the superseded documents `stale` was marked for
    generation: int | None = None  # the store's generation when last caught up

    def add(self, rows: list[tuple[str, str, np.ndarray]]) -> None:
        """Add or replace (statement id, document id, unit vector) rows."""
        if not rows:
            return
        self._reserve(self.size + len(rows), len(rows[0][2]))
        for sid, did, vec in rows:
            i = self.where.get(sid)
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

    def mark_stale(self, documents: set[str]) -> None:
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
        if among is not None:
            rows = np.fromiter((i for i in (self.where.get(sid) for sid in among) if i is not None), dtype=np.int64)
            if not len(rows):
                return []
            sims = self.matrix[rows] @ query.astype(np.float32)
            sims[self.stale[rows]] = -2.0
        else:
            rows, sims = None, self.matrix[: self.size] @ query.astype(np.float32)
            if self.stale.any():
                sims[self.stale] = -2.0
        k = min(k, len(sims))
        best = np.argpartition(-sims, k - 1)[:k]
        best = best[np.argsort(-sims[best])]
        at = best if rows is None else rows[best]
        return [(self.ids[i], float(s)) for i, s in zip(at, sims[best], strict=True) if s > -2.0]

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
