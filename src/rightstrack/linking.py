"""Link: language versions and recommendation → commitment matches, across the store.

1. Every current statement gets a multilingual sentence vector (stored, with the model).
2. Two documents in different languages are versions of one text when their statements
   correspond (on average each statement of the shorter one has a close match in the other,
   and three quarters of them have one at all) and, where both are dated, they came out
   within a month of each other.
   Their statements are aligned one to one, in order (dynamic programming over similarity,
   with a small bonus for the same depth), and linked as `equivalent` both ways.
3. The same ask raised in several documents (reworded, in other languages, years apart) forms
   one cluster: first and last raised, how many times, and for each occurrence whether it
   was repeated, narrowed, broadened or escalated against the one before.
4. Each recommendation is linked to the five commitments of other documents that answer it
   best: sentence similarity, shared themes, instruments and countries, with the reason kept;
   and to the dated steps (events) of the instruments it names, from the registry.
Links a person confirmed or rejected are never changed (Store.replace_links)."""

from __future__ import annotations

import re
import time
from collections import defaultdict
from typing import Any

import numpy as np

from . import embed, instruments
from .errors import InputError
from .store import Store, tracking

VERSIONS = "link.versions.usem3.v1"
RELATED = "link.related.v1"
VERSION_THRESHOLD = 0.6  # mean best-match similarity for two documents to be versions
PAIR_THRESHOLD = 0.45  # least similarity for two statements to be aligned
RECURRENCE = "link.recurrence.v1"
RECURRENCE_THRESHOLD = 0.7  # similarity for two asks in different documents to be the same ask
NEIGHBOURS = 10  # nearest asks looked at for each ask
RELATED_TOP = 5
RELATED_FLOOR = 0.15  # below this a "match" is noise; the top five above it are kept
EVENTS = "link.events.v1"
# How much an instrument's step tells about an ask on it: adoption or rejection settle most.
EVENT_WEIGHT = {"adopted": 1.0, "rejected": 1.0, "withdrawn": 1.0, "in-force": 0.9, "applies": 0.9,
                "infringement-opened": 0.9, "published": 0.7, "proposed": 0.5}


def run(store: Store, embedder: embed.Embedder | None = None,
        timings: dict[str, float] | None = None, registry: str | None = None,
        theme_model: str | None = None) -> dict[str, int]:
    """Embed what has no vector yet, then rebuild version, answer and recurrence links.
    `timings`, when given, receives the seconds each phase took; `registry` is a user's
    instrument file beside ours; `theme_model` a model from `rightstrack train-themes`, whose
    themes are added as tags."""
    embedder = embedder or embed.default()
    clock = _Clock(timings)
    missing = store.statements_without_vectors(embedder.name)
    for i in range(0, len(missing), 256):
        batch = missing[i:i + 256]
        vecs = embedder.encode([text for _, _, text in batch])
        store.save_vectors(embedder.name, [(sid, did, embed.to_bytes(v)) for (sid, did, _), v in zip(batch, vecs,
                                                                                                         strict=True)],
                           embedder.dim)
    clock.lap("embed")
    rows = store.link_inputs(embedder.name)
    if not rows:
        return {"vectors": len(missing), "equivalent": 0, "related": 0, "recurrence": 0, "event": 0}
    matrix = np.vstack([embed.from_bytes(r["data"]) for r in rows])
    clock.lap("load")
    learned_tags = learned_themes(store, rows, matrix, theme_model, embedder.name) if theme_model else None
    equivalent = versions(rows, matrix)
    clock.lap("versions")
    related_links = related(rows, matrix)
    event_links = instrument_events(rows, events_by_instrument(store, registry))
    clock.lap("related")
    lineage = recurrence(rows, matrix, equivalent)
    clock.lap("recurrence")
    counts = {"vectors": len(missing), "equivalent": store.replace_links("equivalent", equivalent),
              "related": store.replace_links("related", related_links),
              "event": store.replace_links("event", event_links),
              "recurrence": store.replace_links("recurrence", lineage)}
    if learned_tags is not None:
        counts["learned themes"] = learned_tags
    clock.lap("store links")
    return counts


class _Clock:
    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings, self.last = timings, time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[name] = self.timings.get(name, 0.0) + now - self.last
        self.last = now


