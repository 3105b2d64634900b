"""Data files users can extend: our file, then a user's file of the same format whose
entries (matched by id) are added or replace ours."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .errors import SettingsError

T = TypeVar("T")


def table(entry: dict, key: str, kind: str) -> dict:
    """An entry's table `key` (names by language, cues by language); empty when absent. A
    value of another type is a ValueError naming the entry, which load_entries reports."""
    value = entry.get(key, {})
    if not isinstance(value, dict):
        raise ValueError(f"{kind} {entry.get('id')}: {key} must be a table, not {value!r}")
    return value


def read_toml(path: Path, what: str) -> dict:
    """A data file's TOML; one SettingsError naming it when it cannot be read (missing, not
    UTF-8, not TOML)."""
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{what} {path}: cannot be read ({exc})") from exc


def load_entries(ours: Path, extra: str | None, table: str, what: str, build: Callable[[dict], T]) -> dict[str, T]:
    """Entries of `table` ([[table]] arrays) by id, built with `build`. A user's file must
    hold at least one."""
    out: dict[str, T] = {}
    for path in filter(None, (ours, Path(extra) if extra else None)):
        entries = read_toml(path, what).get(table, [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise SettingsError(f"{what} {path}: {table} must be [[{table}]] tables")
        if not entries and path != ours:
            raise SettingsError(f"{what} {path}: no [[{table}]] entries")
        for entry in entries:
            try:
                out[entry["id"]] = build(entry)
            except KeyError as exc:
                raise SettingsError(f"{what} {path}: an entry lacks {exc}") from exc
            except (ValueError, TypeError) as exc:  # what `build` found wrong in an entry
                raise SettingsError(f"{what} {path}: {exc}") from exc
    return out
