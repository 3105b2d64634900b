"""Shared dataclasses: the contract between pipeline steps.

Offsets (`start`, `end`) are character offsets into `Document.text`, the normalised text
the reader produced. Every automatic result records the `method` that made it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "item", "footnote"]
StatementKind = Literal["recommendation", "commitment"]


@dataclass
class Block:
    """One structural unit of a document: a heading, a paragraph, a list item or a footnote."""

    kind: BlockKind
    text: str
    start: int
    end: int
    depth: int = 0  # list nesting, 0 for top-level items and for non-items
    marker: str = ""  # the list marker as written: "•", "1.", "a)", "(ii)"
    marker_type: str = ""  # bullet:• | decimal | alpha | ALPHA | roman | ROMAN
    indent: int = 0  # leading whitespace (text), x-position (PDF) or level (DOCX)
    level: int = 0  # heading level (1 = top)
    language: str | None = None
    parent: int | None = None  # index of the parent item for nested items


@dataclass
class Statement:
    """A recommendation or commitment found in a document, with its exact source span."""

    id: str
    kind: StatementKind
    text: str
    start: int
    end: int
    method: str
    score: float = 1.0
    parent: str | None = None
    position: int = 0
    block: int | None = None
    addressee_text: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    label: str | None = None  # the document's own number for it, e.g. "101.2"


@dataclass
class Tag:
    """A theme, country, instrument or addressee on a statement (by index) or on the
    document (statement None), with the evidence that made it."""

    statement: int | None
    field: str  # themes | countries | instruments | addressees
    value: str
    method: str
    score: float
    evidence: dict = field(default_factory=dict)


@dataclass
class StatementVectors:
    """Sentence vectors of a document's statements, in order: the model's name and size and
    one float16 vector (bytes) per statement."""

    model: str
    dim: int
    data: list[bytes]


@dataclass
class Document:
    """A document read from one source, with its blocks and, after extraction, statements."""

    source: str
    content_hash: str
    format: str
    text: str
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    date: str | None = None
    author: str | None = None
    language: str | None = None
    content_type: str | None = None
    statements: list[Statement] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    stored_id: str | None = None  # the id a store gave it (documents imported without their bytes)
    vectors: StatementVectors | None = None  # made by a worker of a parallel ingest, stored with it

    @property
    def id(self) -> str:
        """Stable id: the same bytes from the same source always get the same id."""
        if self.stored_id:
            return self.stored_id
        return hashlib.sha256(f"{self.source}\n{self.content_hash}".encode()).hexdigest()[:16]


@dataclass
class Evidence:
    """What proves a status: a quoted passage of a stored document (with offsets), of a web
    page (with the hash of the page as fetched), or an instrument event."""

    kind: Literal["document", "url", "event"]
    quote: str = ""
    document_id: str | None = None
    start: int | None = None
    end: int | None = None
    url: str | None = None
    content_hash: str | None = None
    event_id: str | None = None


@dataclass
class StatusChange:
    """One assessment of an ask (shared by its language versions). Changes are appended,
    never edited: `previous` is the status it replaced."""

    ask: str
    status: str
    author: str
    note: str = ""
    confidence: Literal["low", "medium", "high"] = "medium"
    date: str | None = None  # when the assessment holds from (ISO date)
    evidence: list[Evidence] = field(default_factory=list)
    previous: str | None = None
    method: str = "human"  # or the suggestion that a person accepted: suggest.rubric.v1
    recorded_at: str | None = None
    id: int | None = None
    coder: str | None = None  # double coding: whose independent rating; None for the reconciled status
