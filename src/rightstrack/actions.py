"""Action type: how specific an ask is, on the UPR Info scale (McMahon; SERIDH uses the same):
1 seek or share assistance, 2 continue, 3 consider, 4 general action, 5 specific action.

Judged from the words that open the ask, with cue patterns per language (lang/<code>.toml,
[action]). A leading "To", "That the State" or "Recommended that" is skipped, and so is an
introductory phrase ([action] intro: "In line with its obligations, ...") before a cue."""

from __future__ import annotations

import re

from . import lang as langdata

# v2: cues for every verb of the English list in five more languages; v3: the verb after an
# introductory phrase ("In line with the Committee's advice, consider ..."); v4: an ask that
# opens with a gerund ("Issuing visas ...") by the verb it is a form of, one written as a noun
# ("Ratification of ...", "La ratification de ...") as that verb
# v5: more assistance and criminalising verbs in French, German and Spanish; v6: join, dismantle,
# endorse, "pass the", "do not" in English (from the UPR Info train split), join and dismantle in five more
# v7: continuing or cooperating with the international community is no request for assistance; twelve
# more specific verbs ("codify", "reinstate", "offer"), "call on X to provide assistance" a request for it
# v8: Portuguese and Polish cues (lang/pt.toml, lang/pl.toml)
# v9: cues in lt, el, hu, hr, sl, fi, bg, lv and et (lang/<code>.toml)
METHOD = "tag.action.cues.v9"
_FRAME = 120  # how far into an ask its modal verb may come ("The Belgian Presidency should ...")
_LEAD = re.compile(r"^(?:\W+|(?:it is )?recommended (?:that )?|to |that (?:the )?(?:\w+ ){0,3}(?:should |shall )?|"
                   r"also |further |(?:the )?government (?:should |to )?)+", re.I)


def classify(text: str, lang: str | None = "en", lang_dir: str | None = None) -> tuple[int, str]:
    """(level, the words that decided it). Level 4 when no cue says otherwise."""
    known = langdata.get(lang, lang_dir)
    if known.action is None:
        return 4, ""
    head = opening(text)
    intro = known.action_intro.match(head) if known.action_intro is not None else None
    m = known.action.match(head, intro.end()) if intro else None  # "In line with X, consider ..."
    m = m if m is not None and m.lastgroup is not None else known.action.match(head)
    if m is None and known.modal is not None:  # "Member states must ban ...": the verb after the modal
        frame = known.modal.search(head, 0, _FRAME)
        m = known.action.match(head, frame.end()) if frame else None
    first = head.split(" ", 1)[0]
    if (m is None or m.lastgroup is None) and known.action_nouns is not None and \
            first.lower() not in known.imperatives:
        m = known.action_nouns.match(head)  # "Ratification of the Convention"
    if m is None or m.lastgroup is None:
        return _as_gerund(head, first, known)
    return int(m.lastgroup[1]), m.group(0)


def _as_gerund(head: str, word: str, known: langdata.Lang) -> tuple[int, str]:
    """An ask in the form of the items after "by:" ("Issuing emergency visas ..."): judged by
    the verb it is a form of (issue), where the language has gerunds ([form] gerund_suffixes)
    and the verb is one of its imperatives (`word`: the ask's first). Level 4 when it is none."""
    low = word.lower()
    suffix = next((s for s in known.gerund_suffixes if low.endswith(s)), None)
    if suffix is None or len(low) <= 5 or low in known.non_verbs or known.action is None:
        return 4, ""
    stem = low[:-len(suffix)]
    # the stem, the stem and a dropped "e" (issuing), a doubled consonant made single (putting)
    base = next((b for b in (stem, stem + "e", stem[:-1]) if b in known.imperatives), None)
    m = known.action.match(base + head[len(word):]) if base else None
    if m is None or m.lastgroup is None:
        return 4, ""
    return int(m.lastgroup[1]), word + m.group(0)[len(base):]


def opening(text: str) -> str:
    """The ask from its first own word: a leading "To", "That the State should" or
    "Recommended that" taken off."""
    return _LEAD.sub("", text.strip(), count=1)
