"""Language knowledge as data: one TOML file per language with the same keys.

Bundled files live beside this module; a folder named by the `lang_dir` setting may add
languages or override bundled ones (a user's `en.toml` there replaces ours)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import SettingsError

BUNDLED = Path(__file__).parent
# The [action] keys with their level on the UPR Info scale, in the order they are checked.
ACTION_LEVELS = (("assistance", 1), ("continue", 2), ("consider", 3), ("specific", 5))
# The same for asks written as nouns ("Ratification of ..."), tried apart: only an ask that
# opens with no imperative can be one, and an alternation costs what all its cues cost.
ACTION_NOUNS = (("continue_nouns", 2), ("consider_nouns", 3), ("specific_nouns", 5))


@dataclass(frozen=True)
class Lang:
    code: str
    name: str
    ask_leadin: tuple[re.Pattern[str], ...]
    ask_heading: tuple[re.Pattern[str], ...]
    ask_sentence: tuple[re.Pattern[str], ...]
    ask_triggers: re.Pattern[str]
    commit_triggers: re.Pattern[str]
    not_after: re.Pattern[str]
    reason_leadin: tuple[re.Pattern[str], ...]
    commit_clause: re.Pattern[str]
    commit_statements: tuple[re.Pattern[str], ...]
    imperatives: frozenset[str]
    gerund_suffixes: tuple[str, ...]
    non_verbs: frozenset[str]
    salutation: re.Pattern[str]
    closing: tuple[re.Pattern[str], ...]
    government: tuple[re.Pattern[str], ...]  # a government's own line near the top, its country in `country`
    you: frozenset[str]
    months: dict[str, int]
    date_joiners: frozenset[str]  # words between a date's day, month and year ("10 de enero de 2027")
    abbreviations: frozenset[str]
    action: re.Pattern[str] | None  # the [action] cues in one alternation, a group per cue named "l<level>_<n>"
    modal: re.Pattern[str] | None  # a modal verb and the space after it ("must ")
    action_intro: re.Pattern[str] | None = None  # an introductory phrase before the ask's verb ("In line with X, ")
    action_nouns: re.Pattern[str] | None = None  # the [action] <level>_nouns cues, grouped as `action`


# A capital letter in the scripts of the EU's languages: Latin with its accents (Česká, Łotwa,
# Øst), Greek (Ελλάδα) and Cyrillic (България); [A-Z] alone missed the country of "Česká
# republika bude podporovat ...".
_UPPER = "[A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĶĹĻĽĿŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽȘȚΆΈΉΊΌΎΏΑ-ΩА-Я]"


def _alt(items: list[str]) -> str:
    return "(?:" + "|".join(f"(?:{i})" for i in items) + ")"


def _compile(patterns: list[str], subs: dict[str, str], code: str) -> tuple[re.Pattern[str], ...]:
    out = []
    for p in patterns:
        for key, value in subs.items():
            p = p.replace("{" + key + "}", value)
        try:
            out.append(re.compile(p, re.I))
        except re.error as exc:
            raise SettingsError(f"language file {code}: bad pattern {p!r} ({exc})") from exc
    return tuple(out)


def _build(data: dict, code: str) -> Lang:
    ask, com, form = data.get("ask", {}), data.get("commitment", {}), data.get("form", {})
    subs = {"actor": _alt(ask.get("actors", [])), "modal": _alt(ask.get("modals", []))}
    # A commitment clause: a self-referring subject (or a country, checked later) at the
    # start of a clause, then a commitment verb within a few words.
    # ("L'Italia continuerà ...", "La France s'engage ...": an article may come first)
    article = "|".join(re.escape(a) for a in com.get("country_articles", [])) or "(?!)"
    subject = _alt([*com.get("subjects", []),
                    rf"(?:{article})?(?P<country>(?-i:{_UPPER}[\w’'-]+(?: {_UPPER}[\w’'-]+){{0,2}}))"])
    clause = (rf"(?:^|^[^,]{{0,80}}, |; )(?P<subject>{subject})(?: \w+){{0,2}}? "
              rf"{_alt(com.get('verbs', ['(?!)']))}")
    letter = data.get("letter", {})
    cues = data.get("action", {})
    _compile([p for key, _ in (*ACTION_LEVELS, *ACTION_NOUNS) for p in cues.get(key, [])], {}, code)  # names a bad cue
    # One alternation: at one position `re` takes the first alternative that matches, as
    # trying the cues one by one in order would, in one match instead of a dozen.
    action = _groups(cues, ACTION_LEVELS)
    nouns = _groups(cues, ACTION_NOUNS)
    return Lang(
        code=code,
        name=data.get("name", code),
        ask_leadin=_compile(ask.get("leadin", []), subs, code),
        ask_heading=_compile(ask.get("heading", []), subs, code),
        ask_sentence=_compile(ask.get("sentence", []), subs, code),
        ask_triggers=_triggers(ask.get("triggers", [""])),
        commit_triggers=_triggers(com.get("triggers", [""])),
        not_after=_compile([rf"\b{_alt(ask.get('not_after', ['(?!)']))}\s*$"], subs, code)[0],
        reason_leadin=_compile(data.get("reason", {}).get("leadin", []), subs, code),
        commit_clause=_compile([clause], subs, code)[0],
        commit_statements=_compile(com.get("statements", []), subs, code),
        imperatives=frozenset(w.lower() for w in form.get("imperatives", [])),
        gerund_suffixes=tuple(form.get("gerund_suffixes", [])),
        non_verbs=frozenset(form.get("non_verbs", [])),
        salutation=_compile([letter.get("salutation", "(?!)")], subs, code)[0],
        closing=_compile(letter.get("closing", []), subs, code),
        government=_compile(letter.get("government", []), subs, code),
        you=frozenset(letter.get("you", [])),
        months={k.lower(): int(v) for k, v in data.get("dates", {}).get("months", {}).items()},
        date_joiners=frozenset(w.lower() for w in data.get("dates", {}).get("joiners", [])),
        abbreviations=frozenset(a.lower() for a in data.get("sentences", {}).get("abbreviations", [])),
        action=_compile([action], {}, code)[0] if action else None,
        modal=_compile([r"\b{modal}\s+"], subs, code)[0] if ask.get("modals") else None,
        action_intro=_compile([cues["intro"]], {}, code)[0] if cues.get("intro") else None,
        action_nouns=_compile([nouns], {}, code)[0] if nouns else None,
    )


def _groups(cues: dict, levels: tuple[tuple[str, int], ...]) -> str:
    """The cues of `levels` as one alternation, each a group named "l<level>_<n>"."""
    return "|".join(f"(?P<l{level}_{i}>{p})" for key, level in levels for i, p in enumerate(cues.get(key, [])))


def _triggers(words: list[str]) -> re.Pattern[str]:
    """One pattern for 'contains any of these fragments' (much faster than a loop)."""
    return re.compile("|".join(re.escape(w.lower()) for w in words))


def _files(extra_dir: str | None) -> dict[str, Path]:
    files = {p.stem: p for p in BUNDLED.glob("*.toml")}
    if extra_dir:
        folder = Path(extra_dir)
        if not folder.is_dir():
            raise SettingsError(f"lang_dir {extra_dir}: no such folder")
        files.update({p.stem: p for p in folder.glob("*.toml")})
    return files


@lru_cache(maxsize=8)
def languages(extra_dir: str | None = None) -> dict[str, Lang]:
    """Every language available, by ISO 639-1 code."""
    out = {}
    for code, path in sorted(_files(extra_dir).items()):
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"language file {path}: not valid TOML ({exc})") from exc
        try:
            out[code] = _build(data, code)
        except (AttributeError, TypeError, ValueError) as exc:  # a table or list given as a number, ...
            raise SettingsError(f"language file {path}: a key holds the wrong kind of value ({exc})") from exc
    return out


def get(code: str | None, extra_dir: str | None = None) -> Lang:
    """The language's knowledge, English when we have none for that language."""
    langs = languages(extra_dir)
    return langs.get(code or "en") or langs["en"]


def all_months(extra_dir: str | None = None) -> dict[str, int]:
    months: dict[str, int] = {}
    for lang in languages(extra_dir).values():
        months.update(lang.months)
    return months


def all_date_joiners(extra_dir: str | None = None) -> frozenset[str]:
    return frozenset(w for lang in languages(extra_dir).values() for w in lang.date_joiners)
