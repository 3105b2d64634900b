"""Where documents are analysed in parallel: a local pool of `workers` processes, or the
workers of a running Dask cluster at `scheduler`.

Locally a plain process pool: on two cores a Dask LocalCluster (its scheduler and comms in
the writer's process) ingested 151 documents/s where the pool did 191 (bench/ingest.py,
2,000 documents, no tagging). A pool whose worker dies (killed, out of memory) is replaced
and the batches it had in flight are sent again, once; a batch that breaks a second pool
comes back as one error per input.

On a cluster, Dask distributed rather than Ray: pure-Python packages from PyPI, futures of
the standard library's kind (the single writer consumes them as it consumes the pool's), and
a nanny that restarts a worker that dies or passes its memory limit and retries its task
elsewhere; a task that kills workers three times comes back as that input's error."""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from .errors import SettingsError
from .settings import Settings

CONNECT_SECONDS = 10


class Batch:
    """One task: a function and its arguments, and the future of its latest submission."""

    def __init__(self, pool: Pool, fn: Callable[..., Any], *args: Any) -> None:
        self.pool, self.fn, self.args = pool, fn, args
        self.tries = 0
        self._send()

    def _send(self) -> None:
        self.on = self.pool.executor
        try:
            self.future: Future = self.on.submit(self.fn, *self.args)
        except BrokenProcessPool:  # it broke since the last batch was sent
            self.pool.replace(self.on)
            self.on = self.pool.executor
            self.future = self.on.submit(self.fn, *self.args)

    def result(self) -> Any:
        while True:
            try:
                return self.future.result()
            except BrokenProcessPool:
                if self.tries >= 1:
                    raise
                self.pool.replace(self.on)
                self.tries += 1
                self._send()

    def cancel(self) -> None:
        self.future.cancel()


class Pool:
    def __init__(self, make: Callable[[], Executor], slots: int) -> None:
        self.make, self.slots = make, slots
        self.executor = make()

    def submit(self, fn: Callable[..., Any], *args: Any) -> Batch:
        return Batch(self, fn, *args)

    def replace(self, broken: Executor) -> None:
        """A worker of `broken` died: a new pool for what is sent again (once per broken pool)."""
        if self.executor is broken:
            broken.shutdown(wait=False, cancel_futures=True)
            self.executor = self.make()


def _start_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the writer decides what Ctrl-C means
    # One BLAS thread per worker for the sentence encoder: the workers already fill the
    # cores, and more threads than cores made encoding many times slower.
    os.environ["RIGHTSTRACK_THREADS"] = "1"
    from . import embed

    embed.default.cache_clear()  # an encoder forked from the writer keeps its thread count


@contextmanager
def pool(settings: Settings) -> Iterator[Pool]:
    if not settings.scheduler:
        local = Pool(lambda: ProcessPoolExecutor(settings.workers, initializer=_start_worker), settings.workers)
        try:
            yield local
        finally:
            local.executor.shutdown(cancel_futures=True)
        return
    try:
        from distributed import Client
    except ImportError as exc:
        raise SettingsError("--scheduler needs Dask distributed: pip install -e '.[cluster]'") from exc
    try:
        client = Client(settings.scheduler, timeout=CONNECT_SECONDS)
    except OSError as exc:  # no scheduler there, or none in time
        raise SettingsError(f"Dask scheduler {settings.scheduler}: cannot connect ({exc})") from exc
    logging.getLogger("distributed").setLevel(logging.ERROR)
    try:
        executor = client.get_executor(pure=False)
        yield Pool(lambda: executor, sum(client.nthreads().values()) or 1)
    finally:
        client.close()
