"""The theme taxonomy (data/taxonomy.toml) and a cue-phrase classifier over it.

A theme scores one point per distinct cue phrase found (in the statement's language and in
English, which advocacy texts borrow from) and two per instrument linked to the theme.
A statement gets its best-scoring themes, and any other theme with two points or more:
a long asylum ask that mentions "the rule of law" once is not a rule-of-law ask."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count
from pathlib import Path

from .datafiles import load_entries, table
from .phrases import Words

TAXONOMY = Path(__file__).parent / "data" / "taxonomy.toml"
# v2: general human-rights cues, a star may end any word of a cue; v3: false friends, and
# 'monitoring' (Überwachung, surveillance, vigilancia, sorveglianza) no longer surveillance;
# v4: conversion therapies, trans persons and each language's LGBTI acronym, 'antiterroriste',
# the European Arrest Warrant and procedural rights, food security, legal certainty; masks;
# v5: a masked cue named again outside the longer cue counts there; v6: arms sales and parties
# to a conflict, the right to demonstrate, housing and deportation detention in more languages,
# Spanish and Italian health care, climate change, gender violence, transphobia, media pluralism
# v7: Portuguese and Polish cues; v8: cues in lt, el, hu, hr, sl, fi,
# bg, lv and et
METHOD = "tag.themes.cues.v8"


@dataclass(frozen=True)
class Theme:
    id: str
    name: dict[str, str]  # by language
    description: dict[str, str] = field(default_factory=dict)  # by language
    parent: str | None = None
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # English cues left out for text in a language where the same word means something else
    # (French "surveillance" is also monitoring: "mécanisme de surveillance")
    false_friends: dict[str, tuple[str, ...]] = field(default_factory=dict)
    instruments: tuple[str, ...] = ()
    # themes whose cues inside a cue of this one do not count: "security" in "social security"
    masks: tuple[str, ...] = ()
    upr_info: tuple[str, ...] = ()
    uhri: tuple[str, ...] = ()
    sdg: tuple[str, ...] = ()
    # asks about the theme, by language: training examples for the learned model (learned.exemplars)
    exemplars: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Assignment:
    theme: str
    score: float
    evidence: dict


@lru_cache(maxsize=8)
def taxonomy(extra: str | None = None) -> dict[str, Theme]:
    """Our taxonomy, with a user's file (same format) adding themes or replacing ours."""
    return load_entries(TAXONOMY, extra, "theme", "taxonomy", lambda t: Theme(
        id=t["id"], name=_by_language(t["id"], "name", t["name"]),
        description=_by_language(t["id"], "description", t.get("description", {})), parent=t.get("parent"),
        cues={lang: _checked(t["id"], c) for lang, c in table(t, "cues", "theme").items()},
        false_friends={lang: _checked(t["id"], c) for lang, c in table(t, "false_friends", "theme").items()},
        instruments=tuple(t.get("instruments", [])), masks=_ids(t["id"], "masks", t.get("masks", [])),
        upr_info=tuple(t.get("upr_info", [])), uhri=tuple(t.get("uhri", [])), sdg=tuple(t.get("sdg", [])),
        exemplars={lang: _texts(t["id"], e) for lang, e in table(t, "exemplars", "theme").items()}))


def _texts(theme_id: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"theme {theme_id}: exemplars must be lists of texts by language, not {value!r}")
    return tuple(value)


