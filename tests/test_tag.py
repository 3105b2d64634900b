"""Tagging: countries (with traps), instruments in several languages, addressees, and
re-tagging that keeps human decisions."""

import json
import os
import re

import pytest

import rightstrack
from rightstrack import countries, instruments

from .conftest import DATA, ROOT


def _tsv(name: str) -> list[list[str]]:
    """The rows of one of our sentence files in tests/data, comments and blank lines left out."""
    return [line.rstrip("\n").split("\t") for line in (DATA / name).open(encoding="utf-8")
            if line.strip() and not line.startswith("#")]


def _cases():
    for sentence, codes in _tsv("country_sentences.tsv"):
        yield sentence, {c for c in codes.split(",") if c}


def test_country_precision_and_recall_on_traps():
    tp = fp = fn = 0
    wrong = []
    for sentence, expected in _cases():
        got = {m.code for m in countries.find(sentence)}
        tp, fp, fn = tp + len(got & expected), fp + len(got - expected), fn + len(expected - got)
        if got != expected:
            wrong.append((sentence, sorted(got), sorted(expected)))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert len(list(_cases())) >= 200
    assert precision >= 0.98, wrong
    assert recall >= 0.95, wrong


def test_upr_info_spellings_of_states_are_countries():
    """UPR Info's database writes "St Lucia" and "Trinidad & Tobago": its exports and the
    texts that copy them name States so, as names, in lists of States and in running text."""
    assert countries.split_names("Trinidad & Tobago, St Lucia and Guinea Bissau") == ["TT", "LC", "GW"]
    assert [countries.lookup(n) for n in ("Bosnia & Herzegovina", "Macedonia FYR", "St Kitts & Nevis",
                                          "St Vincent & the Grenadines", "Sao Tome & Principe",
                                          "Antigua & Barbuda")] == ["BA", "MK", "KN", "VC", "ST", "AG"]
    found = countries.find("Delegations of St Lucia, Guinea Bissau and Papua New Guinea spoke.")
    assert [m.code for m in found] == ["LC", "GW", "PG"]


def test_a_list_of_states_may_write_a_name_as_iso_does():
    """"Venezuela, Bolivarian Republic of" (ISO's order) in a list of States is one State,
    not two parts that name none (the whole list was then no list of States)."""
    assert countries.split_names("Egypt, Venezuela, Bolivarian Republic of and Peru") == ["EG", "VE", "PE"]
    assert countries.split_names("Tanzania, United Republic of; Korea, Republic of") == ["TZ", "KR"]
    assert countries.split_names("Egypt, Republic of") == ["EG"]
    assert countries.split_names("Egypt, Peru and Algeria") == ["EG", "PE", "DZ"]
    assert countries.split_names("Republic of") is None
    # as UN reports also write them: no space before the parenthesis, a scan's full stop for an
    # apostrophe, two States joined by a slash, other spellings
    assert countries.split_names("Iran(Islamic Republic of)") == ["IR"]
    assert countries.split_names("Democratic People.s Republic of Korea") == ["KP"]
    assert countries.split_names("Democratic Peoples’ Republic of Korea") == ["KP"]  # not the Republic of Korea
    assert countries.split_names("Brazil/Spain") == ["BR", "ES"]
    assert countries.split_names("Timor Leste, Lichtenstein") == ["TL", "LI"]


def test_forms_of_a_name_that_differ_in_case_are_each_found():
    """Dutch "Russische" and German "russische" fold to one key: the second form was lost,
    so "die russische Armee" named no country."""
    assert [m.code for m in countries.find("Die russische Armee und die belgische Regierung.")] == ["RU", "BE"]
    assert [m.code for m in countries.find("De Russische regering.")] == ["RU"]


@pytest.mark.parametrize(("text", "codes"), [
    ("The report is available in Greek, Polish and Czech.", []),
    ("Der Bericht liegt auf Griechisch und auf Deutsch vor.", []),
    ("Le rapport existe en grec et en portugais.", []),
    ("Please find the Swedish version attached.", []),
    ("The French-speaking minority.", []),
    ("Pushbacks in Greek waters.", ["GR"]),  # a language's preposition, but a noun follows
    ("Letters to Greek authorities.", ["GR"]),
    ("The French and German governments.", ["FR", "DE"]),  # a run judged by its last name
    ("Romanian and Bulgarian courts.", ["RO", "BG"]),
    ("The Council of Europe's anti-corruption body (GRECO).", []),  # an acronym, not Italian "greco"
    ("HET BELGISCH VOORZITTERSCHAP", ["BE"]),  # a heading in capitals
])
def test_a_demonym_that_names_a_language_or_an_acronym_is_no_country(text, codes):
    assert [m.code for m in countries.find(text)] == codes


def test_users_add_language_names_and_their_context_words(tmp_path):
    mine = tmp_path / "countries.toml"
    mine.write_text("[demonyms]\nXK = ['Albanian']\n[language_names]\ncodes = ['XK']\nbefore = ['auf gut']\n", "utf-8")
    assert [m.code for m in countries.find("The summary is in Albanian.", str(mine))] == []
    assert [m.code for m in countries.find("Albanian police.", str(mine))] == ["XK"]
    assert [m.code for m in countries.find("Es steht auf gut Deutsch.", str(mine))] == []  # their word, our codes
    assert [m.code for m in countries.find("The summary is in Greek.", str(mine))] == []  # ours kept


@pytest.mark.parametrize(("text", "expected"), [
    ("The AI Act must ban facial recognition.", "eu-ai-act"),
    ("Regulation (EU) 2024/1689 entered into force.", "eu-ai-act"),
    ("Die KI-Verordnung muss Gesichtserkennung verbieten.", "eu-ai-act"),
    ("Le règlement sur l'IA doit interdire la reconnaissance faciale.", "eu-ai-act"),
    ("De AI-wet moet gezichtsherkenning verbieten.", "eu-ai-act"),
    ("Proceedings under Article 7(1) TEU must advance.", "teu-art-7"),
    ("vorderingen maken met procedures op grond van artikel 7, lid 1, VEU", "teu-art-7"),
    ("The GDPR applies to the police.", "eu-gdpr"),
    ("Die DSGVO gilt auch hier.", "eu-gdpr"),
    ("the Istanbul Convention", "istanbul-convention"),
    ("Member states must transpose the Anti-SLAPP Directive.", "eu-anti-slapp-directive"),
    ("exports of cyber-surveillance items under Regulation (EU) 2021/821", "eu-dual-use-regulation"),
    ("Adopter chaque année des conclusions du Conseil sur les défenseurs des droits humains.", "fac-conclusions-hrd"),
    ("Jaarlijks conclusies van de Raad over mensenrechtenverdedigers aannemen.", "fac-conclusions-hrd"),
    # by official number in any language: the registry's CELEX or COM identifiers ([act_words])
    ("El Reglamento (UE) 2024/1689 prohíbe la puntuación social.", "eu-ai-act"),
    ("Il Regolamento (UE) 2022/2065 si applica alle piattaforme.", "eu-dsa"),
    ("Recepire la Direttiva (UE) 2024/1385 entro il 2027.", "eu-vaw-directive"),
    ("Die Verordnung (EU) Nr. 604/2013 wird ersetzt.", "eu-dublin-iii"),  # number/year after "Nr."
    ("De Richtlijn 2008/115/EG blijft van kracht.", "eu-return-directive"),
    ("la propuesta COM(2025) 101 sobre retornos", "eu-return-regulation-proposal-2025"),
    ("Der Migrations- und Asylpakt muss die Charta achten.", "eu-pact-migration-asylum"),
    ("Retirer la proposition de règlement sur les retours.", "eu-return-regulation-proposal-2025"),
    ("De mediavrijheidsverordening handhaven.", "eu-emfa"),
    # Hungarian names the act after its number, with a case ending ([act_words_after])
    ("A Bizottságnak alkalmaznia kell az (EU) 2024/1689 rendeletet.", "eu-ai-act"),
    ("a 604/2013/EU rendelet helyébe lépő szabályok", "eu-dublin-iii"),  # number/year: 2013 is the year
    ("A 2008/115/EK irányelvet módosítani kell.", "eu-return-directive"),
])
def test_instrument_references_in_any_form(text, expected):
    assert [r.id for r in instruments.find(text)] == [expected]


def test_instrument_names_on_sentences_in_six_languages():
    """Our own sentences naming the instruments of the issue in six languages, and six that
    name none (tests/data/instrument_sentences.tsv). Written before the names and the
    "EU-" prefix rule of tag.instruments.v3: recall 0.838 before (129 of 154), 1.0 after. Three
    more on 2026-12-02: the CSDDD as "la directive sur le devoir de vigilance" (missed before),
    and France's own law on it, which is no EU instrument; thirteen for the UN core treaties and
    EU acts added to the registry that day (and "the OP-CAT visit" now names the OPCAT)."""
    rows = _tsv("instrument_sentences.tsv")
    wrong = [(ids, text, sorted({r.id for r in instruments.find(text)})) for ids, text in rows
             if {r.id for r in instruments.find(text)} != {i for i in ids.split(",") if i}]
    assert len(rows) >= 150 and not wrong


def test_a_number_that_is_no_act_of_the_registry_is_no_reference():
    assert instruments.find("Regulation (EU) 2099/1 and the years 2024/2025 and Directive 2019/9999/EU.") == []


def test_anaphora_needs_the_instrument_named_first():
    assert instruments.find("The draft Regulation must close loopholes.") == []
    refs = instruments.find("The AI Act is weak. The draft Regulation must close loopholes.")
    assert [(r.id, r.how) for r in refs] == [("eu-ai-act", "name"), ("eu-ai-act", "anaphora")]


@pytest.mark.parametrize("text", [
    "El Reglamento de IA es débil. El proyecto de reglamento debe cerrar las lagunas.",
    "Il regolamento sull'IA è debole. La proposta di regolamento deve colmare le lacune.",
])
def test_the_draft_regulation_in_spanish_and_italian_refers_back(text):
    """"the draft Regulation" of the AI Act as Spanish and Italian write it (2026-12-02)."""
    assert [(r.id, r.how) for r in instruments.find(text)] == [("eu-ai-act", "name"), ("eu-ai-act", "anaphora")]


def test_overlapping_references_keep_the_longest():
    """instruments._longest against its definition on random spans: longest first, each kept
    unless it overlaps one kept before it."""
    import random

    from rightstrack.instruments import Reference, _longest

    rng = random.Random(0)
    for _ in range(500):
        spans = [(a, a + rng.randint(0, 12)) for a in (rng.randint(0, 60) for _ in range(rng.randint(0, 30)))]
        refs = [Reference("x", a, b, "x", "name") for a, b in spans]
        expected: list[Reference] = []
        for r in sorted(refs, key=lambda r: (-(r.end - r.start), r.start)):
            if all(r.end <= o.start or r.start >= o.end for o in expected):
                expected.append(r)
        assert _longest(refs) == expected


def test_anaphora_in_every_place_and_form():
    """Anaphora are tried where their last word occurs (instruments._anaphora): at the very
    start, across a line break, as one word, in any case; not glued by a hyphen or an
    underscore, and not where only the last word is there."""
    text = ("the Pact is weak.\nWe oppose this\nPact, THE PACT and de ontwerpverordening; "
            "a Pact-based rule, a_the Pact, an impact pact.")
    refs = instruments.find(text, known={"eu-pact-migration-asylum", "eu-ai-act"})
    assert [(r.text, r.start) for r in refs] == [("the Pact", 0), ("this\nPact", 28), ("THE PACT", 39),
                                                  ("de ontwerpverordening", 52)]  # the longer anaphor
    assert {r.id for r in refs} == {"eu-pact-migration-asylum", "eu-ai-act"}
    assert [r.id for r in instruments.find("This Pact must respect rights.", known={"eu-pact-migration-asylum"})] \
        == ["eu-pact-migration-asylum"]


def test_acronyms_match_in_capitals_only():
    assert instruments.find("The cat sat on the CAT report.") and \
        [r.text for r in instruments.find("The cat sat on the mat.")] == []


def test_registry_entries_have_ids_titles_types_names_in_six_languages_and_dated_events():
    reg = instruments.registry()
    required = {"eu-ai-act", "eu-pact-migration-asylum", "eu-crisis-regulation", "eu-vaw-directive", "teu-art-7",
                "fac-conclusions-hrd", "teu", "tfeu", "tfeu-art-67", "tfeu-title-v-ch2", "eu-charter-fundamental-rights",
                "refugee-convention-1951", "eu-turkey-statement", "eu-security-union-strategy", "ceas", "schengen",
                "eu-gdpr", "eu-dsa", "eu-emfa", "eu-anti-slapp-directive", "eu-csddd", "eu-return-directive",
                "eu-return-regulation-proposal-2025", "eu-dublin-iii", "eu-ammr", "eu-apr", "eu-screening-regulation",
                "eu-eurodac-regulation", "eu-schengen-borders-code", "eu-dual-use-regulation",
                "eu-global-human-rights-sanctions", "eu-hrd-guidelines", "echr", "uncat", "istanbul-convention"}
    assert required <= set(reg)
    for inst in reg.values():
        assert inst.title and inst.type
        assert {lang for lang, names in inst.names.items() if names} >= {"en", "fr", "de", "nl", "es", "it"}, inst.id
        for event in inst.events:
            assert set(event) == {"type", "date", "source"} and len(event["date"]) == 10


