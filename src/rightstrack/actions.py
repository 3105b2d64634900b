"""Action type: how specific an ask is, on the UPR Info scale (McMahon; SERIDH uses the same):
1 seek or share assistance, 2 continue, 3 consider, 4 general action, 5 specific action.

Judged from the words that open the ask, with cue patterns per language (lang/<code>.toml,
[action]). A leading "To", "That the State" or "Recommended that" is skipped."""

from __future__ import annotations

import re

from . import lang as langdata

METHOD = "tag.action.cues.v2"  # v2: cues for every verb of the English list in five more languages
_FRAME = 120  # how far into an ask its modal verb may come ("The Belgian Presidency should ...")
_LEAD = re.compile(r"^(?:\W+|(?:it is )?recommended (?:that )?|to |that (?:the )?(?:\w+ ){0,3}(?:should |shall )?|"
                   r"also |further |(?:the )?government (?:should |to )?)+", re.I)


def classify(text: str, lang: str | None = "en", lang_dir: str | None = None) -> tuple[int, str]:
    """(level, the words that decided it). Level 4 when no cue says otherwise."""
    known = langdata.get(lang, lang_dir)
    if known.action is None:
        return 4, ""
    head = opening(text)
    m = known.action.match(head)
    if m is None and known.modal is not None:  # "Member states must ban ...": the verb after the modal
        frame = known.modal.search(head, 0, _FRAME)
        m = known.action.match(head, frame.end()) if frame else None
    if m is None or m.lastgroup is None:
        return 4, ""
    return int(m.lastgroup[1]), m.group(0)


def opening(text: str) -> str:
    """The ask from its first own word: a leading "To", "That the State should" or
    "Recommended that" taken off."""
    return _LEAD.sub("", text.strip(), count=1)
