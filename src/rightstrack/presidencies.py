"""The rotating Presidencies of the Council of the EU (data/presidencies.toml): terms, trios
and the heads of government (or state) that letters to each Presidency address."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from .countries import fold
from .datafiles import load_entries, read_toml
from .errors import SettingsError

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
    """Our terms, and those of a user's file (setting `presidencies`) added or replacing ours
    by id; a trio of theirs replaces ours for its members."""
    trios = {m: trio for path in filter(None, (DATA, Path(extra) if extra else None))
             for trio, members in _trios(path) for m in members}
    return load_entries(DATA, extra, "presidency", "presidencies", lambda p: Presidency(
        p["id"], _country(p), _day(p, "start"), _day(p, "end"), trios.get(p["id"]), _names(p)))


def _trios(path: Path) -> list[tuple[str, list[str]]]:
    """The [[trio]] tables of a presidencies file (a user's may have none), as (id, members)."""
    out = []
    trios = read_toml(path, "presidencies").get("trio", [])
    for trio in trios if isinstance(trios, list) else [None]:  # "trio = 5" is no [[trio]] table
        members = trio.get("members") if isinstance(trio, dict) else None
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members) or \
                not isinstance(trio.get("id"), str):
            raise SettingsError(f"presidencies {path}: each [[trio]] needs an id and members, a list of "
                                f"presidency ids")
        out.append((trio["id"], members))
    return out


def _country(entry: dict) -> str:
    code = entry["country"]
    if not (isinstance(code, str) and len(code) == 2 and code.isalpha() and code.isupper()):
        raise ValueError(f"presidency {entry.get('id')}: country must be an ISO 3166-1 alpha-2 code, not {code!r}")
    return code


def _day(entry: dict, key: str) -> str:
    """An ISO date, as text (terms are compared with documents' dates as text)."""
    value = entry[key]
    value = value.isoformat() if isinstance(value, date) else value  # TOML's own dates: start = 2027-01-01
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"presidency {entry.get('id')}: {key} must be a date such as 2027-01-01, "
                         f"not {value!r}") from None
    return value


def _names(entry: dict) -> tuple[str, ...]:
    value = entry.get("leaders", [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.split() for v in value):
        raise ValueError(f"presidency {entry.get('id')}: leaders must be a list of names, not {value!r}")
    return tuple(value)


def presidency_on(day: str | None, extra: str | None = None) -> Presidency | None:
    """The presidency in office on an ISO date (`extra`: a user's presidencies file)."""
    if not day:
        return None
    return next((p for p in presidencies(extra).values() if p.start <= day <= p.end), None)


def greets_leader(term: Presidency, salutation: str) -> bool:
    """Whether a salutation's name ("Prime Minister De Croo", "Herr Bundeskanzler Scholz")
    holds the family name of one of the term's leaders, accents aside ("Orban", "Orbán"),
    perhaps with a case ending: the vocative of Czech "Vážený pane premiére Fialo"."""
    words = fold(salutation).split()
    return any(_is_family_name(word, fold(name).split()[-1]) for name in term.leaders for word in words)


def _is_family_name(word: str, family: str) -> bool:
    """The family name itself, or with a case ending of one or two letters: in place of its
    final vowel when it is long enough (Fiala, Fialo), after its final consonant (Tusk, Tusku);
    a short name ending in a vowel must stand as it is (Croo is no Crook)."""
    if word == family:
        return True
    vowel = family[-1] in "aeiouy"
    if vowel and len(family) <= 4:
        return False
    stem = family[:-1] if vowel else family
    return word.startswith(stem) and 1 <= len(word) - len(stem) <= 2
