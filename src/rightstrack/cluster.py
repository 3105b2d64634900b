"""Analysis on a Dask cluster: a local one of `workers` processes, or a running one at
`scheduler`. Dask rather than Ray: it installs from PyPI as two pure-Python packages (Ray
is a large binary with its own object store and dashboard), its futures are the standard
library's (so the pipeline's single writer consumes them as before), and its nanny restarts
a worker that dies or passes its memory limit and retries its task on another, so a crash
costs time, not documents: a task that kills workers three times comes back as that input's
error."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager

from .errors import SettingsError
from .settings import Settings

CONNECT_SECONDS = 10


@contextmanager
def executor(settings: Settings) -> Iterator[tuple[Executor, int]]:
    """(an executor whose futures run on the cluster, how many tasks it runs at once)."""
    from distributed import Client, LocalCluster

    cluster = None
    try:
        if settings.scheduler:
            client = Client(settings.scheduler, timeout=CONNECT_SECONDS)
        else:
            cluster = LocalCluster(n_workers=settings.workers, threads_per_worker=1, processes=True,
                                   memory_limit=settings.worker_memory, dashboard_address=None,
                                   silence_logs=logging.ERROR)
            client = Client(cluster)
    except OSError as exc:  # no scheduler there, or none in time
        raise SettingsError(f"Dask scheduler {settings.scheduler}: cannot connect ({exc})") from exc
    try:
        slots = sum(client.nthreads().values()) or 1
        yield client.get_executor(pure=False), slots
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
