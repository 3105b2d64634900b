"""URL ingestion against a throwaway server on the loopback interface."""

import http.server
import threading
import time

import pytest

import rightstrack
from rightstrack.errors import DocumentTooLarge, FetchFailed
from rightstrack.settings import Settings
from rightstrack.sources import fetch

from .conftest import DATA

PAGE = (DATA / "nested.html").read_bytes()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        routes = {
            "/letter": (200, "text/html; charset=utf-8", PAGE),
            "/old": (301, None, b""),
            "/missing": (404, "text/plain", b"gone"),
            "/big": (200, "text/plain", b"a" * 300_000),
            "/pdf-as-octets": (200, "application/octet-stream", b"%PDF-1.4 not really"),
        }
        if self.path == "/to-loopback":  # a redirect from an allowed name to a refused address
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{self.server.server_address[1]}/letter")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(2)
        status, ctype, body = routes.get(self.path, (200, "text/plain", b"slow page text here"))
        self.send_response(status)
        if self.path == "/old":
            self.send_header("Location", "/letter")
        if ctype:
            self.send_header("Content-Type", ctype)
        if self.path != "/big":
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_url_is_ingested_with_the_url_as_source_after_redirect(server, store, settings):
    summary = rightstrack.ingest([f"{server}/old"], store=store, settings=settings)
    assert [o.status for o in summary.outcomes] == ["ingested"]
    doc = store.documents()[0]
    assert doc["source"] == f"{server}/old" and doc["format"] == "html" and doc["recommendations"] == 5


def test_fetch_errors_are_clear(server):
    small = Settings(db="x.db", max_bytes=100_000, fetch_timeout=0.5, fetch_allow="127.0.0.1")
    with pytest.raises(FetchFailed, match="HTTP 404"):
        fetch(f"{server}/missing", small)
    with pytest.raises(DocumentTooLarge, match="over the limit"):
        fetch(f"{server}/big", small)
    with pytest.raises(FetchFailed, match="no answer within"):
        fetch(f"{server}/slow", small)
    with pytest.raises(FetchFailed, match="cannot be fetched"):
        fetch("http://127.0.0.1:9/nothing", small)


def test_content_is_sniffed_not_trusted(server, settings):
    raw = fetch(f"{server}/pdf-as-octets", settings)
    with pytest.raises(rightstrack.errors.CorruptDocument, match="PDF"):
        rightstrack.readers.read(raw)


def test_private_addresses_are_refused_also_after_a_redirect(server):
    strict = Settings(db="x.db")
    with pytest.raises(FetchFailed, match=r"refused, 127\.0\.0\.1 is a loopback address"):
        fetch(f"{server}/letter", strict)
    for url, kind in (("http://169.254.169.254/latest/meta-data/", "link-local"), ("http://10.1.2.3/", "private"),
                      ("http://[::1]:9/", "loopback")):
        with pytest.raises(FetchFailed, match=f"is a {kind} address"):
            fetch(url, strict)
    allowed = Settings(db="x.db", fetch_allow="127.0.0.1")
    assert fetch(f"{server}/old", allowed).data == PAGE  # redirected on the allowed host
    hop = Settings(db="x.db", fetch_allow="localhost")  # the first host is allowed, the redirect target is not
    with pytest.raises(FetchFailed, match="refused"):
        fetch(f"{server.replace('127.0.0.1', 'localhost')}/to-loopback", hop)


@pytest.mark.parametrize("url", ["http://\x00", "http://[::1", "http://exa mple.invalid/"])
def test_malformed_urls_are_one_clear_error(url):
    with pytest.raises(FetchFailed):
        fetch(url, Settings(db="x.db"))
