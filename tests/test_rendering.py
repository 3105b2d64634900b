"""Scorecards rendered for real: the HTML in headless Chromium (no console errors), the PDF
turned into PNG pages by pdftoppm (page count, content on every page). Both need Debian
packages (`chromium`, `poppler-utils`) that .ci/run installs; without them these tests skip."""

import shutil
import subprocess

import pytest

import rightstrack
from rightstrack import track

from .test_scorecards import assessed  # noqa: F401 (fixture)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_the_html_scorecard_opens_in_chromium_without_console_errors(assessed, store, settings, tmp_path):  # noqa: F811
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright (dev extra) is not installed")
    path = tmp_path / "card.html"
    rightstrack.report(store, settings, "html", str(path), presidency="PL-2025-1")
    problems: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("requestfailed", lambda r: problems.append(f"request {r.url}"))
        page.goto(path.as_uri())
        assert page.locator("h1").inner_text() == "Scorecard: presidency PL-2025-1"
        assert page.locator("svg").count() == 3
        assert page.get_by_text("Stop <script>alert(1)</script> and ban the export", exact=False).count() == 1
        assert page.evaluate("document.querySelectorAll('script').length") == 0
        browser.close()
    assert problems == []


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (Debian poppler-utils) is not installed")
def test_the_pdf_scorecard_turns_into_pages_with_content(assessed, store, settings, tmp_path):  # noqa: F811
    import pypdfium2
    from PIL import Image

    extra = [track.event_evidence(store, settings, "event:eu-ai-act:adopted:2024-06-13")]
    for r in store.export_records():  # enough rows for more than one page
        if r["kind"] == "recommendation":
            for n in range(12):
                track.set_status(store, settings, r["id"], "in-progress", f"assessor {n}", extra, "x " * 40)
    path = tmp_path / "card.pdf"
    rightstrack.report(store, settings, "pdf", str(path), presidency="PL-2025-1")
    pages = len(pypdfium2.PdfDocument(str(path)))
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page*.png"))
    assert len(images) == pages >= 1
    for image in images:
        grey = Image.open(image).convert("L")
        low, high = grey.getextrema()
        dark = sum(grey.histogram()[:128])
        assert low < 100 and high > 200 and dark > 50, f"{image.name} looks blank"
