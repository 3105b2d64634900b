"""The pipeline: read -> structure -> extract -> store, one document at a time.

Each document is processed and written on its own, so a failure or Ctrl-C loses nothing
that was already committed, and a bad input never stops the others."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from . import readers, sources
from .errors import InputError, RightsTrackError
from .model import Document
from .settings import Settings
from .steps import extract, structure
from .store import Store

Step = Callable[[Document, Settings], Document]
STEPS: list[tuple[str, Step]] = [("structure", structure.run), ("extract", extract.run)]


@dataclass
class Outcome:
    source: str
    status: str  # ingested | new-version | unchanged | failed
    document_id: str | None = None
    recommendations: int = 0
    commitments: int = 0
    error: str | None = None


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: bool = False
    timings: Counter[str] = field(default_factory=Counter)

    @property
    def counts(self) -> Counter[str]:
        return Counter(o.status for o in self.outcomes)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def line(self) -> str:
        c = self.counts
        text = (f"{c['ingested'] + c['new-version']} ingested ({c['new-version']} new versions), "
                f"{c['unchanged']} unchanged, {c['failed']} failed")
        return text + (" — interrupted" if self.interrupted else "")


def process(raw: readers.Raw, settings: Settings, timings: Counter[str] | None = None) -> Document:
    """Read and analyse one input, without storing it."""
    t0 = time.perf_counter()
    fmt, parsed = readers.read(raw)
    doc = Document(source=raw.source, content_hash=content_hash(raw.data), format=fmt,
                   text=parsed.text, blocks=parsed.blocks, meta=parsed.meta,
                   content_type=raw.content_type)
    if timings is not None:
        timings["read"] += time.perf_counter() - t0
    for name, step in STEPS:
        t0 = time.perf_counter()
        doc = step(doc, settings)
        if timings is not None:
            timings[name] += time.perf_counter() - t0
    return doc


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ingest(inputs: Iterable[str], settings: Settings, store: Store,
           on_outcome: Callable[[Outcome], None] | None = None) -> Summary:
    summary = Summary()
    try:
        for name in sources.expand(list(inputs)):
            outcome = _one(name, settings, store, summary.timings)
            summary.outcomes.append(outcome)
            if on_outcome:
                on_outcome(outcome)
    except KeyboardInterrupt:
        summary.interrupted = True
    return summary


def _one(name: str, settings: Settings, store: Store, timings: Counter[str]) -> Outcome:
    try:
        raw = sources.load(name, settings)
        if not sources.is_url(name):
            raw.source = str(_absolute(raw.source))
        if store.has_content(raw.source, content_hash(raw.data)):
            return Outcome(raw.source, "unchanged")
        doc = process(raw, settings, timings)
        t0 = time.perf_counter()
        status = store.save(doc)
        timings["store"] += time.perf_counter() - t0
    except InputError as exc:
        return Outcome(name, "failed", error=str(exc))
    except RightsTrackError:
        raise  # settings or database trouble: stop the batch, say why once
    except Exception as exc:
        return Outcome(name, "failed", error=f"{name}: cannot be read ({exc.__class__.__name__}: {exc})")
    kinds = Counter(s.kind for s in doc.statements)
    return Outcome(doc.source, status, doc.id, kinds["recommendation"], kinds["commitment"])


def _absolute(path: str) -> str:
    from pathlib import Path

    return str(Path(path).resolve())
