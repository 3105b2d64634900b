"""The web app and its JSON twins, over httpx (FastAPI's TestClient)."""

import pytest
from fastapi.testclient import TestClient

import rightstrack
from rightstrack.web import create_app

from .conftest import ROOT

HOSTILE = "We urge the Council to:\n\n- Ban <script>alert('x')</script> spyware exports to abusive governments.\n"


@pytest.fixture(scope="module")
def client(tmp_path_factory, new_db):
    folder = tmp_path_factory.mktemp("web")
    settings = rightstrack.Settings(db=new_db(folder / "web.db"), public_read=True)
    store = rightstrack.open_store(settings=settings)
    (folder / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    rightstrack.ingest([str(ROOT / "examples"), str(folder / "hostile.md")], store=store, settings=settings)
    store.close()
    with TestClient(create_app(settings)) as c:
        yield c


def test_search_page_and_its_json_twin(client):
    page = client.get("/", params={"q": "asylum at the external borders"})
    assert page.status_code == 200 and '<label for="q">' in page.text and 'role="search"' in page.text
    twin = client.get("/api/v1/search", params={"q": "asylum at the external borders"}).json()
    assert twin["total"] >= 3 and twin["items"][0]["id"] in page.text
    assert twin["facets"]["language"] and "asylum-migration" in twin["facets"]["themes"]
    french = client.get("/api/v1/search", params={"q": "asylum", "language": "fr"}).json()
    assert french["items"] and {i["language"] for i in french["items"]} == {"fr"}
    assert set(twin["facets"]) >= {"author", "document", "status", "period"}
    assert twin["facets"]["status"] == {"open": twin["total"]} and "PL-2025-1" in twin["facets"]["period"]
    in_term = client.get("/api/v1/search", params={"q": "asylum", "period": "PL-2025-1", "kind": "commitment"}).json()
    assert in_term["items"] and {(i["period"], i["kind"]) for i in in_term["items"]} == {("PL-2025-1", "commitment")}
    assert 'language=fr' in client.get("/", params={"q": "asylum", "kind": "recommendation"}).text  # facet links
    assert 'title="Asylum and migration">asylum-migration</a>' in page.text  # a facet value's name as its tooltip
    assert client.get("/api/v1/search", params={"q": "asylum", "status": "met"}).json()["total"] == 0


def test_statement_page_shows_context_versions_and_tags_escaped(client):
    hit = client.get("/api/v1/search", params={"q": "spyware exports abusive governments"}).json()["items"][0]
    page = client.get(f"/statements/{hit['id']}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "&lt;script&gt;alert" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    english = client.get("/api/v1/search", params={"q": "Guarantee access to asylum", "language": "en"}).json()
    data = client.get(f"/api/v1/statements/{english['items'][0]['id']}").json()
    assert " ".join(data["context"]["span"].split())[:40] == " ".join(data["statement"]["text"].split())[:40]
    assert [v["target"]["language"] for v in data["versions"]] == ["fr"]  # the French version, linked
    assert data["tags"] and all({"method", "score", "evidence"} <= set(t) for t in data["tags"])


def test_documents_are_paginated_and_api_responses_carry_etags(client):
    first = client.get("/api/v1/documents", params={"limit": 2})
    body = first.json()
    assert body["total"] == 5 and len(body["items"]) == 2
    assert client.get("/api/v1/documents", params={"limit": 2, "offset": 4}).json()["items"][0]["id"]
    again = client.get("/api/v1/documents", params={"limit": 2}, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    page = client.get(f"/documents/{body['items'][0]['id']}")
    assert page.status_code == 200 and "<h2>Statements</h2>" in page.text
    doc = client.get(f"/api/v1/documents/{body['items'][0]['id']}").json()
    marked = [p for p in doc["text"] if p["statement"]]
    assert marked and "".join(p["text"] for p in doc["text"]).startswith(doc["text"][0]["text"])
    assert f'href="/statements/{marked[0]["statement"]}"><mark' in page.text


def test_errors_are_json_on_the_api_and_a_page_elsewhere(client):
    api = client.get("/api/v1/statements/nope-0001")
    assert api.status_code == 404 and "no statement nope-0001" in api.json()["error"]
    page = client.get("/statements/nope-0001")
    assert page.status_code == 404 and "<h1>Not found</h1>" in page.text
    bad = client.get("/api/v1/reports", params={"presidency": "XX-1999-1"})
    assert bad.status_code == 404 and "ids look like" in bad.json()["error"]
    missing = client.get("/api/v1/search")
    assert missing.status_code == 422 and "query.q" in missing.json()["error"]  # q is required
    assert "<h1>Not found</h1>" in client.get("/no/such/page").text


def test_openapi_schema_and_scorecard_page(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/documents", "/api/v1/statements/{statement_id}", "/api/v1/search", "/api/v1/reports"} <= set(
        schema["paths"])
    card = client.get("/reports", params={"presidency": "PL-2025-1"})
    assert card.status_code == 200 and "Scorecard: presidency PL-2025-1" in card.text
    assert 'href="/reports/file?presidency=PL-2025-1&amp;format=pdf"' in card.text or \
        'href="/reports/file?presidency=PL-2025-1&format=pdf"' in card.text
    csv_file = client.get("/reports/file", params={"presidency": "PL-2025-1", "format": "csv"})
    assert csv_file.headers["content-disposition"] == 'attachment; filename="scorecard-PL-2025-1.csv"'
    assert csv_file.text.startswith("ask,text,source")
    assert client.get("/reports/file", params={"presidency": "PL-2025-1", "format": "pdf"}).content[:4] == b"%PDF"
    data = client.get("/api/v1/reports", params={"presidency": "PL-2025-1"}).json()
    assert data["counts"]["open"] == len(data["asks"])


def test_the_taxonomy_and_the_registry_name_every_tag_value(client):
    """/api/v1/themes and /api/v1/instruments give names (and theme descriptions) in six
    languages for every theme and instrument that the store's tags use."""
    taxonomy = {t["id"]: t for t in client.get("/api/v1/themes").json()["items"]}
    registry = {i["id"]: i for i in client.get("/api/v1/instruments").json()["items"]}
    facets = client.get("/api/v1/facets").json()
    assert facets["themes"] and set(facets["themes"]) <= set(taxonomy)
    assert facets["instruments"] and set(facets["instruments"]) <= set(registry)
    for theme in taxonomy.values():
        assert set(theme["name"]) >= {"en", "fr", "de", "nl", "es", "it"}, theme["id"]
        assert set(theme["description"]) >= {"en", "fr", "de", "nl", "es", "it"}, theme["id"]
        assert all(theme["description"].values()) and theme["cues"]["en"]
    assert taxonomy["asylum-migration"]["name"]["nl"] == "Asiel en migratie"
    assert registry["eu-ai-act"]["identifier"] == "CELEX 32024R1689" and registry["eu-ai-act"]["events"]
    assert "KI-Verordnung" in registry["eu-ai-act"]["names"]["de"]


def test_lists_of_statements_tags_links_statuses_events_and_the_export(client):
    everything = client.get("/api/v1/statements", params={"limit": 500}).json()
    assert everything["total"] == len(everything["items"]) > 10
    french = client.get("/api/v1/statements", params={"language": "fr", "kind": "recommendation"}).json()
    assert french["total"] and {(i["language"], i["kind"]) for i in french["items"]} == {("fr", "recommendation")}
    themed = client.get("/api/v1/statements", params={"theme": "asylum-migration", "limit": 2, "offset": 1}).json()
    assert themed["total"] > 2 and len(themed["items"]) == 2
    assert all("asylum-migration" in [t["value"] for t in client.get("/api/v1/tags", params={
        "statement": i["id"], "field": "themes"}).json()["items"]] for i in themed["items"])
    dates = [i["date"] for i in client.get("/api/v1/statements", params={"sort": "-date", "limit": 500}).json()["items"]]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True) and dates[:len(dated)] == dated  # the undated last
    assert client.get("/api/v1/statements", params={"sort": "colour"}).status_code == 422
    countries = client.get("/api/v1/tags", params={"field": "countries", "limit": 3}).json()
    assert countries["total"] >= len(countries["items"]) and all(t["method"] for t in countries["items"])
    versions = client.get("/api/v1/links", params={"kind": "equivalent"}).json()
    assert versions["total"] and all(link["kind"] == "equivalent" for link in versions["items"])
    assert client.get("/api/v1/statuses").json() == {"total": 0, "limit": 50, "offset": 0, "items": []}
    act = client.get("/api/v1/events", params={"instrument": "eu-ai-act"}).json()["items"]
    assert act and [e["date"] for e in act] == sorted(e["date"] for e in act)
    facets = client.get("/api/v1/facets").json()
    assert facets["kind"]["recommendation"] + facets["kind"].get("commitment", 0) == everything["total"]
    assert facets["themes"]["asylum-migration"] == client.get("/api/v1/statements", params={
        "theme": "asylum-migration"}).json()["total"]
    export = client.get("/api/v1/export")
    assert export.headers["content-type"].startswith("application/x-ndjson")
    lines = export.text.splitlines()
    assert len(lines) == everything["total"] and all(line.startswith("{") for line in lines)
