"""Extract: find recommendations and commitments, with hierarchy, spans and addressees.

Components, in order: a UN UPR report extractor (numbered recommendations with their
recommending States) where the document is one; otherwise the cue-based extractor below:
list items judged by their lead-in and their own form, and sentences in running text that
ask an actor to act or state a government's own commitment.
"""

from __future__ import annotations

import re

from .. import countries
from .. import lang as langdata
from ..model import Block, Document, Statement
from ..settings import Settings
from . import sentences, upr
from .structure import item_form

METHOD_ITEM = "extract.cues.v1/list-item"
METHOD_SENTENCE = "extract.cues.v1/sentence"


def run(doc: Document, settings: Settings) -> Document:
    found = upr.extract(doc, settings.countries) if upr.is_upr_report(doc) else _extract(doc, settings)
    for n, st in enumerate(found):
        st.position = n
        st.id = f"{doc.id}-{n:04d}"
        st.language = st.language or doc.language
    ids = {id(st): st.id for st in found}
    for st in found:
        if isinstance(st.parent, Statement):
            st.parent = ids[id(st.parent)]
    doc.statements = found
    return doc


def _extract(doc: Document, settings: Settings) -> list[Statement]:
    salutation = salutation_name(doc, settings)
    end = _closing_index(doc, settings)
    by_block: dict[int, Statement] = {}
    out: list[Statement] = []
    firsts = _run_firsts(doc.blocks)
    for i, b in enumerate(doc.blocks[:end]):
        lang = langdata.get(b.language or doc.language, settings.lang_dir)
        if b.kind == "item":
            st = _item_statement(doc, i, lang, by_block, salutation, settings, firsts)
            if st:
                by_block[i] = st
                out.append(st)
        elif b.kind == "paragraph":
            lead_in = _is_lead_in(doc.blocks, i)
            out.extend(_sentence_statements(doc, b, i, lang, salutation, lead_in, settings.countries))
    return out


# -- list items ------------------------------------------------------------------------

def _run_firsts(blocks: list[Block]) -> list[int]:
    """For each block, the first block of the run of list items it is in (itself when it
    is not an item): found once, so that no item walks back over the items before it (a
    list of 40,000 items took 36 s)."""
    out: list[int] = []
    for i, b in enumerate(blocks):
        out.append(out[i - 1] if i and b.kind == "item" and blocks[i - 1].kind == "item" else i)
    return out


def _item_statement(doc: Document, i: int, lang: langdata.Lang, by_block: dict[int, Statement],
                    salutation: str | None, settings: Settings, firsts: list[int]) -> Statement | None:
    b = doc.blocks[i]
    parent = by_block.get(b.parent) if b.parent is not None else None
    context, addressee = _context(doc, i, lang, parent, settings, firsts)
    if context == "reason":
        return None
    ask = _ask_match(b.text, lang)
    kind = None
    if context == "commit" and len(b.text.split()) >= 3:
        kind = "commitment"
    elif context == "ask" or (len(b.text.split()) >= 4 and (ask or item_form(b.text, lang) == "imperative")):
        kind = "recommendation"
    elif _is_commitment(b.text, lang, settings.countries):
        kind = "commitment"
    if kind is None:
        return None
    if ask and ask.groupdict().get("actor"):
        addressee = ask.group("actor")
    return Statement(id="", kind=kind, text=b.text, start=b.start, end=b.end, method=METHOD_ITEM,
                     score=0.9 if context == "ask" else 0.7, parent=parent, block=i,  # type: ignore[arg-type]
                     addressee_text=_resolve_you(addressee, lang, salutation) if kind == "recommendation" else None,
                     language=b.language)


def _context(doc: Document, i: int, lang: langdata.Lang, parent: Statement | None,
             settings: Settings, firsts: list[int]) -> tuple[str, str | None]:
    """'ask', 'commit', 'reason' or 'neutral' for the list this item belongs to, and the addressee
    its lead-in names."""
    b = doc.blocks[i]
    if b.parent is not None:
        lead = doc.blocks[b.parent]
        if parent is not None:
            return ("ask", parent.addressee_text) if parent.kind == "recommendation" else ("commit", None)
        return _classify_lead_in(lead.text, lang, settings.countries)
    j = firsts[i] - 1  # the block before this item's list
    if j < 0:
        return "neutral", None
    lead = doc.blocks[j]
    lead_lang = langdata.get(lead.language or doc.language, settings.lang_dir)
    if lead.kind == "paragraph" and not lead.text.rstrip().endswith(":"):
        resumed = _resumed_list(doc.blocks, j, b.marker_type, firsts)
        if resumed is not None:  # a list interrupted by a paragraph goes on as it began
            return _context(doc, resumed, lead_lang, None, settings, firsts)
    if lead.kind == "heading":
        return ("ask" if any(p.search(lead.text) for p in lead_lang.ask_heading) else "neutral"), None
    if lead.kind == "paragraph" and lead.text.rstrip().endswith(":"):
        spans = sentences.split(lead.text, lead_lang.abbreviations)
        last = lead.text[spans[-1][0]:spans[-1][1]] if spans else lead.text
        return _classify_lead_in(last, lead_lang, settings.countries)
    return "neutral", None