def test_statement_tags_have_evidence_and_actor_mentions_are_not_topics():
    text = ("Dear Prime Minister,\n\nThe Belgian Presidency takes over at a critical moment.\n\n"
            "We urge you to:\n\n- Press Iran and the Russian Federation to release detained defenders under the AI Act.\n"
            "- The Belgian Presidency should lead member states to ban spyware.\n")
    doc = rightstrack.read_document(text.encode(), source="letter.txt")
    assert len(doc.statements) == 2
    tags = {(t.statement, t.field, t.value): t for t in doc.tags}
    assert {v for (s, f, v) in tags if s == 0 and f == "countries"} == {"IR", "RU"}
    assert {v for (s, f, v) in tags if s == 1 and f == "countries"} == set()
    assert {v for (s, f, v) in tags if s is None and f == "countries"} == {"BE", "IR", "RU"}
    assert {v for (s, f, v) in tags if s == 1 and f == "addressees"} == {"presidency-council-eu"}
    evidence = tags[(0, "instruments", "eu-ai-act")].evidence
    assert doc.text[evidence["start"]:evidence["end"]] == "AI Act"
    assert tags[(0, "countries", "IR")].method == "tag.countries.v6"


def test_recommending_states_of_a_upr_report_are_not_the_countries_of_its_recommendations():
    """"Ratify ... (France)": France made the recommendation (its author), it is not what the
    recommendation is about; a State the text names is, even the recommending one."""
    text = ("Report of the Working Group on the Universal Periodic Review\n\nRuritania\n\n"
            "II. Conclusions and/or recommendations\n"
            "90. The following recommendations will be examined by Ruritania:\n"
            "90.1 Ratify the Optional Protocol to the Convention against Torture (France) (Chile);\n"
            "90.2 Cooperate with Chile and the Syrian refugees it hosts on returns (Chile);\n"
            "91. All conclusions and/or recommendations contained in this report reflect the position of "
            "the submitting State(s).\n")
    doc = rightstrack.read_document(text.encode(), source="ruritania.txt")
    assert [s.authors for s in doc.statements] == [["FR", "CL"], ["CL"]]
    got = {(t.statement, t.value) for t in doc.tags if t.field == "countries"}
    assert {v for s, v in got if s == 0} == set()
    assert {v for s, v in got if s == 1} == {"CL", "SY"}
    assert {v for s, v in got if s is None} >= {"FR", "CL", "SY"}  # the document names them all


LETTERS = {  # a letter to the Presidency's head of government, in six languages and both word orders
    "en": ("Recommendations to the Presidency of Belgium\n\nDear Prime Minister De Croo,\n\nWe urge you to:\n\n"
           "- Ratify the Istanbul Convention without delay.\n", "BE"),
    "fr": ("Recommandations à la présidence belge du Conseil de l'UE\n\nMonsieur le Premier ministre,\n\n"
           "Nous vous demandons de :\n\n- Ratifier la Convention d'Istanbul sans délai.\n", "BE"),
    "de": ("Empfehlungen an den ungarischen Ratsvorsitz\n\nSehr geehrter Herr Ministerpräsident,\n\n"
           "Wir fordern Sie auf:\n\n- Die Istanbul-Konvention unverzüglich zu ratifizieren.\n", "HU"),
    "nl": ("Aanbevelingen voor het voorzitterschap van België\n\nGeachte Eerste Minister De Croo,\n\n"
           "Wij vragen u:\n\n- Het Verdrag van Istanbul onverwijld te ratificeren.\n", "BE"),
    "es": ("Recomendaciones a la Presidencia española del Consejo de la UE\n\nEstimado Presidente del Gobierno:\n\n"
           "Le pedimos que:\n\n- Ratifique sin demora el Convenio de Estambul.\n", "ES"),
    "it": ("Raccomandazioni alla Presidenza italiana del Consiglio dell'UE\n\nGentile Presidente del Consiglio,\n\n"
           "Le chiediamo di:\n\n- Ratificare senza indugio la Convenzione di Istanbul.\n", "IT"),
    "pt": ("Recomendações à Presidência portuguesa do Conselho da UE\n\nExcelentíssimo Senhor Primeiro-Ministro,\n\n"
           "Exortamos Vossa Excelência a:\n\n- Ratificar sem demora a Convenção de Istambul.\n", "PT"),
}

def _letter(text: str, lang: str, last_addressee: str = "european-commission"):
    """Read one of the letters below (five asks: general, specific, consider, continue, and one
    to a body in running text) and check what they all share; return the document and a
    function giving a statement's sorted tag values of one field."""
    doc = rightstrack.read_document(text.encode(), source=f"letter.{lang}.md")
    tags = lambda field, i: sorted(t.value for t in doc.tags if t.field == field and t.statement == i)  # noqa: E731
    assert doc.language == lang and [s.kind for s in doc.statements] == ["recommendation"] * 5
    assert [tags("action", i) for i in range(4)] == [["4"], ["5"], ["3"], ["2"]]
    assert [tags("addressees", i) for i in range(5)] == [["presidency-council-eu"]] * 4 + [[last_addressee]]
    assert tags("instruments", 1) == ["istanbul-convention"]
    return doc, tags


PORTUGUESE = """# Recomendações à Presidência do Conselho da UE

A Rede dos Direitos Cívicos exorta a Presidência a:

- Garantir o acesso efetivo ao asilo nas fronteiras externas da União.
- Ratificar a Convenção de Istambul e adotar uma lei contra a violência doméstica até 2027.
- Considerar a criação de um mecanismo independente de monitorização das fronteiras.
- Continuar os esforços para proteger os defensores dos direitos humanos na Hungria e na Polónia.

O Conselho deve aplicar plenamente o Regulamento (UE) 2024/1689 e o RGPD.
"""


def test_a_portuguese_letter_is_read_and_tagged_from_the_language_file_alone():
    """Portuguese came as data (lang/pt.toml, cues.pt in the taxonomy, names.pt in the
    registry, Portuguese actor patterns): before them this letter gave no statement at all."""
    _, tags = _letter(PORTUGUESE, "pt", last_addressee="council-of-the-eu")
    assert tags("themes", 0) == ["asylum-migration"] and "gender-based-violence" in tags("themes", 1)
    assert tags("themes", 3) == ["human-rights-defenders"] and tags("countries", 3) == ["HU", "PL"]
    assert tags("instruments", 4) == ["eu-ai-act", "eu-gdpr"]


POLISH = """# Rekomendacje dla prezydencji w Radzie UE

Warszawa, 10 stycznia 2025

Sieć Praw Obywatelskich wzywa prezydencję do:

- Zapewnić skuteczny dostęp do azylu na granicach zewnętrznych Unii.
- Ratyfikować Konwencję stambulską i przyjąć ustawę o przeciwdziałaniu przemocy domowej.
- Rozważyć utworzenie niezależnego mechanizmu monitorowania granic.
- Kontynuować wysiłki na rzecz ochrony obrońców praw człowieka.

Komisja Europejska powinna stosować w pełni dyrektywę 2008/115/WE i RODO.
"""


def test_a_polish_letter_is_read_and_tagged_from_the_language_file_alone():
    """As Portuguese: lang/pl.toml, cues.pl, names.pl (inflected: "Konwencję stambulską"),
    Polish actor patterns ("prezydencję", "Komisja") and "/WE" after an act's number."""
    doc, tags = _letter(POLISH, "pl")
    assert doc.date == "2025-01-10"
    assert [tags("themes", i) for i in (0, 1, 3)] == [["asylum-migration"], ["gender-based-violence"],
                                                      ["human-rights-defenders"]]
    assert tags("instruments", 4) == ["eu-gdpr", "eu-return-directive"]


SWEDISH = """# Rekommendationer till ordförandeskapet i EU:s ministerråd

Stockholm, den 10 januari 2023

Bästa statsminister Kristersson,

Nätverket för medborgerliga rättigheter uppmanar ordförandeskapet att:

- Säkerställa effektiv tillgång till asyl vid EU:s yttre gränser.
- Ratificera Istanbulkonventionen och anta en lag mot våld i nära relationer.
- Överväga att inrätta en oberoende mekanism för gränsövervakning.
- Fortsätta arbetet för att skydda människorättsförsvarare i Ungern och Polen.

Kommissionen bör fullt ut tillämpa förordning (EU) 2024/1689 och dataskyddsförordningen.

Med vänliga hälsningar,

Nätverket för medborgerliga rättigheter
"""


DANISH = """# Anbefalinger til formandskabet for Rådet for Den Europæiske Union

København, den 10. juli 2025

Kære statsminister Frederiksen,

Netværket for borgerrettigheder opfordrer formandskabet til at:

- Sikre effektiv adgang til asyl ved EU's ydre grænser.
- Ratificere Istanbulkonventionen og vedtage en lov mod vold i nære relationer.
- Overveje at oprette en uafhængig mekanisme til grænseovervågning.
- Fortsætte arbejdet for at beskytte menneskerettighedsforkæmpere i Ungarn og Polen.

Kommissionen bør fuldt ud anvende forordning (EU) 2024/1689 og databeskyttelsesforordningen.

Med venlig hilsen

Netværket for borgerrettigheder
"""


@pytest.mark.parametrize(("text", "lang", "day", "country"), [
    (SWEDISH, "sv", "2023-01-10", "SE"), (DANISH, "da", "2025-07-10", "DK")])
def test_a_swedish_or_danish_letter_to_the_presidency_of_its_date(text, lang, day, country):
    """lang/sv.toml, lang/da.toml and their cues, names and actor patterns; the salutation
    greets the head of government of the Presidency in office on the letter's date."""
    doc, tags = _letter(text, lang)
    assert doc.date == day
    assert {t.value for t in doc.tags if t.field == "addressees" and t.statement is None} == \
        {"presidency-council-eu", f"gov-{country}"}
    assert tags("countries", 3) == ["HU", "PL"] and tags("instruments", 4) == ["eu-ai-act", "eu-gdpr"]


ROMANIAN = """# Recomandări pentru Președinția Consiliului UE

București, 10 ianuarie 2019

Rețeaua pentru Drepturi Civice solicită Președinției să:

- Garanteze accesul efectiv la azil la frontierele externe ale Uniunii.
- Ratifice Convenția de la Istanbul și să adopte o lege împotriva violenței domestice.
- Ia în considerare crearea unui mecanism independent de monitorizare a frontierelor.
- Continue eforturile de protejare a apărătorilor drepturilor omului în Ungaria și Polonia.

Comisia Europeană ar trebui să aplice pe deplin Regulamentul (UE) 2024/1689 și RGPD.
"""


CZECH = """# Doporučení pro předsednictví v Radě EU

Praha, 10. července 2022

Síť pro občanská práva vyzývá předsednictví, aby:

- Zajistit účinný přístup k azylu na vnějších hranicích Unie.
- Ratifikovat Istanbulskou úmluvu a přijmout zákon proti domácímu násilí.
- Zvážit vytvoření nezávislého mechanismu pro monitorování hranic.
- Pokračovat v úsilí o ochranu obránců lidských práv. Maďarsko a Polsko je pronásledují.

Evropská komise by měla plně uplatňovat nařízení (EU) 2024/1689 a obecné nařízení o ochraně osobních údajů.
"""


SLOVAK = """# Odporúčania pre predsedníctvo v Rade EÚ

Bratislava, 10. júla 2016

Sieť pre občianske práva vyzýva predsedníctvo, aby:

- Zabezpečiť účinný prístup k azylu na vonkajších hraniciach Únie.
- Ratifikovať Istanbulský dohovor a prijať zákon proti domácemu násiliu.
- Zvážiť vytvorenie nezávislého mechanizmu na monitorovanie hraníc.
- Pokračovať v úsilí o ochranu obrancov ľudských práv. Maďarsko a Poľsko ich prenasledujú.

Európska komisia by mala plne uplatňovať nariadenie (EÚ) 2024/1689 a všeobecné nariadenie o ochrane údajov.
"""


@pytest.mark.parametrize(("text", "lang", "day"), [(ROMANIAN, "ro", "2019-01-10"), (CZECH, "cs", "2022-07-10"),
                                                    (SLOVAK, "sk", "2016-07-10")])
def test_a_romanian_czech_or_slovak_letter_is_read_and_tagged_from_the_language_file_alone(text, lang, day):
    doc, tags = _letter(text, lang)
    assert doc.date == day and tags("countries", 3) == ["HU", "PL"]
    assert tags("themes", 3) == ["human-rights-defenders"] and tags("instruments", 4) == ["eu-ai-act", "eu-gdpr"]


def _letter_of_a_new_language(text: str, lang: str, day: str):
    """What every letter below shares beside _letter's checks: its date, the countries of its
    fourth ask, the themes of three asks and the instruments of the fifth."""
    doc, tags = _letter(text, lang)
    assert doc.date == day and tags("countries", 3) == ["HU", "PL"]
    assert tags("themes", 0) == ["asylum-migration"] and tags("themes", 1) == ["gender-based-violence"]
    assert tags("themes", 3) == ["human-rights-defenders"] and tags("instruments", 4) == ["eu-ai-act", "eu-gdpr"]
    return tags


