"""Tag: themes, countries, instruments, addressees and action type, on each statement and on the document.

Every tag keeps its method (versioned), score and evidence (the matched text and its
offsets in the document text). Human decisions on tags live in the store and are never
overwritten by a re-run (see Store.replace_tags)."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, TypeVar

from .. import actions, countries, instruments, presidencies, themes
from .. import lang as langdata
from ..datafiles import load_entries, read_toml
from ..errors import SettingsError
from ..model import Document, Statement, Tag
from ..phrases import Words
from ..settings import Settings
from .extract import salutation_name

# v2: demonyms of every EU member state, inflected; a demonym that names a language ([language_names])
# or in capitals as an acronym (GRECO) is no country
# v3: more names in other languages ("Weißrussland", "die Vereinigten Staaten"), regions, rivers as traps,
# the plurals and feminines of demonyms of 25 countries outside the Union ("les garde-côtes libyens")
# v4: a UPR recommendation's recommending States, in parentheses, are not its countries
# v5: pycountry's names in all 24 EU languages, less [translations] skip
# v6: Lithuanian and Greek genitives ("Vengrijos", "Ουγγαρίας"), Greek demonyms of Greece and Cyprus; demonyms in
# hu, hr, sl, bg, pl, cs, sk, sv, da, ro and pt; names with case endings in hu, lt, hr, sl, fi, lv, et, pl, cs
# and sk ("Magyarországon", "Vengrijoje", "na Madžarskem", "Unkarissa", "na Węgrzech")
COUNTRIES = "tag.countries.v6"
# v2: by official number in any language ([act_words]); v3: more names, "EU-" glued before a name
# v4: the CSDDD as "la directive sur le devoir de vigilance", the draft AI Regulation in Spanish and Italian,
# the UN core treaties, the Rome Statute, the Arms Trade Treaty and five more EU acts in the registry
# v5: Portuguese and Polish names and act words, "/WE" after an act's number
# v6: names and act words in lt, el, hu, hr, sl, fi, bg, lv and et, "(ES)", "(ΕΕ)", "(ЕС)" and "(EL)" before
# an act's number, Hungarian act words after it ("2024/1689 rendelet")
INSTRUMENTS = "tag.instruments.v6"
# v2: UN and Council of Europe bodies; a word inside a longer actor name counts for that name only;
# v3: EU agencies, national and Council of Europe bodies whose names hold "Council",
# "Commission" or "Parliament", and a government named before its country ("le gouvernement français");
# v4: the co-legislators, Commissioners, a country's authorities in every language (with countries v2)
# v5: a federal government named alone ("die Bundesregierung") as the one country it may be ([federal_governments])
# v6: the Presidency of a letter's date, greeting its head of government ("Dear Prime Minister De Croo");
# UN and EU bodies under other names and abbreviations ("le HCR", "der EAD")
# v7: Portuguese and Polish actor names ("a Presidência", "prezydencję", "Komisja")
# v8: actor names in lt, el, hu, hr, sl, fi, bg, lv and et; the Czech and Slovak co-legislators are the
# Parliament too; "the Government of Hungary" read to its country; a leader greeted with a case ending ("Fialo")
ADDRESSEES = "tag.addressees.v8"
# v2: as addressees v3; v3: as addressees v4; v4: a government signing in its languages ("Vláda České republiky")
AUTHORS = "tag.authors.v4"
ACTORS = Path(__file__).parent.parent / "data" / "actors.toml"


def outdated_methods(methods: dict[str, int]) -> dict[str, int]:
    """Of stored tags counted by method, those made by an older version of a method this
    step runs now ("tag.themes.cues.v1" once it is v2): `rightstrack tag` renews them."""
    current = {m.rsplit(".v", 1)[0]: m for m in (themes.METHOD, actions.METHOD, COUNTRIES, INSTRUMENTS, ADDRESSEES,
                                                 AUTHORS)}
    return {m: n for m, n in methods.items() if current.get(m.rsplit(".v", 1)[0], m) != m}


def run(doc: Document, settings: Settings) -> Document:
    doc.tags = []
    words = Words(doc.text)  # tokenised once for both indexes
    mentions = countries.find(words, settings.countries)
    refs = instruments.find(words, extra=settings.instruments)
    self_country = _self_country(doc, settings.countries)
    doc.tags += _first_mentions(mentions, None, "countries", COUNTRIES)
    doc.tags += _first_refs(refs, None)
    salutation = salutation_name(doc, settings)  # read once: the Presidency, its government and "you" need it
    presidency = _presidency(doc, mentions, salutation, settings.actors, settings.presidencies) \
        if self_country is None else None
    doc.tags += [Tag(None, "addressees", a, ADDRESSEES, 0.8, {"text": t})
                 for a, t in _document_addressees(presidency, salutation, settings.actors)]
    doc.tags += [Tag(None, "authors", a, AUTHORS, score, {"text": doc.author})
                 for a, score in author_ids(doc.author, self_country, settings.actors, settings.countries)]
    mention_starts, ref_starts = [m.start for m in mentions], [r.start for r in refs]
    you = _you_phrases(doc, salutation, settings) if presidency else frozenset()
    home = _home_countries(presidency, self_country, mentions)
    for i, st in enumerate(doc.statements):
        inside = [m for m in _within(mentions, mention_starts, st)
                  if m.code != self_country and not _recommending(doc.text, m, st)
                  and not _is_actor(doc.text, m, settings.actors)]  # the cheap tests first
        doc.tags += _first_mentions(inside, i, "countries", COUNTRIES)
        st_refs = _within(refs, ref_starts, st)
        doc.tags += _first_refs(st_refs, i)
        doc.tags += [Tag(i, "addressees", a, ADDRESSEES, 0.8, {"text": st.addressee_text})
                     for a in addressee_ids(st, presidency, settings.actors, settings.countries, you, home)]
        if st.kind == "recommendation":
            level, cue = actions.classify(st.text, st.language or doc.language, settings.lang_dir)
            doc.tags.append(Tag(i, "action", str(level), actions.METHOD, 0.8 if cue else 0.5, {"text": cue}))
        found = list(dict.fromkeys(r.id for r in st_refs))  # in order: evidence is deterministic
        doc.tags += [Tag(i, "themes", a.theme, themes.METHOD, a.score, a.evidence)
                     for a in themes.classify(st.text, st.language or doc.language, found, settings.taxonomy,
                                              *_words_of(words, st, doc.text))]
    return doc


def _words_of(words: Words, st: Statement, text: str) -> tuple[list[str] | None, list[int] | None]:
    """The document's tokens inside a statement and where they start in its text, when its
    text is that span as it stands."""
    if st.text != text[st.start:st.end]:
        return None, None
    lo, hi = bisect_left(words.starts, st.start), bisect_left(words.starts, st.end)
    return words.words[lo:hi], [s - st.start for s in words.starts[lo:hi]]


Found = TypeVar("Found", countries.Mention, instruments.Reference)


def _within(found: list[Found], starts: list[int], st: Statement) -> list[Found]:
    """The mentions (sorted by start, with `starts` their starts) inside a statement's span."""
    lo, hi = bisect_left(starts, st.start), bisect_left(starts, st.end)
    return [f for f in found[lo:hi] if f.end <= st.end]


