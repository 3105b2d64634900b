"""Storage: idempotent re-ingest, versions, one transaction per document, migrations."""

import re
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

import rightstrack
from rightstrack.errors import NotFound, StoreError
from rightstrack.store import Store
from rightstrack.store.schema import HEAD

LETTER = "Dear Minister,\n\nWe urge you to:\n\n- Ratify the Istanbul Convention without delay.\n- Fund shelters for women in every region.\n"


def _write(path: Path, body: str) -> str:
    path.write_text(body, encoding="utf-8")
    return str(path)


def test_migrations_create_the_schema_once(settings):
    store = rightstrack.open_store(settings=settings)
    tables = set(inspect(store.engine).get_table_names())
    assert {"documents", "statements", "tags", "links", "alembic_version"} <= tables
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    store.close()
    Store(settings.db_url).close()  # re-opening an up-to-date database is a no-op


def test_reingesting_identical_content_is_a_no_op(tmp_path, store, settings):
    path = _write(tmp_path / "letter.txt", LETTER)
    first = rightstrack.ingest([path], store=store, settings=settings)
    again = rightstrack.ingest([path], store=store, settings=settings)
    assert [o.status for o in first.outcomes] == ["ingested"]
    assert [o.status for o in again.outcomes] == ["unchanged"]
    assert store.stats()["statements"] == 2 and store.stats()["versions"] == 1


def test_changed_document_becomes_a_new_version_and_old_stays(tmp_path, store, settings):
    path = _write(tmp_path / "letter.txt", LETTER)
    rightstrack.ingest([path], store=store, settings=settings)
    _write(tmp_path / "letter.txt", LETTER + "- Close the gaps in the AI Act before adoption.\n")
    summary = rightstrack.ingest([path], store=store, settings=settings)
    assert [o.status for o in summary.outcomes] == ["new-version"]
    latest = store.documents()
    every = store.documents(all_versions=True)
    assert [(d["version"], d["recommendations"]) for d in latest] == [(2, 3)]
    assert [(d["version"], d["is_latest"], d["recommendations"]) for d in every] == [(1, False, 2), (2, True, 3)]
    old = next(d for d in every if d["version"] == 1)
    assert len(store.statements_of(old["id"])) == 2
    assert store.document("letter.txt")["version"] == 2


def test_a_failing_write_leaves_nothing_half_written(tmp_path, store, settings):
    path = _write(tmp_path / "letter.txt", LETTER)
    doc = rightstrack.read_document(path, settings=settings)
    doc.statements[1].id = doc.statements[0].id  # the statements insert fails after documents and blocks
    with pytest.raises(IntegrityError):
        store.save(doc)
    assert store.documents(all_versions=True) == []
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM statements")).scalar() == 0


def test_document_lookup_errors_say_what_to_do(store):
    with pytest.raises(NotFound, match="rightstrack list"):
        store.document("nothing-like-this")


def test_unusable_database_url_is_a_clear_error():
    with pytest.raises(StoreError, match="nosuchdriver"):
        Store("nosuchdriver://x/y")


def test_parallel_ingest_stores_exactly_what_serial_ingest_stores(tmp_path, new_db):
    from dataclasses import replace

    from .conftest import ROOT

    exports = []
    for workers in (1, 2):
        settings = rightstrack.Settings(db=new_db(tmp_path / f"w{workers}.db"), workers=workers)
        store = rightstrack.open_store(settings=settings)
        inputs = [str(ROOT / "examples"), str(tmp_path / "missing.txt")]
        summary = rightstrack.ingest(inputs, store=store, settings=replace(settings))
        assert [o.status for o in summary.outcomes] == ["ingested"] * 4 + ["failed"]
        rightstrack.export(store, str(tmp_path / f"w{workers}.jsonl"))
        text = (tmp_path / f"w{workers}.jsonl").read_text()
        exports.append(re.sub(r'"ingested_at": "[^"]*"', "", text))  # the one field that must differ
        store.close()
    assert exports[0] == exports[1]


def test_a_failing_document_in_a_batch_rolls_back_alone_and_the_rest_is_indexed(tmp_path, store, settings):
    docs = []
    for n, word in enumerate(["shelters", "asylum", "spyware"]):
        body = LETTER.replace("shelters", word)
        docs.append(rightstrack.read_document(_write(tmp_path / f"l{n}.txt", body), settings=settings))
    docs[1].statements[1].id = docs[1].statements[0].id  # the middle document cannot be stored
    with store.writer(batch=10) as writer:
        assert writer.save(docs[0]) == "ingested"
        with pytest.raises(IntegrityError):
            writer.save(docs[1])
        assert writer.save(docs[2]) == "ingested"
    assert [d["source"].rsplit("/", 1)[-1] for d in store.documents()] == ["l0.txt", "l2.txt"]
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM statements")).scalar() == 4
    found = store.search_rows(store.search_keyword("spyware shelters asylum"))
    assert sorted(r["text"].split()[1] for r in found.values()) == ["shelters", "spyware"]