def _presidency_letter(text: str, source: str):
    """Read a short letter to a Presidency; return it, its document addressees as (id, evidence),
    and functions giving statements' sorted addressees and one statement's sorted countries."""
    doc = rightstrack.read_document(text.encode(), source=source)
    presidency = [(t.value, t.evidence["text"]) for t in doc.tags if t.field == "addressees" and t.statement is None]
    addressees = lambda *ids: [sorted(t.value for t in doc.tags if t.field == "addressees" and t.statement == i)  # noqa: E731
                               for i in ids]
    countries = lambda i: sorted(t.value for t in doc.tags if t.field == "countries" and t.statement == i)  # noqa: E731
    return doc, presidency, addressees, countries


LITHUANIAN = """# Rekomendacijos ES Tarybai pirmininkaujančiai valstybei narei

Vilnius, 2027 m. sausio 10 d.

Pilietinių teisių tinklas ragina pirmininkaujančią valstybę narę:

- Užtikrinti veiksmingą galimybę gauti prieglobstį prie Sąjungos išorės sienų.
- Ratifikuoti Stambulo konvenciją ir priimti įstatymą dėl smurto artimoje aplinkoje.
- Apsvarstyti galimybę sukurti nepriklausomą sienų stebėsenos mechanizmą.
- Tęsti pastangas apsaugoti žmogaus teisių gynėjus. Vengrija ir Lenkija juos persekioja.

Europos Komisija turėtų visapusiškai taikyti Reglamentą (ES) 2024/1689 ir Bendrąjį duomenų apsaugos reglamentą.
"""


GREEK = """# Συστάσεις προς την Προεδρία του Συμβουλίου της ΕΕ

Αθήνα, 10 Ιανουαρίου 2027

Το Δίκτυο για τα Πολιτικά Δικαιώματα καλεί την Προεδρία να:

- Διασφαλίσει την αποτελεσματική πρόσβαση στο άσυλο στα εξωτερικά σύνορα της Ένωσης.
- Κυρώσει τη Σύμβαση της Κωνσταντινούπολης και να θεσπίσει νόμο κατά της ενδοοικογενειακής βίας.
- Εξετάσει τη δημιουργία ανεξάρτητου μηχανισμού παρακολούθησης των συνόρων.
- Συνεχίσει τις προσπάθειες για την προστασία των υπερασπιστών των ανθρωπίνων δικαιωμάτων. Η Ουγγαρία και η Πολωνία τους διώκουν.

Η Ευρωπαϊκή Επιτροπή πρέπει να εφαρμόσει πλήρως τον Κανονισμό (ΕΕ) 2024/1689 και τον ΓΚΠΔ.
"""


HUNGARIAN = """# Ajánlások az EU Tanácsának elnöksége számára

Budapest, 2024. július 10.

A Polgári Jogi Hálózat felszólítja az Elnökséget, hogy:

- Biztosítsa a menedékjoghoz való hatékony hozzáférést az Unió külső határain.
- Ratifikálja az Isztambuli Egyezményt, és fogadjon el törvényt a családon belüli erőszak ellen.
- Fontolja meg egy független határmegfigyelési mechanizmus létrehozását.
- Folytassa az emberi jogi jogvédők védelmére irányuló erőfeszítéseket. Magyarország és Lengyelország üldözi őket.

Az Európai Bizottságnak teljes mértékben alkalmaznia kell az (EU) 2024/1689 rendeletet és az általános adatvédelmi rendeletet.
"""


CROATIAN = """# Preporuke za Predsjedništvo Vijeća EU-a

Zagreb, 10. listopada 2019.

Mreža za građanska prava poziva Predsjedništvo da:

- Osigurati učinkovit pristup azilu na vanjskim granicama Unije.
- Ratificirati Istanbulsku konvenciju i donijeti zakon protiv nasilja u obitelji.
- Razmotriti uspostavu neovisnog mehanizma za praćenje granica.
- Nastaviti napore za zaštitu branitelja ljudskih prava. Mađarska i Poljska ih progone.

Europska komisija trebala bi u potpunosti primjenjivati Uredbu (EU) 2024/1689 i Opću uredbu o zaštiti podataka.
"""


def test_a_polish_date_in_the_same_month_word_is_still_november():
    doc = rightstrack.read_document("# Rekomendacje\n\nWarszawa, 10 listopada 2025\n\n"
                                    "Rada powinna przyjąć dyrektywę w sprawie przemocy wobec kobiet.\n".encode(),
                                    source="list.pl.md")
    assert doc.date == "2025-11-10"


SLOVENIAN = """# Priporočila za predsedstvo Sveta EU

Ljubljana, 10. julija 2021

Mreža za državljanske pravice poziva predsedstvo, naj:

- Zagotoviti učinkovit dostop do azila na zunanjih mejah Unije.
- Ratificirati Istanbulsko konvencijo in sprejeti zakon proti nasilju v družini.
- Razmisliti o vzpostavitvi neodvisnega mehanizma za spremljanje meja.
- Nadaljevati prizadevanja za zaščito zagovornikov človekovih pravic. Madžarska in Poljska jih preganjata.

Evropska komisija bi morala v celoti uporabljati Uredbo (EU) 2024/1689 in Splošno uredbo o varstvu podatkov.
"""


def test_a_slovenian_letter_names_its_presidency_and_the_world_is_no_council():
    text = ("# Priporočila slovenskemu predsedstvu\n\n"
            "Pozivamo predsedstvo, naj:\n\n- Zagotoviti pravico do azila v vseh državah članicah.\n\n"
            "Vlada Madžarske mora odpraviti zakon, ki velja tudi na Poljskem.\n\n"
            "Po vsem svetu naj se odpravi smrtna kazen.\n")
    doc, presidency, addressees, countries = _presidency_letter(text, "pismo.sl.md")
    assert presidency == [("presidency-council-eu", "SI Presidency")]
    assert addressees(0, 1) == [["presidency-council-eu"], ["gov-HU"]]
    assert doc.author is None  # "Vlada Madžarske mora ..." asks that government: it signs nothing
    assert countries(1) == ["PL"]
    assert "council-of-the-eu" not in [t.value for t in doc.tags if t.field == "addressees"]  # "svetu": the world


@pytest.mark.parametrize(("text", "codes"), [
    ("slovenskemu predsedstvu", ["SI"]),  # Slovenian: Slovenian
    ("slovenská vláda a na Slovensku", ["SK", "SK"]),  # Slovak: Slovak and in Slovakia, no Slovenia
    ("v slovenskom parlamente", []),  # Slovak: in the Slovak parliament
])
def test_slovenian_demonyms_are_not_the_slovak_words_for_slovakia(text, codes):
    assert [m.code for m in countries.find(text)] == codes


FINNISH = """# Suositukset EU:n neuvoston puheenjohtajavaltiolle

Helsinki, 10. tammikuuta 2027

Kansalaisoikeusverkosto kehottaa puheenjohtajavaltiota:

- Varmistaa tehokas pääsy turvapaikkamenettelyyn unionin ulkorajoilla.
- Ratifioida Istanbulin sopimus ja hyväksyä laki lähisuhdeväkivaltaa vastaan.
- Harkita riippumattoman rajavalvontamekanismin perustamista.
- Jatkaa ihmisoikeuspuolustajien suojelemista. Unkari ja Puola vainoavat heitä.

Euroopan komission tulee soveltaa täysimääräisesti asetusta (EU) 2024/1689 ja yleistä tietosuoja-asetusta.
"""


BULGARIAN = """# Препоръки към Председателството на Съвета на ЕС

София, 10 януари 2018 г.

Мрежата за граждански права призовава Председателството да:

- Гарантира ефективен достъп до убежище по външните граници на Съюза.
- Ратифицира Истанбулската конвенция и приеме закон срещу домашното насилие.
- Обмисли създаването на независим механизъм за наблюдение на границите.
- Продължи усилията за защита на защитниците на правата на човека. Унгария и Полша ги преследват.

Европейската комисия трябва изцяло да прилага Регламент (ЕС) 2024/1689 и Общия регламент относно защитата на данните.
"""


LATVIAN = """# Ieteikumi ES Padomes prezidentūrai

Rīga, 2015. gada 10. janvārī

Pilsoņu tiesību tīkls aicina prezidentūru:

- Nodrošināt efektīvu piekļuvi patvērumam Savienības ārējās robežās.
- Ratificēt Stambulas konvenciju un pieņemt likumu pret vardarbību ģimenē.
- Apsvērt neatkarīga robežu uzraudzības mehānisma izveidi.
- Turpināt centienus aizsargāt cilvēktiesību aizstāvjus. Ungārija un Polija viņus vajā.

Eiropas Komisijai būtu pilnībā jāpiemēro Regula (ES) 2024/1689 un Vispārīgā datu aizsardzības regula.
"""


ESTONIAN = """# Soovitused ELi Nõukogu eesistujariigile

Tallinn, 10. jaanuar 2027

Kodanikuõiguste võrgustik kutsub eesistujariiki üles:

- Tagada tõhus juurdepääs varjupaigale liidu välispiiridel.
- Ratifitseerida Istanbuli konventsioon ja võtta vastu seadus perevägivalla vastu.
- Kaaluda sõltumatu piirijärelevalve mehhanismi loomist.
- Jätkata jõupingutusi inimõiguste kaitsjate kaitsmiseks. Ungari ja Poola kiusavad neid taga.

Euroopa Komisjon peaks täielikult kohaldama määrust (EL) 2024/1689 ja isikuandmete kaitse üldmäärust.
"""


@pytest.mark.parametrize(("text", "source", "code", "statements", "addressees", "countries"), [
    (("# Rekomendacijos Lietuvos pirmininkavimui ES Taryboje\n\n"
     "Raginame pirmininkavimą:\n\n- Užtikrinti teisę į prieglobstį visose valstybėse narėse.\n\n"
     "Vengrijos Vyriausybė turi panaikinti įstatymą dėl užsienio agentų.\n"),
     "laiskas.lt.md", "LT", (0, 1), [["presidency-council-eu"], ["gov-HU"]],
     []),
    (("# Συστάσεις προς την Κυπριακή Προεδρία\n\n"
     "Καλούμε την Προεδρία να:\n\n- Διασφαλίσει το δικαίωμα ασύλου σε όλα τα κράτη μέλη.\n\n"
     "Η κυβέρνηση της Ουγγαρίας πρέπει να καταργήσει τον νόμο για τους ξένους πράκτορες.\n"),
     "epistoli.el.md", "CY", (0, 1), [["presidency-council-eu"], ["gov-HU"]],
     []),
    (("# Ajánlások a magyar elnökség számára\n\n"
     "Arra kérjük az Elnökséget, hogy:\n\n- Biztosítsa a menedékjogot minden tagállamban.\n\n"
     "A lengyel kormánynak vissza kell vonnia a törvényt, amely Magyarországon és Ausztriában is érvényes.\n"),
     "level.hu.md", "HU", (0, 1), [["presidency-council-eu"], ["gov-PL"]],
     ["AT", "HU"]),
    (("# Preporuke hrvatskom predsjedništvu\n\n"
     "Pozivamo Predsjedništvo da:\n\n- Osigurati pravo na azil u svim državama članicama.\n\n"
     "Vlada Mađarske treba ukinuti zakon koji se primjenjuje i u Poljskoj i u Austriji.\n"),
     "pismo.hr.md", "HR", (0, 1), [["presidency-council-eu"], ["gov-HU"]],
     ["AT", "PL"]),
    (("# Suositukset Suomen puheenjohtajakaudelle\n\n"
     "Kehotamme puheenjohtajavaltiota:\n\n- Varmistaa oikeus turvapaikkaan kaikissa jäsenvaltioissa.\n\n"
     "Unkarin hallituksen tulee kumota laki, jota sovelletaan myös Puolassa ja Itävallassa.\n\n"
     "Euroopan neuvoston ja Eurooppa-neuvoston tulee toimia.\n"),
     "kirje.fi.md", "FI", (0, 1, 2), [["presidency-council-eu"], ["gov-HU"], ["council-of-europe", "european-council"]],
     ["AT", "PL"]),
    (("# Препоръки към българското председателство\n\n"
     "Призоваваме Председателството да:\n\n- Гарантира правото на убежище във всички държави членки.\n\n"
     "Унгарското правителство трябва да отмени закона за чуждестранните агенти.\n\n"
     "Съветът на Европа трябва да даде съвет на държавите.\n"),
     "pismo.bg.md", "BG", (0, 1, 2), [["presidency-council-eu"], ["gov-HU"], ["council-of-europe"]],
     None),
    (("# Ieteikumi Latvijas prezidentūrai\n\n"
     "Aicinām prezidentūru:\n\n- Nodrošināt tiesības uz patvērumu visās dalībvalstīs.\n\n"
     "Ungārijas valdībai ir jāatceļ likums, kas ir spēkā arī Polijā.\n\n"
     "Eiropas Padomei un Eiropadomei būtu jārīkojas.\n"),
     "vestule.lv.md", "LV", (0, 1, 2), [["presidency-council-eu"], ["gov-HU"], ["council-of-europe", "european-council"]],
     ["PL"]),
    (("# Soovitused Eesti eesistumisele\n\n"
     "Kutsume eesistujariiki üles:\n\n- Tagada õigus varjupaigale kõigis liikmesriikides.\n\n"
     "Ungari valitsus peab tühistama seaduse, mis kehtib ka Poolas.\n\n"
     "Euroopa Nõukogu ja Euroopa Ülemkogu peaksid tegutsema.\n"),
     "kiri.et.md", "EE", (0, 1, 2), [["presidency-council-eu"], ["gov-HU"], ["council-of-europe", "european-council"]],
     ["PL"]),
])
def test_a_letter_in_a_new_language_names_its_presidency_its_addressees_and_its_countries(
        text, source, code, statements, addressees, countries):
    """The Presidency a letter names in its title, in the genitive or with a demonym, with its
    case ending ("Lietuvos pirmininkavimui", "την Κυπριακή Προεδρία", "a magyar elnökség",
    "hrvatskom predsjedništvu", "Suomen puheenjohtajakaudelle", "българското председателство",
    "Latvijas prezidentūrai", "Eesti eesistumisele"); the government an ask names ("Vengrijos
    Vyriausybė", "η κυβέρνηση της Ουγγαρίας", "Unkarin hallituksen"), an actor and not a topic;
    the Council of Europe and the European Council apart; countries with case endings."""
    _, presidency, addressees_of, countries_of = _presidency_letter(text, source)
    assert presidency == [("presidency-council-eu", f"{code} Presidency")]
    assert addressees_of(*statements) == addressees
    if countries is not None:
        assert countries_of(1) == countries


