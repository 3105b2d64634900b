"""The instrument registry (data/instruments.toml) and the finding of references to it.

A reference is a name ("AI Act", "KI-Verordnung"), a pattern ("Article 7(1) of the Treaty
on European Union") or, once the document has named the instrument, an anaphor ("the
Pact"). Where references overlap the longest wins, so "Article 7(1) TEU" is teu-art-7, not
also teu."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count
from pathlib import Path
from typing import NamedTuple

from .datafiles import load_entries
from .errors import SettingsError
from .phrases import PhraseIndex, Words, anchor, fold, tokens

REGISTRY = Path(__file__).parent / "data" / "instruments.toml"


@dataclass(frozen=True)
class Instrument:
    id: str
    type: str
    title: str
    identifier: str | None = None
    part_of: str | None = None
    names: dict[str, list[str]] = field(default_factory=dict)
    patterns: tuple[str, ...] = ()
    anaphora: tuple[str, ...] = ()
    events: tuple[dict[str, str], ...] = ()


class Reference(NamedTuple):  # a tuple: quick to make
    id: str
    start: int
    end: int
    text: str
    how: str  # name | pattern | anaphora


@lru_cache(maxsize=8)
def registry(extra: str | None = None) -> dict[str, Instrument]:
    """Our registry, with entries of a user's file (same format) added or replacing ours."""
    return load_entries(REGISTRY, extra, "instrument", "instrument registry", lambda e: Instrument(
        id=e["id"], type=e["type"], title=e["title"], identifier=e.get("identifier"), part_of=e.get("part_of"),
        names={lang: list(_texts(e["id"], f"names.{lang}", n)) for lang, n in _table(e, "names").items()},
        patterns=_texts(e["id"], "patterns", e.get("patterns", [])),
        anaphora=_texts(e["id"], "anaphora", e.get("anaphora", [])),
        events=_events(e)))


def _texts(inst_id: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"instrument {inst_id}: {key} must be a list of texts, not {value!r}")
    return tuple(value)


def _table(entry: dict, key: str) -> dict:
    value = entry.get(key, {})
    if not isinstance(value, dict):
        raise ValueError(f"instrument {entry['id']}: {key} must be a table, not {value!r}")
    return value