def _recommending(text: str, m: countries.Mention, st: Statement) -> bool:
    """A State named in parentheses that the statement's authors hold ("Ratify the Convention
    (France) (Iraq)" in a UPR report): who made the recommendation, not whom it is about."""
    return m.code in st.authors and text.rfind("(", st.start, m.start) > text.rfind(")", st.start, m.start)


def _first_mentions(mentions: list[countries.Mention], statement: int | None, field: str,
                    method: str) -> list[Tag]:
    seen: dict[str, Tag] = {}
    for m in mentions:
        if m.code not in seen:
            seen[m.code] = Tag(statement, field, m.code, method, 0.8 if m.demonym else 0.95,
                               {"text": m.text, "start": m.start, "end": m.end})
        seen[m.code].evidence["count"] = seen[m.code].evidence.get("count", 0) + 1
    return list(seen.values())


def _first_refs(refs: list[instruments.Reference], statement: int | None) -> list[Tag]:
    seen: dict[str, Tag] = {}
    for r in refs:
        if r.id not in seen:
            seen[r.id] = Tag(statement, "instruments", r.id, INSTRUMENTS, 0.7 if r.how == "anaphora" else 0.95,
                             {"text": r.text, "start": r.start, "end": r.end, "how": r.how})
    return list(seen.values())


