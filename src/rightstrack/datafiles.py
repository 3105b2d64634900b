"""Data files users can extend: our file, then a user's file of the same format whose
entries (matched by id) are added or replace ours."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .errors import SettingsError

T = TypeVar("T")


def load_entries(ours: Path, extra: str | None, table: str, what: str, build: Callable[[dict], T]) -> dict[str, T]:
    """Entries of `table` ([[table]] arrays) by id, built with `build`."""
    out: dict[str, T] = {}
    for path in filter(None, (ours, Path(extra) if extra else None)):
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"{what} {path}: cannot be read ({exc})") from exc
        for entry in data.get(table, []):
            try:
                out[entry["id"]] = build(entry)
            except KeyError as exc:
                raise SettingsError(f"{what} {path}: an entry lacks {exc}") from exc
            except ValueError as exc:  # what `build` found wrong in an entry
                raise SettingsError(f"{what} {path}: {exc}") from exc
    return out
