"""Extraction: what is and is not a statement, hierarchy, addressees, in six languages."""

import pytest

from rightstrack import load_settings, read_document


def statements(doc):
    """(kind, first five words, parent's first five words) of each statement."""
    by_id = {s.id: s for s in doc.statements}
    head = lambda t: " ".join(t.split()[:5])  # noqa: E731
    return [(s.kind, head(s.text), head(by_id[s.parent].text) if s.parent else None) for s in doc.statements]

LETTER_EN = """Dear Minister Jansen,

Your Presidency starts at a difficult time for human rights. The Rights Coalition calls on you to make rights the first test of every file.

The Rights Coalition urges you to:

  • Defend the right to asylum in the negotiations on returns:
  • Rejecting detention of children in return procedures.
  • Guaranteeing an effective remedy against every return decision.
  • Lead the Council towards a strong anti-SLAPP framework.
  • Protect civic space:
  • The Presidency should publish its meetings with lobbyists.
  • Member states must fund independent media.

Priority countries

  • Egypt
  • Iran
  • Democratic Republic of Congo (DRC)

The EU matters on rights because:

  • It has promised to put human rights at the centre of its action.
  • It is a major donor on development.

We also believe the Council should end the practice of informal agreements with third countries on migration.

Please find enclosed an annex with further analysis.

Yours sincerely,

Ana Silva, Director, Rights Coalition

[1] The Council should see our previous report, 2023.
"""


def test_english_letter_statements_hierarchy_and_non_statements():
    doc = read_document(LETTER_EN.encode(), source="letter.txt")
    assert statements(doc) == [
        ('recommendation', 'The Rights Coalition calls on', None),
        ('recommendation', 'Defend the right to asylum', None),
        ('recommendation', 'Rejecting detention of children in', 'Defend the right to asylum'),
        ('recommendation', 'Guaranteeing an effective remedy against', 'Defend the right to asylum'),
        ('recommendation', 'Lead the Council towards a', None),
        ('recommendation', 'Protect civic space:', None),
        ('recommendation', 'The Presidency should publish its', 'Protect civic space:'),
        ('recommendation', 'Member states must fund independent', 'Protect civic space:'),
        ('recommendation', 'We also believe the Council', None),
    ]
    by_text = {s.text[:20]: s for s in doc.statements}
    assert by_text["Defend the right to "].addressee_text == "Minister Jansen"
    assert by_text["The Presidency shoul"].addressee_text == "The Presidency"
    assert by_text["We also believe the "].addressee_text == "the Council"
    assert doc.author == "Rights Coalition"
    for s in doc.statements:
        assert doc.text[s.start:s.end] == s.text
        assert s.method.startswith("extract.cues.v1")


