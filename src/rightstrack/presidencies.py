"""The rotating Presidencies of the Council of the EU (data/presidencies.toml): terms, trios
and the heads of government (or state) that letters to each Presidency address."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .countries import fold
from .datafiles import load_entries

DATA = Path(__file__).parent / "data" / "presidencies.toml"


@dataclass(frozen=True)
class Presidency:
    id: str
    country: str
    start: str
    end: str
    trio: str | None = None
    leaders: tuple[str, ...] = ()  # "Alexander De Croo": whom a letter to this Presidency greets


@lru_cache(maxsize=4)
def presidencies(extra: str | None = None) -> dict[str, Presidency]:
    trios = {m: t["id"] for t in tomllib.loads(DATA.read_text("utf-8")).get("trio", []) for m in t["members"]}
    return load_entries(DATA, extra, "presidency", "presidencies", lambda p: Presidency(
        p["id"], p["country"], p["start"], p["end"], trios.get(p["id"]), _names(p)))


def _names(entry: dict) -> tuple[str, ...]:
    value = entry.get("leaders", [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.split() for v in value):
        raise ValueError(f"presidency {entry.get('id')}: leaders must be a list of names, not {value!r}")
    return tuple(value)


def presidency_on(day: str | None) -> Presidency | None:
    """The presidency in office on an ISO date."""
    if not day:
        return None
    return next((p for p in presidencies().values() if p.start <= day <= p.end), None)


def greets_leader(term: Presidency, salutation: str) -> bool:
    """Whether a salutation's name ("Prime Minister De Croo", "Herr Bundeskanzler Scholz")
    holds the family name of one of the term's leaders, accents aside ("Orban", "Orbán")."""
    words = set(fold(salutation).split())
    return any(fold(name).split()[-1] in words for name in term.leaders)
