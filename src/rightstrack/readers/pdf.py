"""PDF: lines with x-positions from pdfium, running headers/footers and page numbers
dropped, hyphenation undone, bullets normalised, nesting taken from indentation."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium

from ..errors import CorruptDocument
from .base import Parsed, Raw, TextBuilder
from .markers import normalise_bullets, split_marker

_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:/|of|sur|von|van|di|de)\s*\d{1,4})?$", re.I)
_SOFT_HYPHENS = ("\x02", "\ufffe", "\u00ad")


@dataclass
class Line:
    page: int
    x: float
    top: float
    bottom: float
    text: str
    page_height: float


def read(raw: Raw) -> Parsed:
    try:
        pdf = pdfium.PdfDocument(raw.data)
    except pdfium.PdfiumError as exc:
        raise CorruptDocument(f"{raw.name}: not a readable PDF ({exc})") from exc
    try:
        meta = {k.lower(): v for k, v in pdf.get_metadata_dict(skip_empty=True).items()}
        lines = [ln for i in range(len(pdf)) for ln in _page_lines(pdf[i], i)]
    finally:
        pdf.close()
    lines = _drop_running(lines)
    return _blocks(lines, _meta(meta))


def _meta(meta: dict[str, str]) -> dict[str, str]:
    out = {k: meta[k] for k in ("title", "author") if meta.get(k)}
    date = meta.get("creationdate", "")
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", date)
    if m:
        out["date"] = "-".join(m.groups())
    return out


def _page_lines(page: pdfium.PdfPage, index: int) -> list[Line]:
    tp = page.get_textpage()
    height = page.get_height()
    runs = []
    for i in range(tp.count_rects()):
        left, bottom, right, top = tp.get_rect(i)
        text = tp.get_text_bounded(left, bottom, right, top)
        if text.strip():
            runs.append((top, bottom, left, text))
    # Runs whose vertical middles fall inside one another's box share a line (a bullet
    # glyph sits a little lower than the text beside it).
    rows: list[list[tuple[float, float, float, str]]] = []
    for run in sorted(runs, key=lambda r: -r[0]):
        middle = (run[0] + run[1]) / 2
        if rows and rows[-1][0][1] - 1 <= middle <= rows[-1][0][0] + 1:
            rows[-1].append(run)
        else:
            rows.append([run])
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda r: r[2])
        text = ""
        for run in row:
            text += ("" if not text or text.endswith(" ") else " ") + run[3]
        lines.append(Line(index, row[0][2], max(r[0] for r in row), min(r[1] for r in row), text, height))
    tp.close()
    page.close()
    for ln in lines:
        ln.text = normalise_bullets(ln.text.replace("\r", " ").replace("\n", " ")).rstrip()
    return lines


def _drop_running(lines: list[Line]) -> list[Line]:
    """Page numbers, and lines that repeat (digits aside) at the top or bottom of several
    pages: the first or last two lines of a page, near its edge."""
    by_page: dict[int, list[Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    edges = {id(ln) for page in by_page.values() for ln in page[:2] + page[-2:]
             if ln.top > ln.page_height * 0.9 or ln.bottom < ln.page_height * 0.1}

    def key(ln: Line) -> str:
        return re.sub(r"\d+", "#", ln.text.strip().lower())

    counts = Counter(key(ln) for ln in lines if id(ln) in edges)
    repeated = max(2, len(by_page) // 2)
    return [ln for ln in lines if id(ln) not in edges or not (
        _PAGE_NUMBER.match(ln.text.strip()) or (len(by_page) > 1 and counts[key(ln)] >= repeated))]


def _blocks(lines: list[Line], meta: dict[str, str]) -> Parsed:
    b = TextBuilder()
    current: dict | None = None
    item_x: list[float] = []
    prev: Line | None = None
    for ln in lines:
        text = ln.text.strip()
        found = split_marker(text)
        gap = prev is not None and (ln.page != prev.page or
                                    prev.bottom - ln.top > 0.9 * (prev.top - prev.bottom))
        if found:
            _flush(b, current)
            marker, mtype, rest = found
            item_x = [x for x in item_x if x <= ln.x + 2]
            if not item_x or ln.x > item_x[-1] + 2:
                item_x.append(ln.x)
            current = {"kind": "item", "text": rest, "marker": marker, "marker_type": mtype,
                       "depth": len(item_x) - 1, "indent": round(ln.x)}
        elif current is not None and not gap and (current["kind"] != "heading" or _heading_like(text)):
            current["text"] = _join(current["text"], text)
        else:
            _flush(b, current)
            item_x = []
            current = {"kind": "paragraph", "text": text, "indent": round(ln.x)}
            if _heading_like(text):
                current["kind"] = "heading"
        prev = ln
    _flush(b, current)
    return b.result(meta)


def _join(left: str, right: str) -> str:
    if left.endswith(_SOFT_HYPHENS):
        return left.rstrip("".join(_SOFT_HYPHENS)) + right
    if left.endswith("-") and right[:1].islower() and left[-2:-1].isalpha():
        return left[:-1] + right
    return f"{left} {right}"


def _heading_like(text: str) -> bool:
    return len(text.split()) <= 10 and not text.endswith((".", ":", ",", ";")) and text[:1].isupper()


def _flush(b: TextBuilder, block: dict | None) -> None:
    if not block:
        return
    text = "".join(ch for ch in block["text"] if ch not in _SOFT_HYPHENS)
    b.add(block["kind"], text, depth=block.get("depth", 0), marker=block.get("marker", ""),
          marker_type=block.get("marker_type", ""), indent=block.get("indent", 0))