LETTERS = {
    "nl": ("""Geachte minister,

Het Netwerk Mensenrechten dringt er bij u op aan om:

 • De toegang tot asiel aan de buitengrenzen waarborgen en pushbacks beëindigen.
 • Mensenrechtenverdedigers beter beschermen, door:
 1. Jaarlijks conclusies van de Raad over mensenrechtenverdedigers aan te nemen.
 2. Noodvisa binnen tien werkdagen af te geven.

Het voorzitterschap moet bovendien een dialoog met het maatschappelijk middenveld openen over de rechtsstaat.

Met vriendelijke groeten,

Netwerk Mensenrechten
""", [('recommendation', 'De toegang tot asiel aan', None),
      ('recommendation', 'Mensenrechtenverdedigers beter beschermen, door:', None),
      ('recommendation', 'Jaarlijks conclusies van de Raad', 'Mensenrechtenverdedigers beter beschermen, door:'),
      ('recommendation', 'Noodvisa binnen tien werkdagen af', 'Mensenrechtenverdedigers beter beschermen, door:'),
      ('recommendation', 'Het voorzitterschap moet bovendien een', None)]),
    "fr": ("""Madame la Ministre,

Le Réseau Droits Civiques vous exhorte à :

 • Garantir l'accès à l'asile aux frontières extérieures de l'Union européenne.
 • Protéger les défenseurs des droits humains dans toutes les politiques de l'Union.

Le Conseil devrait également adopter des conclusions annuelles sur l'espace civique en Europe.

Le gouvernement s'engage à transposer la directive sur la violence à l'égard des femmes avant la fin de l'année.
""", [('recommendation', "Garantir l'accès à l'asile aux", None),
      ('recommendation', 'Protéger les défenseurs des droits', None),
      ('recommendation', 'Le Conseil devrait également adopter', None),
      ('commitment', "Le gouvernement s'engage à transposer", None)]),
    "de": ("""Sehr geehrte Frau Ministerin,

Das Netzwerk Bürgerrechte fordert die Ratspräsidentschaft auf:

 • Den Zugang zu Asyl an den Außengrenzen der Union sicherstellen.
 • Die Inhaftierung von Kindern in Grenzverfahren beenden.

Die Mitgliedstaaten sollten den Einsatz von Emotionserkennung an den Grenzen verbieten.

Die Bundesregierung setzt sich für einen starken Schutz der Zivilgesellschaft in Europa ein.
""", [('recommendation', 'Den Zugang zu Asyl an', None),
      ('recommendation', 'Die Inhaftierung von Kindern in', None),
      ('recommendation', 'Die Mitgliedstaaten sollten den Einsatz', None),
      ('commitment', 'Die Bundesregierung setzt sich für', None)]),
    "es": ("""Estimada ministra:

La Red de Derechos Civiles insta a la Presidencia a:

 • Garantizar el acceso al asilo en las fronteras exteriores de la Unión Europea.
 • Proteger a las personas defensoras de derechos humanos en todas las políticas.

Los Estados miembros deben prohibir el reconocimiento de emociones en las fronteras de la Unión.

La protección del espacio cívico es una prioridad para nuestro Gobierno durante este semestre.
""", [('recommendation', 'Garantizar el acceso al asilo', None),
      ('recommendation', 'Proteger a las personas defensoras', None),
      ('recommendation', 'Los Estados miembros deben prohibir', None),
      ('commitment', 'La protección del espacio cívico', None)]),
    "it": ("""Gentile Ministra,

La Rete per i Diritti Civili chiede alla Presidenza di:

 • Garantire l'accesso all'asilo alle frontiere esterne dell'Unione europea.
 • Proteggere i difensori dei diritti umani in tutte le politiche dell'Unione.

Gli Stati membri devono vietare il riconoscimento delle emozioni alle frontiere dell'Unione.

Il Governo si impegna a recepire la direttiva sulla violenza contro le donne entro l'anno.
""", [('recommendation', "Garantire l'accesso all'asilo alle frontiere", None),
      ('recommendation', 'Proteggere i difensori dei diritti', None),
      ('recommendation', 'Gli Stati membri devono vietare', None),
      ('commitment', 'Il Governo si impegna a', None)]),
}


@pytest.mark.parametrize("code", sorted(LETTERS))
def test_each_language(code):
    text, expected = LETTERS[code]
    doc = read_document(text.encode(), source=f"letter.{code}.txt")
    assert doc.language == code
    assert statements(doc) == expected


def test_commitments_of_a_government_and_what_is_not_one():
    text = """Our policy in the Union

The Union is founded on the Treaties. In 2020 the Commission proposed a new Pact.

Portugal is actively committed to strengthening the rule of law toolbox. The adoption of the Pact is a priority. Our country also advocates a secure and open Europe.

The Pact aims to restart negotiations on asylum. We aim to inform the public about our work.
"""
    doc = read_document(text.encode(), source="policy.txt")
    assert [(k, t) for k, t, _ in statements(doc)] == [
        ("commitment", "Portugal is actively committed to"),
        ("commitment", "The adoption of the Pact"),
        ("commitment", "Our country also advocates a"),
    ]


