"""The review queue (with test runs) and the ingest page."""

import time

import pytest
from fastapi.testclient import TestClient

import rightstrack
from rightstrack import accounts
from rightstrack.web import create_app

from .conftest import ROOT


@pytest.fixture(scope="module")
def site(tmp_path_factory, new_db):
    folder = tmp_path_factory.mktemp("review")
    settings = rightstrack.Settings(db=new_db(folder / "review.db"), max_bytes=20_000)
    store = rightstrack.open_store(settings=settings)
    rightstrack.ingest([str(ROOT / "examples" / "letter-to-presidency-2025.en.md"),
                        str(ROOT / "examples" / "government-programme-2025.en.pdf")], store=store, settings=settings)
    heads = {}
    for role in ("viewer", "editor"):
        accounts.add_user(store, role, "correct horse battery", role)
        heads[role] = {"Authorization": f"Bearer {accounts.new_token(store, role)[1]}"}
    store.close()
    with TestClient(create_app(settings)) as client:
        yield client, heads


def test_review_queue_test_run_writes_nothing_and_apply_decides(site):
    client, heads = site
    assert client.get("/api/v1/review", headers=heads["viewer"]).status_code == 403
    queue = client.get("/api/v1/review", headers=heads["editor"]).json()
    assert queue["links"] and all(k in queue for k in ("suggestions", "tags"))
    keys = [link["key"] for link in queue["links"]]
    trial = client.post("/api/v1/review", headers=heads["editor"], json={"keys": keys, "accept": False,
                                                                          "test_run": True}).json()
    assert trial["test_run"] and len(trial["sample"]) == min(5, len(keys)) and trial["of"] == len(keys)
    assert client.get("/api/v1/review", headers=heads["editor"]).json()["links"] == queue["links"]  # unchanged
    done = client.post("/api/v1/review", headers=heads["editor"], json={"keys": keys[:2], "accept": False}).json()
    assert len(done["done"]) == 2
    left = {link["key"] for link in client.get("/api/v1/review", headers=heads["editor"]).json()["links"]}
    assert not left & set(keys[:2])
    first = queue["links"][0]
    record = client.get(f"/api/v1/statements/{first['source_id']}", headers=heads["editor"]).json()
    assert first["target_id"] not in [a["target_id"] for a in record["answers"] if a["status"] == "auto"]
    bad = client.post("/api/v1/review", headers=heads["editor"], json={"keys": ["drop:table"], "accept": True})
    assert bad.status_code == 400 and "suggestion:, tag: or link:" in bad.json()["error"]
    page = client.get("/review", headers=heads["editor"])
    assert page.status_code == 200 and "test run on a sample first" in page.text


def test_ingest_page_checks_type_and_size_and_reports_each_file(site):
    client, heads = site
    files = [("files", ("note.md", b"# Note\n\nWe urge the Council to:\n\n- End child detention at borders.\n",
                        "text/markdown")),
             ("files", ("virus.exe", b"MZ....", "application/octet-stream")),
             ("files", ("huge.txt", b"a" * 30_000, "text/plain"))]
    assert client.post("/api/v1/ingest", files=files, headers=heads["viewer"]).status_code == 403
    assert client.post("/api/v1/ingest", files=files).status_code == 401
    outcomes = client.post("/api/v1/ingest", files=files, headers=heads["editor"]).json()["outcomes"]
    by_name = {o["source"].rsplit("-", 1)[-1] if "-" in o["source"] else o["source"]: o for o in outcomes}
    assert by_name["note.md"]["status"] == "ingested" and by_name["note.md"]["recommendations"] == 1
    assert "not a supported type" in by_name["virus.exe"]["error"]
    assert "over the limit" in by_name["huge.txt"]["error"]
    again = client.post("/api/v1/ingest", files=files[:1], headers=heads["editor"]).json()["outcomes"]
    assert again[0]["status"] == "unchanged"  # the same bytes are the same document
    assert "<h1>Ingest documents</h1>" in client.get("/ingest", headers=heads["editor"]).text


def test_the_ingest_page_runs_a_job_and_shows_its_progress(site):
    client, heads = site
    files = [("files", ("job-note.md", b"# Note\n\nWe urge the Commission to:\n\n- Fund shelters for women.\n"
                        b"- Publish the review of the Return Directive.\n", "text/markdown")),
             ("files", ("job.exe", b"MZ....", "application/octet-stream"))]
    started = client.post("/ingest", files=files, headers=heads["editor"], follow_redirects=False)
    assert started.status_code == 303 and started.headers["location"].startswith("/ingest/jobs/")
    job = started.headers["location"].rsplit("/", 1)[-1]
    assert client.get(f"/api/v1/ingest/jobs/{job}", headers=heads["viewer"]).status_code == 403
    deadline = time.monotonic() + 60
    while (state := client.get(f"/api/v1/ingest/jobs/{job}", headers=heads["editor"]).json())["state"] in (
            "running", "linking") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert state["state"] == "finished" and state["inputs"] == 2 and state["by"] == "editor"
    by_name = {o["source"].rsplit("-", 1)[-1]: o for o in state["outcomes"]}
    assert by_name["note.md"]["status"] == "ingested" and by_name["note.md"]["recommendations"] == 2
    assert "not a supported type" in by_name["job.exe"]["error"]
    page = client.get(f"/ingest/jobs/{job}", headers=heads["editor"]).text
    assert '<progress id="progress" max="2" value="2">' in page and "finished" in page
    assert 'http-equiv="refresh"' not in page  # a finished job stops reloading
    assert client.get("/ingest/jobs/..%2F..%2Fetc", headers=heads["editor"]).status_code == 404
    background = client.post("/api/v1/ingest", data={"urls": "", "background": "true"}, headers=heads["editor"])
    assert background.json()["url"].startswith("/api/v1/ingest/jobs/")
