"""Find many known phrases in a text at once: a token n-gram index.

A regular expression with thousands of alternatives (every country name in six languages)
costs tens of milliseconds per page; looking token sequences up in a dictionary keyed by
their first token costs well under one. Hyphens and slashes and apostrophes separate tokens, so "Turkey"
is found in "EU-Turkey", "OPT" in "Israel/OPT" and "Russia" in "Russia's"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

V = TypeVar("V")
_TOKEN = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def anchor(pattern: str) -> str:
    """A word a regular expression cannot match without (its first run of four letters or
    more, lower case): a cheap test before running the expression. Empty when none."""
    m = re.search(r"[^\W\d_]{4,}", re.sub(r"\\.", " ", pattern.split("(?:")[0].split("[")[0]))
    return m.group(0).lower() if m else ""


def fold(token: str) -> str:
    return token.lower().replace("’", "'")


@dataclass(frozen=True)
class Match(Generic[V]):
    value: V
    start: int
    end: int
    text: str
    form: str


class PhraseIndex(Generic[V]):
    """Phrases (as written) mapped to values; the longest phrase wins at each place.

    Case: a phrase written in capitals of 2-6 letters (DRC, OPT) matches only in capitals;
    with `proper_nouns`, a phrase's first letter must match in case (Chad, not chad)."""

    def __init__(self, phrases: Iterable[tuple[str, V]], proper_nouns: bool = False) -> None:
        self.forms: dict[tuple[str, ...], tuple[str, V]] = {}
        self.longest: dict[str, int] = {}
        self.proper_nouns = proper_nouns
        for phrase, value in phrases:
            key = tuple(fold(t) for t, _, _ in tokens(phrase))
            if key and key not in self.forms:
                self.forms[key] = (phrase, value)
                self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))

    def find(self, text: str) -> list[Match[V]]:
        low = text.lower().replace("’", "'")
        if len(low) != len(text):  # rare: lower-casing changed a length; fold token by token
            low = "".join(fold(c) if len(fold(c)) == 1 else c for c in text)
        words = _TOKEN.findall(low)
        longest = self.longest
        out: list[Match[V]] = []
        spans: list[tuple[int, int]] | None = None
        free = 0  # the first token not inside an earlier match
        count = len(words)
        for i in [i for i, w in enumerate(words) if w in longest]:
            if i < free:
                continue
            for n in range(min(longest[words[i]], count - i), 0, -1):
                entry = self.forms.get(tuple(words[i:i + n]))
                if entry is None:
                    continue
                if spans is None:  # positions only once something matched
                    spans = [m.span() for m in _TOKEN.finditer(low)]
                start, end = spans[i][0], spans[i + n - 1][1]
                if self._case_ok(entry[0], text[start:spans[i][1]]):
                    out.append(Match(entry[1], start, end, text[start:end], entry[0]))
                    free = i + n
                    break
        return out

    def _case_ok(self, form: str, first: str) -> bool:
        letters = re.sub(r"[^A-Za-z]", "", form)
        if 2 <= len(letters) <= 6 and letters.isupper():
            return first == tokens(form)[0][0]
        if self.proper_nouns:
            return form[:1].isupper() == first[:1].isupper()
        return True
