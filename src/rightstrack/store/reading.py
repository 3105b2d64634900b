"""Read-side SQL for pages and the API: one statement with everything around it, and
what the review queue shows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, Table, exists, func, or_, select

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
                                       tags.c.status)
                                .where(tags.c.document_id == row.document_id, tags.c.statement_id == statement_id)
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


# -- lists for the API: filters, sorting, pagination -------------------------------------

STATEMENT_SORTS = {"document": (documents.c.source, statements.c.position),
                   "date": (documents.c.date.asc().nulls_last(), documents.c.source, statements.c.position),
                   "-date": (documents.c.date.desc().nulls_last(), documents.c.source, statements.c.position),
                   "id": (statements.c.id,)}
TAG_FILTERS = {"theme": "themes", "country": "countries", "instrument": "instruments", "addressee": "addressees"}


def list_statements(engine: Engine, filters: dict[str, str], sort: str = "document", limit: int = 50,
                    offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """(how many match, one page of them) among the statements of current documents, by
    kind, language, document (id or source), theme, country, instrument and addressee."""
    where = [documents.c.is_latest.is_(True)]
    for name, value in filters.items():
        if name in ("kind", "language"):
            where.append(statements.c[name] == value)
        elif name == "document":
            where.append(or_(documents.c.id == value, documents.c.source == value))
        elif name in TAG_FILTERS:
            where.append(exists().where(tags.c.document_id == statements.c.document_id,
                                        tags.c.statement_id == statements.c.id, tags.c.field == TAG_FILTERS[name],
                                        tags.c.value == value, tags.c.status != "rejected"))
    joined = statements.join(documents, documents.c.id == statements.c.document_id)
    query = (select(statements.c.id, statements.c.kind, statements.c.text, statements.c.language,
                    statements.c.parent_id, statements.c.label, statements.c.start_offset, statements.c.end_offset,
                    statements.c.document_id, documents.c.source, documents.c.date)
             .select_from(joined).where(*where).order_by(*STATEMENT_SORTS[sort]).limit(limit).offset(offset))
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(joined).where(*where)).scalar() or 0
        return total, [dict(r._mapping) for r in conn.execute(query)]


def list_tags(engine: Engine, filters: dict[str, str], limit: int = 50,
              offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """Tags (statement and document level) by field, value, status and method, oldest first."""
    where = [tags.c[name] == value for name, value in filters.items() if name in ("field", "value", "status", "method")]
    if "statement" in filters:
        # its document too: the tags are indexed by (document, statement)
        where += [tags.c.document_id == select(statements.c.document_id).where(
            statements.c.id == filters["statement"]).scalar_subquery(), tags.c.statement_id == filters["statement"]]
    return _page(engine, tags, where, limit, offset)


def list_links(engine: Engine, filters: dict[str, str], limit: int = 50,
               offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """Links by kind, status, method, source or target statement, oldest first."""
    where = [links.c[name] == value for name, value in filters.items()
             if name in ("kind", "status", "method", "source_id", "target_id")]
    return _page(engine, links, where, limit, offset)


def _page(engine: Engine, table: Table, where: list[Any], limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    """(rows matching `where`, one page of them oldest first, every column)."""
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(table).where(*where)).scalar() or 0
        query = select(table).where(*where).order_by(table.c.id).limit(limit).offset(offset)
        return total, [dict(r._mapping) for r in conn.execute(query)]
