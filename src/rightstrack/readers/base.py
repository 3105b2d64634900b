"""What every reader returns, and a helper that builds normalised text with offsets."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Block


@dataclass
class Raw:
    """Input bytes and where they came from."""

    source: str
    data: bytes
    content_type: str | None = None

    @property
    def name(self) -> str:
        return self.source.rstrip("/").rsplit("/", 1)[-1] or self.source


@dataclass
class Parsed:
    """A reader's result: normalised text, blocks with offsets into it, and metadata."""

    text: str
    blocks: list[Block]
    meta: dict[str, str] = field(default_factory=dict)


class TextBuilder:
    """Concatenate blocks into one text, recording where each block's text lies."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[Block] = []

    def add(self, kind: str, text: str, *, depth: int = 0, marker: str = "",
            marker_type: str = "", indent: int = 0, level: int = 0) -> None:
        text = " ".join(text.split())
        if not text:
            return
        prefix = "  " * depth + (marker + " " if marker else "")
        if self.parts:
            self._write("\n\n" if kind != "item" or self.blocks[-1].kind != "item" else "\n")
        self._write(prefix)
        start = self.length
        self._write(text)
        self.blocks.append(Block(kind=kind, text=text, start=start, end=self.length, depth=depth,
                                 marker=marker, marker_type=marker_type, indent=indent,
                                 level=level))  # type: ignore[arg-type]

    def _write(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def result(self, meta: dict[str, str] | None = None) -> Parsed:
        return Parsed("".join(self.parts), self.blocks, meta or {})