@pytest.mark.parametrize(("text", "source", "code", "countries"), [
    ("# Rekomendacje dla polskiej prezydencji\n\nWzywamy prezydencję do:\n\n"
     "- Zapewnić prawo do azylu we wszystkich państwach członkowskich.\n\n"
     "Rząd musi przestrzegać praworządności na Węgrzech i w Czechach.\n", "a.pl.md", "PL", ["CZ", "HU"]),
    ("# Doporučení pro české předsednictví\n\nVyzýváme předsednictví, aby:\n\n"
     "- Zajistit právo na azyl ve všech členských státech.\n\n"
     "Vláda musí dodržovat právní stát v Maďarsku a na Slovensku.\n", "a.cs.md", "CZ", ["HU", "SK"]),
    ("# Odporúčania pre slovenské predsedníctvo\n\nVyzývame predsedníctvo, aby:\n\n"
     "- Zabezpečiť právo na azyl vo všetkých členských štátoch.\n\n"
     "Vláda musí dodržiavať právny štát v Maďarsku a v Poľsku.\n", "a.sk.md", "SK", ["HU", "PL"]),
    ("# Rekommendationer till det svenska ordförandeskapet\n\nVi uppmanar ordförandeskapet att:\n\n"
     "- Säkerställa rätten till asyl i alla medlemsstater.\n", "a.sv.md", "SE", None),
    ("# Anbefalinger til det danske formandskab\n\nVi opfordrer formandskabet til at:\n\n"
     "- Sikre retten til asyl i alle medlemsstater.\n", "a.da.md", "DK", None),
    ("# Recomandări pentru Președinția română\n\nSolicităm Președinției să:\n\n"
     "- Garanteze dreptul la azil în toate statele membre.\n", "a.ro.md", "RO", None),
    ("# Recomendações à Presidência portuguesa\n\nA Rede exorta a Presidência a:\n\n"
     "- Garantir o direito de asilo em todos os Estados-Membros.\n", "a.pt.md", "PT", None),
])
def test_a_presidency_named_with_a_demonym_in_the_languages_of_the_first_batch(text, source, code, countries):
    """Demonyms in Polish, Czech, Slovak, Swedish, Danish, Romanian and Portuguese ("polskiej
    prezydencji", "české předsednictví", "det svenska ordförandeskapet", "Președinția română"),
    and Polish, Czech and Slovak country names with a case ending ("na Węgrzech", "v Maďarsku"):
    before 2026-12-04 these letters named no Presidency's country and their second ask none."""
    _, presidency, addressees, countries_of = _presidency_letter(text, source)
    assert presidency == [("presidency-council-eu", f"{code} Presidency")]
    assert addressees(0) == [["presidency-council-eu"]]
    if countries is not None:
        assert countries_of(1) == countries


@pytest.mark.parametrize(("text", "lang", "day", "fifth_action"), [
    (LITHUANIAN, "lt", "2027-01-10", None),
    (GREEK, "el", "2027-01-10", None),
    (HUNGARIAN, "hu", "2024-07-10", None),
    (CROATIAN, "hr", "2019-10-10", "5"),
    (SLOVENIAN, "sl", "2021-07-10", None),
    (FINNISH, "fi", "2027-01-10", "5"),
    (BULGARIAN, "bg", "2018-01-10", "5"),
    (LATVIAN, "lv", "2015-01-10", None),
    (ESTONIAN, "et", "2027-01-10", "5"),
])
def test_a_letter_in_a_language_that_came_as_data_is_read_and_tagged(text, lang, day, fifth_action):
    """The languages added on 2026-12-04 after the first seven, each as data alone:
    - Lithuanian (lang/lt.toml, cues.lt, names.lt, actor patterns, act
      words, "(ES)" before an act's number); its date puts the year first ("2027 m. sausio 10 d.").
    - Greek (lang/el.toml, cues.el, names.el, actor patterns, act words, "(ΕΕ)"
      before an act's number): asks in the subjunctive after the lead-in's "να"; the monitoring
      mechanism ("μηχανισμού παρακολούθησης") is no surveillance.
    - Hungarian (lang/hu.toml, cues.hu, names.hu with their case endings,
      actor patterns, demonyms, country names with case endings, the act's words after its number):
      the year first in its date, the obligation's verb before "kell".
    - Croatian (lang/hr.toml, cues.hr, names.hr, actor patterns, demonyms,
      country names with case endings, "uredba"). Its "listopada" is October, read in the line's own
      language first: in the months of every language together it is Polish November.
    - Slovenian (lang/sl.toml, cues.sl, names.sl, actor patterns, demonyms
      and country names with case endings, "na Madžarskem").
    - Finnish (lang/fi.toml, cues.fi as stems of compounds, names.fi, actor
      patterns, country names with case endings, "asetus"): an obligation's actor in the genitive
      ("Euroopan komission tulee soveltaa").
    - Bulgarian (lang/bg.toml, cues.bg, names.bg, actor patterns, demonyms,
      "регламент", "(ЕС)" before an act's number): asks in the present after the lead-in's "да".
    - Latvian (lang/lv.toml, cues.lv, names.lv, actor patterns, country names
      with case endings, "regula"): an obligation in the debitive ("būtu ... jāpiemēro"), a date
      with the year first and the day before the month ("2015. gada 10. janvārī").
    - Estonian (lang/et.toml, cues.et as stems of compounds, names.et, actor
      patterns, country names with case endings, "määrus", "(EL)" before an act's number)."""
    tags = _letter_of_a_new_language(text, lang, day)
    if fifth_action:
        assert tags("action", 4) == [fifth_action]


def test_a_greek_monitoring_mechanism_is_no_surveillance():
    tags = _letter_of_a_new_language(GREEK, "el", "2027-01-10")
    assert "surveillance-privacy" not in tags("themes", 2)  # "μηχανισμού παρακολούθησης"


@pytest.mark.parametrize(("text", "source", "actors"), [
    ("The Government of Hungary should repeal the law on foreign agents.", "a.en.md", ["gov-HU"]),
    ("The Government of the Netherlands must end pushbacks at its borders.", "b.en.md", ["gov-NL"]),
    ("The government must act now to end pushbacks.", "c.en.md", []),  # no country named: no government
    ("Η κυβέρνηση της Ουγγαρίας πρέπει να καταργήσει τον νόμο για τους ξένους πράκτορες.", "d.el.md", ["gov-HU"]),
])
def test_an_ask_to_the_government_of_a_named_country_is_addressed_to_it(text, source, actors):
    """The addressee phrase runs on to the country a government is "of" ("the Government of
    Hungary", "η κυβέρνηση της Ουγγαρίας"): it stopped at "the Government", which names none."""
    doc = rightstrack.read_document(text.encode(), source=source)
    assert [s.kind for s in doc.statements] == ["recommendation"]
    assert [t.value for t in doc.tags if t.field == "addressees" and t.statement == 0] == actors


@pytest.mark.parametrize(("text", "source", "author"), [
    ("Vláda České republiky, leden 2025\n\nČeská republika bude podporovat právní stát v celé Unii.\n", "b.cs.md",
     "gov-CZ"),
    ("Κυβέρνηση της Ελλάδας, Ιανουάριος 2027\n\nΗ Ελλάδα θα προωθήσει το κράτος δικαίου σε όλη την Ένωση.\n", "g.el.md",
     "gov-GR"),
    ("Правителството на България, януари 2018 г.\n\nБългария ще подкрепя върховенството на закона в целия Съюз.\n",
     "b.bg.md", "gov-BG"),
    ("Vlada Republike Slovenije, julij 2021\n\nSlovenija bo podpirala pravno državo.\n", "d.sl.md", "gov-SI"),
])
def test_a_government_signs_in_its_language_and_commits_under_its_countrys_name(text, source, author):
    """The signature line names the country in the genitive ("České republiky", "Republike
    Slovenije"), and a commitment's subject may be a country whose name opens with a capital
    outside A-Z ("Česká", "Ελλάδα", "България"): both were missed before 2026-12-04."""
    doc = rightstrack.read_document(text.encode(), source=source)
    assert [t.value for t in doc.tags if t.field == "authors"] == [author]
    assert [s.kind for s in doc.statements] == ["commitment"]


def test_a_portuguese_governments_commitments_and_what_is_no_commitment():
    text = ("# Programa da Presidência portuguesa do Conselho da União Europeia\n\nGoverno de Portugal, janeiro de 2027\n\n"
            "A Presidência portuguesa promoverá a aplicação do Pacto em matéria de Migração e Asilo.\n\n"
            "Portugal continuará a defender o Estado de direito em toda a União.\n\n"
            "O Governo está empenhado em concluir as negociações sobre a Diretiva anti-SLAPP.\n\n"
            "A igualdade de género é uma prioridade da Presidência.\n\n"
            "O Conselho adotou em 2024 o Regulamento da IA.\n")
    doc = rightstrack.read_document(text.encode(), source="programa.pt.md")
    assert [s.kind for s in doc.statements] == ["commitment"] * 4  # the Council's past act is none
    assert [t.value for t in doc.tags if t.field == "authors"] == ["gov-PT"]
    assert [t.value for t in doc.tags if t.field == "instruments" and t.statement is not None] == \
        ["eu-pact-migration-asylum", "eu-anti-slapp-directive"]


@pytest.mark.parametrize(("text", "codes"), [
    ("Polska i Węgry muszą przestrzegać praworządności.", ["PL", "HU"]),
    ("Sverige och Ungern måste respektera rättsstaten.", ["SE", "HU"]),
    ("Unkari ja Puola eivät noudata päätöksiä.", ["HU", "PL"]),
    ("Ungaria și Polonia trebuie să respecte statul de drept.", ["HU", "PL"]),
    ("Η Ελλάδα και η Κύπρος", ["GR", "CY"]),
    ("Man kann nicht alles sagen.", []),  # Estonian "Man" (the Isle of Man) is skipped
    ("Norra Europa har stora problem.", []),  # so is Estonian "Norra" (Norway): Swedish "northern"
])
def test_country_names_in_every_eu_language_from_pycountrys_translations(text, codes):
    assert [m.code for m in countries.find(text)] == codes


@pytest.mark.parametrize("lang", sorted(LETTERS))
def test_a_letter_to_the_presidency_is_addressed_to_it_in_every_language(lang):
    """The Presidency named after or before its country ("la présidence belge", "the
    Presidency of Belgium"), the salutation by each language's pattern, and "you" as each
    language writes it ("Nous vous demandons", "Wir fordern Sie auf", "Le pedimos"): before,
    only the English and Dutch letters with the country first were."""
    text, country = LETTERS[lang]
    doc = rightstrack.read_document(text.encode(), source=f"letter.{lang}.txt")
    assert doc.language == lang
    assert {t.value for t in doc.tags if t.field == "addressees" and t.statement is None} == \
        {"presidency-council-eu", f"gov-{country}"}
    assert [t.value for t in doc.tags if t.field == "addressees" and t.statement == 0] == ["presidency-council-eu"]
    assert [t.value for t in doc.tags if t.field == "countries" and t.statement is not None] == []


@pytest.mark.parametrize(("text", "lang"), [
    ("# Recommendations to the Presidency of the Council of the EU\n\nDear Prime Minister,\n\n"
     "The Civic Rights Network urges you to:\n\n- Guarantee access to asylum.\n- Ban spyware.\n", "en"),
    ("# Nos recommandations à la Présidence du Conseil de l'UE\n\nMadame la Première ministre,\n\n"
     "Le Réseau Droits Civiques vous exhorte à :\n\n- Garantir l'accès à l'asile.\n- Interdire les logiciels espions.\n",
     "fr"),
    ("# Recomendaciones a la Presidencia del Consejo de la UE\n\nEstimada Presidenta del Gobierno:\n\n"
     "La Red de Derechos le pide que:\n\n- Garantice el acceso al asilo.\n- Prohíba los programas espía.\n", "es"),
])
def test_a_letter_whose_title_names_the_presidency_is_addressed_to_it(text, lang):
    """No country named: the Presidency alone, and "you" (a name subject before "vous", "le")
    resolved to it; before, these asks had no addressee."""
    doc = rightstrack.read_document(text.encode(), source=f"letter.{lang}.md")
    assert [t.value for t in doc.tags if t.field == "addressees" and t.statement is None] == ["presidency-council-eu"]
    assert [sorted(t.value for t in doc.tags if t.field == "addressees" and t.statement == i)
            for i in range(len(doc.statements))] == [["presidency-council-eu"]] * 2


