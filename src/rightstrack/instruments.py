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

from .datafiles import load_entries, read_toml, table
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
    how: str  # name | pattern | identifier | anaphora


@lru_cache(maxsize=8)
def registry(extra: str | None = None) -> dict[str, Instrument]:
    """Our registry, with entries of a user's file (same format) added or replacing ours."""
    return load_entries(REGISTRY, extra, "instrument", "instrument registry", lambda e: Instrument(
        id=e["id"], type=e["type"], title=e["title"], identifier=e.get("identifier"), part_of=e.get("part_of"),
        names={lang: list(_texts(e["id"], f"names.{lang}", n)) for lang, n in table(e, "names", "instrument").items()},
        patterns=_texts(e["id"], "patterns", e.get("patterns", [])),
        anaphora=_texts(e["id"], "anaphora", e.get("anaphora", [])),
        events=_events(e)))


def _texts(inst_id: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"instrument {inst_id}: {key} must be a list of texts, not {value!r}")
    return tuple(value)


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


class _Matchers(NamedTuple):
    index: PhraseIndex[str]  # names
    patterns: list[tuple[re.Pattern[str], str, str]]  # (pattern, instrument id, its anchor word)
    anaphora: dict[str, list[tuple[re.Pattern[str], int, str]]]
    act: re.Pattern[str]  # the words of an EU act before its number, ending at the number
    act_words: tuple[str, ...]  # those words in lower case, a cheap test before the pattern
    act_after: re.Pattern[str]  # the words of an EU act after its number (Hungarian "2024/1689 rendelet")
    act_after_words: tuple[str, ...]  # those words in lower case
    identifiers: dict[str, str]  # official identifier ("CELEX 32024R1689") -> instrument id


@lru_cache(maxsize=8)
def _matchers(extra: str | None = None) -> _Matchers:
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
    act, act_words = _act_pattern(extra)
    act_after, act_after_words = _act_after_pattern(extra)
    return _Matchers(index, patterns, anaphora, act, act_words, act_after, act_after_words,
                     {inst.identifier: inst.id for inst in reg.values() if inst.identifier})


# The Union's abbreviations in the EU's languages, as in "Regulation (EU)" and "EU-Grundrechtecharta".
# WE, EWG: Polish; EÚ: Slovak; ES: Lithuanian, Latvian; ΕΕ, ΕΚ: Greek; EK: Hungarian; ЕС, ЕО: Bulgarian; EL: Estonian
_UNION = "EU|UE|EG|CE|EC|EK|EL|WE|EÚ|ES|ΕΕ|ΕΚ|ЕС|ЕО|EEG|CEE|EWG|EGKS|Euratom"
_UNION_BEFORE = re.compile(rf"(?<!\w)(?:{_UNION})-$")


def _act_pattern(extra: str | None) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The words for an act before its number, at the end of a text ("Regulation (EU)",
    "Verordnung (EU) Nr.", "Directive"): the [act_words] of our registry and a user's, by
    CELEX letter (R regulation, L directive, D decision), and the same words in lower case."""
    body, every = _act_groups(extra, "act_words")
    return re.compile(rf"(?<![\w-])(?:{body})\s*(?:\((?:{_UNION})\)\s*)?"
                      r"(?P<no>(?:no|nr|n[°º]|n)\.?\s*)?$", re.I), tuple(every)


def _act_after_pattern(extra: str | None) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The words for an act after its number, with any ending ("az (EU) 2024/1689 rendeletet"):
    [act_words_after], as [act_words]."""
    body, every = _act_groups(extra, "act_words_after")
    return re.compile(rf"\s+(?:{body})\w*", re.I), tuple(every)


def _act_groups(extra: str | None, key: str) -> tuple[str, list[str]]:
    """The words of table `key` of our registry and a user's as an alternation with a group per
    CELEX letter, and the words in lower case."""
    groups, every = [], []
    for letter in ("R", "L", "D"):
        words = []
        for path in filter(None, (REGISTRY, Path(extra) if extra else None)):
            table = read_toml(path, "instrument registry").get(key, {})
            value = table.get(letter, []) if isinstance(table, dict) else None
            if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
                raise SettingsError(f"instrument registry {path}: {key} must be a table of word lists "
                                    f"(R = [...], L = [...], D = [...])")
            words += value
        every += [w.lower() for w in words]
        if words:
            groups.append(rf"(?P<{letter}>{'|'.join(re.escape(w) for w in words)})")
    return "|".join(groups) or "(?!)", every


# An EU act's number: "2024/1689", "604/2013", "2008/115/EC", found from its slash (a text
# has few): a pattern that opens with a digit, a lookbehind or \b is tried at every place of
# a text (a millisecond on a 70 KB report), one that opens with a literal is searched in C.
_SLASH = re.compile(r"/(?=\d)")
_AFTER_SLASH = re.compile(rf"\d{{1,4}}(?:/(?:{_UNION}))?")
_COM = re.compile(r"COM\s*\(\s*(\d{4})\s*\)\s*(\d{1,4})")