class _Actors(NamedTuple):
    patterns: list[tuple[str, re.Pattern[str]]]  # (actor id, pattern)
    heads: re.Pattern[str]  # after a country, makes it an actor ("the Belgian Presidency")
    heads_before: re.Pattern[str]  # before it: "la présidence belge", "the Government of Belgium"
    presidency_after: re.Pattern[str]  # "the Belgian Presidency", "die belgische Ratspräsidentschaft"
    presidency_before: re.Pattern[str]  # "la présidence belge", "the Presidency of Belgium"
    presidency_named: re.Pattern[str]  # a word of presidency_words anywhere
    presidency_plain: tuple[str, ...]  # presidency_words in lower case, for a substring test first
    leader: re.Pattern[str]  # a head of government's title in a salutation: "Prime Minister", "Bundeskanzler"
    government_after: re.Pattern[str]  # "the Belgian government"
    government_before: re.Pattern[str]  # "the Government of Belgium", "le gouvernement français"
    parliament_after: re.Pattern[str]  # "the Hungarian Parliament": national-parliaments
    parliament_before: re.Pattern[str]  # "the Parliament of Hungary", "il Parlamento italiano"
    federal: list[tuple[re.Pattern[str], tuple[str, ...]]]  # "die Bundesregierung": the countries it may be


@lru_cache(maxsize=8)
def _actors(extra: str | None = None) -> _Actors:
    """(actor id, pattern) for each pattern, apart: one alternation would stop at its first
    alternative ("council") and never see a longer one ("council of the European Union").
    A user's file (setting `actors`, our format) adds actors or replaces ours by id, and its
    word lists (WORD_LISTS) add to ours."""
    entries = load_entries(ACTORS, extra, "actor", "actor file", _actor_patterns)
    actors = [(actor_id, pattern) for actor_id, patterns in entries.items() for pattern in patterns]
    files = [(path, read_toml(path, "actor file")) for path in filter(None, (ACTORS, Path(extra) if extra else None))]
    words = {key: [w for path, data in files for w in _word_list(data.get(key, []), path, key)] for key in WORD_LISTS}
    alt = lambda key: "|".join(re.escape(w) for w in words[key]) or "(?!)"  # noqa: E731
    after = lambda key: re.compile(rf"\s*(?:{alt(key)})\b", re.I)  # noqa: E731
    before = lambda key: re.compile(rf"\b(?:{alt(key)})\s+(?:(?:{alt('government_links')})\s*)?$", re.I)  # noqa: E731
    return _Actors(actors, after("actor_heads"), before("actor_heads"), after("presidency_words"),
                   before("presidency_words"), re.compile(rf"\b(?:{alt('presidency_words')})\b", re.I),
                   tuple(w.lower() for w in words["presidency_words"]),
                   re.compile(alt("leader_words"), re.I), after("government_words"),
                   before("government_words"),
                   after("parliament_words"), before("parliament_words"), _federal_governments(files))


WORD_LISTS = ("actor_heads", "presidency_words", "leader_words", "government_words", "government_links",
              "parliament_words")


def _word_list(value: object, path: Path, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(h, str) for h in value):
        raise SettingsError(f"actor file {path}: {key} must be a list of words")
    return value


def _federal_governments(files: list[tuple[Path, dict]]) -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    """[federal_governments] of our file and a user's (theirs replace ours word by word), as
    (pattern, country codes)."""
    merged: dict[str, tuple[str, ...]] = {}
    for path, data in files:
        table = data.get("federal_governments", {})
        if not isinstance(table, dict) or not all(
                isinstance(codes, list) and codes and all(isinstance(c, str) and len(c) == 2 for c in codes)
                for codes in table.values()):
            raise SettingsError(f"actor file {path}: federal_governments must map words to lists of country codes")
        merged.update((word.lower(), tuple(c.upper() for c in codes)) for word, codes in table.items())
    return [(re.compile(rf"\b{re.escape(word)}\b", re.I), codes) for word, codes in merged.items()]


def check_actors(extra: str) -> None:
    """Read a user's actor file now (a mistake in it is a SettingsError naming it)."""
    _actors(extra)


def _actor_patterns(entry: dict) -> list[re.Pattern[str]]:
    if not isinstance(entry["patterns"], list):
        raise ValueError(f"actor {entry.get('id')}: patterns must be a list, not {entry['patterns']!r}")
    try:
        return [re.compile(p, re.I) for p in entry["patterns"]]
    except (re.error, TypeError) as exc:
        raise ValueError(f"actor {entry.get('id')}: bad pattern ({exc})") from exc


