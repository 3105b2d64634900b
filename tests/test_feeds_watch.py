"""Feeds of status changes and new statements; watching web sources for new versions."""

import http.server
import json
import threading
from xml.etree import ElementTree as ET

import pytest

import rightstrack
from rightstrack import feeds, track, watch

from .test_cli import run
from .test_track import LETTER_EN, tracked  # noqa: F401 (fixture)


def test_atom_and_json_feeds_list_status_changes_and_new_statements(tracked, store, settings):  # noqa: F811
    proof = [track.event_evidence(store, settings, "event:eu-ai-act:adopted:2024-06-13")]
    track.set_status(store, settings, tracked["Close the lo"]["id"], "partially-met", "ana", proof, "adopted")
    atom = feeds.feed(store, "atom")
    root = ET.fromstring(atom.encode("utf-8"))
    ns = {"a": feeds.ATOM}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert titles[0].startswith("open → partially-met: Close the loopholes")  # newest first
    assert sum(t.startswith("New recommendation") for t in titles) == 6
    assert root.findtext("a:updated", namespaces=ns) == root.find("a:entry", ns).findtext("a:updated", namespaces=ns)
    items = json.loads(feeds.feed(store, "json", theme="technology-ai"))["items"]
    assert {i["tags"][0] for i in items} == {"status", "statement"}
    assert all("AI" in i["title"] or "IA" in i["title"] for i in items)
    assert feeds.feed(store, "atom") == atom  # same data, same feed


class Page(http.server.BaseHTTPRequestHandler):
    body = LETTER_EN.encode()

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(Page.body)))
        self.end_headers()
        self.wfile.write(Page.body)


@pytest.fixture
def page():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/letter"
    httpd.shutdown()


def test_watch_records_a_changed_page_as_a_new_version_and_says_what_changed(page, store, settings, tmp_path):
    from dataclasses import replace

    settings = replace(settings, link=False)
    rightstrack.ingest([page], store=store, settings=settings)
    assert [(c.source, c.status) for c in watch.once(store, settings)] == [(page, "unchanged")]
    Page.body = LETTER_EN.replace("- Ban the export of spyware to governments that persecute journalists.\n",
                                  "- End the detention of children at the borders.\n").encode()
    try:
        change = watch.once(store, settings)[0]
        assert change.status == "new-version"
        assert change.added == ["End the detention of children at the borders."]
        assert change.removed == ["Ban the export of spyware to governments that persecute journalists."]
        assert [d["version"] for d in store.documents(all_versions=True)] == [1, 2]
        again = run(["watch", "--once"], settings.db)
        assert again.returncode == 0 and f"unchanged {page}" in again.stdout
    finally:
        Page.body = LETTER_EN.encode()
