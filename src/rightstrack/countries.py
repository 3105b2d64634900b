"""Country names to ISO 3166-1 alpha-2 codes: pycountry's names plus our alias table."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path

import pycountry

ALIASES = Path(__file__).parent / "data" / "country_aliases.toml"


def fold(name: str) -> str:
    """Lower case, no accents, straight apostrophes, no leading 'the', single spaces."""
    name = unicodedata.normalize("NFKD", name.replace("’", "'"))
    name = "".join(c for c in name if not unicodedata.combining(c)).lower()
    name = re.sub(r"\s+", " ", name).strip(" .,;:")
    return re.sub(r"^the ", "", name)


@lru_cache(maxsize=1)
def name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                index[fold(value)] = c.alpha_2
                if ", " in value:  # "Korea, Republic of" -> "Republic of Korea"
                    head, tail = value.split(", ", 1)
                    index[fold(f"{tail} {head}")] = c.alpha_2
    data = tomllib.loads(ALIASES.read_text("utf-8"))
    for code, names in data["aliases"].items():
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
