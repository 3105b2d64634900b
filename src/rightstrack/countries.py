"""Country names to ISO 3166-1 alpha-2 codes, in every EU language we ship.

Names come from pycountry (English names and its gettext translations) and from our own
data (data/country_aliases.toml): aliases, places that stand for a country (Gaza, Crimea),
demonyms and adjectives ("Palestinian", "Belgische"), and the traps that show a name is
not the country (Georgia the US state, Jordan the person, turkey the bird). A user's file of
the same format (setting `countries`, --countries FILE) adds names to ours and replaces our
traps, code by code, and its [language_names] lists add to ours."""

from __future__ import annotations

import gettext
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pycountry

from .datafiles import read_toml
from .errors import SettingsError
from .phrases import Match, PhraseIndex, Words

ALIASES = Path(__file__).parent / "data" / "country_aliases.toml"


def fold(name: str) -> str:
    """Lower case, no accents, straight apostrophes, no leading 'the', single spaces, a space
    before a parenthesis ("Iran(Islamic Republic of)") and an apostrophe for a full stop read
    from a scan ("Democratic People.s Republic of Korea")."""
    name = unicodedata.normalize("NFKD", name.replace("’", "'"))
    name = "".join(c for c in name if not unicodedata.combining(c)).lower()
    name = re.sub(r"(?<=[a-z])\.s\b", "'s", re.sub(r"(?<=\w)\(", " (", name))
    name = re.sub(r"\s+", " ", name).strip(" .,;:")
    return re.sub(r"^the ", "", name)


PLACE_TABLES = ("aliases", "aliases_more", "aliases_genitive", "aliases_inflected", "places")  # the country itself
NAME_TABLES = (*PLACE_TABLES, "demonyms", "demonyms_more")


@lru_cache(maxsize=8)
def _data(extra: str | None = None) -> dict:
    """Our alias tables, with a user's file merged in: its names added to ours code by code,
    its traps in place of ours."""
    data = read_toml(ALIASES, "country alias file")
    if not extra:
        return data
    theirs = read_toml(Path(extra), "country alias file")
    if not any(t in theirs for t in (*NAME_TABLES, "traps", "language_names")):
        raise SettingsError(f"country alias file {extra}: none of the tables {', '.join(NAME_TABLES)}, traps, "
                            "language_names")
    for table in NAME_TABLES:
        for code, names in _codes(theirs, table, extra).items():
            if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
                raise SettingsError(f"country alias file {extra}: [{table}] {code} must be a list of names, "
                                    f"not {names!r}")
            ours = data.setdefault(table, {}).setdefault(code, [])
            ours += [n for n in names if n not in ours]
    for code, trap in _codes(theirs, "traps", extra).items():
        if not _is_trap(trap):
            raise SettingsError(f"country alias file {extra}: [traps] {code} must be a table of before = [...], "
                                f"after = [...], person = true or demonyms_only = true, not {trap!r}")
        data.setdefault("traps", {})[code] = trap
    _merge_language_names(data, theirs, extra)
    return data


LANGUAGE_KEYS = ("codes", "before", "after", "followers", "joiners")


def _merge_language_names(data: dict, theirs: dict, path: str) -> None:
    """A user's [language_names] lists add to ours."""
    value = theirs.get("language_names", {})
    if not isinstance(value, dict) or not set(value) <= set(LANGUAGE_KEYS) or not all(
            isinstance(v, list) and all(isinstance(x, str) and x.strip() for x in v) for v in value.values()):
        raise SettingsError(f"country alias file {path}: [language_names] must hold lists of words named "
                            f"{', '.join(LANGUAGE_KEYS)}, not {value!r}")
    ours = data.setdefault("language_names", {})
    for key, words in value.items():
        ours[key] = [*ours.get(key, []), *(w for w in words if w not in ours.get(key, []))]


def _is_trap(trap: object) -> bool:
    if not isinstance(trap, dict) or not trap or not set(trap) <= {"before", "after", "person", "demonyms_only"}:
        return False
    lists = [trap.get(k, []) for k in ("before", "after")]
    return all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in lists) and \
        all(isinstance(trap.get(k, False), bool) for k in ("person", "demonyms_only"))


def _codes(data: dict, table: str, path: str) -> dict:
    value = data.get(table, {})
    if not isinstance(value, dict):
        raise SettingsError(f"country alias file {path}: {table} must be a table of codes ([{table}])")
    wrong = [c for c in value if not re.fullmatch(r"[A-Z]{2}", c)]
    if wrong:
        raise SettingsError(f"country alias file {path}: [{table}] {wrong[0]!r} is not a two-letter "
                            f"ISO 3166-1 code in capitals")
    return value


def check(extra: str) -> None:
    """Read a user's alias file now (a mistake in it is a SettingsError naming it)."""
    _data(extra)


