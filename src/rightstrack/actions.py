"""Action type: how specific an ask is, on the UPR Info scale (McMahon; SERIDH uses the same):
1 seek or share assistance, 2 continue, 3 consider, 4 general action, 5 specific action.

Judged from the words that open the ask, with cue patterns per language (lang/<code>.toml,
[action]). A leading "To", "That the State" or "Recommended that" is skipped."""

from __future__ import annotations

import re
from functools import lru_cache

from . import lang as langdata

METHOD = "tag.action.cues.v2"  # v2: cues for every verb of the English list in five more languages
LEVELS = (("assistance", 1), ("continue", 2), ("consider", 3), ("specific", 5))
_FRAME = 120  # how far into an ask its modal verb may come ("The Belgian Presidency should ...")
_LEAD = re.compile(r"^(?:\W+|(?:it is )?recommended (?:that )?|to |that (?:the )?(?:\w+ ){0,3}(?:should |shall )?|"
                   r"also |further |(?:the )?government (?:should |to )?)+", re.I)


@lru_cache(maxsize=16)
def _patterns(code: str, lang_dir: str | None) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """All cue patterns of a language in one alternation, in the order they are checked,
    each in a group named for its level ("l5_3"): one match instead of a dozen. At one
    position Python's `re` takes the first alternative that matches, so the result is the
    one the patterns tried one by one would give. Second, the language's modal verbs (the
    extraction step's `ask.modals`), after which an ask's own verb comes."""
    import tomllib

    path = langdata.BUNDLED / f"{code}.toml"
    if lang_dir and (langdata.Path(lang_dir) / f"{code}.toml").is_file():
        path = langdata.Path(lang_dir) / f"{code}.toml"
    data = tomllib.loads(path.read_text("utf-8")) if path.is_file() else {}
    cues, modals = data.get("action", {}), data.get("ask", {}).get("modals", [])
    parts = [f"(?P<l{level}_{i}>{p})" for key, level in LEVELS for i, p in enumerate(cues.get(key, []))]
    pattern = re.compile("|".join(parts), re.I) if parts else None
    modal = re.compile(r"\b(?:" + "|".join(modals) + r")\s+", re.I) if modals else None
    return pattern, modal


@lru_cache(maxsize=64)
def _code(lang: str | None) -> str:
    return lang if lang and (langdata.BUNDLED / f"{lang}.toml").is_file() else "en"


def classify(text: str, lang: str | None = "en", lang_dir: str | None = None) -> tuple[int, str]:
    """(level, the words that decided it). Level 4 when no cue says otherwise."""
    pattern, modal = _patterns(_code(lang), lang_dir)
    if pattern is None:
        return 4, ""
    head = _LEAD.sub("", text.strip(), count=1)
    m = pattern.match(head)
    if m is None and modal is not None:  # "Member states must ban ...": the verb after the modal
        frame = modal.search(head, 0, _FRAME)
        m = pattern.match(head, frame.end()) if frame else None
    if m is None or m.lastgroup is None:
        return 4, ""
    return int(m.lastgroup[1]), m.group(0)
