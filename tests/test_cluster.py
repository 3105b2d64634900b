"""Ingest in parallel: local worker processes (--workers) with one killed in the middle (its
documents are sent again, none is lost), a running Dask cluster (--scheduler), and a
scheduler that is not there (one clear line)."""

import os
import signal
import threading

import psutil
import pytest

import rightstrack
from rightstrack.errors import SettingsError


def _letters(folder, n):
    folder.mkdir()
    for i in range(n):
        (folder / f"letter{i:03}.md").write_text(f"We urge the Council to:\n\n- Fund shelter number {i}.\n"
                                                 f"- Publish report {i} on detention.\n")
    return folder


def test_a_killed_worker_loses_no_document(tmp_path, new_db):
    folder = _letters(tmp_path / "in", 240)
    settings = rightstrack.Settings(db=new_db(tmp_path / "c.db"), workers=2, link=False)
    store = rightstrack.open_store(settings=settings)
    killed = threading.Event()

    def kill_one_worker(outcome):
        if not killed.is_set():
            me = psutil.Process()  # the pool's workers are forks of this process: the same command line
            workers = [p for p in me.children() if p.cmdline() == me.cmdline()]
            if workers:
                os.kill(workers[0].pid, signal.SIGKILL)
                killed.set()

    summary = rightstrack.ingest([str(folder)], store=store, settings=settings, on_outcome=kill_one_worker)
    assert killed.is_set()
    assert summary.counts["ingested"] == 240 and not summary.failed
    assert store.stats()["statements"] == 480
    store.close()


def test_workers_embed_and_the_writer_stores_the_vectors(tmp_path, new_db):
    import numpy as np

    from rightstrack import embed

    folder = _letters(tmp_path / "in", 12)
    settings = rightstrack.Settings(db=new_db(tmp_path / "e.db"), workers=2)
    store = rightstrack.open_store(settings=settings)
    summary = rightstrack.ingest([str(folder)], store=store, settings=settings)
    assert summary.timings["embed"] > 0  # in the workers...
    assert summary.links["vectors"] == 0  # ...so linking found nothing left to embed
    encoder = embed.default()
    assert store.statements_without_vectors(encoder.name) == []
    rows = store.link_inputs(encoder.name)
    assert len(rows) == 24
    row = next(r for r in rows if r["text"].startswith("Fund shelter number 3."))
    assert np.allclose(embed.from_bytes(row["data"]), encoder.encode([row["text"]])[0], atol=2e-3)
    assert summary.links["equivalent"] + summary.links["related"] + summary.links["recurrence"] > 0
    store.close()


def test_a_running_scheduler_does_the_work(tmp_path, new_db):
    distributed = pytest.importorskip("distributed", reason="Dask distributed is not installed: pip install -e .")
    LocalCluster = distributed.LocalCluster

    folder = _letters(tmp_path / "in", 30)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        settings = rightstrack.Settings(db=new_db(tmp_path / "s.db"), scheduler=cluster.scheduler_address,
                                        link=False)
        store = rightstrack.open_store(settings=settings)
        summary = rightstrack.ingest([str(folder)], store=store, settings=settings)
        assert summary.counts["ingested"] == 30
        assert cluster.scheduler.transition_counter > 0  # the tasks ran there
        store.close()


def test_a_scheduler_that_is_not_there_is_one_clear_error(tmp_path, settings):
    folder = _letters(tmp_path / "in", 2)
    from dataclasses import replace

    store = rightstrack.open_store(settings=settings)
    with pytest.raises(SettingsError, match="cannot connect"):
        rightstrack.ingest([str(folder)], store=store, settings=replace(settings, scheduler="tcp://127.0.0.1:9"))
    store.close()
