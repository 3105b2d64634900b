"""`rightstrack db copy`: SQLite -> PostgreSQL -> SQLite loses nothing; and PostgreSQL takes
writers in parallel."""

import json
import subprocess
import sys

import rightstrack
from rightstrack import accounts, track
from rightstrack.store import Store
from rightstrack.store.copying import copy_database, row_counts

from .conftest import ROOT
from .test_cli import run


def _filled(path) -> Store:
    settings = rightstrack.Settings(db=str(path))
    store = rightstrack.open_store(settings=settings)
    rightstrack.ingest([str(ROOT / "examples")], store=store, settings=settings)
    accounts.add_user(store, "ana", "correct horse battery", "editor")
    ask = next(r["id"] for r in store.export_records() if r["kind"] == "recommendation")
    proof = [track.evidence(store, settings, "event:eu-ai-act:adopted:2024-06-13")]
    track.set_status(store, settings, ask, "in-progress", "ana", proof, note="adopted")
    track.add_event(store, settings, "eu-ai-act", "guidelines", "2025-02-04", "Commission guidelines", "ana")
    store.decide_tag(ask, "countries", "BE", "confirmed", "ana")
    return store


def test_sqlite_to_postgresql_and_back_is_lossless(tmp_path, pg_cluster):
    first = _filled(tmp_path / "first.db")
    middle = Store(pg_cluster.new_database())
    last = Store(f"sqlite:///{tmp_path / 'last.db'}")
    copied = copy_database(first, middle)
    assert copied["statements"] == 34 and copied["statuses"] == 1 and copied["users"] == 1
    copy_database(middle, last)
    assert row_counts(first) == row_counts(middle) == row_counts(last)
    exports = [list(s.export_records(all_versions=True)) for s in (first, middle, last)]
    assert exports[0] == exports[1] == exports[2]
    histories = [[(c.status, c.author, [e.event_id for e in c.evidence]) for c in track.log(s)]
                 for s in (first, middle, last)]
    assert histories[0] == histories[1] == histories[2] == [("in-progress", "ana", ["event:eu-ai-act:adopted:2024-06-13"])]
    assert accounts.authenticate(middle, "ana", "correct horse battery").role == "editor"
    hits = rightstrack.search(middle, "asylum border", limit=3)
    assert hits and hits[0].keyword_rank is not None  # PostgreSQL's keyword index was filled
    assert rightstrack.search(last, "asylum border", limit=3)[0].keyword_rank is not None  # and SQLite's
    accounts.add_user(middle, "bo", "correct horse battery", "viewer")  # ids go on after the copied ones
    for store in (first, middle, last):
        store.close()


def test_the_command_verifies_and_refuses_a_database_in_use(tmp_path, pg_cluster):
    _filled(tmp_path / "a.db").close()
    target = pg_cluster.new_database()
    done = run(["db", "copy", str(tmp_path / "a.db"), target], tmp_path / "unused.db")
    assert done.returncode == 0 and "identical exports" in done.stderr
    again = run(["db", "copy", str(tmp_path / "a.db"), target], tmp_path / "unused.db")
    assert again.returncode == 1 and again.stderr.count("\n") == 1 and "not empty" in again.stderr


def test_postgresql_takes_two_writers_at_once(tmp_path, pg_cluster):
    url = pg_cluster.new_database()
    Store(url).close()  # migrated before the writers start
    folders = []
    for n in range(2):
        folder = tmp_path / f"batch{n}"
        folder.mkdir()
        for i in range(20):
            (folder / f"letter{i}.md").write_text(f"We urge the Council to:\n\n- Fund shelter number {n}-{i}.\n")
        folders.append(folder)
    env = {"RIGHTSTRACK_DB": url, "RIGHTSTRACK_LINK": "false"}
    procs = [subprocess.Popen([sys.executable, "-m", "rightstrack", "ingest", "-q", str(f)], env={
        **__import__("os").environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for f in folders]
    results = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    listed = json.loads(run(["list", "--json"], url).stdout)
    assert len(listed) == 40 and sum(d["recommendations"] for d in listed) == 40
