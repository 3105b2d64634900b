"""Plain text and Markdown: bullets, numbering, indentation, headings, footnotes."""

from __future__ import annotations

import re

from ..model import Block
from .base import Parsed, Raw
from .encoding import clean_chars, decode
from .markers import split_marker

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FOOTNOTE = re.compile(r"^(\[\d{1,3}\]|\*{1,3}(?=\s)|\^\d)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_END = tuple(".:;!?")


def read(raw: Raw) -> Parsed:
    return parse(clean_chars(decode(raw.data, raw.name)), markdown=False)


def read_markdown(raw: Raw) -> Parsed:
    return parse(clean_chars(decode(raw.data, raw.name)), markdown=True)


def parse(text: str, markdown: bool = False) -> Parsed:
    """Turn lines into blocks whose offsets point into `text` itself."""
    blocks: list[Block] = []
    lines = _lines(text)
    prev_blank = True
    for i, (start, line) in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            prev_blank = True
            continue
        indent = len(line) - len(line.lstrip())
        lead = start + indent
        block = _line_block(stripped, lead, indent, markdown, blocks, prev_blank)
        if block is None:  # continuation of the previous block
            last = blocks[-1]
            if not last.text:
                last.start = lead
            last.end = lead + len(stripped)
            last.text = f"{last.text} {stripped}".strip()
        else:
            if block.kind == "paragraph" and _is_heading(stripped, lines, i, prev_blank):
                block.kind = "heading"
            blocks.append(block)
        prev_blank = False
    _merge_bare_markers(blocks)
    if markdown:
        for b in blocks:
            b.text = _MD_EMPHASIS.sub(r"\2", b.text)
    return Parsed(text, blocks)


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _line_block(s: str, lead: int, indent: int, markdown: bool, blocks: list[Block],
                prev_blank: bool) -> Block | None:
    if markdown and (m := _MD_HEADING.match(s)):
        off = s.index(m.group(2)) if m.group(2) else 0
        return Block("heading", m.group(2), lead + off, lead + len(s), level=len(m.group(1)))
    if _FOOTNOTE.match(s):
        return Block("footnote", s, lead, lead + len(s))
    prev_type = blocks[-1].marker_type if blocks and blocks[-1].kind == "item" else ""
    found = split_marker(s, prev_type)
    if found:
        marker, mtype, rest = found
        off = len(s) - len(rest)
        return Block("item", rest.strip(), lead + off, lead + len(s), marker=marker,
                     marker_type=mtype, indent=indent)
    if blocks and not prev_blank and _continues(blocks[-1], s):
        return None
    return Block("paragraph", s, lead, lead + len(s), indent=indent)


def _continues(prev: Block, s: str) -> bool:
    """A line without a blank line before it continues the previous block when that
    block stopped mid-sentence or this line starts in lower case."""
    if prev.kind == "heading":
        return False
    if prev.kind == "item" and not prev.text:
        return True
    return s[0].islower() or (len(prev.text) >= 50 and not prev.text.endswith(_END))


def _is_heading(s: str, lines: list[tuple[int, str]], i: int, prev_blank: bool) -> bool:
    """A short line standing alone without closing punctuation reads as a heading."""
    if len(s.split()) > 20 or s.endswith((*_END, ",")) or not (s[0].isupper() or s[0].isdigit()):
        return False
    nxt = lines[i + 1][1].strip() if i + 1 < len(lines) else ""
    return prev_blank or not nxt or len(s.split()) <= 6


def _merge_bare_markers(blocks: list[Block]) -> None:
    """'1.' alone on a line, its text on the next (common in PDF-to-text output)."""
    i = 0
    while i < len(blocks) - 1:
        b, nxt = blocks[i], blocks[i + 1]
        if b.kind == "item" and not b.text and nxt.kind in ("paragraph", "heading"):
            b.text, b.start, b.end = nxt.text, nxt.start, nxt.end
            del blocks[i + 1]
        i += 1
    blocks[:] = [b for b in blocks if b.text]
