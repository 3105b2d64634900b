"""One reader per input format, registered in one mapping. Adding a format is one module
and one line in READERS."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import PurePosixPath

from ..errors import EmptyDocument, UnsupportedFormat
from .base import Parsed, Raw

# format -> "module:function"; modules load on first use (HTML, PDF and DOCX parsers are
# heavy to import, and most runs need one or two of them).
READERS: dict[str, str] = {
    "text": "text:read",
    "markdown": "text:read_markdown",
    "html": "html:read",
    "pdf": "pdf:read",
    "docx": "docx:read",
}


def reader(fmt: str) -> Callable[[Raw], Parsed]:
    module, func = READERS[fmt].split(":")
    return getattr(importlib.import_module(f".{module}", __name__), func)
EXTENSIONS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
              ".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf", ".docx": "docx"}
CONTENT_TYPES = {"text/plain": "text", "text/markdown": "markdown", "text/html": "html",
                 "application/xhtml+xml": "html", "application/pdf": "pdf",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx"}


def detect_format(raw: Raw) -> str:
    """Sniff the bytes first (a server or a file name can lie), then type, then extension."""
    head = raw.data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in raw.data[:65536] or raw.name.lower().endswith(".docx"):
            return "docx"
        raise UnsupportedFormat(f"{raw.source}: a ZIP archive that is not a DOCX document")
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered or b"<body" in lowered:
        return "html"
    ctype = (raw.content_type or "").split(";")[0].strip().lower()
    if ctype in CONTENT_TYPES:
        return CONTENT_TYPES[ctype]
    ext = PurePosixPath(raw.name.lower()).suffix
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    if b"\x00" in raw.data[:512] and not raw.data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFormat(f"{raw.source}: binary content of an unsupported type")
    if not ext:
        return "text"
    raise UnsupportedFormat(f"{raw.source}: unsupported format '{ext}' "
                            f"(supported: {', '.join(sorted(EXTENSIONS))})")


def read(raw: Raw) -> tuple[str, Parsed]:
    if not raw.data.strip():
        raise EmptyDocument(f"{raw.source}: the file is empty")
    fmt = detect_format(raw)
    parsed = reader(fmt)(raw)
    if not parsed.blocks:
        raise EmptyDocument(f"{raw.source}: no text found in this {fmt} document")
    return fmt, parsed


__all__ = ["EXTENSIONS", "READERS", "Parsed", "Raw", "detect_format", "read", "reader"]
