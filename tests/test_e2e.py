"""End to end in a real browser (Debian's chromium driven by Playwright) against a server
started on a free loopback port: ingest the seeds, search, follow an ask to its Dutch
version, record a status as an editor, see it in the scorecard; a viewer cannot change
anything. A failing step leaves a screenshot in tests/screenshots/."""

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

import rightstrack
from rightstrack import accounts

from .conftest import need_shared

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed (.ci/run installs it)")
SHOTS = Path(__file__).parent / "screenshots"
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def server(tmp_path_factory, new_db):
    import uvicorn

    from rightstrack.web import create_app

    seeds = need_shared("corpus", "seeds")
    settings = rightstrack.Settings(db=new_db(tmp_path_factory.mktemp("e2e") / "e2e.db"))
    store = rightstrack.open_store(settings=settings)
    rightstrack.ingest([str(seeds / n) for n in ("000_letter_en.txt", "001_letter_nl.txt",
                                                 "004_belgium_policy_en.txt")], store=store, settings=settings)
    accounts.add_user(store, "eddie", PASSWORD, "editor")
    accounts.add_user(store, "vera", PASSWORD, "viewer")
    store.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    web = uvicorn.Server(config)
    thread = threading.Thread(target=web.run, daemon=True)
    thread.start()
    while not web.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    web.should_exit = True
    thread.join(10)


@pytest.fixture
def page(request):
    sync = pytest.importorskip("playwright.sync_api", reason="playwright (dev extra) is not installed")
    with sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        tab = browser.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda e: errors.append(str(e)))
        yield tab
        if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
            SHOTS.mkdir(exist_ok=True)
            tab.screenshot(path=str(SHOTS / f"{request.node.name}.png"), full_page=True)
        browser.close()
        assert errors == []


def _sign_in(page, server, name, next_path="/"):
    page.goto(f"{server}/login?next={next_path}")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_an_editor_finds_an_ask_opens_its_dutch_version_and_records_a_status(server, page):
    _sign_in(page, server, "eddie")
    page.get_by_label("Words or meaning, in any language").fill("facial recognition")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Before the adoption of the AI Act", exact=False).first.click()
    assert "Before the adoption of the AI Act" in page.locator("mark.span").inner_text()
    versions = page.get_by_role("region", name="Language versions")
    versions.get_by_role("link").first.click()
    assert "AI" in page.locator("mark.span").inner_text()
    assert page.locator("p[lang='nl']").count() == 1  # the Dutch text, marked as Dutch
    page.get_by_label("New status").select_option("partially-met")
    page.get_by_label("Evidence: an event id, a stored document or a URL").fill("event:eu-ai-act:adopted:2024-06-13")
    page.get_by_label("Note").fill("adopted with exceptions for law enforcement")
    page.get_by_role("button", name="Record").click()
    assert page.locator("strong", has_text="partially-met").count() == 1
    page.goto(f"{server}/reports?presidency=BE-2024-1")
    assert page.locator("td.st.partially-met").count() == 1
    assert "adopted with exceptions for law enforcement" in page.content()


def test_a_viewer_reads_but_cannot_change_anything(server, page):
    _sign_in(page, server, "vera")
    page.goto(f"{server}/?q=facial+recognition")
    page.get_by_role("link", name="Before the adoption of the AI Act", exact=False).first.click()
    assert page.get_by_role("button", name="Record").count() == 0
    answer = page.request.post(page.url + "/status", form={"status": "met", "evidence": "event:x", "csrf": ""})
    assert answer.status == 403
