"""Read-side SQL for pages and the API: one statement with everything around it, and
what the review queue shows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from ..errors import NotFound
from .schema import documents, links, statements, tags


def statement(engine: Engine, statement_id: str) -> dict[str, Any]:
    """A statement, its document (with text), its tags (with method, score, evidence) and
    its links (with the linked statements' text, language and source)."""
    with engine.connect() as conn:
        row = conn.execute(select(statements).where(statements.c.id == statement_id)).first()
        if row is None:
            raise NotFound(f"no statement {statement_id}")
        doc = conn.execute(select(documents.c.id, documents.c.source, documents.c.title, documents.c.language,
                                  documents.c.date, documents.c.text, documents.c.version, documents.c.is_latest)
                           .where(documents.c.id == row.document_id)).one()
        tag_rows = conn.execute(select(tags.c.field, tags.c.value, tags.c.method, tags.c.score, tags.c.evidence,
                                       tags.c.status).where(tags.c.statement_id == statement_id)
                                .order_by(tags.c.field, tags.c.position, tags.c.id)).all()
        link_rows = conn.execute(select(links.c.kind, links.c.target_id, links.c.rank, links.c.score, links.c.method,
                                        links.c.status, links.c.evidence).where(links.c.source_id == statement_id)
                                 .order_by(links.c.kind, links.c.rank, links.c.id)).all()
        targets = {r.id: dict(r._mapping) for r in conn.execute(
            select(statements.c.id, statements.c.text, statements.c.kind, statements.c.language,
                   documents.c.source, documents.c.title, documents.c.date)
            .join(documents, documents.c.id == statements.c.document_id)
            .where(statements.c.id.in_([r.target_id for r in link_rows])))} if link_rows else {}
    return {"statement": dict(row._mapping), "document": dict(doc._mapping),
            "tags": [dict(t._mapping) for t in tag_rows],
            "links": [dict(r._mapping, target=targets.get(r.target_id)) for r in link_rows]}


def review_items(engine: Engine, limit: int = 100) -> dict[str, list[dict[str, Any]]]:
    """What a person should look at: automatic tags with a low score and the best automatic
    answer of each recommendation, on current documents."""
    current = select(documents.c.id).where(documents.c.is_latest.is_(True))
    with engine.connect() as conn:
        low_tags = conn.execute(
            select(tags.c.statement_id, tags.c.field, tags.c.value, tags.c.method, tags.c.score, tags.c.evidence,
                   statements.c.text).join(statements, statements.c.id == tags.c.statement_id)
            .where(tags.c.status == "auto", tags.c.score < 0.7, tags.c.field.in_(("themes", "countries",
                   "instruments", "addressees")), tags.c.document_id.in_(current))
            .order_by(tags.c.score, tags.c.statement_id).limit(limit)).all()
        answers = conn.execute(
            select(links.c.source_id, links.c.target_id, links.c.score, links.c.evidence, statements.c.text)
            .join(statements, statements.c.id == links.c.source_id)
            .where(links.c.kind == "related", links.c.status == "auto", links.c.rank == 0,
                   statements.c.document_id.in_(current))
            .order_by(links.c.score.desc()).limit(limit)).all()
        texts = {r.id: r.text for r in conn.execute(select(statements.c.id, statements.c.text).where(
            statements.c.id.in_([a.target_id for a in answers])))} if answers else {}
    return {"tags": [dict(r._mapping) for r in low_tags],
            "links": [dict(r._mapping, target_text=texts.get(r.target_id, "")) for r in answers]}
