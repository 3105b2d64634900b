"""Build the binary examples (DOCX, PDF) from their Markdown sources in examples-src/.

usage: python examples-src/build.py [OUT_DIR]   (default: examples/)

The sources are parsed with Rights Track's own Markdown reader; lists become real Word
list paragraphs (List Bullet / List Number styles) and indented PDF bullets, so the built
files exercise the DOCX and PDF readers the way real documents do."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from rightstrack.readers.text import parse
from rightstrack.steps.structure import nest_items

HERE = Path(__file__).parent
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FIXED = datetime(2025, 2, 10, 12, 0, 0)


def blocks(md: Path):
    parsed = parse(md.read_text("utf-8"), markdown=True)
    nest_items(parsed.blocks)
    return parsed.blocks


def build_docx(md: Path, out: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.author = "Netzwerk Bürgerrechte"
    document.core_properties.title = next(b.text for b in blocks(md) if b.kind == "heading")
    document.core_properties.created = FIXED
    for b in blocks(md):
        if b.kind == "heading":
            document.add_heading(b.text, level=b.level)
        elif b.kind == "item":
            style = "List Number" if b.marker_type.startswith("decimal") else "List Bullet"
            document.add_paragraph(b.text, style=style + (f" {b.depth + 1}" if b.depth else ""))
        else:
            document.add_paragraph(b.text)
    document.save(out)


def build_pdf(md: Path, out: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED)
    pdf.set_title(next(b.text for b in blocks(md) if b.kind == "heading"))
    pdf.set_author("Government of Denmark")
    unicode_font = FONT.exists()
    if unicode_font:
        pdf.add_font("body", "", str(FONT))
    family = "body" if unicode_font else "helvetica"
    bullet = "•" if unicode_font else "-"

    def header() -> None:
        pdf.set_font(family, size=8)
        pdf.cell(0, 8, "Presidency programme 2025", align="R")
        pdf.ln(12)

    def footer() -> None:
        pdf.set_y(-15)
        pdf.set_font(family, size=8)
        pdf.cell(0, 10, str(pdf.page_no()), align="C")

    pdf.header, pdf.footer = header, footer  # type: ignore[method-assign]
    pdf.add_page()
    for b in blocks(md):
        if b.kind == "heading":
            pdf.set_font(family, size=16 if b.level == 1 else 13)
            pdf.multi_cell(0, 8, b.text)
        elif b.kind == "item":
            pdf.set_font(family, size=11)
            indent = 10 + 8 * b.depth
            pdf.set_x(pdf.l_margin + indent)
            pdf.cell(6, 6, bullet)
            pdf.multi_cell(0, 6, b.text)
        else:
            pdf.set_font(family, size=11)
            pdf.multi_cell(0, 6, b.text)
        pdf.ln(3)
    pdf.output(str(out))


def main() -> None:
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "examples"
    out_dir.mkdir(parents=True, exist_ok=True)
    build_docx(HERE / "briefing-2025.de.md", out_dir / "briefing-2025.de.docx")
    build_pdf(HERE / "government-programme-2025.en.md", out_dir / "government-programme-2025.en.pdf")
    print(f"built examples in {out_dir}")


if __name__ == "__main__":
    main()
