"""Export (JSONL v1, JSON, CSV) and import: export -> import -> export is identical."""

import csv
import json

import pytest

import rightstrack
from rightstrack import themes
from rightstrack.errors import ImportFailed

from .conftest import ROOT

EXPECTED_FIELDS = {"id", "kind", "text", "parent", "position", "document", "themes", "countries",
                   "instruments", "addressees", "authors", "equivalents", "related"}


@pytest.fixture
def filled(store, settings):
    summary = rightstrack.ingest([str(ROOT / "examples")], store=store, settings=settings)
    assert not summary.failed
    return store


def test_jsonl_export_has_the_v1_fields(filled, tmp_path):
    out = tmp_path / "e.jsonl"
    n = rightstrack.export(filled, str(out))
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert n == len(records) > 20
    for r in records:
        assert set(r) >= EXPECTED_FIELDS
        assert {"id", "source", "title", "language", "date", "author", "countries", "instruments",
                "addressees", "authors"} <= set(r["document"])
        assert r["kind"] in ("recommendation", "commitment")
        assert set(r["themes"]) <= set(themes.taxonomy())
    assert any(r["themes"] for r in records) and any(r["countries"] or r["instruments"] for r in records)
    # the example programme is by the Danish government, the letters by a network named in each language
    assert {tuple(r["document"]["authors"]) for r in records} >= {("gov-DK",), ("org-civic-rights-network",)}
    ids_all = {r["id"] for r in records}
    assert all(e in ids_all for r in records for e in r["equivalents"] + r["related"])
    # our English and French example letters say the same thing: found as language versions
    fr = [r for r in records if r["document"]["source"].endswith(".fr.html")]
    assert sum(bool(r["equivalents"]) for r in fr) >= 4
    children = [r for r in records if r["parent"]]
    ids = {r["id"] for r in records}
    assert children and all(r["parent"] in ids for r in children)


def test_round_trip_is_identical(filled, tmp_path, settings, new_db):
    first = tmp_path / "first.jsonl"
    rightstrack.export(filled, str(first))
    other = rightstrack.open_store(new_db(tmp_path / "other.db"))
    counts = rightstrack.import_file(other, str(first))
    assert counts["statements"] == len(first.read_text().splitlines())
    second = tmp_path / "second.jsonl"
    rightstrack.export(other, str(second))
    assert second.read_text() == first.read_text()
    again = rightstrack.import_file(other, str(first))
    assert again["statements"] == 0 and again["skipped"] == counts["statements"]


def test_json_and_csv_exports(filled, tmp_path):
    rightstrack.export(filled, str(tmp_path / "e.json"), fmt="json")
    data = json.loads((tmp_path / "e.json").read_text())
    rightstrack.export(filled, str(tmp_path / "e.csv"), fmt="csv")
    rows = list(csv.DictReader((tmp_path / "e.csv").open()))
    assert len(data) == len(rows) > 20
    assert rows[0]["document_source"].endswith(tuple((".docx", ".pdf", ".md", ".html")))
    assert {r["id"] for r in rows} == {r["id"] for r in data}


@pytest.mark.parametrize(("content", "message"), [
    ('{"id": "a", "kind": "recommendation", "text": "x", "document": {"id": "d"}}\nnot json\n', ":2: not valid JSON"),
    ('{"id": "a", "text": "x", "document": {"id": "d"}}\n', "missing field(s) kind"),
    ('{"id": "a", "kind": "wish", "text": "x", "document": {"id": "d"}}\n', "kind must be"),
    ('{"id": "a", "kind": "commitment", "text": "x", "document": {"id": "d"}, "themes": "x"}\n', "themes must be a list"),
    ('{"id": "a", "kind": "commitment", "text": "x \\ud800", "document": {"id": "d"}}\n', ":1: holds an unpaired surrogate"),
])
def test_bad_import_files_write_nothing(store, tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    with pytest.raises(ImportFailed, match=message.replace("(", r"\(").replace(")", r"\)")):
        rightstrack.import_file(store, str(path))
    assert store.stats()["statements"] == 0
