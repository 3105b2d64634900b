"""Linking: language versions aligned one to one, and recommendations to commitments."""

import pytest

import rightstrack
from rightstrack.linking import align

EN = """Dear Minister,

The Rights Coalition urges you to:

- Guarantee access to asylum at every external border of the Union.
- Adopt annual Council conclusions on human rights defenders.
- Ban the export of spyware to governments that persecute journalists.
- Publish every fundamental rights impact assessment of AI systems used by the police.
- Transpose the directive on violence against women in full and on time.

Yours sincerely,

Rights Coalition
"""

FR = """Madame la Ministre,

La Coalition des droits vous exhorte à :

- Garantir l'accès à l'asile à chaque frontière extérieure de l'Union.
- Adopter chaque année des conclusions du Conseil sur les défenseurs des droits humains.
- Interdire l'exportation de logiciels espions vers les gouvernements qui persécutent les journalistes.

Le Conseil devrait aussi abolir la peine de mort dans toutes ses relations avec les pays tiers.

- Publier chaque analyse d'impact sur les droits fondamentaux des systèmes d'IA utilisés par la police.
- Transposer intégralement et à temps la directive sur la violence à l'égard des femmes.

Veuillez agréer, Madame la Ministre, l'expression de notre considération.

Coalition des droits
"""

DE = """Sehr geehrte Frau Ministerin,

Die Rechtskoalition fordert Sie auf:

- Den Zugang zu Asyl an jeder Außengrenze der Union garantieren.
- Jährlich Schlussfolgerungen des Rates zu Menschenrechtsverteidigern annehmen.
- Den Export von Spähsoftware an Regierungen, die Journalisten verfolgen, verbieten und jede Grundrechte-Folgenabschätzung von KI-Systemen der Polizei veröffentlichen.
- Die Richtlinie zur Bekämpfung von Gewalt gegen Frauen vollständig und fristgerecht umsetzen.

Mit freundlichen Grüßen

Rechtskoalition
"""


