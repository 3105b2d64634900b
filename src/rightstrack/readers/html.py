"""HTML: main content only, keeping headings and nested list depth and numbering.

trafilatura finds the main content (dropping navigation, cookie banners, footers and
"read also" boxes); its XML keeps headings and nested lists. Pages too small for its
heuristics fall back to our own walk over the body with boilerplate elements removed.
"""

from __future__ import annotations

import copy
import re

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from ..errors import CorruptDocument
from .base import Parsed, Raw, TextBuilder
from .encoding import decode
from .markers import split_marker

_BOILERPLATE = re.compile(
    r"cookie|consent|banner|nav|menu|footer|header|breadcrumb|share|social|related|"
    r"read-?also|newsletter|sidebar|skip", re.I)
_DROP_TAGS = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript",
              "template", "svg", "button", "iframe")


def read(raw: Raw) -> Parsed:
    text = decode(raw.data, raw.name)
    if not text.strip():
        return Parsed("", [])
    try:
        root = lxml_html.fromstring(text.encode("utf-8"))
    except (etree.ParserError, ValueError) as exc:
        raise CorruptDocument(f"{raw.name}: not readable as HTML ({exc})") from exc
    meta = _metadata(root)
    builder = TextBuilder()
    # A page that marks its main content (<main>, <article>) is taken at its word, with
    # boilerplate elements removed; other pages go to trafilatura's content detection.
    if _semantic_main(root) is not None:
        _walk_body(root, builder)
    if len(builder.blocks) < 2:
        builder = TextBuilder()
        xml = trafilatura.extract(text, output_format="xml", include_formatting=True, include_tables=True,
                                  include_comments=False, with_metadata=False, favor_recall=True)
        if xml:
            _walk_trafilatura(etree.fromstring(xml.encode()), builder)
    if len(builder.blocks) < 2:
        builder = TextBuilder()
        _walk_body(root, builder)
    return builder.result(meta)


def _semantic_main(root: etree._Element) -> etree._Element | None:
    mains = root.findall(".//main") or root.findall(".//article")
    return mains[0] if len(mains) == 1 else None


_META_KEYS = {"author": ("author", "dc.creator", "article:author"),
              "date": ("date", "dc.date", "article:published_time", "citation_date", "dcterms.created")}


def _metadata(root: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    title = root.findtext(".//title")
    if title and title.strip():
        out["title"] = " ".join(title.split())
    for el in root.iter("meta"):
        name = (el.get("name") or el.get("property") or "").lower()
        content = (el.get("content") or "").strip()
        for key, names in _META_KEYS.items():
            if name in names and content and key not in out:
                out[key] = content
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang:
        out["lang"] = lang.split("-")[0].lower()
    return out


def _walk_trafilatura(node: etree._Element, b: TextBuilder, depth: int = 0) -> None:
    for el in node:
        tag = el.tag
        if tag == "head":
            level = int((el.get("rend") or "h2")[1:] or 2) if (el.get("rend") or "").startswith("h") else 2
            b.add("heading", _text(el), level=level)
        elif tag == "list":
            _list(el, b, depth, ordered=(el.get("rend") == "ol"), item_tag="item")
        elif tag in ("p", "quote"):
            _paragraph(_text(el), b)
        elif tag in ("table",):
            for cell in el.iter("cell"):
                _paragraph(_text(cell), b)
        elif len(el):
            _walk_trafilatura(el, b, depth)


def _list(el: etree._Element, b: TextBuilder, depth: int, ordered: bool, item_tag: str) -> None:
    start = int(el.get("start") or 1) if (el.get("start") or "1").isdigit() else 1
    for n, item in enumerate((c for c in el if c.tag == item_tag), start=start):
        marker, mtype = (f"{n}.", "decimal.") if ordered else ("•", "bullet:•")
        b.add("item", _text(item, skip=("list", "ul", "ol")), depth=depth, marker=marker,
              marker_type=mtype, indent=depth)
        for sub in item:
            if sub.tag in ("list", "ul", "ol"):
                sub_ordered = sub.tag == "ol" or sub.get("rend") == "ol"
                _list(sub, b, depth + 1, sub_ordered, item_tag)


def _paragraph(text: str, b: TextBuilder) -> None:
    """Publishers put literal bullets or numbers inside <p>: treat those as list items."""
    found = split_marker(text)
    if found:
        marker, mtype, rest = found
        b.add("item", rest, marker=marker, marker_type=mtype)
    else:
        b.add("paragraph", text)


def _text(el: etree._Element, skip: tuple[str, ...] = ()) -> str:
    parts = [el.text or ""]
    for child in el:
        if child.tag not in skip:
            parts.append(_text(child, skip))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _walk_body(root: etree._Element, b: TextBuilder) -> None:
    root = copy.deepcopy(root)
    for bad in list(root.iter(*_DROP_TAGS)):
        bad.drop_tree()
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        marks = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('role') or ''}"
        if _BOILERPLATE.search(marks) and el.tag not in ("html", "body", "main", "article"):
            el.drop_tree()
    body = next((el for el in (_semantic_main(root), root.find(".//body")) if el is not None), root)
    _walk_html(body, b)


def _walk_html(node: etree._Element, b: TextBuilder, depth: int = 0) -> None:
    for el in node:
        tag = el.tag if isinstance(el.tag, str) else ""
        if re.fullmatch(r"h[1-6]", tag):
            b.add("heading", _text(el), level=int(tag[1]))
        elif tag in ("ul", "ol"):
            _list(el, b, depth, ordered=tag == "ol", item_tag="li")
        elif tag in ("p", "blockquote", "td", "th", "dd", "dt", "figcaption"):
            _paragraph(_text(el), b)
        elif len(el):
            _walk_html(el, b, depth)
        elif tag in ("div", "span", "section") and _text(el):
            _paragraph(_text(el), b)