def learned_themes(store: Store, rows: list[dict[str, Any]], matrix: np.ndarray, path: str, encoder: str) -> int:
    """Tag every current statement with the themes a trained model finds in its vector."""
    from . import learned

    model = learned.load(path)
    if model.embedder != encoder:
        raise InputError(f"theme model {path} was trained on {model.embedder} vectors, not {encoder}: train it again")
    tags = [{"statement_id": r["id"], "document_id": r["document_id"], "field": "themes", "value": theme,
             "score": round(p, 4), "evidence": {"probability": round(p, 4), "model": model.trained_on}}
            for r, found in zip(rows, model.predict(matrix), strict=True) for theme, p in found]
    return store.replace_method_tags(learned.METHOD, tags)


CHUNK = 512  # rows of a similarity matrix computed at once (memory stays bounded)


def _chunks(rows_idx: list[int], cols_idx: list[int], matrix: np.ndarray):
    """(row offset, similarity block) of rows_idx against cols_idx, CHUNK rows at a time."""
    cols = matrix[cols_idx].T
    for start in range(0, len(rows_idx), CHUNK):
        yield start, matrix[rows_idx[start:start + CHUNK]] @ cols


def versions(rows: list[dict[str, Any]], matrix: np.ndarray) -> list[dict[str, Any]]:
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_doc[r["document_id"]].append(i)
    out: list[dict[str, Any]] = []
    for a, b in _version_candidates(rows, matrix, by_doc):
        ia, ib = by_doc[a], by_doc[b]
        if not _same_time(rows[ia[0]]["date"], rows[ib[0]]["date"]):
            continue
        sim = matrix[ia] @ matrix[ib].T
        best = (sim if len(ia) <= len(ib) else sim.T).max(axis=1)
        if float(best.mean()) < VERSION_THRESHOLD or float((best >= PAIR_THRESHOLD + 0.05).mean()) < 0.75:
            continue
        for i, j, score in align(sim, [rows[k]["parent_id"] is None for k in ia],
                                 [rows[k]["parent_id"] is None for k in ib], structure(rows, ia, ib)):
            pair = {"rank": 0, "score": round(score, 4), "method": VERSIONS,
                    "evidence": {"similarity": round(score, 4)}}
            out.append({**pair, "source_id": rows[ia[i]]["id"], "target_id": rows[ib[j]]["id"]})
            out.append({**pair, "source_id": rows[ib[j]]["id"], "target_id": rows[ia[i]]["id"]})
    return out


def _version_candidates(rows: list[dict[str, Any]], matrix: np.ndarray,
                        by_doc: dict[str, list[int]]) -> list[tuple[str, str]]:
    """Pairs of documents in different languages, each with two statements or more, where
    some statement's nearest neighbour in the other language lies in the other document:
    only those are compared in full (a store of thousands of documents has millions of pairs)."""
    usable = [i for i, r in enumerate(rows) if len(by_doc[r["document_id"]]) >= 2]
    if not usable:
        return []
    lang = np.array([rows[i]["doc_language"] or "" for i in usable])
    doc = [rows[i]["document_id"] for i in usable]
    pairs: set[tuple[str, str]] = set()
    for start, sim in _chunks(usable, usable, matrix):
        sim[lang[start:start + sim.shape[0]][:, None] == lang[None, :]] = -1.0  # other languages only
        best = sim.argmax(axis=1)
        for r in np.nonzero(sim[np.arange(sim.shape[0]), best] >= PAIR_THRESHOLD + 0.05)[0]:
            pairs.add(tuple(sorted((doc[start + int(r)], doc[int(best[r])]))))
    return sorted(pairs)


def _same_time(a: str | None, b: str | None) -> bool:
    """Versions of one text come out together: dated documents more than a month apart are not."""
    if not a or not b:
        return True
    from datetime import date

    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= 31


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def structure(rows: list[dict[str, Any]], ia: list[int], ib: list[int]) -> np.ndarray:
    """What two statements' shape says beyond their meaning, as a small bonus or penalty:
    the same numbers (years, articles, amounts) or different ones, the same named countries
    and instruments, and lengths far apart (one version merged two items)."""
    def features(k: int) -> tuple[set[str], set[str], int]:
        r = rows[k]
        numbers = {n.replace(",", ".") for n in _NUMBER.findall(r["text"])}
        return numbers, set(r["countries"]) | set(r["instruments"]), len(r["text"])

    fa, fb = [features(k) for k in ia], [features(k) for k in ib]
    bonus = np.zeros((len(ia), len(ib)))
    for i, (na, ea, la) in enumerate(fa):
        for j, (nb, eb, lb) in enumerate(fb):
            if na and nb:
                bonus[i, j] += 0.05 if na == nb else -0.05
            if ea and eb:
                bonus[i, j] += 0.05 if ea == eb else -0.03
            if min(la, lb) < 0.5 * max(la, lb):
                bonus[i, j] -= 0.03
    return bonus