@pytest.fixture
def linked(tmp_path, store, settings):
    for name, text in (("letter.en.md", EN), ("letter.fr.md", FR), ("letter.de.md", DE)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    summary = rightstrack.ingest([str(tmp_path / n) for n in ("letter.en.md", "letter.fr.md", "letter.de.md")],
                                 store=store, settings=settings)
    assert not summary.failed
    return {r["id"]: r for r in store.export_records()}


def _by_doc(records, suffix):
    return [r for r in records.values() if r["document"]["source"].endswith(suffix)]


def test_versions_align_one_to_one_leaving_the_extra_paragraph_unpaired(linked):
    en, fr, de = _by_doc(linked, ".en.md"), _by_doc(linked, ".fr.md"), _by_doc(linked, ".de.md")
    assert (len(en), len(fr), len(de)) == (5, 6, 4)
    def partner(rec, others):
        found = [o for o in others if o["id"] in rec["equivalents"]]
        assert len(found) <= 1
        return found[0]["text"][:12] if found else None
    assert [partner(r, fr) for r in en] == ["Garantir l'a", "Adopter chaq", "Interdire l'", "Publier chaq", "Transposer i"]
    extra = next(r for r in fr if "peine de mort" in r["text"])
    assert not [e for e in extra["equivalents"] if linked[e]["document"]["source"].endswith(".en.md")]
    en_de = [partner(r, de) for r in en]
    assert en_de[0] == "Den Zugang z" and en_de[1] == "Jährlich Sch" and en_de[4] == "Die Richtlin"
    assert (en_de[2] == "Den Export v") != (en_de[3] == "Den Export v")  # the merged item pairs once
    for r in en + fr + de:  # links go both ways
        assert all(r["id"] in linked[e]["equivalents"] for e in r["equivalents"])


def test_language_versions_share_one_ask_and_a_merged_item_does_not_chain_two(linked):
    en, fr, de = _by_doc(linked, ".en.md"), _by_doc(linked, ".fr.md"), _by_doc(linked, ".de.md")
    first = min((en, fr, de), key=lambda rs: rs[0]["document"]["id"] and 0)  # ingested first: EN
    assert first is en and [r["ask"] for r in en] == [r["id"] for r in en]
    for r in fr + de:
        docs_in_ask = [linked[o]["document"]["id"] for o in linked if linked[o]["ask"] == r["ask"]]
        assert len(docs_in_ask) == len(set(docs_in_ask))  # never two statements of one document
    asks_fr = [r["ask"] for r in fr if "peine de mort" not in r["text"]]
    assert asks_fr == [r["id"] for r in en]
    extra = next(r for r in fr if "peine de mort" in r["text"])
    assert extra["ask"] == extra["id"]
    assert [r["ask"] for r in de if r["ask"] != r["id"]]  # the German items joined EN asks


def test_alignment_keeps_order():
    import numpy as np

    sim = np.array([[0.9, 0.1, 0.1], [0.1, 0.2, 0.8], [0.1, 0.85, 0.1]])
    pairs = [(i, j) for i, j, _ in align(sim, [True] * 3, [True] * 3)]
    assert pairs in ([(0, 0), (1, 2)], [(0, 0), (2, 1)])


def test_structure_breaks_a_tie_of_meaning_numbers_and_entities_decide():
    import numpy as np

    from rightstrack.linking import structure

    def row(text, countries=(), instruments=()):
        return {"text": text, "countries": set(countries), "instruments": set(instruments)}

    rows = [row("Report on Article 7 hearings by 2025.", instruments=["teu-art-7"]),
            row("Rendre compte des auditions au titre de l'article 7 d'ici 2025.", instruments=["teu-art-7"]),
            row("Rendre compte des auditions sur la Hongrie d'ici 2026.", countries=["HU"])]
    bonus = structure(rows, [0], [1, 2])
    assert bonus[0, 0] > 0 > bonus[0, 1]
    sim = np.array([[0.7, 0.7]])  # meaning alone cannot choose
    assert [j for _, j, _ in align(sim, [True], [True, True], bonus)] == [0]


def test_related_commitments_are_ranked_and_human_decisions_stay(tmp_path, store, settings):
    (tmp_path / "asks.md").write_text(
        "We urge the Council to:\n\n- Guarantee access to asylum at the external borders and end pushbacks.\n"
        "- Abolish the death penalty in all relations with third countries.\n", encoding="utf-8")
    (tmp_path / "programme.md").write_text(
        "# Programme of the Presidency\n\nThe Presidency will ensure access to asylum procedures at the external "
        "borders of the Union. The Government is committed to the universal abolition of the death penalty. "
        "The Presidency will prioritise the digital single market.\n", encoding="utf-8")
    rightstrack.ingest([str(tmp_path / "asks.md"), str(tmp_path / "programme.md")], store=store, settings=settings)
    records = {r["id"]: r for r in store.export_records()}
    asylum = next(r for r in records.values() if r["text"].startswith("Guarantee access"))
    death = next(r for r in records.values() if r["text"].startswith("Abolish"))
    assert records[asylum["related"][0]]["text"].startswith("The Presidency will ensure access to asylum")
    assert records[death["related"][0]]["text"].startswith("The Government is committed")
    wrong = asylum["related"][0]
    store.decide_link(asylum["id"], wrong, "related", "rejected", "ana")
    rightstrack.link(store, settings)
    again = {r["id"]: r for r in store.export_records()}
    assert wrong not in again[asylum["id"]]["related"]


def test_a_reworded_ask_across_years_and_languages_is_one_cluster(tmp_path, store, settings, new_db):
    letters = {
        "2022.en.md": ("Brussels, 12 January 2022\n\nThe Rights Coalition urges the Council to:\n\n"
                       "- Ban the use of facial recognition technology in public spaces by law enforcement.\n"
                       "- Publish transparency reports on the use of algorithms by public authorities.\n"),
        "2023.nl.md": ("Brussel, 10 januari 2023\n\nDe Rechtencoalitie dringt er bij de Raad op aan om:\n\n"
                       "- Verbied het gebruik van gezichtsherkenningstechnologie in de openbare ruimte door de politie.\n"
                       "- Waarborg de toegang tot asiel aan elke buitengrens van de Unie.\n"),
        "2024.en.md": ("Brussels, 15 January 2024\n\nThe Rights Coalition urges the Council to:\n\n"
                       "- Adopt without delay a ban on facial recognition in publicly accessible spaces, including "
                       "for police use.\n- End the detention of children in border procedures.\n"),
    }
    for name, text in letters.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    rightstrack.ingest([str(tmp_path)], store=store, settings=settings)
    clusters = store.recurring(minimum=2)
    assert len(clusters) == 1
    c = clusters[0]
    assert (c["times"], c["first_raised"], c["last_raised"]) == (3, "2022-01-12", "2024-01-15")
    texts = [o["text"] for o in c["occurrences"]]
    assert [t[:12] for t in texts] == ["Ban the use ", "Verbied het ", "Adopt withou"]
    assert c["occurrences"][0]["change"] == "first"
    assert c["occurrences"][2]["change"] == "escalated"  # "without delay", a specific ban
    records = {r["text"][:12]: r for r in store.export_records()}
    assert records["Ban the use "]["cluster"] == records["Adopt withou"]["cluster"] == c["cluster"]
    assert records["Publish tran"]["cluster"] is None
    # clusters and events survive export -> import -> export
    from rightstrack.store import Store

    out, again = tmp_path / "out.jsonl", tmp_path / "again.jsonl"
    rightstrack.export(store, str(out))
    copy = Store(rightstrack.Settings(db=new_db(tmp_path / "copy.db")).db_url)
    rightstrack.import_file(copy, str(out))
    rightstrack.export(copy, str(again))
    copy.close()
    assert again.read_text() == out.read_text()


def test_an_ask_naming_an_instrument_is_linked_to_its_events_most_telling_first(tmp_path, store, settings):
    (tmp_path / "ai.md").write_text(
        "Brussels, 10 January 2024\n\nWe urge the Council to:\n\n"
        "- Close the loopholes for law enforcement in the AI Act before its adoption.\n"
        "- Fund shelters for women in every region.\n", encoding="utf-8")
    rightstrack.ingest([str(tmp_path / "ai.md")], store=store, settings=settings)
    records = {r["text"][:9]: r for r in store.export_records()}
    events = records["Close the"]["events"]
    assert events[0] == "event:eu-ai-act:adopted:2024-06-13"  # after the ask, and it settles most
    assert set(events) <= {"event:eu-ai-act:" + e for e in ("adopted:2024-06-13", "in-force:2024-08-01",
                           "applies:2026-08-02", "published:2024-07-12", "proposed:2021-04-21")}
    assert events.index("event:eu-ai-act:in-force:2024-08-01") < events.index("event:eu-ai-act:proposed:2021-04-21")
    assert records["Fund shel"]["events"] == []
    with store.engine.connect() as conn:
        from sqlalchemy import select

        from rightstrack.store.schema import links
        evidence = conn.execute(select(links.c.evidence).where(links.c.kind == "event", links.c.rank == 0)).scalar()
    assert "adopted on 2024-06-13 after the ask" in evidence["reason"]
