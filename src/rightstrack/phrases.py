"""Find many known phrases in a text at once: a token n-gram index.

A regular expression with thousands of alternatives (every country name in six languages)
costs tens of milliseconds per page; looking token sequences up in a dictionary keyed by
their first token costs well under one. Hyphens and slashes and apostrophes separate tokens, so "Turkey"
is found in "EU-Turkey", "OPT" in "Israel/OPT" and "Russia" in "Russia's"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import compress, count
from typing import Generic, NamedTuple, TypeVar

import numpy as np

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


# ASCII bytes that are neither letter nor digit become spaces; UTF-8 bytes of other
# characters stay (accented letters are parts of words).
_BYTE_SEPARATORS = bytes(b if chr(b).isalnum() or b >= 128 else 32 for b in range(256))
# Common non-ASCII separators, made spaces before that (one character each, so offsets hold).
_COMMON = "’‘“”–—«»…•\xa0\u202f·„€£°´§©®±×÷¶†‰′″−¿¡‹›‐‑‒―"


class Words:
    """A text's folded tokens, made once and shared by every index that searches the text.
    Tokenising is most of what a search costs, so it avoids a regular expression over the
    text: bytes.translate turns separators into spaces and split cuts there (the tokens of
    _TOKEN, for a third of the time on a 70 KB report)."""

    def __init__(self, text: str) -> None:
        self.text = text
        low = text.lower().replace("’", "'")
        if len(low) != len(text):  # rare: lower-casing changed a length; fold character by character
            low = "".join(fold(c) if len(fold(c)) == 1 else c for c in text)
        self.low = low
        spaced = low
        for c in _COMMON:
            if c in spaced:
                spaced = spaced.replace(c, " ")
        self._starts: list[int] | None = None
        self._ends: list[int] = []
        try:
            self._encoded = spaced.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate
            self._encoded = b""
        self._parts = self._encoded.translate(_BYTE_SEPARATORS).split(b" ")
        self.words: list[str] = list(map(bytes.decode, filter(None, self._parts)))
        if not spaced.isascii() and (not self._encoded or not all(map(str.isalnum, self.words))):
            found = list(_TOKEN.finditer(low))  # a rarer separator: the regular expression, once
            self.words = [m.group() for m in found]
            self._starts, self._ends = [m.start() for m in found], [m.end() for m in found]

    @property
    def starts(self) -> list[int]:
        """Where each token starts (worked out on first use: most texts match nothing)."""
        if self._starts is None:
            self._offsets()
        return self._starts  # type: ignore[return-value]

    @property
    def ends(self) -> list[int]:
        if self._starts is None:
            self._offsets()
        return self._ends

    def _offsets(self) -> None:
        """Part k of the split starts after the k spaces and the parts before it; a UTF-8
        offset less the continuation bytes before it is a character offset."""
        lengths = np.fromiter(map(len, self._parts), dtype=np.int64, count=len(self._parts))
        at = np.concatenate(([0], np.cumsum(lengths)))
        ks = np.flatnonzero(lengths)
        starts, ends = at[ks] + ks, at[ks + 1] + ks
        if len(self._encoded) != len(self.low):
            raw = np.frombuffer(self._encoded, dtype=np.uint8)
            before = np.concatenate(([0], np.cumsum((raw & 0xC0) == 0x80)))
            starts, ends = starts - before[starts], ends - before[ends]
        self._starts, self._ends = starts.tolist(), ends.tolist()


class Match(NamedTuple, Generic[V]):
    """A phrase found: a tuple, four times quicker to make than a frozen dataclass (a UN
    report names countries hundreds of times)."""

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
        # A trie of folded tokens; the key None holds the phrases (as written) and their values.
        # One folded key may have several forms that differ in case, each with its own value
        # or not: Dutch "Russische" and German "russische" (in "die russische Armee"), which
        # was missed when only the first form was kept.
        self.trie: dict = {}
        self.proper_nouns = proper_nouns
        for phrase, value in phrases:
            key = [fold(t) for t, _, _ in tokens(phrase)]
            if not key:
                continue
            node = self.trie
            for word in key:
                node = node.setdefault(word, {})
            forms = node.setdefault(None, [])
            if all(f != phrase for f, _ in forms):
                forms.append((phrase, value))

    def find(self, text: str | Words) -> list[Match[V]]:
        tokenised = text if isinstance(text, Words) else Words(text)
        source, words = tokenised.text, tokenised.words
        trie = self.trie
        out: list[Match[V]] = []
        free = 0  # the first token not inside an earlier match
        total = len(words)
        for i in compress(count(), map(trie.__contains__, words)):  # C speed: most words start nothing
            if i < free:
                continue
            node, j, entries = trie[words[i]], i + 1, []
            while True:  # every phrase starting here, shortest first
                if None in node:
                    entries.append((j, node[None]))
                if j == total or words[j] not in node:
                    break
                node, j = node[words[j]], j + 1
            for j, forms in reversed(entries):  # the longest whose case fits
                start, end = tokenised.starts[i], tokenised.ends[j - 1]
                first = source[start:tokenised.ends[i]]
                for form, value in forms:
                    if self._case_ok(form, first):
                        out.append(Match(value, start, end, source[start:end], form))
                        free = j
                        break
                else:
                    continue
                break
        return out

    @lru_cache(maxsize=65536)  # noqa: B019 (indexes live as long as the process)
    def _case_ok(self, form: str, first: str) -> bool:
        letters = re.sub(r"[^A-Za-z]", "", form)
        if 2 <= len(letters) <= 6 and letters.isupper():
            return first == tokens(form)[0][0]
        if self.proper_nouns:
            return form[:1].isupper() == first[:1].isupper()
        return True