def test_only_you_is_read_as_the_presidency_a_letter_addresses():
    text = ("# Empfehlungen an die Ratspräsidentschaft\n\nSehr geehrte Frau Ministerpräsidentin,\n\n"
            "Wir fordern Sie auf:\n\n- Die Haft von Kindern beenden.\n\n"
            "Die Bundesregierung muss sich im Rat für ein Verbot einsetzen.\n")
    doc = rightstrack.read_document(text.encode(), source="brief.de.md")
    assert [(s.addressee_text, sorted(t.value for t in doc.tags if t.field == "addressees" and t.statement == i))
            for i, s in enumerate(doc.statements)] == [("Frau Ministerpräsidentin", ["presidency-council-eu"]),
                                                       ("Die Bundesregierung", [])]


@pytest.mark.parametrize(("context", "expected"), [
    ("# Empfehlungen an die deutsche Ratspräsidentschaft\n\nSehr geehrter Herr Bundeskanzler,\n\n", ["gov-DE"]),
    ("# Empfehlungen\n\nDie Lage in Österreich ist ernst.\n\n", ["gov-AT"]),
    ("# Empfehlungen\n\nDie Lage in Österreich und Deutschland ist ernst.\n\n", []),  # either
    ("# Empfehlungen\n\nDie Lage in Ungarn ist ernst.\n\n", []),  # no federal State
    ("# Empfehlungen an die ungarische Ratspräsidentschaft\n\nDie Lage in Österreich ist ernst.\n\n", []),
])
def test_a_federal_government_named_alone_is_the_one_country_it_may_be(context, expected):
    """"Die Bundesregierung" ([federal_governments]): Germany's or Austria's, the country of
    the Presidency a letter addresses, else the only one of them the letter names; before
    tag.addressees.v5 it named no government at all."""
    doc = rightstrack.read_document((context + "Die Bundesregierung muss sich im Rat für ein Verbot einsetzen.\n")
                                    .encode(), source="brief.de.md")
    asks = [i for i, s in enumerate(doc.statements) if s.addressee_text == "Die Bundesregierung"]
    assert len(asks) == 1
    assert [t.value for t in doc.tags if t.field == "addressees" and t.statement == asks[0]] == expected


def test_users_add_federal_governments_in_their_actor_file(tmp_path):
    from rightstrack.errors import SettingsError

    mine = tmp_path / "actors.toml"
    mine.write_text("[federal_governments]\n'Gobierno federal' = ['MX']\n[[actor]]\nid = 'x'\npatterns = ['x']\n",
                    "utf-8")  # theirs replaces ours (Germany, Austria, Belgium) word by word
    text = "México acoge a muchos refugiados.\n\nEl Gobierno federal debe garantizar el acceso al asilo.\n".encode()
    ask = lambda settings: [t.value for t in rightstrack.read_document(text, source="a.es.txt", settings=settings)  # noqa: E731
                            .tags if t.field == "addressees" and t.statement is not None]
    assert ask(rightstrack.load_settings(db=":memory:")) == []
    assert ask(rightstrack.load_settings(db=":memory:", actors=str(mine))) == ["gov-MX"]
    bad = tmp_path / "bad.toml"
    bad.write_text("[federal_governments]\n'Gobierno federal' = 'MX'\n[[actor]]\nid = 'x'\npatterns = ['x']\n",
                   "utf-8")
    with pytest.raises(SettingsError, match=f"actor file {bad}: federal_governments must map words"):
        rightstrack.check_data_files(rightstrack.load_settings(db=":memory:", actors=str(bad)))


@pytest.mark.parametrize(("text", "expected"), [
    ("Brussels, 10 February 2024\n\nDear Prime Minister De Croo,\n\nAs your Presidency of the Council begins, "
     "we urge you to:\n\n- Guarantee access to asylum.\n", ["presidency-council-eu", "gov-BE"]),
    ("Brussels, 10 February 2025\n\nDear Prime Minister De Croo,\n\nAs your Presidency of the Council begins, "
     "we urge you to:\n\n- Guarantee access to asylum.\n", []),  # no longer his country's term
    ("Brussels, 10 February 2024\n\nDear Prime Minister De Croo,\n\nWe urge you to:\n\n- Guarantee access to "
     "asylum.\n", []),  # no Presidency named: a letter to the Belgian government, not to the Presidency
    ("Bruxelles, le 3 septembre 2024\n\nMonsieur le Premier ministre Orban,\n\nÀ l'occasion de votre présidence "
     "du Conseil, nous vous demandons de :\n\n- Garantir l'accès à l'asile.\n", ["presidency-council-eu", "gov-HU"]),
    ("Berlin, 3. Oktober 2020\n\nSehr geehrte Frau Bundeskanzlerin Merkel,\n\nzu Beginn Ihrer "
     "Ratspräsidentschaft fordern wir Sie auf:\n\n- Die Haft von Kindern beenden.\n",
     ["presidency-council-eu", "gov-DE"]),
    # a family name with a case ending: the Czech vocative ("Fialo" for Fiala), not a near name
    ("# Doporučení pro předsednictví v Radě EU\n\nPraha, 10. července 2022\n\nVážený pane premiére Fialo,\n\n"
     "Vyzýváme předsednictví, aby:\n\n- Zajistit právo na azyl ve všech členských státech.\n",
     ["presidency-council-eu", "gov-CZ"]),
    ("Brussels, 10 February 2024\n\nDear Prime Minister De Crook,\n\nAs your Presidency of the Council begins, "
     "we urge you to:\n\n- Guarantee access to asylum.\n", []),  # Crook is not De Croo
])
def test_a_letter_greeting_the_head_of_government_of_the_presidency_of_its_date(text, expected):
    """"Dear Prime Minister De Croo" during the Belgian Presidency: the Presidency and gov-BE
    (presidencies.toml leaders), with no country beside the word Presidency (before
    tag.addressees.v6, only "the Belgian Presidency" or the like made it)."""
    doc = rightstrack.read_document(text.encode(), source="letter.txt")
    assert [t.value for t in doc.tags if t.field == "addressees" and t.statement is None] == expected
    assert [t.value for t in doc.tags if t.field == "addressees" and t.statement == 0] == expected[:1]


def test_a_german_lead_in_with_the_verb_before_wir_names_you():
    """"Daher fordern wir Sie auf:" (the verb second after an adverb): "Sie" is the letter's
    addressee; it was read as "wir Sie" before 2026-12-02."""
    doc = rightstrack.read_document(b"Sehr geehrte Frau Ministerin,\n\nDaher fordern wir Sie auf:\n\n"
                                    b"- Die Haft von Kindern beenden.\n", source="brief.de.md")
    assert [s.addressee_text for s in doc.statements] == ["Frau Ministerin"]


def test_a_presidencys_own_programme_is_not_addressed_to_it():
    text = ("Programme of the Belgian Presidency\n\nGovernment of Belgium\n\n"
            "The Belgian Presidency will work for a Union that protects.\n")
    doc = rightstrack.read_document(text.encode(), source="programme.txt")
    assert [t.value for t in doc.tags if t.field == "addressees"] == []


def test_asks_in_running_text_name_their_addressees_in_six_languages():
    """Our own sentences (tests/data/ask_sentences.tsv), one ask each. Written before the
    patterns of 2026-12-02 for asks with no subject ("Instamos al Consejo a", "Esortiamo il
    Consiglio ad"), Italian "dovrebbe", German "fordern den Rat auf, ... anzunehmen" and "die
    Bundesregierung": 24 of 31 were found before, 31 after; two German asks with the verb
    before "wir" ("Gemeinsam mit unseren Partnern fordern wir den Rat auf, ...") were added,
    and found, on 2026-12-02; four more that day, none found before: "C'est pourquoi nous
    appelons le Conseil à", "Per questo chiediamo al Consiglio di", "Wij vragen het Europees
    Parlement ... te verwerpen", "appellieren wir an das Europäische Parlament, ... abzulehnen". A federal government named alone, where the letter gives no
    country for it, names none, and is not read as the letter's addressee."""
    rows = _tsv("ask_sentences.tsv")
    wrong = []
    for lang, ids, text in rows:
        doc = rightstrack.read_document(text.encode(), source=f"ask.{lang}.txt")
        got = sorted({t.value for t in doc.tags if t.field == "addressees" and t.statement is not None})
        if [s.kind for s in doc.statements] != ["recommendation"] or got != sorted(filter(None, ids.split(","))):
            wrong.append((lang, text, [s.kind for s in doc.statements], got))
    assert len(rows) >= 30 and not wrong


def test_a_country_named_after_an_actors_word_is_an_actor_not_a_topic():
    text = ("Wir fordern den Rat auf:\n\n- Die Präsidentschaft Ungarns und die Regierung von Polen müssen die Urteile "
            "umsetzen, auch zu Rumänien.\n")
    doc = rightstrack.read_document(text.encode(), source="a.de.txt")
    assert [t.value for t in doc.tags if t.field == "countries" and t.statement == 0] == ["RO"]


def test_retag_keeps_human_decisions(tmp_path, store, settings):
    rightstrack.ingest([str(ROOT / "examples")], store=store, settings=settings)
    records = list(store.export_records())
    target = next(r for r in records if r["instruments"])
    inst = target["instruments"][0]
    store.decide_tag(target["id"], "instruments", inst, "rejected", "ana")
    store.decide_tag(target["id"], "themes", "children", "confirmed", "ana")
    doc = target["document"]
    assert doc["authors"], doc  # a document-level tag: a person corrects the author's id
    store.decide_tag(doc["id"], "authors", doc["authors"][0], "rejected", "ana")
    store.decide_tag(doc["id"], "authors", "org-amnesty-international", "confirmed", "ana")
    rightstrack.retag(store, settings)
    rightstrack.retag(store, settings)
    after = next(r for r in store.export_records() if r["id"] == target["id"])
    assert inst not in after["instruments"]
    assert after["themes"].count("children") == 1  # confirmed by a person, kept once
    assert after["document"]["authors"] == ["org-amnesty-international"]
    assert json.dumps(after)


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Guarantee access to asylum at the external borders and end pushbacks of refugees.", "en", ["asylum-migration"]),
    ("Garantir l'accès à l'asile aux frontières et protéger les réfugiés.", "fr", ["asylum-migration"]),
    ("Die Mitgliedstaaten sollten den Einsatz von Gesichtserkennung und Spähsoftware verbieten.", "de",
     ["surveillance-privacy"]),
    ("Ratify the Istanbul Convention and criminalise rape based on the absence of consent.", "en",
     ["gender-based-violence"]),
    ("Abolish the death penalty and commute all death sentences.", "en", ["death-penalty"]),
    ("Protect civic space and human rights defenders in the EU.", "en", ["human-rights-defenders"]),
])
def test_theme_cues_in_several_languages(text, lang, expected):
    from rightstrack import themes

    assert [a.theme for a in themes.classify(text, lang)] == expected


@pytest.mark.parametrize(("monitoring", "surveillance", "lang"), [
    ("Mettre en place un mécanisme indépendant de surveillance des frontières.",
     "Interdire la surveillance de masse et les logiciels espions.", "fr"),
    ("Die unabhängige Überwachung der Grundrechte an den Grenzen stärken.",
     "Massenüberwachung und den Export von Überwachungstechnologie verbieten.", "de"),
    ("Crear un mecanismo independiente de vigilancia en las fronteras.", "Prohibir la vigilancia masiva.", "es"),
    ("Istituire un meccanismo indipendente di sorveglianza alle frontiere.", "Vietare la sorveglianza di massa.", "it"),
])
def test_monitoring_is_not_surveillance_in_languages_that_use_one_word_for_both(monitoring, surveillance, lang):
    """French "surveillance", German "Überwachung", Spanish "vigilancia" and Italian
    "sorveglianza" are also monitoring; the English cue "surveillance" is a false friend in
    French text (false_friends.fr), and only the surveillance senses are cues."""
    from rightstrack import themes

    assert "surveillance-privacy" not in [a.theme for a in themes.classify(monitoring, lang)]
    assert "surveillance-privacy" in [a.theme for a in themes.classify(surveillance, lang)]
    assert [a.theme for a in themes.classify("End the unlawful surveillance of states.", "en")] == [
        "surveillance-privacy"]


@pytest.mark.parametrize(("text", "lang", "theme"), [
    ("Die Lage an den Grenzen war dramatisch.", "de", "armed-conflict"),  # war: was
    ("Het beleid was onduidelijk en de raad raakte in de war.", "nl", "armed-conflict"),
    ("Ratificare le modifiche allo Statuto di Roma.", "it", "discrimination-racism"),  # Roma: Rome
    ("Ratificar las enmiendas al Estatuto de Roma.", "es", "discrimination-racism"),
    ("Reducir la pobreza de la clase media.", "es", "freedom-of-expression"),  # media: middle
])
def test_english_cues_that_are_false_friends_in_a_language_are_not_used_on_its_text(text, lang, theme):
    from rightstrack import themes

    assert theme not in [a.theme for a in themes.classify(text, lang)]
    assert theme in [a.theme for a in themes.classify({"armed-conflict": "End the war.",
                                                       "discrimination-racism": "Protect the Roma.",
                                                       "freedom-of-expression": "Protect the media."}[theme], "en")]


