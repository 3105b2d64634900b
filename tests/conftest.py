from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import rightstrack
from rightstrack.settings import Settings

from . import postgres

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).parent / "data"


def need_shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared corpus sits beside the project in CI only")
    return path


@pytest.fixture(scope="session")
def pg_cluster():
    reason = postgres.why_not()
    if reason:
        pytest.skip(reason)
    cluster = postgres.Cluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request) -> str:
    """Every test that stores something runs on both back ends."""
    if request.param == "postgresql":
        request.getfixturevalue("pg_cluster")
    return request.param


@pytest.fixture(scope="session")
def new_db(backend, request) -> Callable[[Path], str]:
    """new_db(path): a new, empty database: the SQLite file `path`, or a PostgreSQL database."""
    if backend == "sqlite":
        return str
    cluster = request.getfixturevalue("pg_cluster")
    return lambda _path: cluster.new_database()


@pytest.fixture
def settings(tmp_path: Path, new_db) -> Settings:
    # The tests' web servers listen on loopback, which URL fetching refuses unless allowed.
    return Settings(db=new_db(tmp_path / "test.db"), fetch_allow="127.0.0.1")


@pytest.fixture
def store(settings: Settings):
    s = rightstrack.open_store(settings=settings)
    yield s
    s.close()


def tree(doc) -> list[tuple[int, str, str]]:
    """(depth, kind, text start) of each block: an exact, readable picture of structure."""
    return [(b.depth, b.kind, b.text[:30]) for b in doc.blocks]


def statements(doc) -> list[tuple[str, str, str | None]]:
    """(kind, text start, parent's text start) of each statement."""
    by_id = {s.id: s for s in doc.statements}
    return [(s.kind, s.text[:30], by_id[s.parent].text[:30] if s.parent else None) for s in doc.statements]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell that a test failed
    (tests/test_e2e.py takes a screenshot then)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