def align(sim: np.ndarray, top_a: list[bool], top_b: list[bool],
          bonus: np.ndarray | None = None) -> list[tuple[int, int, float]]:
    """Order-preserving one-to-one alignment maximising the summed margin over the pair
    threshold (similarity, plus the same depth and `bonus` from structure); statements with
    no counterpart (an extra paragraph) stay unpaired."""
    n, m = sim.shape
    gain = sim - PAIR_THRESHOLD + 0.05 * (np.array(top_a)[:, None] == np.array(top_b)[None, :])
    if bonus is not None:
        gain = gain + bonus
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
    out = []
    for start, sim in _chunks(recs, comms, matrix):
        for a in range(sim.shape[0]):
            out += _rank_answers(rows, recs[start + a], comms, sim[a])
    return out


def _rank_answers(rows: list[dict[str, Any]], i: int, comms: list[int], sims: np.ndarray) -> list[dict[str, Any]]:
    """The best commitments for recommendation i among the 50 closest in meaning."""
    nearest = np.argpartition(-sims, min(50, len(sims)) - 1)[:50] if len(sims) > 50 else np.arange(len(sims))
    scored = []
    for b in nearest:
        j = comms[int(b)]
        if rows[j]["document_id"] == rows[i]["document_id"]:
            continue
        themes = rows[i]["themes"] & rows[j]["themes"]
        union = rows[i]["themes"] | rows[j]["themes"]
        shared_instruments = rows[i]["instruments"] & rows[j]["instruments"]
        shared_countries = rows[i]["countries"] & rows[j]["countries"]
        score = 0.55 * float(sims[b]) + 0.25 * (len(themes) / len(union) if union else 0.0) \
            + 0.2 * bool(shared_instruments) + 0.1 * bool(shared_countries)
        if score >= RELATED_FLOOR:
            scored.append((score, j, {"similarity": round(float(sims[b]), 4), "themes": sorted(themes),
                                      "instruments": sorted(shared_instruments),
                                      "countries": sorted(shared_countries)}))
    scored.sort(key=lambda x: -x[0])
    return [{"source_id": rows[i]["id"], "target_id": rows[j]["id"], "rank": rank, "score": round(score, 4),
             "method": RELATED, "evidence": evidence}
            for rank, (score, j, evidence) in enumerate(scored[:RELATED_TOP])]


def event_id(instrument: str, event: dict[str, str]) -> str:
    return f"event:{instrument}:{event['type']}:{event.get('date', '')}"


def events_by_instrument(store: Store, registry: str | None = None) -> dict[str, list[dict[str, str]]]:
    """The registry's events and those users entered (rightstrack events add), per instrument."""
    out: dict[str, list[dict[str, str]]] = {i.id: list(i.events) for i in instruments.registry(registry).values()}
    for e in tracking.user_events(store.engine):
        out.setdefault(e["instrument"], []).append({"type": e["type"], "date": e["date"], "source": e["source"]})
    return out


def instrument_events(rows: list[dict[str, Any]], events: dict[str, list[dict[str, str]]]) -> list[dict[str, Any]]:
    """For each recommendation naming instruments: their dated steps, the most telling first
    (adoption or rejection over a proposal; a step after the ask over one before it)."""
    out = []
    for r in rows:
        if r["kind"] != "recommendation" or not r["instruments"]:
            continue
        scored = []
        for inst in sorted(r["instruments"]):
            for event in events.get(inst, ()):
                after = bool(r["date"] and event.get("date", "") > r["date"])
                score = 0.6 + 0.3 * EVENT_WEIGHT.get(event["type"], 0.5) + 0.1 * after
                reason = f"names {inst}; {event['type']} on {event.get('date', '?')}" + (
                    " after the ask" if after else "")
                scored.append((score, event_id(inst, event), {**event, "instrument": inst, "reason": reason}))
        scored.sort(key=lambda x: (-x[0], x[1]))
        out += [{"source_id": r["id"], "target_id": target, "rank": rank, "score": round(score, 4),
                 "method": EVENTS, "evidence": evidence}
                for rank, (score, target, evidence) in enumerate(scored[:RELATED_TOP])]
    return out