@pytest.mark.parametrize(("limit", "border", "lang"), [
    ("Klare Grenzen für den Einsatz von KI bei der Polizei setzen.", "Pushbacks an den Grenzen beenden.", "de"),
    ("Die Aufnahme von Gesprächen mit der Zivilgesellschaft.", "Die Aufnahme von Geflüchteten verbessern.", "de"),
    ("Duidelijke grenzen stellen aan het gebruik van AI.", "Pushbacks aan de grenzen van de EU stoppen.", "nl"),
])
def test_limits_and_admissions_are_not_borders_and_reception(limit, border, lang):
    """German "Grenzen" and Dutch "grenzen" are also limits, German "Aufnahme" also a start
    or an admission: only their senses of borders and of receiving refugees are cues."""
    from rightstrack import themes

    assert "asylum-migration" not in [a.theme for a in themes.classify(limit, lang)]
    assert "asylum-migration" in [a.theme for a in themes.classify(border, lang)]


def test_theme_cues_on_sentences_in_twenty_two_languages():
    """Our own sentences, twelve per language (tests/data/theme_sentences.tsv), with traps of
    each language: a warm "accueil", "war" in German, "Roma" the city, a "mécanisme de
    surveillance" of a budget. The first 72 were written before the cues were measured on them:
    precision and recall 0.97 then; the three cues they showed missing or loose were mended
    (1.0 / 0.985). Six more (a French "retour" that is a reply, evictions) came with the
    cues for returns and expulsions, four (the execution of a budget) with those for executions.
    Fifty more, written before the cues of tag.themes.cues.v4: 1.0 / 0.907 before them (five
    expectations widened on review), 1.0 / 1.0 after. Seven more on 2026-12-02, written
    before tag.themes.cues.v6: all 140, 1.0 / 0.934 before it, 1.0 / 0.993 after; eight in
    Spanish and Italian later that day: all 148, 1.0 / 0.931 before their cues, 1.0 / 0.993 after.
    Twelve each in Portuguese and Polish on 2026-12-04, written after their cues, before being
    run: 0.88 / 0.917 on those 24 (Portuguese "Roma", Rome, as the Romani; Polish "zgodna",
    compatible, as consent; food security as security), 1.0 / 0.917 after; all 172: 1.0 / 0.982
    (the two misses are a second theme with one cue beside a first with two, as by design).
    Twelve in Swedish later that day, written after its cues: 0.917 / 1.0 before "förvar"
    (any custody) stopped being a torture cue, 1.0 / 1.0 after. Twelve in Romanian, the same
    way: 1.0 / 0.909 before "apărătorii drepturilor omului" and "societății civile" were
    cues, 1.0 / 1.0 after. Twelve in Danish: 1.0 / 1.0 as first run; twelve in Czech, the same;
    twelve in Slovak: 0.917 / 1.0, the one extra theme migration for children held in
    "zariadenia pre cudzincov" (immigration detention), right on review, so the expectation was
    widened; thirteen in Lithuanian (2026-12-04, written before the first run, with "Romoje", the
    "artimoje aplinkoje" of domestic violence and "negali", cannot): 1.0 / 0.933, the one miss
    surveillance beside two AI cues, by design; thirteen in Greek, the same way (with "Ρώμη", a
    budget's "εκτέλεση", the "μηχανισμός παρακολούθησης" that monitors and "ασφαλείς", safe):
    1.0 / 1.0; thirteen in Hungarian, the same way (with "Rómában", "biztonságos", safe, and a
    "határozat", decision, that is no border): 1.0 / 0.933, the one miss AI beside two
    overlapping surveillance cues, by design; thirteen in Croatian, the same way (with "Rimu", the
    war veterans, "branitelji", who are no human rights defenders, and "Zatvoriti", close, that is
    no prison): 1.0 / 0.812 before "strance" and detention centres were cues, 1.0 / 0.938 after
    (surveillance beside two AI cues); thirteen in Slovenian, the same way (with "Rimu", "po vsem
    svetu", the world and no Council, and "Zaporedje", a sequence and no prison): 1.0 / 0.929
    before "smrtn* kazen" was a cue, 1.0 / 1.0 after; thirteen in Finnish, the same way (with
    "Roomassa", "rajoittaa", restrict, that is no border, and "yritys", an attempt as well as a
    company): 0.933 / 1.0 before only the plural companies were cues, 1.0 / 1.0 after; thirteen in
    Bulgarian, the same way (with "Рим", "съвет", advice, and "граница", a limit as well as a
    border): 0.938 / 1.0 before borders were cues as phrases, 1.0 / 1.0 after; thirteen in Latvian,
    the same way (with "Romā", "drošus", safe, and the limit values, "robežvērtības", of
    emissions): 0.933 / 0.933 before borders were cues as words and "izmeš*" a cue, 1.0 / 1.0
    after; thirteen in Estonian, the same way (with "Roomas", "piirata", restrict, that is no
    border, and "turvalised", safe): 1.0 / 1.0 as first run; all 349: 1.0 / 0.983."""
    from rightstrack import themes

    rows = _tsv("theme_sentences.tsv")
    tp = fp = fn = 0
    for want, lang, text in rows:
        expected = set() if want == "-" else set(want.split(","))
        got = {a.theme for a in themes.classify(text, lang)}
        tp, fp, fn = tp + len(got & expected), fp + len(got - expected), fn + len(expected - got)
    assert all(sum(r[1] == lang for r in rows) >= 12 for lang in ("en", "fr", "de", "nl", "es", "it", "pt", "pl", "sv", "ro", "da", "cs", "sk", "lt", "el", "hu", "hr", "sl", "fi", "bg", "lv", "et"))
    assert tp / (tp + fp) >= 0.97 and tp / (tp + fn) >= 0.95


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Garantir l'accès à la sécurité sociale.", "fr", {"economic-social-rights"}),
    ("Den Zugang zur sozialen Sicherheit garantieren.", "de", {"economic-social-rights"}),
    ("Garantizar el acceso a la seguridad social.", "es", {"economic-social-rights"}),
    ("Ensure food security for all.", "en", {"economic-social-rights"}),
    ("Garantire la sicurezza alimentare.", "it", {"economic-social-rights"}),
    ("Garantir la sécurité juridique des associations.", "fr", {"rule-of-law"}),
    ("Promote gender equality in employment.", "en", {"gender-based-violence", "economic-social-rights"}),
    ("Renforcer la sécurité intérieure.", "fr", {"security-counter-terrorism"}),  # no longer cue around it
    # masked where it first occurs, named again outside the longer cue: it counts there
    ("Garantir la sécurité sociale et la sécurité des personnes.", "fr",
     {"economic-social-rights", "security-counter-terrorism"}),
    ("Die soziale Sicherheit und die innere Sicherheit stärken.", "de",
     {"economic-social-rights", "security-counter-terrorism"}),
    ("Garantire la sicurezza alimentare e la sicurezza alimentare dei minori.", "it", {"economic-social-rights", "children"}),
    # a theme that does not mask another: refugees named in a defenders' cue are still refugees
    ("Protect rescue organisations and others who assist refugees and migrants.", "en",
     {"human-rights-defenders", "asylum-migration"}),
])
def test_a_cue_inside_a_longer_cue_of_a_theme_that_masks_it_does_not_count(text, lang, expected):
    """`masks` in the taxonomy: "sécurité" in "sécurité sociale" is no security theme (it was,
    in five languages)."""
    from rightstrack import themes

    assert {a.theme for a in themes.classify(text, lang)} == expected


def test_a_cue_is_found_at_a_later_place_its_first_word_occurs():
    """Cues are tried where their first word occurs (themes._cue_starts): "human dignity"
    does not stop "human rights defenders" further on from counting, with the document's
    tokens or the text's own."""
    from rightstrack import themes
    from rightstrack.phrases import Words

    text = "Protect the freedom of movement and the human dignity of human rights defenders."
    words = Words(text)
    for found in (themes.classify(text, "en"), themes.classify(text, "en", (), None, words.words, words.starts)):
        assert [(a.theme, a.evidence["cues"]) for a in found] == [
            ("human-rights-defenders", ["human rights defender*", "defenders"])]


def test_a_passing_mention_does_not_make_a_theme():
    from rightstrack import themes

    text = ("Lead on asylum and migration policies: refugees and migrants at the borders need access to asylum "
            "procedures and reception, and the Presidency should uphold the rule of law while doing so.")
    assigned = [a.theme for a in themes.classify(text, "en")]
    assert assigned == ["asylum-migration"]


def test_instruments_are_strong_evidence_for_their_themes():
    from rightstrack import themes

    assert [a.theme for a in themes.classify("Adopt it this year.", "en", {"eu-vaw-directive"})] == \
        ["gender-based-violence"]
    found = themes.classify("Adopt it this year.", "en", {"eu-vaw-directive"})[0]
    assert found.evidence["instruments"] == ["eu-vaw-directive"]


def test_taxonomy_covers_the_gold_theme_ids_with_names_and_descriptions_in_six_languages():
    from rightstrack import themes

    tax = themes.taxonomy()
    gold_ids = {"asylum-migration", "foreign-policy", "accountability", "human-rights-defenders", "rule-of-law",
                "gender-based-violence", "lgbti", "children", "technology-ai", "surveillance-privacy",
                "security-counter-terrorism", "justice-cooperation", "free-movement-schengen", "death-penalty",
                "torture", "armed-conflict", "discrimination-racism", "freedom-of-expression",
                "business-human-rights", "climate-environment", "economic-social-rights"}
    assert gold_ids <= set(tax)
    for theme in tax.values():
        assert set(theme.name) >= {"en", "fr", "de", "nl", "es", "it"}
        assert set(theme.cues) >= {"en", "fr", "de", "nl", "es", "it"}
        assert {lang for lang, text in theme.description.items() if text} >= {"en", "fr", "de", "nl", "es", "it"}
    registry = instruments.registry()
    assert all(i in registry for t in tax.values() for i in t.instruments)


@pytest.mark.parametrize(("text", "lang", "level"), [
    ("Seek technical assistance from OHCHR to build the capacity of the judiciary.", "en", 1),
    ("Continue its efforts to combat trafficking in persons.", "en", 2),
    ("Consider ratifying the Optional Protocol to the Convention against Torture.", "en", 3),
    ("Take measures to improve conditions of detention.", "en", 4),
    ("Ratify the Istanbul Convention without reservations.", "en", 5),
    ("To abolish the death penalty.", "en", 5),
    ("Conduct an independent investigation into deaths in custody.", "en", 5),
    ("Commute all death sentences to terms of imprisonment.", "en", 5),
    ("Share its good practices on the inclusion of persons with disabilities.", "en", 1),
    ("Remain committed to the protection of migrant workers.", "en", 2),
    ("Put in place measures to protect children from violence.", "en", 4),
    ("Continue and strengthen its efforts to combat trafficking.", "en", 4),
    # the verb after an introductory phrase ([action] intro), not the phrase's own first word
    ("In line with the advice of the treaty bodies, consider ratifying the Optional Protocol.", "en", 3),
    ("Given the number of cases reported, ratify the Convention on enforced disappearance.", "en", 5),
    ("With a view to ending impunity, take measures to protect witnesses.", "en", 4),
    ("Review and amend the Criminal Code to define torture.", "en", 5),
    ("Recommended that the Government ratify the Convention.", "en", 5),
    ("Member states must ban the use of emotion recognition systems at borders.", "en", 5),
    ("The Presidency should continue its work on the rule of law report.", "en", 2),
    ("The Presidency should take steps to protect civic space.", "en", 4),
    # the items after "by:", judged by the verb they are a form of ([form] gerund_suffixes)
    ("Issuing emergency visas to defenders at risk within ten working days.", "en", 5),
    ("Continuing to fund shelters for women.", "en", 2),
    ("Considering the ratification of the Optional Protocol.", "en", 3),
    ("Banning the export of spyware.", "en", 5),
    ("Setting up an independent monitoring body.", "en", 5),
    ("Adopting Council conclusions every year.", "en", 4),
    ("Nothing less than full compliance will do.", "en", 4),
    # an ask written as a noun, judged as its verb
    ("Ratification of the Optional Protocol to the Convention against Torture.", "en", 5),
    ("Adoption of a national action plan against racism by the end of the year.", "en", 5),
    ("A review of the law on foreign agents.", "en", 3),
    ("Continued funding for shelters for women.", "en", 2),
    ("Poursuivre ses efforts de lutte contre la traite.", "fr", 2),
    ("Envisager de ratifier le protocole facultatif.", "fr", 3),
    ("Ratifier la Convention d'Istanbul.", "fr", 5),
    ("Die Todesstrafe abschaffen.", "de", 5),
    ("Considerar la ratificación del Protocolo Facultativo.", "es", 3),
    ("Continuare gli sforzi contro la tratta.", "it", 2),
])
def test_action_type(text, lang, level):
    from rightstrack import actions

    assert actions.classify(text, lang)[0] == level


