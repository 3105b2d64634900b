"""HTML, PDF and DOCX readers: the exact block tree of fixtures with nested lists."""

from pathlib import Path

import pytest

from rightstrack import read_document
from rightstrack.errors import CorruptDocument, EmptyDocument, UnsupportedFormat

from .conftest import DATA, statements, tree

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def test_html_keeps_main_content_and_nested_lists():
    doc = read_document(str(DATA / "nested.html"))
    assert doc.format == "html"
    assert tree(doc) == [
        (0, "heading", "Our asks to the Council"),
        (0, "paragraph", "The Rights Coalition sets out "),
        (0, "paragraph", "We urge the Council to:"),
        (0, "item", "Protect the right to asylum at"),
        (1, "item", "End pushbacks at land borders."),
        (1, "item", "Fund independent border monito"),
        (0, "item", "Support human rights defenders"),
        (0, "item", "Publish an annual report on th"),
    ]
    text = doc.text.lower()
    for boilerplate in ("cookie", "home", "read also", "privacy"):
        assert boilerplate not in text
    assert statements(doc) == [
        ("recommendation", "Protect the right to asylum at", None),
        ("recommendation", "End pushbacks at land borders.", "Protect the right to asylum at"),
        ("recommendation", "Fund independent border monito", "Protect the right to asylum at"),
        ("recommendation", "Support human rights defenders", None),
        ("recommendation", "Publish an annual report on th", None),
    ]
    assert all(doc.text[s.start:s.end] == s.text for s in doc.statements)


def test_small_html_page_falls_back_to_own_walk():
    html = (b"<html><body><nav>Menu</nav><h2>Asks</h2><ul><li>Ratify the Istanbul Convention now."
            b"<ul><li>Within one year.</li></ul></li></ul><footer>Footer text</footer></body></html>")
    doc = read_document(html, source="page.html")
    assert tree(doc) == [(0, "heading", "Asks"), (0, "item", "Ratify the Istanbul Convention"),
                         (1, "item", "Within one year.")]


def _pdf(tmp_path: Path, pages: int = 3) -> Path:
    fpdf = pytest.importorskip("fpdf")
    if not FONT.exists():
        pytest.skip(f"{FONT} is needed to draw bullets in the PDF fixture")
    pdf = fpdf.FPDF(format="A4")
    pdf.add_font("body", "", str(FONT))

    def header() -> None:
        pdf.set_font("body", size=8)
        pdf.cell(0, 8, "Rights Coalition — Briefing", align="R")
        pdf.ln(12)

    def footer() -> None:
        pdf.set_y(-15)
        pdf.set_font("body", size=8)
        pdf.cell(0, 10, f"Page {pdf.page_no()} of {pages}", align="C")

    pdf.header, pdf.footer = header, footer
    topics = ["asylum", "defenders", "technology", "justice", "trade"]
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("body", size=11)
        pdf.multi_cell(0, 6, f"On {topics[page - 1]}, the Council must act on the following points in this chapter:")
        pdf.ln(3)
        for depth, text in ((0, "Ratify the convention without reservations:"),
                            (1, "within twelve months of the Presidency;"),
                            (1, "with a public report to Parliament."),
                            (0, "Fund independent monitoring of the border proce-")):
            pdf.set_x(pdf.l_margin + 10 + 10 * depth)
            pdf.cell(6, 6, "•" if depth == 0 else "◦")
            pdf.multi_cell(0, 6, text)
        pdf.set_x(pdf.l_margin + 16)
        pdf.multi_cell(0, 6, "dures in every member state.")
        pdf.ln(6)
    path = tmp_path / "brief.pdf"
    pdf.output(str(path))
    return path


def test_pdf_nesting_running_headers_page_numbers_and_hyphenation(tmp_path):
    doc = read_document(str(_pdf(tmp_path)))
    assert doc.format == "pdf"
    one_page = [
        (0, "paragraph", "On {n}, the Council must act on"[:30]),
        (0, "item", "Ratify the convention without "),
        (1, "item", "within twelve months of the Pr"),
        (1, "item", "with a public report to Parlia"),
        (0, "item", "Fund independent monitoring of"),
    ]
    assert tree(doc) == [(d, k, t.format(n=n)[:30]) for n in ("asylum", "defenders", "technology")
                         for d, k, t in one_page]
    assert "Briefing" not in doc.text and "Page 2 of 3" not in doc.text
    assert doc.blocks[4].text == "Fund independent monitoring of the border procedures in every member state."
    assert [b.marker for b in doc.blocks[:5] if b.kind == "item"] == ["•", "◦", "◦", "•"]


def _docx(tmp_path: Path) -> Path:
    import docx

    d = docx.Document()
    d.core_properties.author = "Rights Coalition"
    d.core_properties.title = "Briefing"
    d.add_heading("Recommendations to the Council", level=1)
    d.add_paragraph("The Rights Coalition calls on the Council to:")
    d.add_paragraph("Protect the right to asylum:", style="List Bullet")
    d.add_paragraph("End pushbacks at land borders.", style="List Bullet 2")
    d.add_paragraph("Fund border monitoring.", style="List Bullet 2")
    d.add_paragraph("Adopt the directive on violence against women.", style="List Bullet")
    d.add_heading("Steps", level=2)
    d.add_paragraph("Publish the evaluation.", style="List Number")
    d.add_paragraph("Consult civil society.", style="List Number")
    path = tmp_path / "brief.docx"
    d.save(path)
    return path


def test_docx_headings_and_word_numbering_levels(tmp_path):
    doc = read_document(str(_docx(tmp_path)))
    assert doc.format == "docx"
    assert [(b.depth, b.kind, b.marker, b.text[:25]) for b in doc.blocks] == [
        (0, "heading", "", "Recommendations to the Co"),
        (0, "paragraph", "", "The Rights Coalition call"),
        (0, "item", "•", "Protect the right to asyl"),
        (1, "item", "•", "End pushbacks at land bor"),
        (1, "item", "•", "Fund border monitoring."),
        (0, "item", "•", "Adopt the directive on vi"),
        (0, "heading", "", "Steps"),
        (0, "item", "1.", "Publish the evaluation."),
        (0, "item", "2.", "Consult civil society."),
    ]
    assert doc.author == "Rights Coalition" and doc.title == "Briefing"
    parents = [p for _, _, p in statements(doc)]
    assert parents[:4] == [None, "Protect the right to asylum:", "Protect the right to asylum:", None]


@pytest.mark.parametrize(("data", "name", "error"), [
    (b"", "empty.txt", EmptyDocument),
    (b"   \n\n  ", "blank.md", EmptyDocument),
    (b"%PDF-1.7\nthis is not really a pdf", "broken.pdf", CorruptDocument),
    (b"PK\x03\x04garbage", "broken.docx", CorruptDocument),
    (b"PK\x03\x04" + b"\x00" * 40, "archive.zip", UnsupportedFormat),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.png", UnsupportedFormat),
])
def test_bad_inputs_raise_clear_errors(data, name, error):
    with pytest.raises(error) as info:
        read_document(data, source=name)
    assert name in str(info.value)
