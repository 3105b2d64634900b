"""Follow-up of asks: statuses with cited evidence (append-only), instrument events,
suggested statuses from a rubric, and the Council presidencies asks are grouped under.

A status belongs to the ask, so every language version of a statement shares it
(Store.asks). Each change needs at least one piece of evidence: a quoted passage of a stored
document (its offsets are found and kept), a quote from a web page (fetched, the quote
checked, the page's hash kept) or an instrument event."""

from __future__ import annotations

import hashlib
import re
import tomllib
from datetime import date as Date
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import instruments, readers, sources
from .errors import InputError, NotFound
from .linking import event_id
from .model import Evidence, StatusChange
from .settings import Settings
from .store import Store
from .store import tracking as db

DATA = Path(__file__).parent / "data"
CONFIDENCE = ("low", "medium", "high")
SUGGEST = "suggest.rubric.v1"


@lru_cache(maxsize=1)
def rubric() -> dict[str, Any]:
    return tomllib.loads((DATA / "rubric.toml").read_text("utf-8"))


def ask_of(store: Store, statement_id: str) -> str:
    """The ask a statement states (its own id when it has no language versions)."""
    if not db.statement_exists(store.engine, statement_id):
        raise NotFound(f"no statement {statement_id}: see `rightstrack show DOCUMENT` for ids")
    return store.asks().get(statement_id, statement_id)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _find(text: str, quote: str) -> tuple[int, int] | None:
    """Offsets of `quote` in `text`, whitespace and case aside."""
    words = [re.escape(w) for w in quote.split()]
    if not words:
        return None
    m = re.search(r"\s+".join(words), text, re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def document_evidence(store: Store, document: str, quote: str) -> Evidence:
    doc = store.document(document)
    span = _find(db.document_text(store.engine, doc["id"]) or "", quote)
    if span is None:
        raise InputError(f"evidence: the quote is not in document {doc['id']} ({doc['source']}); quote it exactly")
    text = db.document_text(store.engine, doc["id"]) or ""
    return Evidence("document", text[span[0]:span[1]], doc["id"], span[0], span[1])


def url_evidence(url: str, quote: str, settings: Settings) -> Evidence:
    raw = sources.load(url, settings)
    _, parsed = readers.read(raw)
    if _find(parsed.text, quote) is None:
        raise InputError(f"evidence: the quote is not on {url} as fetched now; quote the page exactly")
    return Evidence("url", " ".join(quote.split()), url=url, content_hash=hashlib.sha256(raw.data).hexdigest())


def evidence(store: Store, settings: Settings, source: str, quote: str | None = None) -> Evidence:
    """Evidence from what a person names: an instrument event id (event:...), or a URL or a
    stored document (id or source) with the quote that proves the status."""
    if source.startswith("event:"):
        return event_evidence(store, settings, source)
    if not source:
        raise InputError("evidence: name an instrument event (event:...), a URL or a stored document")
    if not quote:
        raise InputError(f"evidence {source}: give the passage that proves the status (--quote)")
    if sources.is_url(source):
        return url_evidence(source, quote, settings)
    return document_evidence(store, source, quote)


def all_events(store: Store, settings: Settings) -> dict[str, dict[str, Any]]:
    """Instrument events by id: the registry's, then those users entered."""
    out = {}
    for inst in instruments.registry(settings.instruments).values():
        for e in inst.events:
            out[event_id(inst.id, e)] = {"id": event_id(inst.id, e), "instrument": inst.id, "type": e["type"],
                                         "date": e.get("date", ""), "source": e.get("source", ""), "origin": "registry"}
    for e in db.user_events(store.engine):
        out[e["id"]] = {k: e[k] for k in ("id", "instrument", "type", "date", "source")} | {"origin": e["author"]}
    return out


def event_evidence(store: Store, settings: Settings, event: str) -> Evidence:
    found = all_events(store, settings).get(event)
    if found is None:
        raise NotFound(f"no instrument event {event}: see `rightstrack events list`")
    return Evidence("event", f"{found['instrument']} {found['type']} on {found['date']}: {found['source']}",
                    event_id=event)


def add_event(store: Store, settings: Settings, instrument: str, kind: str, day: str, source: str,
              author: str, note: str = "") -> dict[str, Any]:
    if instrument not in instruments.registry(settings.instruments):
        raise NotFound(f"no instrument {instrument} in the registry: add it with the `instruments` setting")
    _check_date(day)
    if not source.strip():
        raise InputError("an event needs its source (an Official Journal reference, a press release URL...)")
    row = {"id": event_id(instrument, {"type": kind, "date": day}), "instrument": instrument, "type": kind,
           "date": day, "source": source, "note": note, "author": author}
    db.add_event(store.engine, row)
    return row


def _check_date(day: str | None) -> None:
    try:
        if day:
            Date.fromisoformat(day)
    except ValueError as exc:
        raise InputError(f"date {day!r}: write it as YYYY-MM-DD") from exc


def set_status(store: Store, settings: Settings, statement: str, status: str, author: str,
               evidence: list[Evidence], note: str = "", confidence: str = "medium", day: str | None = None,
               method: str = "human", coder: str | None = None) -> StatusChange:
    """Record a new status for the ask `statement` states; nothing earlier is changed. With
    `coder`, the change is one coder's independent rating (double coding), not the ask's
    reconciled status."""
    if status not in settings.status_list:
        raise InputError(f"status {status!r}: use one of {', '.join(settings.status_list)}")
    if confidence not in CONFIDENCE:
        raise InputError(f"confidence {confidence!r}: use low, medium or high")
    if not author.strip():
        raise InputError("a status change needs its author (--by)")
    if not evidence:
        raise InputError("a status change needs at least one piece of evidence: --evidence with an event id, "
                         "or with a URL or a document and --quote")
    _check_date(day)
    change = StatusChange(ask_of(store, statement), status, author, note, confidence,  # type: ignore[arg-type]
                          day or Date.today().isoformat(), evidence, method=method, coder=coder or None)
    return db.record(store.engine, change)


def history(store: Store, statement: str) -> list[StatusChange]:
    return db.history(store.engine, [ask_of(store, statement)])


def log(store: Store) -> list[StatusChange]:
    """Every status change, oldest first: the audit log."""
    return db.history(store.engine)


def current(store: Store) -> dict[str, StatusChange]:
    """The latest reconciled status change of every ask that has one."""
    return {c.ask: c for c in db.history(store.engine) if c.coder is None}


def codings(changes: list[StatusChange]) -> dict[str, dict[str, str]]:
    """ask -> coder -> that coder's latest status (double coding)."""
    out: dict[str, dict[str, str]] = {}
    for c in changes:
        if c.coder:
            out.setdefault(c.ask, {})[c.coder] = c.status
    return out


def cohen_kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Agreement of two coders beyond chance over (rating A, rating B) pairs; None when
    undefined (no pairs, or both coders always gave one and the same status)."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    labels = {x for pair in pairs for x in pair}
    expected = sum((sum(a == k for a, _ in pairs) / n) * (sum(b == k for _, b in pairs) / n) for k in labels)
    return None if expected == 1 else round((observed - expected) / (1 - expected), 4)


def suggest(store: Store, settings: Settings) -> int:
    """Suggested statuses from the rubric (data/rubric.toml), kept until a person accepts or
    rejects them: for an ask linked to instrument events, the latest event on or after the
    ask; for an ask with a confirmed answering commitment, what the rubric says of that."""
    known, asks, now_status = all_events(store, settings), store.asks(), current(store)
    info = db.statement_info(store.engine)
    rules = rubric()
    latest: dict[str, tuple[str, str, float]] = {}  # ask -> (event date, event id, link score)
    today = Date.today().isoformat()
    for rec, event, score in db.event_links(store.engine):
        found, st = known.get(event), info.get(rec)
        if found is None or st is None or found["type"] not in rules["events"]:
            continue
        if (st["date"] and found["date"] < st["date"]) or found["date"] > today:
            continue  # a step before the ask says nothing of its follow-up; a future one has not happened
        ask = asks.get(rec, rec)
        if ask not in latest or found["date"] > latest[ask][0]:
            latest[ask] = (found["date"], event, score)
    rows = []
    for ask, (_, event, score) in latest.items():
        found, rule = known[event], rules["events"][known[event]["type"]]
        reason = (f"{found['instrument']} {found['type']} on {found['date']} ({found['source']}): "
                  f"suggests {rule['status']}, {rule['why']}")
        rows.append({"ask_id": ask, "status": rule["status"], "reason": reason, "method": SUGGEST,
                     "score": score, "event_id": event, "commitment_id": None})
    for rec, commitment, score, _ in db.answers(store.engine):
        if rec in info and commitment in info:
            rule, said = rules["commitment"], info[commitment]
            rows.append({"ask_id": asks.get(rec, rec), "status": rule["status"], "method": SUGGEST, "score": score,
                         "reason": f"{rule['why']}: \"{said['text'][:160]}\" ({said['source']})",
                         "event_id": None, "commitment_id": commitment})
    rows = [r for r in rows if r["ask_id"] not in now_status or now_status[r["ask_id"]].status != r["status"]]
    return db.replace_open_suggestions(store.engine, rows)


def suggestions(store: Store, state: str | None = "open") -> list[dict[str, Any]]:
    return db.list_suggestions(store.engine, state)


def decide(store: Store, settings: Settings, suggestion_id: int, accept: bool, author: str) -> StatusChange | None:
    """Accept (the status is recorded, with the event or the commitment as evidence) or reject
    a suggestion."""
    row = db.get_suggestion(store.engine, suggestion_id)
    if row is None:
        raise NotFound(f"no suggestion {suggestion_id}: see `rightstrack status suggestions`")
    if row["state"] != "open":
        raise InputError(f"suggestion {suggestion_id} was already {row['state']}")
    change = None
    if accept:
        if row["event_id"]:
            proof = event_evidence(store, settings, row["event_id"])
        else:
            st = db.statement_info(store.engine, [row["commitment_id"]])[row["commitment_id"]]
            proof = Evidence("document", st["text"], st["document_id"], st["start_offset"], st["end_offset"])
        change = set_status(store, settings, row["ask_id"], row["status"], author, [proof], note=row["reason"],
                            method=SUGGEST)
    db.decide_suggestion(store.engine, suggestion_id, "accepted" if accept else "rejected", author)
    return change
