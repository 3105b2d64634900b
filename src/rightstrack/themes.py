"""The theme taxonomy (data/taxonomy.toml) and a cue-phrase classifier over it.

A theme scores one point per distinct cue phrase found (in the statement's language and in
English, which advocacy texts borrow from) and two per instrument linked to the theme.
A statement gets its best-scoring themes, and any other theme with two points or more:
a long asylum ask that mentions "the rule of law" once is not a rule-of-law ask."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import SettingsError

TAXONOMY = Path(__file__).parent / "data" / "taxonomy.toml"
METHOD = "tag.themes.cues.v1"


@dataclass(frozen=True)
class Theme:
    id: str
    name: dict[str, str]
    description: str = ""
    parent: str | None = None
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    instruments: tuple[str, ...] = ()
    upr_info: tuple[str, ...] = ()
    uhri: tuple[str, ...] = ()
    sdg: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assignment:
    theme: str
    score: float
    evidence: dict


@lru_cache(maxsize=8)
def taxonomy(extra: str | None = None) -> dict[str, Theme]:
    """Our taxonomy, with a user's file (same format) adding themes or replacing ours."""
    out: dict[str, Theme] = {}
    for path in filter(None, (TAXONOMY, Path(extra) if extra else None)):
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"taxonomy {path}: cannot be read ({exc})") from exc
        for t in data.get("theme", []):
            try:
                out[t["id"]] = Theme(
                    id=t["id"], name=t["name"], description=t.get("description", ""), parent=t.get("parent"),
                    cues={lang: tuple(c) for lang, c in t.get("cues", {}).items()},
                    instruments=tuple(t.get("instruments", [])), upr_info=tuple(t.get("upr_info", [])),
                    uhri=tuple(t.get("uhri", [])), sdg=tuple(t.get("sdg", [])))
            except KeyError as exc:
                raise SettingsError(f"taxonomy {path}: a theme lacks {exc}") from exc
    return out


def _cue_pattern(cue: str) -> str:
    stem = cue.endswith("*")
    words = [re.escape(w) for w in cue.rstrip("*").split()]
    body = r"\s+".join(words) + (r"[\w'’-]*" if stem else "")
    letters = re.sub(r"[^A-Za-z]", "", cue)
    case_sensitive = letters.isupper() and len(letters) >= 2
    return rf"(?<![\w-]){body if case_sensitive else f'(?i:{body})'}(?![\w])"


@lru_cache(maxsize=64)
def _cues(lang: str, extra: str | None = None) -> list[tuple[str, list[tuple[str, re.Pattern[str]]]]]:
    out = []
    for theme in taxonomy(extra).values():
        cues = dict.fromkeys((*theme.cues.get(lang, ()), *theme.cues.get("en", ())))
        out.append((theme.id, [(c, re.compile(_cue_pattern(c))) for c in cues]))
    return out


def classify(text: str, lang: str | None, instruments: set[str] = frozenset(),
             extra: str | None = None) -> list[Assignment]:
    scores: dict[str, float] = {}
    evidence: dict[str, dict] = {}
    for theme_id, cues in _cues(lang or "en", extra):
        hits = [c for c, p in cues if p.search(text)]
        linked = [i for i in taxonomy(extra)[theme_id].instruments if i in instruments]
        score = len(hits) + 2 * len(linked)
        if score:
            scores[theme_id] = score
            evidence[theme_id] = {"cues": hits[:8], "instruments": linked}
    if not scores:
        return []
    best = max(scores.values())
    chosen = [t for t, s in scores.items() if s == best or s >= 2]
    return [Assignment(t, round(min(0.95, 0.4 + 0.15 * scores[t]), 2), evidence[t])
            for t in sorted(chosen, key=lambda t: -scores[t])]
