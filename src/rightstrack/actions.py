"""Action type: how specific an ask is, on the UPR Info scale (McMahon; SERIDH uses the same):
1 seek or share assistance, 2 continue, 3 consider, 4 general action, 5 specific action.

Judged from the words that open the ask, with cue patterns per language (lang/<code>.toml,
[action]). A leading "To" or "That the State" is skipped."""

from __future__ import annotations

import re
from functools import lru_cache

from . import lang as langdata

METHOD = "tag.action.cues.v1"
LEVELS = (("assistance", 1), ("continue", 2), ("consider", 3), ("specific", 5))
_LEAD = re.compile(r"^(?:\W+|to |that (?:the )?(?:\w+ ){0,3}(?:should |shall )?|also |further |"
                   r"(?:the )?government (?:should |to )?)+", re.I)


@lru_cache(maxsize=16)
def _patterns(code: str, lang_dir: str | None) -> list[tuple[int, re.Pattern[str]]]:
    import tomllib

    path = langdata.BUNDLED / f"{code}.toml"
    if lang_dir and (langdata.Path(lang_dir) / f"{code}.toml").is_file():
        path = langdata.Path(lang_dir) / f"{code}.toml"
    data = tomllib.loads(path.read_text("utf-8")).get("action", {}) if path.is_file() else {}
    return [(level, re.compile(p, re.I)) for key, level in LEVELS for p in data.get(key, [])]


@lru_cache(maxsize=64)
def _code(lang: str | None) -> str:
    return lang if lang and (langdata.BUNDLED / f"{lang}.toml").is_file() else "en"


def classify(text: str, lang: str | None = "en", lang_dir: str | None = None) -> tuple[int, str]:
    """(level, the words that decided it). Level 4 when no cue says otherwise."""
    head = _LEAD.sub("", text.strip(), count=1)
    for level, pattern in _patterns(_code(lang), lang_dir):
        m = pattern.match(head)
        if m:
            return level, m.group(0)
    return 4, ""