def test_action_type_on_sentences_in_twenty_two_languages():
    """Our own sentences at every level in French, Spanish, Italian, German and Dutch
    (tests/data/action_sentences.tsv): the cue verbs of each language's [action] table. The 43
    added on 2026-12-02 were written before that day's cues: 40 right before, 43 after. Eleven
    more that day, English too, for joining a declaration and dismantling fences, written
    before tag.action.cues.v6: 0 right before, 11 after; four in English for its two adverbs
    before a verb, "bring an end to" (general), "rescind" and "analyse": 0 before, 4 after;
    two for "introduce measures" (general) and "give favourable consideration": 0, then 2.
    Nine on 2026-12-03 for continuing or cooperating with the international community (2 or
    4, not a request for assistance): 2 right before, 8 after; the ninth, Dutch "blijven
    werken" in mid-sentence, is no continue cue ("die in detentie blijven": who remain), and
    was written again with "voortzetten". Nine more that day for twelve specific verbs
    ("codify", "reinstate", "reanudar", "sostituire", "ersetzen", "hervatten") and a call on
    another body for assistance: 0 right before, 9 after. Twenty-two in Portuguese and Polish
    on 2026-12-04, written after their language files and run once: 22 right; eleven in Swedish,
    the same way: 11 right; eleven in Romanian: 11 right; eleven in
    Danish: 11 right; eleven in Czech: 11 right; eleven in
    Slovak: 11 right; eleven in Lithuanian: 11 right; eleven in Greek: 11 right; eleven in Hungarian: 11 right; eleven in Croatian:
    11 right; eleven in Slovenian: 11 right; eleven in Finnish: 11 right; eleven in
    Bulgarian: 11 right; eleven in Latvian: 10 right before sharing good practice ("labo
    praksi") was read in any case, 11 after; eleven in Estonian: 10 right before the same for
    "häid tavasid", 11 after."""
    from rightstrack import actions

    rows = _tsv("action_sentences.tsv")
    wrong = [(level, lang, text) for level, lang, text in rows if actions.classify(text, lang)[0] != int(level)]
    assert len(rows) >= 60 and {lang for _, lang, _ in rows} == {"en", "fr", "es", "it", "de", "nl", "pt", "pl", "sv", "ro", "da", "cs", "sk", "lt", "el", "hu", "hr", "sl", "fi", "bg", "lv", "et"}
    assert not wrong


def test_action_type_is_exported_and_round_trips(store, settings, tmp_path):
    rightstrack.ingest([str(ROOT / "examples")], store=store, settings=settings)
    records = list(store.export_records())
    recs = [r for r in records if r["kind"] == "recommendation"]
    assert recs and all(r["action_type"] in (1, 2, 3, 4, 5) for r in recs)
    assert all(r["action_type"] is None for r in records if r["kind"] == "commitment")


def test_users_extend_the_registry_and_taxonomy_with_their_own_files(tmp_path):
    from rightstrack import themes
    from rightstrack.errors import SettingsError

    reg = tmp_path / "registry.toml"
    reg.write_text('[[instrument]]\nid = "nl-wet-x"\ntype = "law"\ntitle = "Wet X"\nnames.nl = ["Wet X"]\n', "utf-8")
    assert [r.id for r in instruments.find("De Wet X moet worden ingetrokken.", extra=str(reg))] == ["nl-wet-x"]
    assert "eu-ai-act" in instruments.registry(str(reg))
    # an entry with a CELEX identifier is found by its number in every language, no name needed
    reg = tmp_path / "registry2.toml"  # another file: registries are cached by their path
    reg.write_text('[[instrument]]\nid = "eu-whistleblowers"\ntype = "directive"\ntitle = "Directive (EU) 2019/1937"\n'
                   'identifier = "CELEX 32019L1937"\n', "utf-8")
    assert [r.id for r in instruments.find("Die Richtlinie (EU) 2019/1937 umsetzen.", extra=str(reg))] == [
        "eu-whistleblowers"]
    tax = tmp_path / "taxonomy.toml"
    tax.write_text('[[theme]]\nid = "water"\nname = { en = "Water" }\ncues.en = ["groundwater"]\n', "utf-8")
    assert [a.theme for a in themes.classify("Map the groundwater reserves of every region.", "en", extra=str(tax))] == ["water"]
    bad = tmp_path / "bad.toml"
    bad.write_text("[[theme]]\nname = 'no id'\n", "utf-8")
    with pytest.raises(SettingsError, match="lacks 'id'"):
        themes.taxonomy(str(bad))
    for cues, problem in [('["--"]', "cue '--' has no word"), ('"water"', "must be a list")]:
        bad.write_text(f'[[theme]]\nid = "x"\nname = {{ en = "X" }}\ncues.en = {cues}\n', "utf-8")
        with pytest.raises(SettingsError, match=problem):
            themes.taxonomy(str(bad))


@pytest.mark.parametrize("text", [
    "The Council must ratify the Istanbul Convention – now.",
    "Costs of €5 million, 30° and § 12 — Türkiye’s £3 «quote» ±2 in 2024¿qué?",
    "Un texte ‰ avec ¶ des signes rares ™ et des lettres accentuées : égalité, Ærø.",
])
def test_words_are_the_tokens_of_the_regular_expression_with_their_offsets(text):
    import re

    from rightstrack.phrases import Words

    words = Words(text)
    low = text.lower().replace("’", "'")
    found = list(re.finditer(r"[^\W_]+", low))
    assert words.words == [m.group() for m in found]
    assert words.starts == [m.start() for m in found]


@pytest.mark.parametrize(("text", "lang", "theme"), [
    ("Lutter contre les violences domestiques et les mariages forcés.", "fr", "gender-based-violence"),
    ("Die künstliche Intelligenz im Einklang mit den Grundrechten regulieren.", "de", "technology-ai"),
    ("Improve conditions in prisons and reduce overcrowding.", "en", "torture"),
    ("Améliorer les conditions dans les lieux de détention.", "fr", "torture"),
    ("Guarantee freedom of religion or belief.", "en", "freedom-of-expression"),
    ("Garantizar la libertad de religión.", "es", "freedom-of-expression"),
    ("Combat trafficking in human beings.", "en", "asylum-migration"),
    ("Den Menschenhandel bekämpfen.", "de", "asylum-migration"),
    ("Ensure the independence of judges and the efficiency of the justice system.", "en", "rule-of-law"),
    ("Garantire l'indipendenza della magistratura.", "it", "rule-of-law"),
    ("Ratify the Convention for the Protection of All Persons from Enforced Disappearance.", "en", "accountability"),
    ("Protect the rights of indigenous peoples.", "en", "discrimination-racism"),
    ("De rechten van inheemse volkeren beschermen.", "nl", "discrimination-racism"),
    ("Reduce maternal mortality and improve access to health services.", "en", "economic-social-rights"),
    ("Het EU-beleid ten aanzien van derde landen op mensenrechten toetsen.", "nl", "foreign-policy"),
    ("Die Inhaftierung von Kindern in Grenzverfahren beenden.", "de", "children"),
    ("Die Inhaftierung von Kindern in Grenzverfahren beenden.", "de", "asylum-migration"),
])
def test_general_human_rights_cues_and_stars_inside_cues(text, lang, theme):
    """Cues of every language, a star ending any word of a cue ("violence* domestique*")."""
    from rightstrack import themes

    assert theme in {a.theme for a in themes.classify(text, lang)}


@pytest.mark.parametrize(("text", "lang"), [
    ("Protect the environment and act on climate change.", "en"),
    ("Protéger l’environnement et le climat.", "fr"),
    ("Tutelare l'ambiente.", "it"),
])
def test_environment_is_a_theme_but_an_enabling_environment_is_not(text, lang):
    from rightstrack import themes

    assert "climate-environment" in {a.theme for a in themes.classify(text, lang)}
    civic = {"en": "Ensure a safe and enabling environment for civil society.",
             "fr": "Créer un environnement favorable à la société civile.",
             "it": "Garantire un ambiente favorevole alla società civile."}[lang]
    assert "climate-environment" not in {a.theme for a in themes.classify(civic, lang)}


@pytest.mark.parametrize(("text", "lang", "theme"), [
    ("We press the Council to adopt the directive without delay.", "en", "freedom-of-expression"),
    ("Act in the belief that the Union can lead.", "en", "freedom-of-expression"),
    ("Combat drug trafficking and organised crime.", "en", "asylum-migration"),
    ("Publier un communiqué de presse sur l'emploi de la force aux frontières.", "fr", "economic-social-rights"),
    ("Porre fine all'occupazione dei territori palestinesi.", "it", "economic-social-rights"),
])
def test_words_of_advocacy_prose_are_not_general_cues(text, lang, theme):
    """'press' the verb, 'belief', drug trafficking, 'l'emploi de la force', an occupation:
    the general human-rights cues are phrases that keep their sense in advocacy letters."""
    from rightstrack import themes

    assert theme not in {a.theme for a in themes.classify(text, lang)}


def test_two_cues_on_the_same_words_are_one_piece_of_evidence():
    """French text is also searched with the English cues: 'discrimination' matches both
    'discriminat*' and 'discrimination*', and "health care" both 'health' and 'health care'."""
    from rightstrack import themes

    for text, lang in [("Lutter contre la discrimination.", "fr"), ("Improve access to health care.", "en")]:
        (found,) = themes.classify(text, lang)
        assert len(found.evidence["cues"]) == 1 and found.score == 0.55


def test_a_bad_action_cue_in_a_users_language_file_is_named(tmp_path):
    """A user's lang_dir file with a broken [action] pattern: one error that names the file
    and the pattern, not a failure of every document."""
    from rightstrack import actions
    from rightstrack.errors import SettingsError

    text = (ROOT / "src/rightstrack/lang/en.toml").read_text("utf-8")
    (tmp_path / "en.toml").write_text(text.replace("continue = ['", "continue = ['(unclosed', '", 1), "utf-8")
    with pytest.raises(SettingsError, match=r"language file en: bad pattern '\(unclosed'"):
        actions.classify("Continue its efforts.", "en", str(tmp_path))


@pytest.mark.parametrize(("phrase", "actors"), [
    ("the UN Human Rights Council", {"un-human-rights-council"}),
    ("le Conseil des droits de l'homme", {"un-human-rights-council"}),
    ("el Consejo de Derechos Humanos", {"un-human-rights-council"}),
    ("the UN Security Council", {"un-security-council"}),
    ("de Raad van Europa", {"council-of-europe"}),
    ("der Europäische Rat", {"european-council"}),
    ("the European Council and the Council", {"european-council", "council-of-the-eu"}),
    ("the Council and the Commission", {"council-of-the-eu", "european-commission"}),
    ("il Consiglio", {"council-of-the-eu"}),
    ("the Office of the High Commissioner for Human Rights", {"ohchr"}),
    ("le Haut-Commissariat des Nations unies pour les réfugiés", {"unhcr"}),
    ("the Committee against Torture", {"un-treaty-bodies"}),
    ("la Relatrice speciale", {"un-special-procedures"}),
    ("the Special Rapporteur on the situation of human rights defenders", {"un-special-procedures"}),
    ("the UN General Assembly", {"un-general-assembly"}),
    # EU agencies: the Union in an agency's name is not the EU institutions as well
    ("Frontex and Europol", {"frontex", "europol"}),
    ("the European Border and Coast Guard Agency", {"frontex"}),
    ("the European Union Agency for Fundamental Rights", {"fra"}),
    ("l'Agence de l'Union européenne pour l'asile", {"euaa"}),
    ("fra le istituzioni dell'Unione", {"eu-institutions"}),  # Italian "fra" (among) is not the FRA
    ("la Alta Representante", {"eeas"}),
    # a government named before its country, in several languages
    ("the Government of Belgium", {"gov-BE"}),
    ("le gouvernement français", {"gov-FR"}),
    ("el Gobierno de España", {"gov-ES"}),
    ("die Regierung von Ungarn", {"gov-HU"}),
    ("il governo italiano", {"gov-IT"}),
    ("the people of Belgium", set()),
    # national and Council of Europe bodies whose names hold "Council", "Commission", "Parliament"
    ("le Conseil d'État", {"national-judiciary"}),
    ("the National Council of the Judiciary", {"national-judiciary"}),
    ("il Consiglio superiore della magistratura", {"national-judiciary"}),
    ("the Venice Commission", {"venice-commission"}),
    ("the European Commission against Racism and Intolerance", {"ecri"}),
    ("the National Human Rights Commission", {"nhri"}),
    ("the Commission and national parliaments", {"european-commission", "national-parliaments"}),
    ("the Flemish Parliament", {"national-parliaments"}),
    ("the Hungarian Parliament", {"national-parliaments"}),  # a parliament named with its country
    ("il Parlamento italiano", {"national-parliaments"}),
    ("the European Parliament and the Parliament of Poland", {"european-parliament", "national-parliaments"}),
    # a country's authorities in six languages, with the demonym inflected as each writes it
    ("the Polish authorities", {"gov-PL"}),
    ("les autorités polonaises", {"gov-PL"}),
    ("die polnischen Behörden", {"gov-PL"}),
    ("de Poolse autoriteiten", {"gov-PL"}),
    ("las autoridades griegas", {"gov-GR"}),
    ("le autorità greche", {"gov-GR"}),
    # the co-legislators are the Council and the Parliament; a Commissioner is the Commission's
    ("the co-legislators", {"council-of-the-eu", "european-parliament"}),
    ("die Mitgesetzgeber", {"council-of-the-eu", "european-parliament"}),
    ("spolunormotvůrci", {"council-of-the-eu", "european-parliament"}),  # Czech: both, not the Council alone
    ("spoluzákonodarcovia", {"council-of-the-eu", "european-parliament"}),  # Slovak
    ("abi teisėkūros institucijos", {"council-of-the-eu", "european-parliament"}),  # Lithuanian
    # Lithuanian: the Council of Europe is "Europos Taryba", the European Council "Europos Vadovų Taryba"
    ("Europos Taryba", {"council-of-europe"}),
    ("Europos Vadovų Taryba", {"european-council"}),
    ("Europos Sąjungos Taryba", {"council-of-the-eu"}),
    ("Žmogaus teisių taryba", {"un-human-rights-council"}),
    # Greek: "Επιτροπή" is the Commission unless a longer name says which committee
    ("η Ευρωπαϊκή Επιτροπή", {"european-commission"}),
    ("η Επιτροπή κατά των Βασανιστηρίων", {"un-treaty-bodies"}),
    ("το Συμβούλιο της Ευρώπης", {"council-of-europe"}),
    ("το Ευρωπαϊκό Συμβούλιο", {"european-council"}),
    ("οι συννομοθέτες", {"council-of-the-eu", "european-parliament"}),
    ("οι ελληνικές αρχές", {"gov-GR"}),
    ("the Commissioner for Home Affairs", {"european-commission"}),
    ("la commissaire chargée de l'égalité", {"european-commission"}),
    ("the UN High Commissioner for Refugees", {"unhcr"}),
    ("the Council of Europe Commissioner for Human Rights", {"council-of-europe"}),
    ("die Menschenrechtskommissarin des Europarats", {"council-of-europe"}),
    ("il Consiglio per i diritti umani", {"un-human-rights-council"}),
    ("die Asylagentur der EU", {"euaa"}),
    ("die Regierung Polens", {"gov-PL"}),  # a German genitive
    # UN and EU bodies under their other names and abbreviations (2026-12-02)
    ("le HCR", {"unhcr"}),
    ("the UN Refugee Agency", {"unhcr"}),
    ("das UN-Flüchtlingshilfswerk", {"unhcr"}),
    ("das Hochkommissariat für Menschenrechte", {"ohchr"}),
    ("el ACNUDH", {"ohchr"}),
    ("le HCDH", {"ohchr"}),
    ("der EAD", {"eeas"}),
    ("de EDEO", {"eeas"}),
    ("le Service européen pour l'action extérieure", {"eeas"}),
    ("de speciaal rapporteur", {"un-special-procedures"}),
    ("les chercheurs", set()),
])
def test_addressee_phrases_name_eu_un_and_council_of_europe_bodies(phrase, actors):
    """A generic word inside a longer body's name counts for that body only: the Council in
    "Human Rights Council" or "Council of Europe" is not the Council of the EU."""
    from rightstrack.steps.tag import _phrase_actors

    assert set(_phrase_actors(phrase)) == actors