def _by_language(theme_id: str, key: str, value: object) -> dict[str, str]:
    """A name or description by language; plain text (a user's file) counts as English."""
    if isinstance(value, str):
        return {"en": value} if value else {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValueError(f"theme {theme_id}: {key} must be text or a table of texts by language "
                         f"({key} = {{ en = \"...\", fr = \"...\" }}), not {value!r}")
    return dict(value)


def _ids(theme_id: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"theme {theme_id}: {key} must be a list of theme ids, not {value!r}")
    return tuple(value)


@lru_cache(maxsize=8)
def _masks(extra: str | None = None) -> dict[str, frozenset[str]]:
    return {t.id: frozenset(t.masks) for t in taxonomy(extra).values() if t.masks}


def _checked(theme_id: str, cues: list[str]) -> tuple[str, ...]:
    """A theme's cues for one language; each must be text with a word in it."""
    if not isinstance(cues, list):
        raise ValueError(f"theme {theme_id}: cues must be a list of phrases, not {cues!r}")
    for cue in cues:
        if not isinstance(cue, str) or not _WORD.search(cue):
            raise ValueError(f"theme {theme_id}: cue {cue!r} has no word to match")
    return tuple(cues)


def _cue_pattern(cue: str) -> str:
    # A star ends any word of the cue ("violence* domestique*"), not only the last one,
    # and an apostrophe is either apostrophe ("l'environnement", "l’environnement").
    words = [re.escape(w.rstrip("*")).replace("'", "['’]") + (r"[\w'’-]*" if w.endswith("*") else "")
             for w in cue.split()]
    body = r"\s+".join(words)
    letters = re.sub(r"[^A-Za-z]", "", cue)
    case_sensitive = letters.isupper() and len(letters) >= 2
    return rf"(?<![\w-]){body if case_sensitive else f'(?i:{body})'}(?![\w])"


_WORD = re.compile(r"[^\W_]+")
Entry = tuple[str, str, re.Pattern[str], frozenset[str]]  # theme id, cue, pattern, words it needs


@lru_cache(maxsize=64)
def _cues(lang: str, extra: str | None = None) -> tuple[dict[str, list[Entry]], dict[str, list[tuple[str, Entry]]]]:
    """Cues indexed by their first word (exact) or by the first three letters of a stem, so
    that a statement only tests the cues whose first word it contains."""
    exact: dict[str, list[Entry]] = {}
    stems: dict[str, list[tuple[str, Entry]]] = {}
    for theme in taxonomy(extra).values():
        english = [c for c in theme.cues.get("en", ()) if c not in theme.false_friends.get(lang, ())]
        for cue in dict.fromkeys((*theme.cues.get(lang, ()), *english)):
            first = cue.split()[0]
            word = _WORD.findall(first.rstrip("*").lower())[0]
            entry = (theme.id, cue, re.compile(_cue_pattern(cue)), _needed_words(cue))
            if first.endswith("*"):
                stems.setdefault(word[:3], []).append((word, entry))
            else:
                exact.setdefault(word, []).append(entry)
    return exact, stems


def _needed_words(cue: str) -> frozenset[str]:
    """The tokens a text must contain for the cue to match: all but the open end of a
    starred word ("the environment" needs "environment"; "push-back*" needs "push")."""
    out: list[str] = []
    for word in cue.lower().split():
        tokens = _WORD.findall(word.rstrip("*"))
        out += tokens[:-1] if word.endswith("*") else tokens
    return frozenset(out)


@lru_cache(maxsize=8)
def _instrument_themes(extra: str | None = None) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for theme in taxonomy(extra).values():
        for inst in theme.instruments:
            out.setdefault(inst, []).append(theme.id)
    return {k: tuple(v) for k, v in out.items()}


Candidates = tuple[tuple[tuple[str, str], tuple[re.Pattern[str], frozenset[str]]], ...]


class _Known(dict[str, Candidates]):
    """word -> the cues it may start, filled as words come: a lookup at C speed for words
    already seen (nearly all of them), so a statement's words are never looped over in Python."""

    def __init__(self, lang: str, extra: str | None) -> None:
        super().__init__()
        self.lang, self.extra = lang, extra

    def __missing__(self, word: str) -> Candidates:
        found = self[word] = _candidates(word, self.lang, self.extra)
        return found


_CANDIDATES: dict[tuple[str, str | None], _Known] = {}


def _candidates(word: str, lang: str, extra: str | None) -> Candidates:
    """The cues a text containing `word` may match (those that start with it)."""
    exact, stems = _cues(lang, extra)
    found = [((theme_id, cue), (pattern, needs)) for theme_id, cue, pattern, needs in exact.get(word, ())]
    found += [((theme_id, cue), (pattern, needs)) for stem, (theme_id, cue, pattern, needs) in
              stems.get(word[:3], ()) if word.startswith(stem)]
    return tuple(found)


def classify(text: str, lang: str | None, instruments: Iterable[str] = (),
             extra: str | None = None, words: list[str] | None = None,
             starts: list[int] | None = None) -> list[Assignment]:
    """The themes of a text; `words` its lower-case tokens and `starts` where they start in
    it, when the caller has them."""
    lang = lang or "en"
    known = _CANDIDATES.get((lang, extra))
    if known is None:
        known = _CANDIDATES[(lang, extra)] = _Known(lang, extra)
    if len(known) > 200_000:
        known.clear()
    if words is None or starts is None:
        tokenised = Words(text)
        words, starts = tokenised.words, tokenised.starts
    hits: dict[str, list[str]] = {}
    seen: set[tuple[str, int]] = set()  # two cues of a theme on the same words are one piece of evidence
    matched = [(theme_id, cue, at, end) for (theme_id, cue), (at, end) in
               _cue_starts(text, words, starts, known).items() if at >= 0]
    masks = _masks(extra) if len(matched) > 1 else {}
    for theme_id, cue, at, end in matched:
        if masks and _masked(theme_id, at, end, matched, masks):
            at = _unmasked_at((theme_id, cue), end, text, words, starts, known, masks)
        if at >= 0 and (theme_id, at) not in seen:
            seen.add((theme_id, at))
            hits.setdefault(theme_id, []).append(cue)
    linked: dict[str, list[str]] = {}
    for inst in instruments:
        for theme_id in _instrument_themes(extra).get(inst, ()):
            linked.setdefault(theme_id, []).append(inst)
    scores = {t: len(hits.get(t, ())) + 2 * len(linked.get(t, ())) for t in dict.fromkeys([*hits, *linked])}
    evidence = {t: {"cues": hits.get(t, [])[:8], "instruments": linked.get(t, [])} for t in scores}
    if not scores:
        return []
    best = max(scores.values())
    chosen = [t for t, s in scores.items() if s == best or s >= 2]
    return [Assignment(t, round(min(0.95, 0.4 + 0.15 * scores[t]), 2), evidence[t])
            for t in sorted(chosen, key=lambda t: -scores[t])]


_UNMATCHED, _CANNOT = -1, -2
_UNMATCHED_AT, _CANNOT_AT = (_UNMATCHED, _UNMATCHED), (_CANNOT, _CANNOT)


def _masked(theme_id: str, at: int, end: int, matched: list[tuple[str, str, int, int]],
            masks: dict[str, frozenset[str]]) -> bool:
    """Whether a cue's words lie inside a longer cue of a theme that masks this one
    (`masks` in the taxonomy): "sécurité" in "sécurité sociale", "Sicherheit" in "soziale
    Sicherheit", "security" in "food security" are no security theme. Other themes' cues
    inside a longer cue still count ("refugees" in "who assist refugees")."""
    return any(c <= at and end <= d and d - c > end - at and theme_id in masks.get(other, ())
               for other, _, c, d in matched)


def _unmasked_at(key: tuple[str, str], after: int, text: str, words: list[str], starts: list[int],
                 known: _Known, masks: dict[str, frozenset[str]]) -> int:
    """Where a cue whose first match was masked matches again, unmasked, after `after` ("la
    sécurité sociale et la sécurité des défenseurs" names security at its second "sécurité");
    -1 when it does not. Tried only for masked cues, which are rare."""
    for i in range(bisect_left(starts, after), len(words)):
        for candidate, (pattern, _) in known[words[i]]:
            m = pattern.match(text, starts[i]) if candidate == key else None
            if m and not _covered(key[0], m.span(), i, text, words, starts, known, masks):
                return m.start()
    return -1


def _covered(theme_id: str, span: tuple[int, int], i: int, text: str, words: list[str], starts: list[int],
             known: _Known, masks: dict[str, frozenset[str]]) -> bool:
    """Whether a longer cue of a theme that masks `theme_id`, starting at one of the few words
    up to word i, holds `span` (a cue found at word i)."""
    near = [(other, cue, *m.span()) for j in range(max(0, i - 8), i + 1)
            for (other, cue), (pattern, _) in known[words[j]]
            if theme_id in masks.get(other, ()) and (m := pattern.match(text, starts[j]))]
    return _masked(theme_id, *span, near, masks)


def _cue_starts(text: str, words: list[str], starts: list[int],
                known: _Known) -> dict[tuple[str, str], tuple[int, int]]:
    """Where each cue a word of the text may start first matches, as (start, end) (start -1
    or -2 where it does not), in the order the text first names them. A cue is tried with
    `match` at the words that may start it, not searched for along the text: most cues start
    with a word the text has, and a search costs ten times a match."""
    present = set(words)
    state: dict[tuple[str, str], tuple[int, int]] = {}
    for i in compress(count(), map(known.__getitem__, words)):  # C speed: words that start no cue
        for key, (pattern, needs) in known[words[i]]:
            at = state.get(key)
            if at is None and not needs <= present:  # the set test spares most matches
                state[key] = _CANNOT_AT
            elif at is None or at[0] == _UNMATCHED:
                m = pattern.match(text, starts[i])
                state[key] = m.span() if m else _UNMATCHED_AT
    return state
