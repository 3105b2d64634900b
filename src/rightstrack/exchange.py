"""Export and import of the statements JSONL v1 format (docs/export-format.md)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from .errors import ImportFailed

FORMATS = ("jsonl", "json", "csv")
REQUIRED = ("id", "kind", "text", "document")
KINDS = ("recommendation", "commitment")
LIST_FIELDS = ("themes", "countries", "instruments", "addressees", "authors", "equivalents", "related", "events")
CSV_COLUMNS = ["id", "kind", "text", "parent", "position", "label", "language", "method", "score",
               "span_start", "span_end", "addressee_text", *LIST_FIELDS, "action_type", "ask", "cluster", "document_id",
               "document_source", "document_title", "document_language", "document_date",
               "document_author", "document_countries", "document_instruments", "document_authors"]


def write(records: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> int:
    """Write records in `fmt`; returns how many were written."""
    n = 0
    if fmt == "jsonl":
        for n, rec in enumerate(records, start=1):  # noqa: B007
            out.write(json.dumps(rec, ensure_ascii=False, sort_keys=False) + "\n")
    elif fmt == "json":
        out.write("[")
        for n, rec in enumerate(records, start=1):
            out.write(("\n" if n == 1 else ",\n") + json.dumps(rec, ensure_ascii=False))
        out.write("\n]\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for n, rec in enumerate(records, start=1):  # noqa: B007
            writer.writerow(_csv_row(rec))
    else:
        raise ValueError(f"unknown format {fmt}")
    return n


def _csv_row(rec: dict[str, Any]) -> dict[str, Any]:
    doc = rec["document"]
    span = rec.get("span") or [None, None]
    row = {k: rec.get(k) for k in ("id", "kind", "text", "parent", "position", "label", "language",
                                   "method", "score", "addressee_text", "action_type", "ask", "cluster")}
    row.update({k: ";".join(rec.get(k) or []) for k in LIST_FIELDS})
    row.update({"span_start": span[0], "span_end": span[1], "document_id": doc["id"],
                "document_source": doc.get("source"), "document_title": doc.get("title"),
                "document_language": doc.get("language"), "document_date": doc.get("date"),
                "document_author": doc.get("author"),
                "document_countries": ";".join(doc.get("countries") or []),
                "document_instruments": ";".join(doc.get("instruments") or []),
                "document_authors": ";".join(doc.get("authors") or [])})
    return row


def read(path: str | Path) -> list[dict[str, Any]]:
    """Read and check a JSONL (or JSON array) export; any bad record stops the import
    before anything is written."""
    path = Path(path)
    try:
        raw = path.read_text("utf-8")
    except FileNotFoundError as exc:
        raise ImportFailed(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFailed(f"{path}: cannot be read as UTF-8 text ({exc})") from exc
    records = list(_parse(raw, path))
    for line, rec in records:
        _check(rec, path, line)
    return [rec for _, rec in records]


def _parse(raw: str, path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    if raw.lstrip().startswith("["):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ImportFailed(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from exc
        yield from ((n, rec) for n, rec in enumerate(data, start=1))
        return
    for n, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportFailed(f"{path}:{n}: not valid JSON ({exc.msg})") from exc


def _check(rec: Any, path: Path, line: int) -> None:
    where = f"{path}:{line}"
    if not isinstance(rec, dict):
        raise ImportFailed(f"{where}: expected a JSON object per line")
    missing = [k for k in REQUIRED if k not in rec]
    if missing:
        raise ImportFailed(f"{where}: missing field(s) {', '.join(missing)}")
    if rec["kind"] not in KINDS:
        raise ImportFailed(f"{where}: kind must be recommendation or commitment, not {rec['kind']!r}")
    if not isinstance(rec["document"], dict) or "id" not in rec["document"]:
        raise ImportFailed(f"{where}: document must be an object with an id")
    for k in LIST_FIELDS:
        if rec.get(k) is not None and not isinstance(rec[k], list):
            raise ImportFailed(f"{where}: {k} must be a list")
    try:  # JSON may escape half of a UTF-16 pair ("\ud800"), which no database stores as text
        json.dumps(rec, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ImportFailed(f"{where}: holds an unpaired surrogate escape such as \\ud800, which is not text; "
                           "fix or drop that character in the file") from exc
