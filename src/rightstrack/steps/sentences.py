"""Sentence splitting with an abbreviation list per language (data, not code)."""

from __future__ import annotations

import re

_LAST_WORD = re.compile(r"([\w.]+)$")
_BOUNDARY = re.compile(r"[.!?…][\"”’)\]]*(?:\[\d{1,3}\])*(?=\s+[\"“‘(\[]?[A-ZÀ-Ý0-9])")


def split(text: str, abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of `text`."""
    spans, start = [], 0
    for m in _BOUNDARY.finditer(text):
        if text[m.start()] == "." and _abbreviation(text, m.start(), abbreviations):
            continue
        end = m.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def _abbreviation(text: str, dot: int, abbreviations: frozenset[str]) -> bool:
    m = _LAST_WORD.search(text, max(0, dot - 24), dot)
    if not m:
        return False
    word = m.group(1).lower()
    return word in abbreviations or (len(word) == 1 and word.isalpha())