def _numbers(text: str) -> Iterator[tuple[int, int, int, int]]:
    """(start, end, the number before the slash, the one after) of each "N/N" in the text."""
    for m in _SLASH.finditer(text):
        at = m.start()
        start = at
        while start > 0 and at - start < 4 and text[start - 1].isdigit():
            start -= 1
        after = _AFTER_SLASH.match(text, at + 1)
        if start < at and after and _bounded(text, start, after.end()):
            yield start, after.end(), int(text[start:at]), int(text[at + 1:after.end()].split("/")[0])


def _bounded(text: str, start: int, end: int) -> bool:
    """No word character or slash just before or after (not "A/HRC/16/21", not "12345/6")."""
    return not (start > 0 and (text[start - 1].isalnum() or text[start - 1] in "/_")) and \
        not (end < len(text) and (text[end].isalnum() or text[end] in "/_"))


def _identified(text: str, low: str, known: _Matchers) -> list[Reference]:
    """References by official number in any language ("Reglamento (UE) 2024/1689",
    "Directive 2008/115/EC", "Regulation (EU) No 604/2013", "COM(2025) 101"), to the
    instruments whose identifier is that CELEX or COM number."""
    out = []
    for start, end, first, second in _numbers(text):
        found = _act_around(text, low, start, end, first, second, known)
        if found is None:
            continue
        (at, to), year, number, letter = found
        inst_id = known.identifiers.get(f"CELEX 3{year}{letter}{number:04d}") if 1950 <= year <= 2099 else None
        if inst_id:
            out.append(Reference(inst_id, at, to, text[at:to], "identifier"))
    for m in _COM.finditer(text) if "COM" in text else ():
        if not _bounded(text, m.start(), m.end()):
            continue
        inst_id = known.identifiers.get(f"COM({m.group(1)}) {int(m.group(2))}")
        if inst_id:
            out.append(Reference(inst_id, m.start(), m.end(), m.group(0), "identifier"))
    return out


def _act_around(text: str, low: str, start: int, end: int, first: int, second: int,
                known: _Matchers) -> tuple[tuple[int, int], int, int, str] | None:
    """The span, year, number and CELEX letter of the act whose number is text[start:end],
    named by its words before the number or after it; None when no act's words are there.
    The words are looked for as text first: most numbers are no act's (resolution 16/21)."""
    if any(w in low[max(0, start - 48):start] for w in known.act_words):
        m = known.act.search(text, max(0, start - 48), start)
        if m is not None:
            year, number = (second, first) if m.group("no") else (first, second)
            return (m.start(), end), year, number, next(k for k in ("R", "L", "D") if m.groupdict().get(k))
    if known.act_after_words and any(w in low[end:end + 24] for w in known.act_after_words):
        m = known.act_after.match(text, end)
        if m is not None:  # "2024/1689 rendelet", "604/2013/EU rendelet": the year is the one that can be
            year, number = (first, second) if 1950 <= first <= 2099 else (second, first)
            return (start, m.end()), year, number, next(k for k in ("R", "L", "D") if m.groupdict().get(k))
    return None


def find(text: str | Words, known: set[str] | None = None, extra: str | None = None) -> list[Reference]:
    """References in `text`. Anaphora resolve to instruments in `known` (already named in
    the document) or named in `text`."""
    matchers = _matchers(extra)
    index, patterns, anaphora = matchers.index, matchers.patterns, matchers.anaphora
    tokenised = text if isinstance(text, Words) else Words(text)
    text, low = tokenised.text, tokenised.low
    found = [Reference(m.value, m.start, m.end, m.text, "name") for m in index.find(tokenised)
             if not _hyphen_joined(text, m.start, m.end)]
    found += _identified(text, low, matchers)
    present: dict[str, bool] = {}  # each literal looked for once (25 patterns share 13): a scan of the text each
    for p, inst_id, literal in patterns:
        if (hit := present.get(literal)) is None:
            hit = present[literal] = literal in low
        if hit:
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
    """'CAT' inside 'OP-CAT' is another instrument: a name glued by a hyphen is not this one,
    unless what is glued before it is the Union's abbreviation ("EU-migratiepact", "das
    EU-Migrations- und Asylpaket")."""
    before = start > 0 and text[start - 1] == "-" and text[start - 2:start - 1].isalnum() and \
        not _UNION_BEFORE.search(text, max(0, start - 12), start)
    return before or (end < len(text) - 1 and text[end] == "-" and text[end + 1:end + 2].isalnum())



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