def recurrence(rows: list[dict[str, Any]], matrix: np.ndarray,
               equivalent: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Clusters of the same ask across documents (single link over similarity, never within
    one document). Language versions of one document count as one occasion."""
    recs = [i for i, r in enumerate(rows) if r["kind"] == "recommendation"]
    if len(recs) < 2:
        return []
    parent = {i: i for i in recs}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    k = min(NEIGHBOURS, len(recs) - 1)
    for start, sim in _chunks(recs, recs, matrix):
        # single link over each ask's nearest neighbours: bounded work however many pairs pass
        nearest = np.argpartition(-sim, k, axis=1)[:, : k + 1]
        for a, b in zip(*np.nonzero(np.take_along_axis(sim, nearest, axis=1) >= RECURRENCE_THRESHOLD), strict=True):
            i, j = recs[start + int(a)], recs[int(nearest[a, b])]
            if i != j and rows[i]["document_id"] != rows[j]["document_id"]:
                parent[root(i)] = root(j)
    occasion = _occasions(rows, equivalent)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in recs:
        groups[root(i)].append(i)
    out = []
    for members in groups.values():
        if len({occasion[rows[i]["document_id"]] for i in members}) < 2:
            continue
        members.sort(key=lambda i: (rows[i]["date"] or "", rows[i]["ingested_at"], rows[i]["source"],
                                    rows[i]["position"]))
        cluster = f"ask-{rows[members[0]]['id']}"
        previous = None
        for rank, i in enumerate(members):
            change = "first" if previous is None else change_between(rows[previous], rows[i])
            evidence = {"change": change, "occasion": occasion[rows[i]["document_id"]], "date": rows[i]["date"]}
            out.append({"source_id": rows[i]["id"], "target_id": cluster, "rank": rank, "score": 1.0,
                        "method": RECURRENCE, "evidence": evidence})
            if previous is None or occasion[rows[i]["document_id"]] != occasion[rows[previous]["document_id"]]:
                previous = i
    return out


def _occasions(rows: list[dict[str, Any]], equivalent: list[dict[str, Any]]) -> dict[str, str]:
    """Document -> occasion: a document and its language versions are one occasion."""
    doc_of = {r["id"]: r["document_id"] for r in rows}
    occasion = {r["document_id"]: r["document_id"] for r in rows}
    for link in equivalent:
        a, b = sorted((doc_of[link["source_id"]], doc_of[link["target_id"]]))
        occasion[b] = occasion[a]
    return occasion


_URGENT = ("immediately", "urgently", "without delay", "must", "onmiddellijk", "dringend", "moet",
           "immédiatement", "sans délai", "doit", "unverzüglich", "sofort", "muss", "inmediatamente", "debe",
           "immediatamente", "deve")


def change_between(before: dict[str, Any], after: dict[str, Any]) -> str:
    """How an ask changed since it was last raised (a simple rule, stated so it can be checked):
    escalated  - the ask became more specific (higher action type) or newly urgent ("must",
                 "immediately");
    broadened  - it names more themes, countries or instruments, or is a third longer;
    narrowed   - it names fewer, or is a third shorter;
    repeated   - otherwise."""
    level = lambda r: max((int(v) for v in r["action"]), default=4)  # noqa: E731
    urgent = lambda r: any(w in r["text"].lower() for w in _URGENT)  # noqa: E731
    if level(after) > level(before) or (urgent(after) and not urgent(before)):
        return "escalated"
    scope = lambda r: len(r["themes"]) + len(r["countries"]) + len(r["instruments"])  # noqa: E731
    ratio = len(after["text"]) / max(1, len(before["text"]))
    if scope(after) > scope(before) or ratio > 1.33:
        return "broadened"
    if scope(after) < scope(before) or ratio < 0.67:
        return "narrowed"
    return "repeated"