def _resumed_list(blocks: list[Block], j: int, marker_type: str, firsts: list[int]) -> int | None:
    """The first item of an earlier list with the same marker, with only paragraphs between
    it and block j (no heading): the list that block j interrupted."""
    k = j
    while k >= 0 and blocks[k].kind in ("paragraph", "footnote"):
        k -= 1
    if k < 0 or blocks[k].kind != "item" or blocks[k].marker_type != marker_type:
        return None
    return firsts[k]


def _classify_lead_in(text: str, lang: langdata.Lang, country_file: str | None) -> tuple[str, str | None]:
    if not text.rstrip().endswith(":"):
        return "neutral", None
    if any(p.search(text) for p in lang.reason_leadin):
        return "reason", None
    if _is_commitment(text, lang, country_file):
        return "commit", None
    if any(p.search(text) for p in lang.ask_leadin):
        m = _ask_match(text, lang)
        return "ask", (m.group("actor") if m and m.groupdict().get("actor") else None)
    return "neutral", None


def _is_lead_in(blocks: list[Block], i: int) -> bool:
    return blocks[i].text.rstrip().endswith(":") and i + 1 < len(blocks) and blocks[i + 1].kind == "item"


# -- sentences in running text ---------------------------------------------------------

def _sentence_statements(doc: Document, b: Block, i: int, lang: langdata.Lang,
                         salutation: str | None, skip_last: bool, country_file: str | None) -> list[Statement]:
    spans = sentences.split(b.text, lang.abbreviations)
    if skip_last and spans:
        spans = spans[:-1]
    out = []
    for s, e in spans:
        text = b.text[s:e]
        ask = _ask_match(text, lang)
        kind = "recommendation" if ask else ("commitment" if _is_commitment(text, lang, country_file) else None)
        if kind is None:
            continue
        start, end = _locate(doc.text, b, s, e)
        addressee = ask.group("actor") if ask and ask.groupdict().get("actor") else None
        out.append(Statement(id="", kind=kind, text=text, start=start, end=end,
                             method=METHOD_SENTENCE, score=0.8, block=i, language=b.language,
                             addressee_text=_resolve_you(addressee, lang, salutation)))
    return out


def _ask_match(text: str, lang: langdata.Lang) -> re.Match[str] | None:
    if not lang.ask_triggers.search(text.lower()):
        return None
    for p in lang.ask_sentence:
        for m in p.finditer(text):
            actor_at = m.start("actor") if m.groupdict().get("actor") else m.start()
            if not lang.not_after.search(text[max(0, actor_at - 20):actor_at]):
                return m
    return None


def _is_commitment(text: str, lang: langdata.Lang, country_file: str | None = None) -> bool:
    """A commitment sentence; `country_file` a user's country aliases, for "<country> will ..."."""
    if not lang.commit_triggers.search(text.lower()):
        return False
    if any(p.search(text) for p in lang.commit_statements):
        return True
    m = lang.commit_clause.search(text)
    if not m:
        return False
    country = m.groupdict().get("country")
    return not country or countries.lookup(country, country_file) is not None


def _locate(text: str, b: Block, s: int, e: int) -> tuple[int, int]:
    """Offsets of a block's substring in the document text (the block's text may differ
    from the raw slice where the reader joined wrapped lines)."""
    if text[b.start:b.end] == b.text:
        return b.start + s, b.start + e
    words = b.text[s:e].split()
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.compile(pattern).search(text, b.start, b.end) if words else None
    return (m.start(), m.end()) if m else (b.start, b.end)


# -- letters ---------------------------------------------------------------------------

def salutation_name(doc: Document, settings: Settings) -> str | None:
    """The name a letter's salutation gives ("Dear Prime Minister De Croo," -> "Prime Minister De
    Croo"), by the salutation pattern of each block's language."""
    for b in doc.blocks[:40]:
        lang = langdata.get(b.language or doc.language, settings.lang_dir)
        m = lang.salutation.match(b.text.strip())
        if m and len(b.text.split()) <= 12:
            return m.group("name").strip() or None
    return None


def _closing_index(doc: Document, settings: Settings) -> int:
    """Signatures and what follows a letter's closing are never statements."""
    lang = langdata.get(doc.language, settings.lang_dir)
    for i, b in enumerate(doc.blocks):
        if len(b.text.split()) <= 20 and any(p.search(b.text) for p in lang.closing):
            return i
    return len(doc.blocks)


def _resolve_you(addressee: str | None, lang: langdata.Lang, salutation: str | None) -> str | None:
    if addressee and addressee.strip().lower() in lang.you and salutation:
        return salutation
    return addressee.strip() if addressee else None
