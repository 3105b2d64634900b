"""Search: words and meaning fused, across languages, with filters."""

import json
import subprocess
import sys

import rightstrack

from .test_link import EN, FR


def _store(tmp_path, store, settings):
    nl = ("Geachte minister,\n\nDe Rechtencoalitie dringt er bij u op aan om:\n\n"
          "- Het gebruik van gezichtsherkenning in de openbare ruimte te verbieden.\n"
          "- Türkiye te vragen mensenrechtenverdedigers vrij te laten.\n")
    for name, text in (("letter.en.md", EN), ("letter.fr.md", FR), ("letter.nl.md", nl)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    rightstrack.ingest([str(tmp_path)], store=store, settings=settings)
    return store


def test_meaning_finds_the_dutch_ask_in_english(tmp_path, store, settings):
    _store(tmp_path, store, settings)
    hits = rightstrack.search(store, "ban facial recognition", limit=5)
    assert any("gezichtsherkenning" in h.text for h in hits)
    dutch = next(h for h in hits if "gezichtsherkenning" in h.text)
    assert dutch.vector_rank is not None and dutch.language == "nl"


def test_keywords_fold_diacritics_and_filters_apply(tmp_path, store, settings):
    _store(tmp_path, store, settings)
    hits = rightstrack.search(store, "Turkiye", limit=3)
    assert hits[0].text.startswith("Türkiye") and hits[0].keyword_rank == 1
    only_fr = rightstrack.search(store, "asylum at the borders", limit=10, language="fr")
    assert only_fr and all(h.language == "fr" for h in only_fr)
    assert rightstrack.search(store, "asylum", limit=10, kind="commitment") == []
    themed = rightstrack.search(store, "asylum", limit=10, theme="asylum-migration")
    assert themed and all("asylum-migration" in h.themes for h in themed)


def test_search_command_prints_json(tmp_path, store, settings):
    _store(tmp_path, store, settings)
    result = subprocess.run([sys.executable, "-m", "rightstrack", "search", "spyware", "--json", "-n", "2",
                             "--db", settings.db], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert len(hits) == 2 and {"id", "text", "score", "keyword_rank", "vector_rank"} <= set(hits[0])


def test_an_empty_query_is_one_clear_error(tmp_path, settings, store):
    result = subprocess.run([sys.executable, "-m", "rightstrack", "search", "  ", "--db", settings.db],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "search needs some words" in result.stderr and "Traceback" not in result.stderr


def test_facets_narrow_the_rankings_themselves(tmp_path, store, settings):
    """A facet shared by one statement among hundreds still finds it: the filters apply inside
    the keyword query and the vector scan, not to the best few hundred of everything."""
    many = "We urge the Council to:\n\n" + "".join(f"- Fund shelters for women in region {i}.\n" for i in range(300))
    (tmp_path / "many.md").write_text(many, encoding="utf-8")
    (tmp_path / "one.md").write_text("We urge the Council to:\n\n- Fund shelters for women in Hungary.\n",
                                     encoding="utf-8")
    rightstrack.ingest([str(tmp_path / "many.md"), str(tmp_path / "one.md")], store=store, settings=settings)
    assert len(store.search_keyword("shelters women", 1000)) == 301
    only = store.statements_with({"country": "HU"})
    assert len(only) == 1 and store.search_keyword("shelters women", 10, facets={"country": "HU"}) == only
    assert store.search_keyword("shelters women", 10, facets={"country": "HU", "theme": "torture"}) == []
    assert store.search_keyword("shelters women", 10, facets={"country": "HU", "language": "en"}) == only
    assert store.search_keyword("shelters women", 10, facets={"country": "HU", "language": "fr"}) == []
    hits = rightstrack.search(store, "funding for shelters", limit=5, country="HU")  # PostgreSQL stems "funding"
    assert [h.id for h in hits] == only and hits[0].vector_rank == 1
    hits = rightstrack.search(store, "shelters women", limit=5, country="HU")
    assert [h.id for h in hits] == only and hits[0].keyword_rank == 1
    counts = store.facet_counts()
    records = list(store.export_records())
    assert counts["kind"]["recommendation"] == len(records) == 301
    assert counts["countries"]["HU"] == 1
    assert counts["themes"]["gender-equality"] == sum("gender-equality" in r["themes"] for r in records)


def test_older_versions_stay_out_of_keyword_search_even_when_they_rank_first(tmp_path, store, settings):
    """The best matches are read first and the statements of replaced versions dropped after;
    when they crowd the first page, more matches are read. A new version committed after a
    search is seen by the next one."""
    path = tmp_path / "letter.md"
    asks = "".join(f"- Fund shelters for women in region {i} of Hungary.\n" for i in range(12))
    path.write_text("We urge the Council to:\n\n" + asks, encoding="utf-8")
    rightstrack.ingest([str(path)], store=store, settings=settings)
    first = store.search_keyword("shelters", 10)
    assert len(first) == 10
    # The new version keeps one matching ask among many others: the old ones outrank it (shorter).
    path.write_text("We urge the Council to:\n\n- Fund shelters for women and girls in every region of "
                    "Hungary, with money that is set aside for them each year.\n" +
                    "".join(f"- Publish the report on detention number {i}.\n" for i in range(30)), encoding="utf-8")
    rightstrack.ingest([str(path)], store=store, settings=settings)
    current = {s["id"] for s in store.statements_of(store.documents()[0]["id"])}
    found = store.search_keyword("shelters", 10)
    assert len(found) == 1 and set(found) <= current and not set(found) & set(first)
    assert store.statements_with({"country": "HU"}) == found  # the facet index, older versions left out too