def _is_actor(text: str, m: countries.Mention, extra: str | None = None) -> bool:
    """'the Belgian Presidency', 'la présidence belge', 'the Government of Belgium': a country
    as actor, not topic."""
    known = _actors(extra)
    return bool(known.heads.match(text, m.end) or known.heads_before.search(text, max(0, m.start - 60), m.start))


def _self_country(doc: Document, country_file: str | None = None) -> str | None:
    """The country of a government that wrote the document ('Government of Belgium')."""
    m = re.match(r"Government of (.+)$", doc.author or "")
    return countries.lookup(m.group(1), country_file) if m else None



def author_ids(author: str | None, country: str | None = None, extra: str | None = None,
               country_file: str | None = None) -> list[tuple[str, float]]:
    """Actor ids, with a score, of a document's author as the structure step found it: the
    government of `country` ('Government of Belgium'), EU and UN bodies as for addressees,
    else the organisation's name as an id ('org-amnesty-international')."""
    if not author:
        return []
    found = [(f"gov-{country}", 0.95)] if country else []
    found += [(a, 0.9) for a in _phrase_actors(author, extra, country_file) if a != f"gov-{country}"]
    if not found:
        slug = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", author).encode("ascii", "ignore")
                      .decode().lower()).strip("-")
        found = [(f"org-{slug}", 0.8)] if slug else []
    return found


def addressee_ids(st: Statement, presidency: Presidency | None, extra: str | None = None,
                  country_file: str | None = None, you: Collection[str] = (), home: Collection[str] = ()) -> list[str]:
    """Actor ids named by the statement's addressee phrase (`extra`: a user's actor file;
    `country_file`: a user's country alias file); with no actor named, the Presidency when
    the document addresses one (`presidency`) and the phrase is one of `you` (lower case):
    "you" resolved to the letter's addressee, not "die Bundesregierung". A federal government
    named alone is the government of the one country of `home` (see _home_countries) it may be."""
    phrase = st.addressee_text or ""
    out = list(_phrase_actors(phrase, extra, country_file))
    if not any(a.startswith("gov-") for a in out):
        out += _federal_government(phrase, home, extra)
    if not out and presidency and phrase.strip().lower() in you:
        out = ["presidency-council-eu"]
    return out


def _home_countries(presidency: Presidency | None, self_country: str | None,
                    mentions: list[countries.Mention]) -> tuple[str, ...]:
    """The countries whose federal government a document may name without its country: that
    of the Presidency it addresses or of the government that wrote it, else every country it
    names."""
    own = (presidency.country if presidency else None) or self_country
    return (own,) if own else tuple(dict.fromkeys(m.code for m in mentions))


def _federal_government(phrase: str, home: Collection[str], extra: str | None = None) -> list[str]:
    """gov-XX for "die Bundesregierung" when exactly one of the countries it may be is in
    `home`: in a letter to the German Presidency, or one that names Austria and not Germany."""
    inside = [c for c in _federal_codes(phrase, extra) if c in home]
    return [f"gov-{inside[0]}"] if len(inside) == 1 else []


@lru_cache(maxsize=4096)
def _federal_codes(phrase: str, extra: str | None = None) -> tuple[str, ...]:
    """The countries a federal government the phrase names may be (asks repeat their addressees)."""
    return next((codes for pattern, codes in _actors(extra).federal if pattern.search(phrase)), ())


def _you_phrases(doc: Document, name: str | None, settings: Settings) -> frozenset[str]:
    """What a document's asks may call the letter's addressee, in lower case: the name its
    salutation gives (`name`; the extraction step puts it for "you") and each language's "you"."""
    languages = {st.language or doc.language for st in doc.statements}
    words = {w for lang in languages for w in langdata.get(lang, settings.lang_dir).you}
    return frozenset(words | ({name.lower()} if name else set()))