def test_upr_report_numbered_recommendations_with_authors():
    text = """Report of the Working Group on the Universal Periodic Review

Ruritania

I. Summary of the proceedings
5. The delegation said the State should be judged on its record.

II. Conclusions and/or recommendations
90. The following recommendations will be examined by Ruritania, which will respond in due time:
90.1 Ratify the Optional Protocol to the Convention against Torture (France) (Iran (Islamic Republic of));
90.2 Continue its efforts to combat trafficking (Bosnia and Herzegovina, Chile) and consider establishing a national rapporteur (Holy See);
A/HRC/99/12
page 17
90.3 Adopt a law on the prevention of domestic violence, in line with its obligations
under the Istanbul Convention (United Kingdom of Great Britain and Northern Ireland);
91. All conclusions and/or recommendations contained in this report reflect the position of the submitting State(s).
"""
    doc = read_document(text.encode(), source="ruritania2020.txt")
    got = [(s.label, s.text, s.authors) for s in doc.statements]
    assert got == [
        ("90.1", "Ratify the Optional Protocol to the Convention against Torture (France) (Iran (Islamic Republic of))",
         ["FR", "IR"]),
        ("90.2", "Continue its efforts to combat trafficking (Bosnia and Herzegovina, Chile)", ["BA", "CL"]),
        ("90.2/2", "consider establishing a national rapporteur (Holy See)", ["VA"]),
        ("90.3", "Adopt a law on the prevention of domestic violence, in line with its obligations under the "
                 "Istanbul Convention (United Kingdom of Great Britain and Northern Ireland)", ["GB"]),
    ]
    assert all(s.method == "extract.upr.v2" for s in doc.statements)
    assert doc.statements[0].addressee_text == "Ruritania"
    third = doc.statements[3]
    assert doc.text[third.start:third.end].startswith("Adopt a law") and doc.text[third.start:third.end].endswith(")")


def test_upr_report_leaves_out_an_even_pages_header_and_footnotes():
    """An even page's header puts the page number first ("18   GE.25-02819"); a footnote's
    stars may stand alone on a line with its text below; a footnote's number may follow the
    States ("(Slovakia)13;"); the endnotes follow the last paragraph, numbered as its items were; that paragraph's
    number lost its space ("91.All conclusions").
    None is part of a recommendation (the footnote and each endnote were statements of
    their own, the header and the number were inside the text)."""
    text = """Report of the Working Group on the Universal Periodic Review

Ruritania

II. Conclusions and recommendations
90. The following recommendations will be examined by Ruritania, which will respond in due time:
90.1 Increase the budget on environmental protection to improve the enforcement of laws ensuring



18                                                                  GE.25-02819
                                                                    A/HRC/59/15


the enjoyment of the right to a healthy environment (Timor-Leste);
90.2 Ratify the Optional Protocol (Slovakia)13;
**
The conclusions and recommendations have not been edited.
90.3 Adopt a law on domestic violence (Congo);
91.All conclusions and/or recommendations contained in the present report reflect the position of the submitting State(s).

 Notes
1 	The recommendation as read during the interactive dialogue: adopt a law on domestic violence and its prevention.
2 	The recommendation as read during the interactive dialogue: ratify the Optional Protocol without delay.
"""
    doc = read_document(text.encode(), source="ruritania2025.txt")
    assert [(s.label, s.text) for s in doc.statements] == [
        ("90.1", "Increase the budget on environmental protection to improve the enforcement of laws ensuring the "
                 "enjoyment of the right to a healthy environment (Timor-Leste)"),
        ("90.2", "Ratify the Optional Protocol (Slovakia)"),
        ("90.3", "Adopt a law on domestic violence (Congo)"),
    ]


def test_upr_report_reads_recommending_states_by_the_names_of_a_users_country_file(tmp_path):
    """A State named as the user's file spells it ("Upper Volta", an old report's name for
    Burkina Faso) is an author, and the paragraph is cut after its group as after ours."""
    text = """Report of the Working Group on the Universal Periodic Review

Ruritania

II. Conclusions and/or recommendations
90. The following recommendations will be examined by Ruritania, which will respond in due time:
90.1 Ratify the Optional Protocol to the Convention against Torture (Upper Volta) and abolish the death penalty (France);
"""
    mine = tmp_path / "countries.toml"
    mine.write_text("[aliases]\nBF = ['Upper Volta']\n", "utf-8")
    read = lambda **kw: [(s.label, s.authors) for s in read_document(  # noqa: E731
        text.encode(), source="ruritania1984.txt", settings=load_settings(db=":memory:", **kw)).statements]
    assert read(countries=str(mine)) == [("90.1", ["BF"]), ("90.1/2", ["FR"])]
    assert read() == [("90.1", ["FR"])]  # ours alone: "(Upper Volta)" is not a group of States