def test_a_step_failing_on_one_input_of_a_group_leaves_the_others(tmp_path, store, settings, monkeypatch):
    """Inputs are analysed in groups, step by step (pipeline.analyse): a step that breaks on
    one of them fails that input alone, in its place, and the same file named twice in one
    group is stored once."""
    from rightstrack import pipeline

    def tag_or_break(doc, settings):
        if doc.source.endswith("b.txt"):
            raise ValueError("no tags for this one")
        return tag_step(doc, settings)

    tag_step = dict(pipeline.STEPS)["tag"]
    monkeypatch.setattr(pipeline, "STEPS", [(n, tag_or_break if n == "tag" else f) for n, f in pipeline.STEPS])
    paths = [_write(tmp_path / f"{n}.txt", LETTER.replace("shelters", w)) for n, w in (("a", "homes"), ("b", "x"),
                                                                                        ("c", "care"))]
    summary = rightstrack.ingest([paths[0], paths[1], paths[2], paths[0]], store=store, settings=settings)
    assert [o.status for o in summary.outcomes] == ["ingested", "failed", "ingested", "unchanged"]
    assert summary.outcomes[1].error == f"{paths[1]}: cannot be read (ValueError: no tags for this one)"
    assert [d["source"].rsplit("/", 1)[-1] for d in store.documents()] == ["a.txt", "c.txt"]
    assert store.stats()["statements"] == 4
    assert set(summary.timings) == {"read", "structure", "extract", "tag", "store"}  # what bench/ingest.py prints


def test_a_large_input_is_analysed_in_a_group_of_its_own(tmp_path, store, settings, monkeypatch):
    """The small inputs before a large one are saved before it is analysed (a long report
    must not hold them back, nor a Ctrl-C), and those after it start a new group."""
    from rightstrack import pipeline

    groups = []
    analyse = pipeline.analyse
    monkeypatch.setattr(pipeline, "GROUP_BYTES", 2000)
    monkeypatch.setattr(pipeline, "analyse", lambda raws, *a: groups.append([r.source[-5:] for r in raws])
                        or analyse(raws, *a))
    big = LETTER + "".join(f"- Publish the list of shelters in region {n}.\n" for n in range(60))
    paths = [_write(tmp_path / f"{n}.txt", body) for n, body in (("a", LETTER), ("b", LETTER.replace("shelters", "homes")),
                                                                 ("c", big), ("d", LETTER.replace("shelters", "care")))]
    summary = rightstrack.ingest(paths, store=store, settings=settings)
    assert [o.status for o in summary.outcomes] == ["ingested"] * 4
    assert groups == [["a.txt", "b.txt"], ["c.txt"], ["d.txt"]]


def test_ctrl_c_inside_a_batch_keeps_the_documents_already_saved(tmp_path, store, settings):
    doc = rightstrack.read_document(_write(tmp_path / "a.txt", LETTER), settings=settings)
    with pytest.raises(KeyboardInterrupt), store.writer(batch=10) as writer:
        writer.save(doc)
        raise KeyboardInterrupt
    assert len(store.documents()) == 1


def test_kept_facet_totals_equal_the_counted_ones_through_every_kind_of_write(tmp_path, settings, new_db):
    """The totals the writes keep (facet_totals) against counting from the tables, after each
    write that changes them: batches, a new version, a re-tag, a person's decision, the
    learned-themes method's tags and an import."""
    from dataclasses import replace

    store = rightstrack.open_store(settings=settings)
    settings = replace(settings, link=False)

    def same() -> None:
        kept, counted = store.facet_counts(), store.count_facets()
        assert {k: dict(v) for k, v in kept.items()} == {k: dict(v) for k, v in counted.items()}

    letters = [_write(tmp_path / f"l{i}.md", f"{LETTER}- End detention of children in Hungary, case {i}.\n")
               for i in range(5)]
    rightstrack.ingest(letters, store=store, settings=settings)
    same()
    assert store.facet_counts()["countries"]["HU"] == 5 and store.facet_counts()["kind"]["recommendation"] == 15
    _write(tmp_path / "l0.md", LETTER)  # a new version without the Hungarian ask
    rightstrack.ingest([str(tmp_path / "l0.md")], store=store, settings=settings)
    same()
    assert store.facet_counts()["countries"]["HU"] == 4
    hungary = next(r for r in store.export_records() if "HU" in r["countries"])
    store.decide_tag(hungary["id"], "countries", "HU", "rejected")
    same()
    assert store.facet_counts()["countries"]["HU"] == 3
    rightstrack.retag(store, settings)
    same()
    store.replace_method_tags("tag.themes.learned.v1", [
        {"statement_id": hungary["id"], "document_id": hungary["document"]["id"], "field": "themes",
         "value": "children", "score": 0.9, "evidence": {}}])
    same()
    exported = tmp_path / "all.jsonl"
    rightstrack.export(store, str(exported))
    other = rightstrack.open_store(new_db(tmp_path / "other.db"))
    rightstrack.import_file(other, str(exported))
    assert {k: dict(v) for k, v in other.facet_counts().items()} == \
        {k: dict(v) for k, v in other.count_facets().items()}
    assert other.facet_counts()["kind"] == store.facet_counts()["kind"]
    other.close()
    store.close()


def test_optimize_tidies_the_keyword_index_and_search_finds_the_same(tmp_path, store):
    docs = [rightstrack.read_document(f"We urge you to:\n\n- Fund shelter number {i} for women.\n".encode(),
                                      source=f"s{i}.md") for i in range(40)]
    with store.writer(batch=1) as writer:  # a commit, so a keyword index segment, per document
        for doc in docs:
            writer.save(doc)
    before = store.search_keyword("shelter women", 100)
    # SQLite: FTS5 segments, one per commit; PostgreSQL: pages of the GIN index's pending list.
    if store.engine.dialect.name == "sqlite":
        pieces = "SELECT count(*) FROM statements_fts_data"
    else:
        with store.engine.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pgstattuple"))
        pieces = "SELECT pending_pages FROM pgstatginindex('ix_statement_search')"
    with store.engine.connect() as conn:
        many = conn.execute(text(pieces)).scalar()
    store.optimize()
    assert sorted(store.search_keyword("shelter women", 100)) == sorted(before) and len(before) == 40
    with store.engine.connect() as conn:
        assert conn.execute(text(pieces)).scalar() < many