@lru_cache(maxsize=1)
def _official_names() -> dict[str, set[str]]:
    """code -> names: English name, official and common names, and their translations, with
    'Korea, Republic of' also as 'Republic of Korea'."""
    out: dict[str, set[str]] = {}
    translations = _data().get("translations", {})
    translators = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
                   for lang in translations.get("languages", [])]
    skip = set(translations.get("skip", []))
    for c in pycountry.countries:
        names: set[str] = set()
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if not value:
                continue
            for t in (None, *translators):
                names.add(t.gettext(value) if t else value)
        for n in list(names):
            if ", " in n:
                head, tail = n.split(", ", 1)
                names.add(f"{tail} {head}")
                names.discard(n)
        out[c.alpha_2] = {n for n in names if "(" not in n and n not in skip}
    return out


@lru_cache(maxsize=8)
def name_index(extra: str | None = None) -> dict[str, str]:
    index: dict[str, str] = {}
    for code, names in _official_names().items():
        for n in names:
            index[fold(n)] = code
    data = _data(extra)
    for table in PLACE_TABLES:
        for code, names in data.get(table, {}).items():
            for n in names:
                index[fold(n)] = code
    return index


def lookup(name: str, extra: str | None = None) -> str | None:
    """'Iran (Islamic Republic of)' -> 'IR'; None when the name is not a country."""
    key = fold(name)
    index = name_index(extra)
    if key in index:
        return index[key]
    m = re.match(r"^(.*?) \((.*)\)$", key)  # "Bolivia (Plurinational State of)"
    if m:
        base, qualifier = m.groups()
        for candidate in (f"{qualifier} {base}", base):
            if candidate in index:
                return index[candidate]
    return None


def name(code: str, extra: str | None = None) -> str:
    """A country's English name ('BE' -> 'Belgium'); for a code pycountry lacks (a user's
    'XK'), the first alias our tables or the user's give it; empty when neither knows it."""
    country = pycountry.countries.get(alpha_2=code)
    if country is not None:
        return country.name
    data = _data(extra)
    return next((data[table][code][0] for table in NAME_TABLES[:3] if code in data.get(table, {})), "")


def split_names(group: str, extra: str | None = None) -> list[str] | None:
    """Parse 'Egypt, Peru and Algeria' (or 'Brazil/Spain') into codes; None unless every part is a country."""
    parts = _inverted_names([p for p in re.split(r"\s*[,;/]\s*", group.strip()) if p])
    codes: list[str] = []
    for part in parts:
        part = re.sub(r"^and ", "", part)
        found = _split_and(part, extra)
        if found is None:
            return None
        codes.extend(found)
    return codes or None


def _inverted_names(parts: list[str]) -> list[str]:
    """'Venezuela', 'Bolivarian Republic of' (a name written as ISO lists it, "Venezuela,
    Bolivarian Republic of") made one name again, as the reports write it otherwise:
    "Venezuela (Bolivarian Republic of)"."""
    out: list[str] = []
    for part in parts:
        m = re.fullmatch(r"([A-Z][\w ]*? of)(?: and (.+))?", part)
        if out and m:
            out[-1] = f"{out[-1]} ({m.group(1)})"
            out += [m.group(2)] if m.group(2) else []
        else:
            out.append(part)
    return out


def _split_and(part: str, extra: str | None) -> list[str] | None:
    code = lookup(part, extra)
    if code:
        return [code]
    words = part.split(" and ")
    for i in range(1, len(words)):  # "Bosnia and Herzegovina and Chile" needs a search
        left, right = " and ".join(words[:i]), " and ".join(words[i:])
        lc = lookup(left, extra)
        if lc:
            rest = _split_and(right, extra)
            if rest:
                return [lc, *rest]
    return None


# -- finding countries in running text -------------------------------------------------

class Mention(NamedTuple):  # a tuple: quick to make
    code: str
    start: int
    end: int
    text: str
    demonym: bool


@lru_cache(maxsize=8)
def _index(extra: str | None = None) -> PhraseIndex[tuple[str, bool]]:
    """Every name, alias and demonym; names must be capitalised as written (China, not china)."""
    forms: list[tuple[str, tuple[str, bool]]] = []
    data = _data(extra)
    for table in PLACE_TABLES:
        for code, names in data.get(table, {}).items():
            forms += [(n, (code, False)) for n in names]
    for code, names in _official_names().items():
        forms += [(n, (code, False)) for n in names]
    for table in ("demonyms", "demonyms_more"):
        for code, names in data.get(table, {}).items():
            forms += [(n, (code, True)) for n in names] + [(n[:1].upper() + n[1:], (code, True)) for n in names]
    # "the Netherlands" is found as "Netherlands": a phrase under "the" made every "the" of a
    # text a place to try (a third of the time of a search over a UN report)
    forms = [(n[4:] if n[:4].lower() == "the " else n, value) for n, value in forms]
    return PhraseIndex(forms, proper_nouns=True)


