"""Tables, in SQLAlchemy Core. Alembic migrations (migrations/versions) create them."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

HEAD = "0013"
metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", String(32), primary_key=True),
    Column("source", Text, nullable=False),
    Column("version", Integer, nullable=False, default=1),
    Column("is_latest", Boolean, nullable=False, default=True),
    Column("content_hash", String(64), nullable=False),
    Column("format", String(16), nullable=False),
    Column("content_type", String(200)),
    Column("title", Text),
    Column("date", String(10)),
    Column("author", Text),
    Column("language", String(8)),
    Column("text", Text, nullable=False, default=""),
    Column("meta", JSON, nullable=False, default=dict),
    # The reader's blocks, as [kind, start, end, depth, marker, marker_type, level, language,
    # parent]; always read with their document, so one column rather than a table of rows.
    Column("blocks", JSON, nullable=False, default=list),
    Column("ingested_at", String(32), nullable=False),
    UniqueConstraint("source", "content_hash", name="uq_documents_source_hash"),
    Index("ix_documents_source", "source"),
    Index("ix_documents_latest", "is_latest", "source", "version"),
)

statements = Table(
    "statements", metadata,
    Column("id", String(64), primary_key=True),
    Column("document_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("start_offset", Integer),
    Column("end_offset", Integer),
    Column("parent_id", String(64)),
    Column("position", Integer, nullable=False),
    Column("method", String(64), nullable=False),
    Column("score", Float, nullable=False, default=1.0),
    Column("addressee_text", Text),
    Column("authors", JSON, nullable=False, default=list),
    Column("language", String(8)),
    Column("label", String(32)),
    Index("ix_statements_document", "document_id", "position"),
    Index("ix_statements_kind_language", "kind", "language"),
)

# Tags on statements or documents: themes, countries, instruments, addressees. Later steps
# write them; `status` keeps human decisions (confirmed/rejected) that re-runs never touch.
tags = Table(
    "tags", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("statement_id", String(64)),
    Column("field", String(16), nullable=False),
    Column("value", String(200), nullable=False),
    Column("method", String(64), nullable=False),
    Column("score", Float, nullable=False, default=1.0),
    Column("evidence", JSON, nullable=False, default=dict),
    Column("status", String(16), nullable=False, default="auto"),
    Column("position", Integer, nullable=False, default=0),
    # one index for both (migration 0013): a query for a statement's tags names its document
    Index("ix_tags_document_statement", "document_id", "statement_id"),
    Index("ix_tags_facet", "field", "value", "statement_id", "status"),
)

# Statements of current documents per facet value (field: kind, language, themes, countries,
# instruments, addressees), kept up to date by every write that changes them (migration 0011).
facet_totals = Table(
    "facet_totals", metadata,
    Column("field", String(16), primary_key=True),
    Column("value", String(200), primary_key=True),
    Column("n", Integer, nullable=False),
)

# Links between statements: language versions ("equivalent") and answers ("related").
links = Table(
    "links", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source_id", String(64), nullable=False),
    Column("target_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("rank", Integer, nullable=False, default=0),
    Column("score", Float, nullable=False, default=1.0),
    Column("method", String(64), nullable=False),
    Column("status", String(16), nullable=False, default="auto"),
    Column("evidence", JSON),
    Index("ix_links_source", "source_id", "kind"),
)

# Sentence vectors of statements (float16 bytes), with the model that made them.
vectors = Table(
    "vectors", metadata,
    Column("statement_id", String(64), primary_key=True),
    Column("document_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("model", String(64), nullable=False),
    Column("dim", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Index("ix_vectors_document", "document_id"),
)

# Follow-up (migration 0005). Status changes and their evidence are append-only (SQLite
# triggers refuse UPDATE and DELETE): the table is its own audit log.
statuses = Table(
    "statuses", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ask_id", String(64), nullable=False),
    Column("status", String(32), nullable=False),
    Column("previous", String(32)),
    Column("date", String(10)),
    Column("author", Text, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("confidence", String(8), nullable=False),
    Column("method", String(64), nullable=False, default="human"),
    # Double coding (migration 0006): one coder's independent rating; null for the reconciled status.
    Column("coder", String(64)),
    Column("recorded_at", String(32), nullable=False),
    Index("ix_statuses_ask", "ask_id", "id"),
)

evidence = Table(
    "evidence", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("status_id", Integer, ForeignKey("statuses.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("quote", Text, nullable=False, default=""),
    Column("document_id", String(32)),
    Column("start_offset", Integer),
    Column("end_offset", Integer),
    Column("url", Text),
    Column("content_hash", String(64)),
    Column("event_id", String(200)),
    Index("ix_evidence_status", "status_id"),
)

# Instrument events entered by users (the registry's own events live in data/instruments.toml).
events = Table(
    "events", metadata,
    Column("id", String(200), primary_key=True),
    Column("instrument", String(100), nullable=False),
    Column("type", String(32), nullable=False),
    Column("date", String(10), nullable=False),
    Column("source", Text, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("author", Text, nullable=False),
    Column("recorded_at", String(32), nullable=False),
)

# Suggested statuses: computed by `rightstrack status suggest`, applied only when a person accepts.
suggestions = Table(
    "suggestions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ask_id", String(64), nullable=False),
    Column("status", String(32), nullable=False),
    Column("reason", Text, nullable=False),
    Column("method", String(64), nullable=False),
    Column("score", Float, nullable=False),
    Column("event_id", String(200)),
    Column("commitment_id", String(64)),
    Column("state", String(16), nullable=False, default="open"),  # open | accepted | rejected
    Column("decided_by", Text),
    Column("decided_at", String(32)),
    Index("ix_suggestions_ask", "ask_id"),
)

# Users (migration 0007). Passwords as argon2 hashes; session and API tokens as SHA-256.
users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(16), nullable=False),  # admin | editor | viewer
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", String(32), nullable=False),
)

sessions = Table(
    "sessions", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("expires_at", String(32), nullable=False),
)

api_tokens = Table(
    "api_tokens", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("label", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("revoked_at", String(32)),
)