@lru_cache(maxsize=4096)
def _phrase_actors(phrase: str, extra: str | None = None, country_file: str | None = None) -> tuple[str, ...]:
    known = _actors(extra)
    spans = [(m.start(), m.end(), actor) for actor, pattern in known.patterns for m in pattern.finditer(phrase)
             if m.end() > m.start()]
    mentions = countries.find(phrase, country_file)
    spans += _national_parliaments(phrase, mentions, known)
    # "Council" inside "Human Rights Council" or "Council of Europe" names that body, not the Council of the EU
    out = list(dict.fromkeys(actor for a, b, actor in spans
                             if not any(c <= a and b <= d and d - c > b - a and other != actor
                                        for c, d, other in spans)))
    names_institutions = re.search(r"institution|instelling", phrase, re.I)
    if "eu-member-states" in out and "eu-institutions" in out and not names_institutions:
        out.remove("eu-institutions")  # "EU member states" names the states only
    out += [f"gov-{m.code}" for m in mentions
            if known.government_after.match(phrase, m.end) or known.government_before.search(phrase[:m.start])]
    return tuple(dict.fromkeys(out))


def _national_parliaments(phrase: str, mentions: list[countries.Mention], known: _Actors) -> list[tuple[int, int, str]]:
    """Spans of a parliament named with its country ("the Hungarian Parliament", "il Parlamento
    italiano"): they hold the word that alone names the European Parliament."""
    out = []
    for m in mentions:
        after = known.parliament_after.match(phrase, m.end)
        before = known.parliament_before.search(phrase[:m.start])
        if after:
            out.append((m.start, after.end(), "national-parliaments"))
        elif before:
            out.append((before.start(), m.end, "national-parliaments"))
    return out


class Presidency(NamedTuple):
    country: str | None  # the country that holds it, when the opening names one
    text: str  # the evidence: "BE Presidency", or the title that names it


def _presidency(doc: Document, mentions: list[countries.Mention], salutation: str | None,
                extra: str | None = None, terms: str | None = None) -> Presidency | None:
    """The Presidency a document of asks addresses: the country whose Presidency its opening
    names ("the Belgian Presidency", "la présidence belge", "die belgische
    Ratspräsidentschaft"); else, when it names the Presidency at all, the one in office on
    its date whose head of government its salutation greets ("Dear Prime Minister De Croo,
    ... your Presidency"); else none named when its title names the Presidency alone
    ("Recommendations to the Presidency of the Council of the EU"). `extra` is a user's
    actor file, `terms` their presidencies file."""
    if not any(st.kind == "recommendation" for st in doc.statements):
        return None
    known = _actors(extra)
    for m in mentions:
        if m.start > 3000:
            break
        if known.presidency_after.match(doc.text, m.end) or \
                known.presidency_before.search(doc.text, max(0, m.start - 60), m.start):
            return Presidency(m.code, f"{m.code} Presidency")
    title = doc.title or next((b.text for b in doc.blocks[:5] if b.kind == "heading"), "")
    titled = bool(title and _names_presidency(title, known))
    greeted = _greeted_presidency(doc.date, salutation, known, terms) \
        if titled or _names_presidency(doc.text[:3000], known) else None
    return greeted or (Presidency(None, title) if titled else None)


def _names_presidency(text: str, known: _Actors) -> bool:
    """Whether the text names a Presidency. A substring test first: the alternation, case
    blind, cost 0.3 ms over a letter's first 3,000 characters, and most name none."""
    low = text.lower()
    return any(w in low for w in known.presidency_plain) and bool(known.presidency_named.search(text))


def _greeted_presidency(day: str | None, name: str | None, known: _Actors,
                        terms: str | None = None) -> Presidency | None:
    """The Presidency in office on `day`, when the salutation's `name` greets one of that
    term's leaders by title and name ([[presidency]] leaders in presidencies.toml)."""
    term = presidencies.presidency_on(day, terms)
    if term and name and known.leader.search(name) and presidencies.greets_leader(term, name):
        return Presidency(term.country, f"{term.id} Presidency, greeting {name}")
    return None


def _document_addressees(presidency: Presidency | None, name: str | None,
                         extra: str | None = None) -> list[tuple[str, str]]:
    """A document that addresses the Presidency is addressed to it; one whose salutation names
    a head of government ("Dear Prime Minister", "Sehr geehrter Herr Bundeskanzler",
    "Estimado Presidente del Gobierno") during their country's Presidency, to that government
    too."""
    if presidency is None:
        return []
    out = [("presidency-council-eu", presidency.text)]
    if presidency.country and name and _actors(extra).leader.search(name):
        out.append((f"gov-{presidency.country}", name))
    return out
