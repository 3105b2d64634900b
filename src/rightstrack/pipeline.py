"""The pipeline: read -> structure -> extract -> tag -> store.

Documents are analysed in small groups, one step over the whole group at a time, and each
is written on its own (a savepoint per document, commits in small batches), so a failure
or Ctrl-C loses nothing already saved, and a bad input never stops the others."""

from __future__ import annotations

import hashlib
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from . import readers, sources
from .errors import InputError, RightsTrackError
from .model import Document, StatementVectors
from .settings import Settings
from .steps import extract, structure, tag
from .store import Store, Writer

Step = Callable[[Document, Settings], Document]
STEPS: list[tuple[str, Step]] = [("structure", structure.run), ("extract", extract.run), ("tag", tag.run)]


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
    links: dict[str, int] = field(default_factory=dict)

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


OPTIMIZE_AFTER = 500  # documents stored by one ingest, after which the keyword index is tidied


def process(raw: readers.Raw, settings: Settings, timings: Counter[str] | None = None) -> Document:
    """Read and analyse one input, without storing it."""
    found = analyse([raw], settings, timings)[0]
    if isinstance(found, Exception):
        raise found
    return found


def analyse(raws: list[readers.Raw], settings: Settings,
            timings: Counter[str] | None = None) -> list[Document | Exception]:
    """Read and analyse inputs, each step over all of them before the next: a step's
    patterns and tables stay in the processor's caches (run document by document, each
    step evicted the others', and structure and tagging took 40-50 % longer). An input
    that fails gets its exception in its place; the others go on."""
    t0 = time.perf_counter()
    out: list[Document | Exception] = [_attempt(_read, raw) for raw in raws]
    if timings is not None:
        timings["read"] += time.perf_counter() - t0
    for name, step in STEPS:
        if name == "tag" and not settings.tag:
            continue
        t0 = time.perf_counter()
        out = [_attempt(step, doc, settings) if isinstance(doc, Document) else doc for doc in out]
        if timings is not None:
            timings[name] += time.perf_counter() - t0
    return out


def _read(raw: readers.Raw) -> Document:
    fmt, parsed = readers.read(raw)
    return Document(source=raw.source, content_hash=content_hash(raw.data), format=fmt,
                    text=parsed.text, blocks=parsed.blocks, meta=parsed.meta,
                    content_type=raw.content_type)


def _attempt(step: Callable[..., Document], *args: Any) -> Document | Exception:
    try:
        return step(*args)
    except Exception as exc:  # the caller says what it means (see _failed)
        return exc


def _failed(name: str, exc: Exception) -> Outcome:
    """The outcome of an input that could not be analysed; trouble with the settings
    stops the batch instead, to be said once."""
    if isinstance(exc, RightsTrackError) and not isinstance(exc, InputError):
        raise exc
    return Outcome(name, "failed", error=_error_text(name, exc))


def _error_text(name: str, exc: Exception) -> str:
    if isinstance(exc, InputError):
        return str(exc)
    return f"{name}: cannot be read ({exc.__class__.__name__}: {exc})"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ingest(inputs: Iterable[str], settings: Settings, store: Store,
           on_outcome: Callable[[Outcome], None] | None = None) -> Summary:
    """Each input is loaded, analysed and committed in its own transaction, in input order
    (analysed in small groups, step by step: see analyse). With settings.workers > 1 (a
    local process pool) or a Dask scheduler, analysis runs in other processes while this
    one remains the single writer."""
    summary = Summary()
    names = sources.expand(list(inputs))
    try:
        with _StopOnCtrlC() as stop, store.writer() as writer:
            if settings.workers > 1 or settings.scheduler:
                outcomes = _parallel(names, settings, writer, summary.timings)
            else:
                outcomes = _sequential(names, settings, writer, summary.timings)
            for outcome in outcomes:
                summary.outcomes.append(outcome)
                if on_outcome:
                    on_outcome(outcome)
                if stop.requested:
                    summary.interrupted = True
                    break
    except KeyboardInterrupt:  # a second Ctrl-C: stop at once
        summary.interrupted = True
    if summary.counts["ingested"] + summary.counts["new-version"] >= OPTIMIZE_AFTER:
        store.optimize()
    return summary


class _StopOnCtrlC:
    """The first Ctrl-C asks the batch to stop after the document being saved, so that
    nothing is cut in the middle of a write (the rest of its group, analysed, is left for
    the next run); a second one interrupts at once."""

    def __init__(self) -> None:
        self.requested = False
        self.previous: object = None

    def __enter__(self) -> _StopOnCtrlC:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)  # type: ignore[arg-type]

    def _handle(self, _signum: int, _frame: object) -> None:
        self.requested = True
        signal.signal(signal.SIGINT, signal.default_int_handler)


GROUP = 16  # inputs analysed together (see analyse)
GROUP_BYTES = 2**20  # ... and no more bytes than this, unless one input alone is larger


