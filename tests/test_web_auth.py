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
def site(tmp_path_factory, new_db):
    folder = tmp_path_factory.mktemp("auth")
    settings = rightstrack.Settings(db=new_db(folder / "auth.db"))
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


def test_users_from_the_command_line(tmp_path, new_db):
    db = new_db(tmp_path / "users.db")
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


def _every_write(ask, other):
    """A valid request for every route that writes, so that only the role decides the answer
    (an invalid body would be refused before the role is checked)."""
    status = {"status": "in-progress", "evidence": [{"event": "event:eu-ai-act:adopted:2024-06-13"}]}
    return {
        "/api/v1/statements/{statement_id}/status": (f"/api/v1/statements/{ask}/status", {"json": status}),
        "/statements/{statement_id}/status": (f"/statements/{ask}/status", {"data": {
            "status": "in-progress", "evidence": "event:eu-ai-act:adopted:2024-06-13"}}),
        "/api/v1/suggestions/{suggestion_id}/{decision}": ("/api/v1/suggestions/999999/accept", {}),
        "/api/v1/events": ("/api/v1/events", {"json": {"instrument": "eu-ai-act", "type": "proposed",
                                                        "date": "2021-04-21", "source": "COM(2021) 206"}}),
        "/api/v1/review": ("/api/v1/review", {"json": {"keys": [], "accept": True, "test_run": True}}),
        "/review": ("/review", {"data": {"decision": "reject", "test_run": "1"}}),
        "/api/v1/ingest": ("/api/v1/ingest", {"data": {"urls": ""}}),
        "/ingest": ("/ingest", {"data": {"urls": ""}}),
        "/api/v1/statements/{statement_id}/tags": (f"/api/v1/statements/{ask}/tags", {"json": {
            "field": "themes", "value": "asylum-migration", "decision": "confirmed"}}),
        "/statements/{statement_id}/tags": (f"/statements/{ask}/tags", {"data": {
            "field": "themes", "value": "asylum-migration", "decision": "confirmed"}}),
        "/api/v1/links": ("/api/v1/links", {"json": {"source": ask, "target": other, "decision": "rejected"}}),
        "/statements/{statement_id}/links": (f"/statements/{ask}/links", {"data": {"target": other,
                                                                                   "decision": "rejected"}}),
        "/api/v1/users": ("/api/v1/users", {"json": {"name": "matrix-api", "password": PASSWORD}}),
        "/users": ("/users", {"data": {"name": "matrix-page", "password": PASSWORD, "role": "viewer"}}),
        "/api/v1/users/{name}/disable": ("/api/v1/users/nobody/disable", {}),
        "/users/{name}/disable": ("/users/nobody/disable", {}),
        "/api/v1/users/{name}/tokens": ("/api/v1/users/nobody/tokens", {"json": {}}),
        "/users/{name}/tokens": ("/users/nobody/tokens", {}),
    }


@pytest.mark.parametrize("role", [None, "viewer", "editor", "admin"])
def test_every_write_route_checks_the_role(site, role):
    client, _, ask = site
    other = next(r["id"] for r in client.app.state.store.export_records() if r["id"] != ask)
    table = _every_write(ask, other)
    posts = {r.path for r in client.app.routes if "POST" in getattr(r, "methods", ())} - {"/login", "/logout"}
    assert posts == set(table), "a write route without a row in this matrix"
    headers = {}
    if role:  # a user of its own: other tests disable some
        store = client.app.state.store
        accounts.add_user(store, f"matrix-{role}", PASSWORD, role)
        headers = {"Authorization": f"Bearer {accounts.new_token(store, f'matrix-{role}')[1]}"}
    for route, (path, body) in table.items():
        needs = "admin" if "/users" in route else "editor"
        response = client.post(path, headers=headers, follow_redirects=False, **body)
        refused = response.status_code in (401, 403) or (
            response.status_code == 303 and response.headers["location"].startswith("/login"))
        allowed = role is not None and accounts.ROLES.index(role) >= accounts.ROLES.index(needs)
        assert refused != allowed, (route, role, response.status_code, response.text[:200])
        if role is None:
            assert response.status_code == (401 if path.startswith("/api/") else 303), route
        elif not allowed:
            assert response.status_code == 403, route


def test_tag_and_link_decisions_from_the_web_survive_a_retag(site):
    client, tokens, ask = site
    editor = {"Authorization": f"Bearer {tokens['editor']}"}
    record = client.get(f"/api/v1/statements/{ask}", headers=editor).json()
    auto = next(t for t in record["tags"] if t["status"] == "auto" and t["field"] == "instruments")
    rejected = client.post(f"/api/v1/statements/{ask}/tags", headers=editor,
                           json={"field": auto["field"], "value": auto["value"], "decision": "rejected"})
    assert rejected.status_code == 200 and rejected.json()["by"] == "editor"
    added = client.post(f"/statements/{ask}/tags", headers=editor, follow_redirects=False,
                        data={"field": "countries", "value": "BE", "decision": "confirmed"})
    assert added.status_code == 303
    bad = client.post(f"/statements/{ask}/tags", headers=editor, data={"field": "colour", "value": "x",
                                                                        "decision": "confirmed"})
    assert bad.status_code == 400 and "field" in bad.text
    rightstrack.retag(client.app.state.store, client.app.state.settings)
    tags = {(t["field"], t["value"]): t["status"] for t in
            client.get(f"/api/v1/statements/{ask}", headers=editor).json()["tags"]}
    assert tags[(auto["field"], auto["value"])] == "rejected" and tags[("countries", "BE")] == "confirmed"
    page = client.get(f"/statements/{ask}", headers=editor).text
    assert 'action="/statements/' in page and ">Reject</button>" in page
    viewer_page = client.get(f"/statements/{ask}", headers={"Authorization": f"Bearer {tokens['viewer']}"})
    assert ">Reject</button>" not in viewer_page.text


def test_admins_manage_users_and_tokens_on_the_web(site):
    client, tokens, _ = site
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    made = client.post("/users", headers=admin, follow_redirects=False,
                       data={"name": "dora", "password": PASSWORD, "role": "editor"})
    assert made.status_code == 303
    assert client.post("/users", headers=admin, data={"name": "dora", "password": PASSWORD,
                                                      "role": "editor"}).status_code == 400  # exists already
    assert client.post("/users", headers=admin, data={"name": "eve", "password": "short",
                                                      "role": "editor"}).status_code == 400
    page = client.get("/users", headers=admin).text
    assert "<td>dora</td><td>editor</td><td>active</td>" in page
    shown = client.post("/users/dora/tokens", headers=admin, data={"label": "script"}).text
    token = re.search(r"<code>(rt_[^<]+)</code>", shown).group(1)
    dora = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/review", headers=dora).status_code == 200
    assert client.post("/users/dora/disable", headers=admin, follow_redirects=False).status_code == 303
    assert client.get("/api/v1/review", headers=dora).status_code == 401
    users = {u["name"]: u for u in client.get("/api/v1/users", headers=admin).json()}
    assert users["dora"]["disabled"]
