"""Users, roles, sessions, CSRF and API tokens: every write route against every role."""

import re

import pytest
from fastapi.testclient import TestClient

import rightstrack
from rightstrack import accounts
from rightstrack.web import create_app

from .conftest import ROOT
from .test_cli import run

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("auth")
    settings = rightstrack.Settings(db=str(folder / "auth.db"))
    store = rightstrack.open_store(settings=settings)
    rightstrack.ingest([str(ROOT / "examples")], store=store, settings=settings)
    tokens = {}
    for role in accounts.ROLES:
        accounts.add_user(store, role, PASSWORD, role)
        tokens[role] = accounts.new_token(store, role, "tests")[1]
    ask = next(r["id"] for r in store.export_records() if r["text"].startswith("Lead the implementation of the AI"))
    store.close()
    with TestClient(create_app(settings)) as client:
        yield client, tokens, ask


def _writes(ask):
    return [("post", f"/api/v1/statements/{ask}/status",
             {"status": "in-progress", "evidence": [{"event": "event:eu-ai-act:adopted:2024-06-13"}]}),
            ("post", "/api/v1/events", {"instrument": "eu-ai-act", "type": "proposed", "date": "2021-04-21",
                                        "source": "COM(2021) 206"})]


@pytest.mark.parametrize("role, read, write, admin", [
    (None, 401, 401, 401), ("viewer", 200, 403, 403), ("editor", 200, 200, 403), ("admin", 200, 200, 200)])
def test_the_role_matrix(site, role, read, write, admin):
    client, tokens, ask = site
    headers = {"Authorization": f"Bearer {tokens[role]}"} if role else {}
    for path in ("/api/v1/documents", f"/api/v1/statements/{ask}", "/api/v1/search?q=asylum",
                 "/api/v1/reports?presidency=PL-2025-1"):
        assert client.get(path, headers=headers).status_code == read, path
    for method, path, body in _writes(ask):
        assert client.request(method, path, json=body, headers=headers).status_code == write, path
    assert client.get("/api/v1/users", headers=headers).status_code == admin
    page = client.get("/documents", headers=headers, follow_redirects=False)
    assert page.status_code == (303 if role is None else 200)  # a browser is sent to /login


def test_a_browser_signs_in_and_its_writes_need_the_csrf_token(site):
    client, _, ask = site
    client.cookies.clear()
    form = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    wrong = client.post("/login", data={"name": "editor", "password": "nope nope nope", "csrf": csrf})
    assert wrong.status_code == 401
    signed = client.post("/login", data={"name": "editor", "password": PASSWORD, "csrf": csrf,
                                         "next": f"/statements/{ask}"}, follow_redirects=False)
    assert signed.status_code == 303 and "rt_session" in signed.cookies
    page = client.get(f"/statements/{ask}")
    session_csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    body = {"status": "met", "evidence": "event:eu-ai-act:applies:2026-08-02", "note": "applies", "csrf": "forged"}
    assert client.post(f"/statements/{ask}/status", data=body).status_code == 403
    ok = client.post(f"/statements/{ask}/status", data=body | {"csrf": session_csrf}, follow_redirects=False)
    assert ok.status_code == 303
    assert "<strong>met</strong>" in client.get(f"/statements/{ask}").text
    assert client.post(f"/api/v1/statements/{ask}/status", json={"status": "met", "evidence": [
        {"event": "event:eu-ai-act:applies:2026-08-02"}]}).status_code == 403  # no X-CSRF-Token
    assert client.post(f"/api/v1/statements/{ask}/status", headers={"X-CSRF-Token": session_csrf}, json={
        "status": "met", "evidence": [{"event": "event:eu-ai-act:applies:2026-08-02"}]}).status_code == 200
    client.post("/logout", data={"csrf": session_csrf})
    assert client.get("/api/v1/documents").status_code == 401
    client.cookies.clear()


def test_sign_in_is_rate_limited_and_disabled_users_lose_their_tokens(site):
    client, tokens, _ = site
    client.cookies.clear()
    form = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    codes = [client.post("/login", data={"name": "viewer", "password": "guess number x", "csrf": csrf}).status_code
             for _ in range(6)]
    assert codes == [401] * 5 + [429]
    store = client.app.state.store
    accounts.disable(store, "viewer")
    assert client.get("/api/v1/documents", headers={"Authorization": f"Bearer {tokens['viewer']}"}).status_code == 401
    client.cookies.clear()


def test_users_from_the_command_line(tmp_path):
    db = tmp_path / "users.db"
    added = run(["users", "add", "ana", "--role", "editor", "--password", PASSWORD], db)
    assert added.returncode == 0 and "added ana (editor)" in added.stderr
    assert run(["users", "add", "bo", "--password", "short"], db).returncode == 1
    token = run(["users", "token", "ana", "--label", "script"], db)
    assert token.returncode == 0 and token.stdout.strip().startswith("rt_")
    store = rightstrack.open_store(str(db))
    assert accounts.token_user(store, token.stdout.strip()).name == "ana"
    assert run(["users", "token", "ana", "--revoke", "1"], db).returncode == 0
    assert accounts.token_user(store, token.stdout.strip()) is None
    store.close()
    assert run(["users", "disable", "ana"], db).returncode == 0
    assert '"disabled": true' in run(["users", "list", "--json"], db).stdout