def _sequential(names: Iterable[str], settings: Settings, store: Writer,
                timings: Counter[str]) -> Iterator[Outcome]:
    """In this process: inputs loaded in small groups, analysed step by step, then saved
    one by one in input order. A large input (a long report, where the caches matter
    least) goes in a group of its own, so the smaller ones before it are saved, and a
    Ctrl-C heard, before it is analysed."""
    group: list[tuple[str, readers.Raw | Outcome]] = []
    size = 0
    for name in names:
        loaded = _load(name, settings, store)
        n = len(loaded.data) if isinstance(loaded, readers.Raw) else 0
        if group and size + n > GROUP_BYTES:
            yield from _finish(group, settings, store, timings)
            group, size = [], 0
        group.append((name, loaded))
        size += n
        if len(group) >= GROUP:
            yield from _finish(group, settings, store, timings)
            group, size = [], 0
    yield from _finish(group, settings, store, timings)


def _finish(group: list[tuple[str, readers.Raw | Outcome]], settings: Settings, store: Writer,
            timings: Counter[str]) -> Iterator[Outcome]:
    raws = [loaded for _, loaded in group if isinstance(loaded, readers.Raw)]
    analysed = iter(analyse(raws, settings, timings))
    for name, loaded in group:
        if isinstance(loaded, Outcome):
            yield loaded
            continue
        found = next(analysed)
        yield _failed(name, found) if isinstance(found, Exception) else _save(found, store, timings)


def _load(name: str, settings: Settings, store: Writer) -> readers.Raw | Outcome:
    """The input's bytes, or the outcome that makes reading them unnecessary."""
    try:
        raw = sources.load(name, settings)
    except InputError as exc:
        return Outcome(name, "failed", error=str(exc))
    if not sources.is_url(name):
        raw.source = _absolute(raw.source)
    if store.has_content(raw.source, content_hash(raw.data)):
        return Outcome(raw.source, "unchanged")
    return raw


def _save(doc: Document, store: Writer, timings: Counter[str]) -> Outcome:
    t0 = time.perf_counter()
    status = store.save(doc)
    timings["store"] += time.perf_counter() - t0
    kinds = Counter(s.kind for s in doc.statements)
    return Outcome(doc.source, status, doc.id, kinds["recommendation"], kinds["commitment"])


def _work_batch(raws: list[readers.Raw], settings: Settings) -> list[tuple[Document | None, str | None,
                                                                             Counter[str]]]:
    """In a worker process: analyse a batch of inputs, and embed their statements when
    linking will need their vectors (the writer stores them with them); errors come back
    as text."""
    timings: Counter[str] = Counter()
    out: list[tuple[Document | None, str | None, Counter[str]]] = []
    for raw, found in zip(raws, analyse(raws, settings, timings), strict=True):
        if isinstance(found, Exception):
            out.append((None, _error_text(raw.source, found), Counter()))
            continue
        if settings.link and found.statements:
            t0 = time.perf_counter()
            found.vectors = embed_statements(found)
            timings["embed"] += time.perf_counter() - t0
        out.append((found, None, Counter()))
    if out:
        out[0][2].update(timings)  # the batch's step times, counted once
    return out


def embed_statements(doc: Document) -> StatementVectors:
    from . import embed

    encoder = embed.default()
    vectors = encoder.encode([s.text for s in doc.statements])
    return StatementVectors(encoder.name, encoder.dim, [embed.to_bytes(v) for v in vectors])


BATCH = 8  # inputs per cluster task: one task per input spent more time scheduling than analysing


def _parallel(names: Iterable[str], settings: Settings, store: Writer,
              timings: Counter[str]) -> Iterator[Outcome]:
    """Analysis on the workers in batches, about 4 batches per worker in flight (bounded
    memory), outcomes in input order."""
    from . import cluster

    window: deque[tuple[str, cluster.Batch | Outcome, int]] = deque()
    with cluster.pool(settings) as workers:
        gathered: list[tuple[str, readers.Raw | Outcome]] = []

        def submit() -> None:
            raws = [raw for _, raw in gathered if not isinstance(raw, Outcome)]
            batch = workers.submit(_work_batch, raws, settings) if raws else None
            at = 0
            for name, raw in gathered:
                if isinstance(raw, Outcome):
                    window.append((name, raw, 0))
                else:
                    window.append((name, batch, at))  # type: ignore[arg-type]
                    at += 1
            gathered.clear()

        try:
            for name in names:
                gathered.append((name, _load(name, settings, store)))
                if len(gathered) >= BATCH:
                    submit()
                while len(window) >= 4 * BATCH * workers.slots:
                    yield _collect(*window.popleft(), store, timings)
            submit()
            while window:
                yield _collect(*window.popleft(), store, timings)
        finally:
            for _, pending, _ in window:
                if not isinstance(pending, Outcome):
                    pending.cancel()


def _collect(name: str, pending: Any, at: int, store: Writer, timings: Counter[str]) -> Outcome:
    if isinstance(pending, Outcome):
        return pending
    try:
        doc, error, worker_timings = pending.result()[at]
    except Exception as exc:  # the workers analysing it died, again after a retry
        return Outcome(name, "failed", error=f"{name}: the workers analysing it died "
                                              f"({exc.__class__.__name__}: {exc})")
    timings.update(worker_timings)
    if doc is None:
        return Outcome(name, "failed", error=error)
    return _save(doc, store, timings)


def _absolute(path: str) -> str:
    from pathlib import Path

    return str(Path(path).resolve())
