"""UN Universal Periodic Review Working Group reports: numbered recommendations
("89.12 Ratify ... (France);") with their recommending States as authors.

A numbered paragraph may hold several recommendations by different States; it is cut after
each parenthesised group of States that more text follows. The first part keeps the
paragraph's number, the others get "/2", "/3".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import countries
from ..model import Document, Statement

METHOD = "extract.upr.v2"  # v2: page headers with the number first, footnotes and their numbers left out
_REPORT = re.compile(r"Working Group on the Universal Periodic Review", re.I)
_SECTION = re.compile(r"^[ \t]*(?:[IVX]+\.[ \t]*)?Conclusions?[ \t]+and(?:[ \t]*/[ \t]*or)?[ \t]+"
                      r"recommendations\b(?P<rest>.*)$", re.I | re.M)
# "Conclusions and recommendations have not been edited." is the footnote, not the heading.
_SENTENCE = re.compile(r"\s+(?:have|has|were|was|are|is|will)\b", re.I)
# The endnotes ("Notes", then "1  The recommendation as read during the interactive dialogue: ...")
# would read as the numbered items of the last paragraph.
_END = re.compile(r"^[ \t]*(?:Annex\b|Composition of the delegation|Notes[ \t]*$)", re.I | re.M)
# "72.All conclusions ...": a conversion may lose the space after the number
_MARKER = re.compile(r"^[ \t]*(\d{1,3})(?:\.(\d{1,3}))?\.?(?=[ \t]|$|(?<=\.)[A-Z])", re.M)
# Page furniture and footnotes. A form feed may start a line: the page break of a PDF
# conversion. An even page's header puts its number first ("18    GE.25-02819"); a footnote's
# stars may stand alone on their line, with its text on the next ("**" then "The conclusions
# and recommendations have not been edited.").
_NOISE = re.compile(
    r"^[ \t\f]*(?:A/HRC/[\w/.]+|page[ \t]+\d+|\d{1,3}|(?:\d{1,3}[ \t]+)?GE\.[\d-]+.*|\*+[ \t]*\n[ \t]*\S.*|"
    r"\*+[ \t].*|"
    r"\d{1,2}[ \t]+(?:See|The|A/HRC|Available|This|For|Following)\b.*)[ \t]*$", re.I | re.M)
_PARA_LEAD = re.compile(r"\s*(?:The following|These recommendations|All conclusions|The recommendations|"
                        r"In the course|The response|The participants|.{0,200}recommendations?\b.{0,80}:)", re.I | re.S)
_FOOTNOTE_MARK = re.compile(r"\d{1,2}")
_GROUP = re.compile(r"\((?:[^()]|\([^()]*\))*\)")
_SUR = re.compile(r"(?:made to|recommended that|examined by|support of|responded? (?:to )?by|"
                  r"provide responses|by)\s+(?:the\s+)?([A-Z][\w'’ -]+?)(?:\s*[:,]|\s+(?:and|which|will|in|at)\b)")


@dataclass
class _Item:
    label: str
    start: int
    end: int


def is_upr_report(doc: Document) -> bool:
    return bool(_REPORT.search(doc.text[:20000])) and _section(doc.text) is not None


def _section(text: str) -> tuple[int, int] | None:
    """The report's own recommendations section (not the table of contents entry)."""
    found = [m for m in _SECTION.finditer(text) if "..." not in m.group("rest") and ". ." not in m.group("rest")
             and not _SENTENCE.match(m.group("rest"))]
    if not found:
        return None
    start = found[-1].end()
    end = _END.search(text, start)
    return start, end.start() if end else len(text)


def extract(doc: Document, country_file: str | None = None) -> list[Statement]:
    """The report's recommendations; `country_file` (the setting `countries`) adds a user's
    names of States to ours for reading who recommended what."""
    bounds = _section(doc.text)
    if bounds is None:
        return []
    out: list[Statement] = []
    lead_actor = None
    for item in _items(doc.text, *bounds):
        if item.label.startswith("para:"):
            m = _SUR.search(doc.text[item.start:item.end])
            lead_actor = m.group(1).strip() if m else lead_actor
            continue
        out.extend(_statements(doc, item, lead_actor, country_file))
    return out