def find(text: str | Words, extra: str | None = None) -> list[Mention]:
    """Every country mention in `text`, traps left out."""
    traps = _data(extra).get("traps", {})
    out = []
    matches = _index(extra).find(text)
    text = text.text if isinstance(text, Words) else text
    for m in matches:
        code, demonym = m.value
        trap = traps.get(code)
        if trap and trap.get("demonyms_only") and not demonym:
            trap = None
        if _trapped(text, m, trap) or (demonym and _acronym(text, m)):
            continue
        out.append(Mention(code, m.start, m.end, m.text, demonym))
    return _without_languages(text, out, _languages(extra))


_CAPITAL_WORD = re.compile(r"[A-Z]{2,}")


def _acronym(text: str, m: Match) -> bool:
    """A demonym in capitals with no word in capitals beside it is an acronym: "(GRECO)", the
    Council of Europe's body against corruption, is no Italian "greco". Beside one it is a
    heading ("HET BELGISCH VOORZITTERSCHAP")."""
    if not m.text.isupper() or m.form.isupper():
        return False
    before, after = text[max(0, m.start - 30):m.start].split(), text[m.end:m.end + 30].split()
    return not any(_CAPITAL_WORD.match(w) for w in (before[-1:] + after[:1]))


class _Languages(NamedTuple):
    codes: frozenset[str]  # countries whose demonyms also name a language
    before: re.Pattern[str]  # ends the text before a run: "in", "en", "auf"
    after: re.Pattern[str]  # starts the text after a run: "version", "-speaking"
    end: re.Pattern[str]  # what a language name may be followed by: punctuation, the end, "and", "vor"
    joiner: re.Pattern[str]  # what lies between two names of a run: ", ", " und auf "


@lru_cache(maxsize=8)
def _languages(extra: str | None = None) -> _Languages:
    words = _data(extra).get("language_names", {})
    alt = lambda key: "|".join(re.escape(w) for w in sorted(words.get(key, []), key=len, reverse=True)) or "(?!)"  # noqa: E731
    return _Languages(
        frozenset(words.get("codes", [])),
        re.compile(rf"(?<!\w)(?:{alt('before')})\s+$", re.I),
        re.compile(rf"[\s-]*(?:{alt('after')})(?!\w)", re.I),
        re.compile(rf"\s*(?:[.,;:!?)\]\"'»”]|$|(?:{alt('followers')})(?!\w))", re.I),
        re.compile(rf"\s*,?\s*(?:(?:{alt('joiners')})\s+)?(?:(?:{alt('before')})\s+)?", re.I))


def _without_languages(text: str, found: list[Mention], rules: _Languages) -> list[Mention]:
    """The mentions less the demonyms that name a language ("in Polish, Hungarian and Czech"),
    each run of them judged as one (see [language_names] in the alias file)."""
    runs: list[list[int]] = []
    for i, m in enumerate(found):
        if not (m.demonym and m.code in rules.codes):
            continue
        if runs and runs[-1][-1] == i - 1 and rules.joiner.fullmatch(text, found[i - 1].end, m.start):
            runs[-1].append(i)
        else:
            runs.append([i])
    drop = {i for run in runs if _is_language(text, found[run[0]], found[run[-1]], rules) for i in run}
    return [m for i, m in enumerate(found) if i not in drop] if drop else found


def _is_language(text: str, first: Mention, last: Mention, rules: _Languages) -> bool:
    if rules.after.match(text, last.end):
        return True
    return bool(rules.before.search(text, max(0, first.start - 24), first.start) and rules.end.match(text, last.end))


_FUNCTION_WORDS = frozenset({"The", "In", "To", "And", "Of", "From", "For", "With", "On", "By", "At", "As", "Both",
                             "Lake", "River", "Republic", "Gulf", "Basin", "Region", "Kingdom", "Government"})


def _trapped(text: str, m: Match, trap: dict | None) -> bool:
    if not trap:
        return False
    before = text[max(0, m.start - 24):m.start].rstrip()
    after = text[m.end:m.end + 24].lstrip()
    if any(before.endswith(b.strip()) and (len(before) == len(b.strip()) or not before[-len(b.strip()) - 1].isalnum())
           for b in trap.get("before", [])):
        return True
    if any(after.startswith(a.strip()) for a in trap.get("after", [])):
        return True
    if trap.get("person"):
        # "Michael Jordan", "Chad Smith": a capitalised word right beside it (other than a
        # function word) makes it a person's name.
        prev = re.search(r"(?<![\w.])([A-Z][a-z]+)$", before)
        nxt = re.match(r"([A-Z][a-z]+)\b", after)
        if (prev and prev.group(1) not in _FUNCTION_WORDS) or (nxt and nxt.group(1) not in _FUNCTION_WORDS):
            return True
    return False