def _events(entry: dict) -> tuple[dict[str, str], ...]:
    value = entry.get("events", [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError(f"instrument {entry['id']}: events must be a list of tables "
                         f"({{ type = ..., date = ..., source = ... }}), not {value!r}")
    return tuple(value)


def check(extra: str) -> None:
    """Read a user's registry now, its patterns compiled (a mistake is a SettingsError naming it)."""
    _matchers(extra)


def _name_pattern(name: str) -> str:
    body = r"\s+".join(re.escape(w) for w in name.split())
    # Acronyms (CAT, DSA, TUE) must match in capitals; names in any case.
    return body if re.fullmatch(r"[A-Z0-9]{2,6}", name) else f"(?i:{body})"


@lru_cache(maxsize=8)
def _matchers(extra: str | None = None) -> tuple[PhraseIndex[str], list[tuple[re.Pattern[str], str, str]],
                                                 dict[str, list[tuple[re.Pattern[str], int, str]]]]:
    reg = registry(extra)
    index = PhraseIndex([(n, inst.id) for inst in reg.values() for names in inst.names.values() for n in names])
    patterns = []
    for inst in reg.values():
        for p in inst.patterns:
            try:
                patterns.append((re.compile(p, re.I), inst.id, anchor(p)))
            except re.error as exc:
                raise SettingsError(f"instrument registry {extra or REGISTRY}: instrument {inst.id}: bad pattern "
                                    f"{p!r} ({exc})") from exc
    anaphora = {inst.id: [(re.compile(rf"(?<![\w-]){_name_pattern(a)}(?![\w-])"), len(words), words[-1])
                          for a in inst.anaphora if (words := [fold(t) for t, _, _ in tokens(a)])]
                for inst in reg.values() if inst.anaphora}
    return index, patterns, anaphora


def find(text: str | Words, known: set[str] | None = None, extra: str | None = None) -> list[Reference]:
    """References in `text`. Anaphora resolve to instruments in `known` (already named in
    the document) or named in `text`."""
    index, patterns, anaphora = _matchers(extra)
    tokenised = text if isinstance(text, Words) else Words(text)
    text, low = tokenised.text, tokenised.low
    found = [Reference(m.value, m.start, m.end, m.text, "name") for m in index.find(tokenised)
             if not _hyphen_joined(text, m.start, m.end)]
    for p, inst_id, literal in patterns:
        if literal in low:
            found += [Reference(inst_id, m.start(), m.end(), m.group(0), "pattern")
                      for m in _matches(p, literal, text, low)]
    chosen = _longest(found)
    named = set(known or ()) | {r.id for r in chosen}
    wanted = [(inst_id, phrase) for inst_id, phrases in anaphora.items() if inst_id in named for phrase in phrases]
    if wanted:
        chosen += _anaphora(tokenised, wanted)
    return sorted(_longest(chosen), key=lambda r: r.start)


def _anaphora(tokenised: Words, wanted: list[tuple[str, tuple[re.Pattern[str], int, str]]]) -> list[Reference]:
    """Anaphora of named instruments, tried only where their last word occurs: their first
    word ("the", "le", "der") is everywhere, and scanning the text with each expression cost
    a millisecond per letter."""
    by_last: dict[str, list[tuple[str, re.Pattern[str], int]]] = {}
    for inst_id, (pattern, size, last) in wanted:
        by_last.setdefault(last, []).append((inst_id, pattern, size))
    words, out = tokenised.words, []
    for i in compress(count(), map(by_last.__contains__, words)):  # C speed: hits only
        for inst_id, pattern, size in by_last[words[i]]:
            m = pattern.match(tokenised.text, tokenised.starts[i - size + 1]) if i >= size - 1 else None
            if m:
                out.append(Reference(inst_id, m.start(), m.end(), m.group(0), "anaphora"))
    return out


def _matches(pattern: re.Pattern[str], literal: str, text: str, low: str) -> Iterator[re.Match[str]]:
    """The pattern's matches. One that opens with its literal word is tried only where the
    word occurs (str.find), not scanned for along the whole text: case-insensitive
    expressions scan slowly, and a 70 KB report costs a millisecond each."""
    if pattern.pattern[:len(literal)].lower() != literal:
        yield from pattern.finditer(text)
        return
    at = low.find(literal)
    while at >= 0:
        m = pattern.match(text, at)
        if m:
            yield m
        at = low.find(literal, m.end() if m else at + 1)


def _hyphen_joined(text: str, start: int, end: int) -> bool:
    """'CAT' inside 'OP-CAT' is another instrument: a name glued by a hyphen is not this one."""
    return (start > 0 and text[start - 1] == "-" and text[start - 2:start - 1].isalnum()) or \
        (end < len(text) - 1 and text[end] == "-" and text[end + 1:end + 2].isalnum())


def _longest(refs: list[Reference]) -> list[Reference]:
    """Longest first, each kept unless it overlaps one kept already. The kept spans never
    overlap, so sorted by start they are sorted by end too, and the one that could overlap
    a new span is the last kept that starts before it ends (a bisection: testing every kept
    span made a list naming a convention in 40,000 items take minutes)."""
    out: list[Reference] = []
    starts: list[int] = []
    ends: list[int] = []
    for r in sorted(refs, key=lambda r: (-(r.end - r.start), r.start)):
        i = bisect_left(starts, r.end)
        if i == 0 or ends[i - 1] <= r.start:
            starts.insert(i, r.start)
            ends.insert(i, r.end)
            out.append(r)
    return out