def _items(text: str, start: int, end: int) -> list[_Item]:
    """Numbered paragraphs and their numbered recommendations, in order."""
    marks: list[tuple[str, int, int]] = []  # (label, marker start, text start)
    para, last = None, 0
    for m in _MARKER.finditer(text, start, end):
        major, minor = int(m.group(1)), m.group(2)
        if minor is not None:
            para, last = major, int(minor)
            marks.append((f"{major}.{minor}", m.start(), m.end()))
            continue
        is_next_para = para is None or major == para + 1
        is_next_item = para is not None and major == last + 1
        if is_next_para and (not is_next_item or _PARA_LEAD.match(text, m.end())):
            para, last = major, 0
            marks.append((f"para:{major}", m.start(), m.end()))
        elif is_next_item:
            last = major
            marks.append((f"{para}.{major}", m.start(), m.end()))
    items = []
    for k, (label, _, text_start) in enumerate(marks):
        stop = marks[k + 1][1] if k + 1 < len(marks) else end
        items.append(_Item(label, text_start, stop))
    return items


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Word spans of the item with page headers, page numbers and footnotes left out."""
    noise = [(m.start(), m.end()) for m in _NOISE.finditer(text, start, end)]
    spans = []
    for m in re.finditer(r"\S+", text[start:end]):
        s, e = start + m.start(), start + m.end()
        if not any(a <= s < b for a, b in noise):
            spans.append((s, e))
    return spans


def _statements(doc: Document, item: _Item, actor: str | None, country_file: str | None) -> list[Statement]:
    tokens = _tokens(doc.text, item.start, item.end)
    if not tokens:
        return []
    clean = " ".join(doc.text[s:e] for s, e in tokens)
    offsets = []  # clean-text index of each token's start
    pos = 0
    for s, e in tokens:
        offsets.append(pos)
        pos += e - s + 1
    out = []
    for n, (a, b, authors) in enumerate(_segments(clean, country_file), start=1):
        text = clean[a:b].strip(" ;,.")
        if len(text.split()) < 3:
            continue
        lo = a + len(clean[a:b]) - len(clean[a:b].lstrip(" ;,."))
        hi = a + len(clean[a:b].rstrip(" ;,."))
        first, last = _token_at(offsets, lo), _token_at(offsets, hi - 1)
        out.append(Statement(
            id="", kind="recommendation", text=text, start=tokens[first][0] + lo - offsets[first],
            end=tokens[last][0] + hi - offsets[last],
            method=METHOD, score=0.95, authors=authors, addressee_text=actor,
            label=item.label if n == 1 else f"{item.label}/{n}"))
    return out


def _token_at(offsets: list[int], index: int) -> int:
    lo, hi = 0, len(offsets) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if offsets[mid] <= index:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _segments(text: str, country_file: str | None) -> list[tuple[int, int, list[str]]]:
    """Cut after each run of States' groups that more text follows."""
    segments: list[tuple[int, int, list[str]]] = []
    seg_start, authors, run_end = 0, [], None
    for m in _GROUP.finditer(text):
        codes = countries.split_names(m.group(0)[1:-1], country_file)
        if codes is None:
            continue
        if run_end is not None and text[run_end:m.start()].strip():
            # a new run of States: close the segment that the previous run ended
            segments.append((seg_start, run_end, authors))
            seg_start, authors = run_end, []
        authors.extend(c for c in codes if c not in authors)
        run_end = m.end()
    if run_end is None:
        return [(0, len(text), [])]
    tail = text[run_end:].strip(" ;,.")
    if tail and len(tail.split()) >= 3:
        segments.append((seg_start, run_end, authors))
        segments.append((run_end, len(text), []))
    elif _FOOTNOTE_MARK.fullmatch(tail):  # "(Turkey)1;": the number of a footnote
        segments.append((seg_start, run_end, authors))
    else:
        segments.append((seg_start, len(text), authors))
    return [(a + len(text[a:b]) - len(re.sub(r"^[\s;,.]*(?:and\s+)?", "", text[a:b])), b, au)
            for a, b, au in segments]
