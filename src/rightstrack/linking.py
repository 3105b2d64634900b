"""Link: language versions and recommendation → commitment matches, across the store.

1. Every current statement gets a multilingual sentence vector (stored, with the model).
2. Two documents in different languages are versions of one text when their statements
   correspond: on average each statement of the shorter one has a close match in the other.
   Their statements are aligned one to one, in order (dynamic programming over similarity,
   with a small bonus for the same depth), and linked as `equivalent` both ways.
3. Each recommendation is linked to the five commitments of other documents that answer it
   best: sentence similarity, shared themes and shared instruments, with the reason kept.
Links a person confirmed or rejected are never changed (Store.replace_links)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from . import embed
from .store import Store

VERSIONS = "link.versions.usem3.v1"
RELATED = "link.related.v1"
VERSION_THRESHOLD = 0.6  # mean best-match similarity for two documents to be versions
PAIR_THRESHOLD = 0.45  # least similarity for two statements to be aligned
RELATED_TOP = 5
RELATED_FLOOR = 0.15  # below this a "match" is noise; the top five above it are kept


def run(store: Store, embedder: embed.Embedder | None = None) -> dict[str, int]:
    embedder = embedder or embed.default()
    missing = store.statements_without_vectors(embedder.name)
    for i in range(0, len(missing), 256):
        batch = missing[i:i + 256]
        vecs = embedder.encode([text for _, _, text in batch])
        store.save_vectors(embedder.name, [(sid, did, embed.to_bytes(v)) for (sid, did, _), v in zip(batch, vecs,
                                                                                                         strict=True)],
                           embedder.dim)
    rows = store.link_inputs(embedder.name)
    if not rows:
        return {"vectors": len(missing), "equivalent": 0, "related": 0}
    matrix = np.vstack([embed.from_bytes(r["data"]) for r in rows])
    equivalent = versions(rows, matrix)
    related_links = related(rows, matrix)
    return {"vectors": len(missing), "equivalent": store.replace_links("equivalent", equivalent),
            "related": store.replace_links("related", related_links)}


def versions(rows: list[dict[str, Any]], matrix: np.ndarray) -> list[dict[str, Any]]:
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_doc[r["document_id"]].append(i)
    docs = list(by_doc)
    out: list[dict[str, Any]] = []
    for a in range(len(docs)):
        for b in range(a + 1, len(docs)):
            ia, ib = by_doc[docs[a]], by_doc[docs[b]]
            if rows[ia[0]]["doc_language"] == rows[ib[0]]["doc_language"] or min(len(ia), len(ib)) < 2:
                continue
            sim = matrix[ia] @ matrix[ib].T
            small = sim if len(ia) <= len(ib) else sim.T
            if float(small.max(axis=1).mean()) < VERSION_THRESHOLD:
                continue
            for i, j, score in align(sim, [rows[k]["parent_id"] is None for k in ia],
                                     [rows[k]["parent_id"] is None for k in ib]):
                pair = {"rank": 0, "score": round(score, 4), "method": VERSIONS,
                        "evidence": {"similarity": round(score, 4)}}
                out.append({**pair, "source_id": rows[ia[i]]["id"], "target_id": rows[ib[j]]["id"]})
                out.append({**pair, "source_id": rows[ib[j]]["id"], "target_id": rows[ia[i]]["id"]})
    return out


def align(sim: np.ndarray, top_a: list[bool], top_b: list[bool]) -> list[tuple[int, int, float]]:
    """Order-preserving one-to-one alignment maximising the summed margin over the pair
    threshold; statements with no counterpart (an extra paragraph) stay unpaired."""
    n, m = sim.shape
    gain = sim - PAIR_THRESHOLD + 0.05 * (np.array(top_a)[:, None] == np.array(top_b)[None, :])
    best = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best[i, j] = max(best[i - 1, j], best[i, j - 1], best[i - 1, j - 1] + gain[i - 1, j - 1])
    pairs, i, j = [], n, m
    while i > 0 and j > 0:
        if best[i, j] == best[i - 1, j - 1] + gain[i - 1, j - 1] and gain[i - 1, j - 1] > 0:
            pairs.append((i - 1, j - 1, float(sim[i - 1, j - 1])))
            i, j = i - 1, j - 1
        elif best[i, j] == best[i - 1, j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def related(rows: list[dict[str, Any]], matrix: np.ndarray) -> list[dict[str, Any]]:
    recs = [i for i, r in enumerate(rows) if r["kind"] == "recommendation"]
    comms = [i for i, r in enumerate(rows) if r["kind"] == "commitment"]
    if not recs or not comms:
        return []
    sim = matrix[recs] @ matrix[comms].T
    out = []
    for a, i in enumerate(recs):
        scored = []
        for b, j in enumerate(comms):
            if rows[j]["document_id"] == rows[i]["document_id"]:
                continue
            themes = rows[i]["themes"] & rows[j]["themes"]
            union = rows[i]["themes"] | rows[j]["themes"]
            shared_instruments = rows[i]["instruments"] & rows[j]["instruments"]
            score = 0.55 * float(sim[a, b]) + 0.25 * (len(themes) / len(union) if union else 0.0) \
                + 0.2 * bool(shared_instruments)
            if score >= RELATED_FLOOR:
                scored.append((score, j, float(sim[a, b]), sorted(themes), sorted(shared_instruments)))
        scored.sort(key=lambda x: -x[0])
        for rank, (score, j, cosine, themes, instruments) in enumerate(scored[:RELATED_TOP]):
            out.append({"source_id": rows[i]["id"], "target_id": rows[j]["id"], "rank": rank,
                        "score": round(score, 4), "method": RELATED,
                        "evidence": {"similarity": round(cosine, 4), "themes": themes, "instruments": instruments}})
    return out