@pytest.mark.parametrize("opening", ["Report of the Working Group on the Universal Periodic Review",
                                     "Report of the Working Group on the\nUniversalPeriodic Review*"])
def test_a_report_is_by_the_body_whose_report_it_says_it_is(opening):
    """Not by the organisation the text names most often (OHCHR, the Council of Europe), as
    UN Working Group reports were before; a signature still comes first."""
    body = "The delegation thanked OHCHR and OHCHR's staff, and the Council of Europe, twice: the Council of Europe.\n"
    doc = read_document(f"Distr.: General\n\n{opening}\n\nRuritania\n\n{body}".encode(), source="r.txt")
    assert doc.author == "Working Group on the Universal Periodic Review"
    signed = read_document(f"{opening}\n\n{body}\nYours sincerely,\n\nAmnesty International\n".encode(), source="s.txt")
    assert signed.author == "Amnesty International"


def test_every_item_of_a_long_list_keeps_its_lead_in():
    """Each item finds its list's lead-in from the run it is in (extract._run_firsts), not by
    walking back over the items before it: 3,000 items, all asks of the Council."""
    items = "\n".join(f"- Ratify the Istanbul Convention in region {n}." for n in range(3000))
    doc = read_document(f"Recommendations\n\nWe urge the Council to:\n\n{items}\n".encode(), source="long.txt")
    assert len(doc.statements) == 3000
    assert {(s.kind, s.addressee_text) for s in doc.statements} == {("recommendation", "the Council")}


@pytest.mark.parametrize(("text", "lang"), [
    ("L'Italia continuerà a sostenere la Corte penale internazionale.", "it"),
    ("La France continuera à défendre l'État de droit.", "fr"),
    ("L'Allemagne soutient la Cour pénale internationale.", "fr"),
    ("Le gouvernement s'engage à ratifier la Convention d'Istanbul.", "fr"),
    ("El Gobierno se compromete a ratificar el Convenio de Estambul.", "es"),
])
def test_a_country_with_its_article_commits(text, lang):
    """A country as the subject of a commitment, with the article its language puts before
    it ([commitment] country_articles): "L'Italia continuerà ..." was no statement."""
    doc = read_document(text.encode(), source=f"programme.{lang}.txt")
    assert [s.kind for s in doc.statements] == ["commitment"]


def test_a_body_with_an_article_is_no_country_that_commits():
    doc = read_document(b"La Commission soutient la proposition du Parlement.", source="note.fr.txt")
    assert [s.kind for s in doc.statements] == []


@pytest.mark.parametrize(("text", "lang", "kinds"), [
    ("We are committed to concluding the negotiations on the Pact.", "en", ["commitment"]),
    ("Wir setzen uns für die Stärkung der Rechtsstaatlichkeit ein.", "de", ["commitment"]),
    ("Wij zetten ons in voor de bescherming van de rechtsstaat.", "nl", ["commitment"]),
    ("Nos comprometemos a defender el Estado de Derecho.", "es", ["commitment"]),
    ("Ci impegniamo a difendere lo Stato di diritto.", "it", ["commitment"]),
    ("Le gouvernement présentera un projet de loi sur les crimes de haine.", "fr", ["commitment"]),
    ("El Gobierno presentará un proyecto de ley sobre los delitos de odio.", "es", ["commitment"]),
    ("La Presidenza si adopererà per concludere i negoziati.", "it", ["commitment"]),
    ("Le gouvernement sera attentif à la situation.", "fr", []),  # "sera": no undertaking
    ("Il governo sarà chiamato a rispondere.", "it", []),
    ("La Commission présentera sa proposition en mars.", "fr", []),  # no self-referring subject
])
def test_commitments_in_the_first_person_and_the_future_tense(text, lang, kinds):
    """First-person commitments in six languages, and French, Spanish and Italian verbs in
    the future after a government's subject, as English "will" and German "wird" were: none
    of the eight was a statement before 2026-12-02."""
    doc = read_document(text.encode(), source=f"programme.{lang}.txt")
    assert [s.kind for s in doc.statements] == kinds
