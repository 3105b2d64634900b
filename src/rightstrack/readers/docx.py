"""DOCX: paragraphs, headings and Word numbering levels (on the paragraph or its style)."""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict

import docx
from docx.oxml.ns import qn

from ..errors import CorruptDocument
from .base import Parsed, Raw, TextBuilder
from .markers import normalise_bullets, split_marker

_FORMATS = {"bullet": "bullet:•", "decimal": "decimal.", "lowerLetter": "alpha)",
            "upperLetter": "ALPHA.", "lowerRoman": "roman.", "upperRoman": "ROMAN."}


def read(raw: Raw) -> Parsed:
    try:
        document = docx.Document(io.BytesIO(raw.data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorruptDocument(f"{raw.name}: not a readable DOCX file ({exc})") from exc
    formats = _numbering_formats(document)
    counters: dict[tuple[str, int], int] = defaultdict(int)
    b = TextBuilder()
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = para.style.name if para.style is not None else ""
        if style.startswith("Heading") or style == "Title":
            level = int(style.split()[-1]) if style[-1:].isdigit() else 1
            b.add("heading", text, level=level)
            continue
        num = _num_props(para)
        if num is not None:
            num_id, level = num
            fmt = formats.get((num_id, level), "bullet:•")
            counters[(num_id, level)] += 1
            for key in [k for k in counters if k[0] == num_id and k[1] > level]:
                counters[key] = 0
            marker = _marker(fmt, counters[(num_id, level)])
            b.add("item", normalise_bullets(text), depth=level, marker=marker, marker_type=fmt,
                  indent=level)
        elif (found := split_marker(text)) is not None:
            marker, mtype, rest = found
            b.add("item", rest, marker=marker, marker_type=mtype)
        else:
            b.add("paragraph", text)
    props = document.core_properties
    meta = {k: v for k, v in (("title", props.title), ("author", props.author)) if v}
    if props.created:
        meta["date"] = props.created.date().isoformat()
    return b.result(meta)


def _num_props(para) -> tuple[str, int] | None:
    """numPr on the paragraph, else on its style or the style's ancestors."""
    ppr = para._p.pPr
    num = ppr.numPr if ppr is not None else None
    style = para.style
    while num is None and style is not None:
        spr = style.element.pPr
        num = spr.numPr if spr is not None else None
        style = style.base_style
    if num is None or num.numId is None:
        return None
    level = num.ilvl.val if num.ilvl is not None else 0
    if level == 0 and para.style is not None and para.style.name[-1:].isdigit():
        # "List Bullet 2" carries its level in the style's own ilvl or its name.
        level = max(0, int(para.style.name[-1]) - 1)
    return str(num.numId.val), int(level)


def _numbering_formats(document) -> dict[tuple[str, int], str]:
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract = {}
    for an in numbering.findall(qn("w:abstractNum")):
        levels = {}
        for lvl in an.findall(qn("w:lvl")):
            fmt = lvl.find(qn("w:numFmt"))
            levels[int(lvl.get(qn("w:ilvl")))] = _FORMATS.get(
                fmt.get(qn("w:val")) if fmt is not None else "bullet", "bullet:•")
        abstract[an.get(qn("w:abstractNumId"))] = levels
    out = {}
    for num in numbering.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        for level, fmt in abstract.get(ref.get(qn("w:val")) if ref is not None else "", {}).items():
            out[(num.get(qn("w:numId")), level)] = fmt
    return out


def _marker(fmt: str, n: int) -> str:
    if fmt.startswith("bullet"):
        return "•"
    if fmt.startswith("alpha"):
        return f"{chr(96 + min(n, 26))})"
    if fmt.startswith("ALPHA"):
        return f"{chr(64 + min(n, 26))}."
    if fmt.lower().startswith("roman"):
        r = _roman(n)
        return f"{r if fmt.startswith('roman') else r.upper()}."
    return f"{n}."


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + sym, n - value
    return out
