"""The REST API against its own OpenAPI schema: schemathesis generates requests (a bounded
number per operation) and no answer may be a server error."""

import pytest

import rightstrack
from rightstrack import accounts

from .conftest import ROOT

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis (dev extra) is not installed")
from hypothesis import HealthCheck, settings  # noqa: E402  (hypothesis comes with schemathesis)

from rightstrack.web import create_app  # noqa: E402


def _app(folder):
    cfg = rightstrack.Settings(db=str(folder / "api.db"), fetch_timeout=2)  # generated URLs must not stall
    store = rightstrack.open_store(settings=cfg)
    rightstrack.ingest([str(ROOT / "examples")], store=store, settings=cfg)
    accounts.add_user(store, "ed", "correct horse battery", "admin")
    token = accounts.new_token(store, "ed", "schemathesis")[1]
    store.close()
    return create_app(cfg), token


APP_DIR = __import__("tempfile").mkdtemp()
APP, TOKEN = _app(__import__("pathlib").Path(APP_DIR))
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_request_makes_the_api_fail(case):
    response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code < 500, (case.method, case.formatted_path, case.query, response.text[:300])
    if response.status_code >= 400:
        assert "error" in response.json()  # errors say what to do
