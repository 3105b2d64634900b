"""SQL of follow-up: status changes with evidence (append-only), user events, suggestions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select, update

from ..model import Evidence, StatusChange
from .schema import documents, events, evidence, links, statements, statuses, suggestions


def now() -> str:
    """UTC, to the microsecond, so that rows written in one batch keep their order."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def record(engine: Engine, change: StatusChange) -> StatusChange:
    """Append a status change and its evidence in one transaction; `previous` is filled
    from the ask's current status."""
    with engine.begin() as conn:
        same_track = statuses.c.coder.is_(None) if change.coder is None else statuses.c.coder == change.coder
        change.previous = conn.execute(select(statuses.c.status).where(statuses.c.ask_id == change.ask, same_track)
                                       .order_by(statuses.c.id.desc()).limit(1)).scalar()
        change.recorded_at = now()
        change.id = conn.execute(statuses.insert().values(
            ask_id=change.ask, status=change.status, previous=change.previous, date=change.date,
            author=change.author, note=change.note, confidence=change.confidence, method=change.method,
            coder=change.coder, recorded_at=change.recorded_at)).inserted_primary_key[0]
        conn.execute(evidence.insert(), [{
            "status_id": change.id, "kind": e.kind, "quote": e.quote, "document_id": e.document_id,
            "start_offset": e.start, "end_offset": e.end, "url": e.url, "content_hash": e.content_hash,
            "event_id": e.event_id} for e in change.evidence])
    return change


def history(engine: Engine, asks: Iterable[str] | None = None) -> list[StatusChange]:
    """Status changes, oldest first, with their evidence; of some asks or of all."""
    query = select(statuses).order_by(statuses.c.id)
    if asks is not None:
        query = query.where(statuses.c.ask_id.in_(list(asks)))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
        proof = conn.execute(select(evidence).where(evidence.c.status_id.in_([r.id for r in rows]))
                             .order_by(evidence.c.id)).all() if rows else []
    by_status: dict[int, list[Evidence]] = {}
    for e in proof:
        by_status.setdefault(e.status_id, []).append(Evidence(
            e.kind, e.quote, e.document_id, e.start_offset, e.end_offset, e.url, e.content_hash, e.event_id))
    return [StatusChange(r.ask_id, r.status, r.author, r.note, r.confidence, r.date, by_status.get(r.id, []),
                         r.previous, r.method, r.recorded_at, r.id, r.coder) for r in rows]


def document_text(engine: Engine, document_id: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(documents.c.text).where(documents.c.id == document_id)).scalar()


def statement_exists(engine: Engine, statement_id: str) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(statements.c.id).where(statements.c.id == statement_id)).first() is not None


def add_event(engine: Engine, row: dict[str, Any]) -> None:
    with engine.begin() as conn:
        conn.execute(events.delete().where(events.c.id == row["id"]))
        conn.execute(events.insert().values(**row, recorded_at=now()))


def user_events(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(events).order_by(events.c.date, events.c.id))]


def event_links(engine: Engine) -> list[tuple[str, str, float]]:
    """(recommendation, event id, score) of the event links no person rejected."""
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(links.c.source_id, links.c.target_id, links.c.score).where(
            links.c.kind == "event", links.c.status != "rejected"))]  # type: ignore[misc]


def replace_open_suggestions(engine: Engine, rows: list[dict[str, Any]]) -> int:
    """Swap the open suggestions for new ones; a suggestion a person accepted or rejected
    stays, and is not suggested again."""
    with engine.begin() as conn:
        decided = {(r.ask_id, r.status, r.event_id, r.commitment_id) for r in conn.execute(
            select(suggestions).where(suggestions.c.state != "open"))}
        conn.execute(suggestions.delete().where(suggestions.c.state == "open"))
        fresh = [dict(r, state="open") for r in rows
                 if (r["ask_id"], r["status"], r.get("event_id"), r.get("commitment_id")) not in decided]
        if fresh:
            conn.execute(suggestions.insert(), fresh)
    return len(fresh)


def list_suggestions(engine: Engine, state: str | None = "open") -> list[dict[str, Any]]:
    query = select(suggestions).order_by(suggestions.c.ask_id, suggestions.c.score.desc(), suggestions.c.id)
    if state:
        query = query.where(suggestions.c.state == state)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def decide_suggestion(engine: Engine, suggestion_id: int, state: str, who: str) -> dict[str, Any] | None:
    with engine.begin() as conn:
        row = conn.execute(select(suggestions).where(suggestions.c.id == suggestion_id)).first()
        if row is None:
            return None
        conn.execute(update(suggestions).where(suggestions.c.id == suggestion_id).values(
            state=state, decided_by=who, decided_at=now()))
        return dict(row._mapping)


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {"status changes": conn.execute(select(func.count()).select_from(statuses)).scalar() or 0,
                "open suggestions": conn.execute(select(func.count()).select_from(suggestions).where(
                    suggestions.c.state == "open")).scalar() or 0}


def get_suggestion(engine: Engine, suggestion_id: int) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(suggestions).where(suggestions.c.id == suggestion_id)).first()
    return dict(row._mapping) if row else None


def statement_info(engine: Engine, ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """Statements with their document's date, source, title and addressee tags (current
    versions only), for follow-up and reports."""
    from .schema import tags

    query = (select(statements.c.id, statements.c.kind, statements.c.text, statements.c.start_offset,
                    statements.c.end_offset, statements.c.document_id, statements.c.position,
                    statements.c.language, documents.c.date, documents.c.source, documents.c.title,
                    documents.c.ingested_at)
             .join(documents, documents.c.id == statements.c.document_id).where(documents.c.is_latest.is_(True))
             .order_by(documents.c.source, statements.c.position))
    if ids is not None:
        query = query.where(statements.c.id.in_(list(ids)))
    with engine.connect() as conn:
        rows = {r.id: dict(r._mapping) for r in conn.execute(query)}
        tag_rows = conn.execute(select(tags.c.document_id, tags.c.statement_id, tags.c.field, tags.c.value).where(
            tags.c.status != "rejected", tags.c.field.in_(("addressees", "themes", "countries")))).all()
    doc_tags: dict[tuple[str, str], set[str]] = {}
    for t in tag_rows:
        key = (t.statement_id or f"doc:{t.document_id}", t.field)
        doc_tags.setdefault(key, set()).add(t.value)
    for r in rows.values():
        for field in ("addressees", "themes", "countries"):
            r[field] = doc_tags.get((r["id"], field), set())
            r[f"document_{field}"] = doc_tags.get((f"doc:{r['document_id']}", field), set())
    return rows


def answers(engine: Engine, confirmed_only: bool = True) -> list[tuple[str, str, float, int]]:
    """(recommendation, commitment, score, rank) of related links, confirmed ones only by default."""
    query = select(links.c.source_id, links.c.target_id, links.c.score, links.c.rank).where(
        links.c.kind == "related", links.c.status != "rejected").order_by(links.c.source_id, links.c.rank)
    if confirmed_only:
        query = query.where(links.c.status == "confirmed")
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(query)]  # type: ignore[misc]


def watched_sources(engine: Engine) -> list[str]:
    """Sources of current documents that came from the web."""
    with engine.connect() as conn:
        return list(conn.execute(select(documents.c.source).where(
            documents.c.is_latest.is_(True), documents.c.source.like("http%")).order_by(documents.c.source)).scalars())


def versions_of(engine: Engine, source: str) -> list[tuple[str, int]]:
    """(document id, version) of a source, oldest first."""
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(documents.c.id, documents.c.version).where(  # type: ignore[misc]
            documents.c.source == source).order_by(documents.c.version))]