@pytest.mark.parametrize(("author", "ids"), [
    ("Government of Belgium", ["gov-BE"]),
    ("Council of the European Union", ["council-of-the-eu"]),  # not also eu-institutions
    ("Working Group on the Universal Periodic Review", ["un-human-rights-council"]),
    ("Office of the United Nations High Commissioner for Human Rights", ["ohchr"]),
    ("Netzwerk Bürgerrechte", ["org-netzwerk-burgerrechte"]),
    (None, []),
])
def test_a_documents_author_becomes_actor_ids(author, ids):
    from rightstrack.model import Document
    from rightstrack.steps.tag import AUTHORS, run

    doc = Document(source="x.txt", content_hash="h", format="text", text="Some text.", author=author)
    tagged = run(doc, rightstrack.load_settings(db=":memory:"))
    found = [t for t in tagged.tags if t.field == "authors"]
    assert [t.value for t in found] == ids
    assert all(t.statement is None and t.method == AUTHORS and t.evidence == {"text": author} for t in found)


def test_users_add_actors_with_their_own_file(tmp_path):
    """The setting `actors`: one id for an organisation under its names in several
    languages, as author and as addressee; a bad file is one error naming it."""
    from rightstrack.errors import SettingsError
    from rightstrack.model import Document
    from rightstrack.steps.tag import run

    mine = tmp_path / "actors.toml"
    mine.write_text("actor_heads = ['network']\n[[actor]]\nid = 'civic-rights-network'\n"
                    "patterns = ['civic rights network', 'réseau droits civiques']\n", "utf-8")
    settings = rightstrack.load_settings(db=":memory:", actors=str(mine))
    for author in ("Civic Rights Network", "Réseau Droits Civiques"):
        doc = run(Document(source="x.txt", content_hash="h", format="text", text="x", author=author), settings)
        assert [t.value for t in doc.tags if t.field == "authors"] == ["civic-rights-network"]
    doc = rightstrack.read_document(b"We urge the Council and the Civic Rights Network to:\n\n"
                                    b"- Protect human rights defenders in Belgium.\n", source="a.txt",
                                    settings=settings)
    assert set(addressees(doc)) >= {"council-of-the-eu", "civic-rights-network"}
    assert "civic-rights-network" not in addressees(rightstrack.read_document(
        b"We urge the Council and the Civic Rights Network to:\n\n- Protect human rights defenders.\n",
        source="b.txt"))  # ours alone do not know it
    ask = b"We urge the Council to:\n\n- Fund the Belgian network of shelters.\n"
    countries_of = lambda doc: [t.value for t in doc.tags if t.field == "countries" and t.statement is not None]  # noqa: E731
    assert countries_of(rightstrack.read_document(ask, source="c.txt")) == ["BE"]
    assert countries_of(rightstrack.read_document(ask, source="c.txt", settings=settings)) == []  # an actor head
    bad = tmp_path / "bad.toml"
    bad.write_text("[[actor]]\nid = 'x'\npatterns = ['(unclosed']\n", "utf-8")
    with pytest.raises(SettingsError, match=f"actor file {bad}: actor x: bad pattern"):
        rightstrack.check_data_files(rightstrack.load_settings(db=":memory:", actors=str(bad)))


def addressees(doc) -> list[str]:
    return [t.value for t in doc.tags if t.field == "addressees" and t.statement is not None]


@pytest.mark.parametrize(("setting", "content", "message"), [
    (setting, content, message)
    for setting in ("taxonomy", "instruments", "actors")
    for content, message in [(b"", "no [[{table}]] entries"), (b"\xfb\x00\xff binary", "cannot be read"),
                             (b"{table} = 'x'\n", "must be [[{table}]] tables"), (b"[[{table}]\n", "cannot be read")]
] + [
    ("instruments", b"[[instrument]]\nid='x'\ntype='t'\ntitle='T'\nnames = 5\n", "instrument x: names must be a table"),
    ("instruments", b"[[instrument]]\nid='x'\ntype='t'\ntitle='T'\nnames.en = 'X Act'\n", "names.en must be a list"),
    ("instruments", b"[[instrument]]\nid='x'\ntype='t'\ntitle='T'\nevents = ['soon']\n", "events must be a list"),
    ("instruments", b"act_words = ['Gesetz']\n[[instrument]]\nid='x'\ntype='t'\ntitle='T'\n", "act_words must be a table"),
    ("instruments", b"act_words_after.R = 'rendelet'\n[[instrument]]\nid='x'\ntype='t'\ntitle='T'\n",
     "act_words_after must be a table"),
    ("actors", b"[[actor]]\nid='x'\npatterns = 'x'\n", "actor x: patterns must be a list"),
    ("taxonomy", b"[[theme]]\nid='x'\nname='X'\ncues = 5\n", "theme x: cues must be a table"),
    ("taxonomy", b"[[theme]]\nid='x'\nname='X'\nfalse_friends = ['y']\n", "theme x: false_friends must be a table"),
    ("taxonomy", b"[[theme]]\nid='x'\nname='X'\nfalse_friends.fr = 'y'\n", "theme x: cues must be a list"),
    ("actors", b"actor_heads = 5\n[[actor]]\nid='x'\npatterns = ['x']\n", "actor_heads must be a list"),
    ("actors", b"government_links = 'of'\n[[actor]]\nid='x'\npatterns = ['x']\n", "government_links must be a list"),
    ("actors", b"parliament_words = [1]\n[[actor]]\nid='x'\npatterns = ['x']\n", "parliament_words must be a list"),
    ("actors", b"presidency_words = 'x'\n[[actor]]\nid='x'\npatterns = ['x']\n", "presidency_words must be a list"),
    ("taxonomy", b"[[theme]]\nid='x'\nname='X'\nmasks='y'\n", "theme x: masks must be a list of theme ids"),
    ("actors", b"leader_words = [{}]\n[[actor]]\nid='x'\npatterns = ['x']\n", "leader_words must be a list"),
])
def test_a_bad_data_file_of_a_user_is_one_error_naming_it(tmp_path, setting, content, message):
    """Empty, not UTF-8, not TOML, or of the wrong shape: a SettingsError naming the file, not a traceback."""
    from rightstrack.errors import SettingsError

    table = {"taxonomy": "theme", "instruments": "instrument", "actors": "actor"}[setting]
    path = tmp_path / f"{setting}.toml"
    path.write_bytes(content.replace(b"{table}", table.encode()))
    with pytest.raises(SettingsError, match=re.escape(str(path)) + ".*" + re.escape(message.format(table=table))):
        rightstrack.check_data_files(rightstrack.load_settings(db=":memory:", **{setting: str(path)}))


def test_users_add_country_names_with_their_own_file(tmp_path):
    """The setting `countries`: a user's names add to ours, code by code (a code of their
    own too), in statements, documents and a government's name; their traps replace ours."""
    mine = tmp_path / "countries.toml"
    mine.write_text("[aliases]\nXK = ['Kosovo']\nBE = ['Belgica']\nXT = ['Testland']\n[demonyms]\nXK = ['Kosovar']\n"
                    "[traps]\nXK = { after = [' Street'] }\n", "utf-8")
    settings = rightstrack.load_settings(db=":memory:", countries=str(mine))
    text = (b"We urge the Council to:\n\n- Protect Kosovar journalists and the press in Belgica.\n"
            b"- Rename Kosovo Street in Brussels.\n")
    tags = lambda doc, i: sorted(t.value for t in doc.tags if t.field == "countries" and t.statement == i)  # noqa: E731
    doc = rightstrack.read_document(text, source="a.txt", settings=settings)
    assert tags(doc, 0) == ["BE", "XK"]
    assert tags(doc, 1) == []  # the user's trap
    assert tags(rightstrack.read_document(text, source="a.txt"), 0) == []  # ours alone do not know them
    from rightstrack.model import Document
    from rightstrack.steps.tag import run

    gov = run(Document(source="x.txt", content_hash="h", format="text", text="x", author="Government of Kosovo"),
              settings)
    assert [t.value for t in gov.tags if t.field == "authors"] == ["gov-XK"]
    from rightstrack import countries  # the name a facet shows for a code pycountry lacks
    assert (countries.name("BE"), countries.name("XT", str(mine)), countries.name("XT")) == ("Belgium", "Testland", "")


@pytest.mark.parametrize(("content", "message"), [
    (b"version = 1\n", "none of the tables"),
    (b"aliases = 5\n", "aliases must be a table of codes"),
    (b"[aliases]\nkosovo = ['Kosovo']\n", "'kosovo' is not a two-letter"),
    (b"[aliases]\nXK = 'Kosovo'\n", "[aliases] XK must be a list of names"),
    (b"[aliases]\nXK = []\n", "[aliases] XK must be a list of names"),
    (b"[traps]\nXK = { after = 'Street' }\n", "[traps] XK must be a table"),
    (b"[traps]\nXK = { near = ['x'] }\n", "[traps] XK must be a table"),
    (b"[language_names]\ncodes = 'XK'\n", "[language_names] must hold lists of words"),
    (b"[language_names]\nnear = ['x']\n", "[language_names] must hold lists of words"),
    (b"language_names = 5\n", "[language_names] must hold lists of words"),
    (b"\xfb\x00\xff binary", "cannot be read"),
])
def test_a_bad_country_file_of_a_user_is_one_error_naming_it(tmp_path, content, message):
    from rightstrack.errors import SettingsError

    path = tmp_path / "countries.toml"
    path.write_bytes(content)
    with pytest.raises(SettingsError, match=re.escape(f"country alias file {path}: ") + ".*" + re.escape(message)):
        rightstrack.check_data_files(rightstrack.load_settings(db=":memory:", countries=str(path)))


def test_a_letter_to_a_presidency_of_a_users_presidencies_file(tmp_path):
    """A term not in ours (setting presidencies): a letter dated in it that greets its head
    of government is addressed to the Presidency and that government."""
    from .test_track import OUR_TERM

    mine = tmp_path / "terms.toml"
    mine.write_text(OUR_TERM, "utf-8")
    text = (b"Valletta, 3 March 2031\n\nDear Prime Minister Borg,\n\nAs your Presidency begins, we urge you to:\n\n"
            b"- End the detention of children.\n")
    addressed = lambda doc: [t.value for t in doc.tags if t.field == "addressees" and t.statement is None]  # noqa: E731
    assert addressed(rightstrack.read_document(text, "letter.txt")) == []
    settings = rightstrack.load_settings(os.devnull, presidencies=str(mine))
    assert addressed(rightstrack.read_document(text, "letter.txt", settings)) == ["presidency-council-eu", "gov-MT"]
