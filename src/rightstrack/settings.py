"""One typed settings object: defaults, then a TOML file, then RIGHTSTRACK_* variables, then flags."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from .errors import SettingsError


def default_db_url() -> str:
    data_dir = Path(platformdirs.user_data_dir("rightstrack"))
    return f"sqlite:///{data_dir / 'rightstrack.db'}"


@dataclass(frozen=True)
class Settings:
    db: str = field(default_factory=default_db_url, metadata={"help": "database URL or SQLite path"})
    max_bytes: int = field(default=50_000_000, metadata={"help": "largest input accepted, in bytes"})
    fetch_timeout: float = field(default=20.0, metadata={"help": "seconds before a URL fetch gives up"})
    user_agent: str = field(default="rightstrack/0.1 (+https://github.com/rightstrack)",
                            metadata={"help": "User-Agent sent when fetching URLs"})
    fetch_allow: str = field(default="", metadata={
        "help": "hosts or addresses URL fetching may reach although they are private or loopback "
                "(comma-separated); all others of that kind are refused"})
    workers: int = field(default=1, metadata={
        "help": "processes that analyse documents in parallel (the main process writes)"})
    scheduler: str | None = field(default=None, metadata={
        "help": "address of a running Dask scheduler (tcp://host:8786) whose workers analyse the documents"})
    tag: bool = field(default=True, metadata={
        "help": "tag themes, countries, instruments and addressees while ingesting (else: rightstrack tag later)"})
    link: bool = field(default=True, metadata={
        "help": "after ingesting, link language versions and recommendations to commitments (else: rightstrack link)"})
    taxonomy: str | None = field(default=None, metadata={
        "help": "an extra theme taxonomy (TOML, same format as ours) whose themes add to or replace ours"})
    instruments: str | None = field(default=None, metadata={
        "help": "an extra instrument registry (TOML, same format as ours) whose entries add to or replace ours"})
    actors: str | None = field(default=None, metadata={
        "help": "an extra actor file (TOML, same format as our data/actors.toml) whose actors add to or replace "
                "ours: addressees and authors, e.g. your organisation under all its names"})
    countries: str | None = field(default=None, metadata={
        "help": "an extra country alias file (TOML, same format as our data/country_aliases.toml): its names "
                "add to ours and its traps replace ours, code by code; the lists of its `[language_names]` "
                "add to ours"})
    presidencies: str | None = field(default=None, metadata={
        "help": "an extra file of Council presidencies (TOML, same format as our data/presidencies.toml) whose "
                "terms and trios add to or replace ours: a term not yet in ours, the leaders a letter greets"})
    lang_dir: str | None = field(default=None, metadata={
        "help": "folder of extra language files (<code>.toml) that extend or override the bundled ones"})
    theme_model: str | None = field(default=None, metadata={
        "help": "a theme model from `rightstrack train-themes`; linking adds the themes it finds as tags"})
    public_read: bool = field(default=False, metadata={
        "help": "the web app and API may be read without signing in (writing always needs an editor)"})
    statuses: str = field(default="open,in-progress,partially-met,met,not-met,superseded,withdrawn", metadata={
        "help": "the follow-up statuses an ask can have, comma-separated, from least to most settled"})

    @property
    def status_list(self) -> tuple[str, ...]:
        return tuple(s.strip() for s in self.statuses.split(",") if s.strip())

    @property
    def db_url(self) -> str:
        """A plain path becomes a SQLite URL."""
        if "://" in self.db:
            return self.db
        return f"sqlite:///{Path(self.db).expanduser()}"


def _coerce(name: str, raw: Any) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    try:
        if kind == "bool":
            return raw if isinstance(raw, bool) else str(raw).strip().lower() in ("1", "true", "yes", "on")
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"setting {name}: {raw!r} is not a number") from exc
    return str(raw) if raw is not None else None


def load_settings(config: str | Path | None = None, **overrides: Any) -> Settings:
    """Build the settings once. `overrides` are flags; None means 'not given'."""
    values: dict[str, Any] = {}
    path = Path(config) if config else _default_config_path()
    if path and path.is_file():
        try:
            values.update(tomllib.loads(path.read_text("utf-8")).get("rightstrack", {}))
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{path}: not valid TOML ({exc})") from exc
    names = {f.name for f in fields(Settings)}
    for name in names:
        env = os.environ.get(f"RIGHTSTRACK_{name.upper()}")
        if env is not None:
            values[name] = env
    values.update({k: v for k, v in overrides.items() if v is not None})
    unknown = set(values) - names
    if unknown:
        raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    return replace(Settings(), **{k: _coerce(k, v) for k, v in values.items()})


def _default_config_path() -> Path | None:
    env = os.environ.get("RIGHTSTRACK_CONFIG")
    if env:
        return Path(env)
    return Path(platformdirs.user_config_dir("rightstrack")) / "config.toml"
