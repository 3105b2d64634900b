"""Country names to ISO 3166-1 alpha-2 codes, in every EU language we ship.

Names come from pycountry (English names and its gettext translations) and from our own
data (data/country_aliases.toml): aliases, places that stand for a country (Gaza, Crimea),
demonyms and adjectives ("Palestinian", "Belgische"), and the traps that show a name is
not the country (Georgia the US state, Jordan the person, turkey the bird)."""

from __future__ import annotations

import gettext
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry

from .phrases import Match, PhraseIndex, Words

ALIASES = Path(__file__).parent / "data" / "country_aliases.toml"
LANGUAGES = ("nl", "fr", "de", "es", "it")


def fold(name: str) -> str:
    """Lower case, no accents, straight apostrophes, no leading 'the', single spaces."""
    name = unicodedata.normalize("NFKD", name.replace("’", "'"))
    name = "".join(c for c in name if not unicodedata.combining(c)).lower()
    name = re.sub(r"\s+", " ", name).strip(" .,;:")
    return re.sub(r"^the ", "", name)


@lru_cache(maxsize=1)
def _data() -> dict:
    return tomllib.loads(ALIASES.read_text("utf-8"))


def _official_names() -> dict[str, set[str]]:
    """code -> names: English name, official and common names, and their translations, with
    'Korea, Republic of' also as 'Republic of Korea'."""
    out: dict[str, set[str]] = {}
    translators = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
                   for lang in LANGUAGES]
    for c in pycountry.countries:
        names: set[str] = set()
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if not value:
                continue
            for t in (None, *translators):
                names.add(t.gettext(value) if t else value)
        for n in list(names):
            if ", " in n:
                head, tail = n.split(", ", 1)
                names.add(f"{tail} {head}")
                names.discard(n)
        out[c.alpha_2] = {n for n in names if "(" not in n}
    return out


@lru_cache(maxsize=1)
def name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code, names in _official_names().items():
        for n in names:
            index[fold(n)] = code
    data = _data()
    for table in ("aliases", "aliases_more", "places"):
        for code, names in data.get(table, {}).items():
            for n in names:
                index[fold(n)] = code
    return index


def lookup(name: str) -> str | None:
    """'Iran (Islamic Republic of)' -> 'IR'; None when the name is not a country."""
    key = fold(name)
    index = name_index()
    if key in index:
        return index[key]
    m = re.match(r"^(.*?) \((.*)\)$", key)  # "Bolivia (Plurinational State of)"
    if m:
        base, qualifier = m.groups()
        for candidate in (f"{qualifier} {base}", base):
            if candidate in index:
                return index[candidate]
    return None


def split_names(group: str) -> list[str] | None:
    """Parse 'Egypt, Peru and Algeria' into codes; None unless every part is a country."""
    parts = [p for p in re.split(r"\s*[,;]\s*", group.strip()) if p]
    codes: list[str] = []
    for part in parts:
        part = re.sub(r"^and ", "", part)
        found = _split_and(part)
        if found is None:
            return None
        codes.extend(found)
    return codes or None


def _split_and(part: str) -> list[str] | None:
    code = lookup(part)
    if code:
        return [code]
    words = part.split(" and ")
    for i in range(1, len(words)):  # "Bosnia and Herzegovina and Chile" needs a search
        left, right = " and ".join(words[:i]), " and ".join(words[i:])
        lc = lookup(left)
        if lc:
            rest = _split_and(right)
            if rest:
                return [lc, *rest]
    return None


# -- finding countries in running text -------------------------------------------------

@dataclass(frozen=True)
class Mention:
    code: str
    start: int
    end: int
    text: str
    demonym: bool


@lru_cache(maxsize=1)
def _index() -> PhraseIndex[tuple[str, bool]]:
    """Every name, alias and demonym; names must be capitalised as written (China, not china)."""
    forms: list[tuple[str, tuple[str, bool]]] = []
    data = _data()
    for table in ("aliases", "aliases_more", "places"):
        for code, names in data.get(table, {}).items():
            forms += [(n, (code, False)) for n in names]
    for code, names in _official_names().items():
        forms += [(n, (code, False)) for n in names]
    for table in ("demonyms", "demonyms_more"):
        for code, names in data.get(table, {}).items():
            forms += [(n, (code, True)) for n in names] + [(n[:1].upper() + n[1:], (code, True)) for n in names]
    return PhraseIndex(forms, proper_nouns=True)


def find(text: str | Words) -> list[Mention]:
    """Every country mention in `text`, traps left out."""
    traps = _data().get("traps", {})
    out = []
    matches = _index().find(text)
    text = text.text if isinstance(text, Words) else text
    for m in matches:
        code, demonym = m.value
        trap = traps.get(code)
        if trap and trap.get("demonyms_only") and not demonym:
            trap = None
        if _trapped(text, m, trap):
            continue
        out.append(Mention(code, m.start, m.end, m.text, demonym))
    return out


_FUNCTION_WORDS = frozenset({"The", "In", "To", "And", "Of", "From", "For", "With", "On", "By", "At", "As", "Both",
                             "Lake", "River", "Republic", "Gulf", "Basin", "Region", "Kingdom", "Government"})


def _trapped(text: str, m: Match, trap: dict | None) -> bool:
    if not trap:
        return False
    before = text[max(0, m.start - 24):m.start].rstrip()
    after = text[m.end:m.end + 24].lstrip()
    if any(before.endswith(b.strip()) and (len(before) == len(b.strip()) or not before[-len(b.strip()) - 1].isalnum())
           for b in trap.get("before", [])):
        return True
    if any(after.startswith(a.strip()) for a in trap.get("after", [])):
        return True
    if trap.get("person"):
        # "Michael Jordan", "Chad Smith": a capitalised word right beside it (other than a
        # function word) makes it a person's name.
        prev = re.search(r"(?<![\w.])([A-Z][a-z]+)$", before)
        nxt = re.match(r"([A-Z][a-z]+)\b", after)
        if (prev and prev.group(1) not in _FUNCTION_WORDS) or (nxt and nxt.group(1) not in _FUNCTION_WORDS):
            return True
    return False
