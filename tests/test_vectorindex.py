"""The in-memory vector index: exact top-k, caught up incrementally with the database."""

import numpy as np

import rightstrack
from rightstrack import vectorindex
from rightstrack.embed import to_bytes

MODEL = "test-model"


def _unit(rng, n, dim=16):
    x = rng.standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_top_k_is_exact_and_ordered():
    rng = np.random.default_rng(1)
    x = _unit(rng, 3000)
    index = vectorindex.VectorIndex(MODEL)
    index.add([(f"s{i}", "d", v) for i, v in enumerate(x)])
    q = x[17] + 0.01
    q /= np.linalg.norm(q)
    expected = [f"s{i}" for i in np.argsort(-(x @ q))[:10]]
    assert [sid for sid, _ in index.top(q, 10)] == expected


def _doc(store, settings, tmp_path, name, body):
    (tmp_path / name).write_text(body, encoding="utf-8")
    rightstrack.ingest([str(tmp_path / name)], store=store, settings=settings)
    return next(d for d in store.documents() if d["source"].endswith(name))


def _save(store, doc_id, rng):
    rows = [(s["id"], doc_id, to_bytes(v)) for s, v in zip(store.statements_of(doc_id), _unit(rng, 50), strict=False)]
    store.save_vectors(MODEL, rows, 16)
    return rows


def test_index_catches_up_with_new_replaced_superseded_and_replaced_vectors(tmp_path, store, settings):
    from dataclasses import replace

    settings = replace(settings, link=False)
    rng = np.random.default_rng(2)
    first = _doc(store, settings, tmp_path, "a.md", "We urge you to:\n\n- Ratify the treaty.\n- Fund the shelters.\n")
    _save(store, first["id"], rng)
    index = vectorindex.for_store(store, MODEL)
    assert index.size == 2 and index.last_row > 0
    second = _doc(store, settings, tmp_path, "b.md", "We urge you to:\n\n- End detention of children.\n")
    rows = _save(store, second["id"], rng)
    assert vectorindex.for_store(store, MODEL) is index and index.size == 3  # read only what was new
    q = np.frombuffer(rows[0][2], dtype=np.float16).astype(np.float32)
    assert index.top(q, 1)[0][0] == rows[0][0]
    _doc(store, settings, tmp_path, "a.md", "We urge you to:\n\n- Ratify the treaty now.\n")  # a new version
    index = vectorindex.for_store(store, MODEL)
    assert {sid for sid, _ in index.top(q, 10)} == {rows[0][0]}  # the old version's vectors are not current
    _save(store, second["id"], rng)  # re-embedded: replaced in place
    assert vectorindex.for_store(store, MODEL).size == 3


def test_top_among_some_statements_only():
    rng = np.random.default_rng(5)
    index = vectorindex.VectorIndex("m")
    vectors = rng.standard_normal((500, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index.add([(f"s{i}", f"d{i % 7}", v) for i, v in enumerate(vectors)])
    among = [f"s{i}" for i in range(0, 500, 5)] + ["unknown"]
    query = vectors[3]
    best = index.top(query, 4, among=among)
    expected = sorted(range(0, 500, 5), key=lambda i: -float(vectors[i] @ query))[:4]
    assert [sid for sid, _ in best] == [f"s{i}" for i in expected]
    index.mark_stale({"d0"})  # s0, s35, ... of document d0 are old versions now
    assert all(int(sid[1:]) % 7 for sid, _ in index.top(query, 50, among=among))
    assert index.top(query, 4, among=["unknown"]) == []


def _clustered(rng, n, dim=32, centres=50):
    """Vectors around a few centres, like sentence vectors of asks on a few subjects."""
    base = _unit(rng, centres, dim)
    x = base[rng.integers(centres, size=n)] + 0.35 * rng.standard_normal((n, dim)).astype(np.float32) / np.sqrt(dim)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_approximate_index_finds_what_the_exact_scan_finds():
    rng = np.random.default_rng(7)
    x = _clustered(rng, 20_000)
    index = vectorindex.VectorIndex(MODEL, approximate_from=10_000)
    index.add([(f"s{i}", f"d{i % 100}", v) for i, v in enumerate(x)])
    queries = _clustered(rng, 50)
    exact = [[sid for sid, _ in index.top(q, 10)] for q in queries]
    index.prepare_approximate(wait=True)
    assert index.approximate is not None and index.approximate.rows == 20_000
    approximate = [[sid for sid, _ in index.top(q, 10)] for q in queries]
    recall = np.mean([len(set(a) & set(e)) / 10 for a, e in zip(approximate, exact, strict=True)])
    assert recall >= 0.9
    # similarities of what it returns are exact, not the 8-bit estimates
    sid, sim = index.top(queries[0], 1)[0]
    assert abs(sim - float(x[int(sid[1:])] @ queries[0])) < 1e-5


def test_approximate_index_sees_new_stale_and_replaced_vectors():
    rng = np.random.default_rng(8)
    x = _clustered(rng, 12_000)
    index = vectorindex.VectorIndex(MODEL, approximate_from=10_000)
    index.add([(f"s{i}", f"d{i % 100}", v) for i, v in enumerate(x)])
    index.prepare_approximate(wait=True)
    new = _clustered(rng, 1)[0]
    index.add([("fresh", "dnew", new)])  # after the build: found by the exact pass over new rows
    assert index.approximate is not None and index.top(new, 1)[0][0] == "fresh"
    index.mark_stale({"dnew"})
    assert "fresh" not in {sid for sid, _ in index.top(new, 10)}
    index.add([("s5", "d5", new)])  # replaced in place: the built index holds the old vector
    assert index.approximate is None and index.top(new, 1)[0][0] == "s5"
    index.prepare_approximate(wait=True)
    assert index.approximate is not None and index.top(new, 1)[0][0] == "s5"
    index.add([(f"n{i}", "d1", v) for i, v in enumerate(_clustered(rng, 10_000))])
    index.prepare_approximate(wait=True)  # many more: they join the lists
    assert index.approximate.rows == index.size == 22_001
