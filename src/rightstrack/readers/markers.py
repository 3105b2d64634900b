"""List markers shared by the text, PDF and HTML readers."""

from __future__ import annotations

import re

BULLETS = "•●○◦▪▫■□‣⁃∙·-*–—+\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8"
_BULLET = re.compile(rf"^([{re.escape(BULLETS)}])\s+(?=\S)")
_NUMBERED = re.compile(
    r"^(\(?)(\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,6})([.)])(?:\s+|(?=\s*$))")
_NESTED = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)\.?\s+(?=\S)")
_ROMAN = re.compile(r"^[ivxlc]+$", re.I)
# Word-processor private-use bullets normalised to one glyph.
_PRIVATE_BULLETS = str.maketrans({c: "•" for c in "\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8●▪■"})


def split_marker(line: str, prev_type: str = "") -> tuple[str, str, str] | None:
    """Return (marker, marker_type, rest) when the line starts with a list marker."""
    m = _BULLET.match(line)
    if m:
        glyph = m.group(1).translate(_PRIVATE_BULLETS)
        return glyph, f"bullet:{glyph}", line[m.end():]
    m = _NESTED.match(line)
    if m:
        return m.group(1), "decimal-nested", line[m.end():]
    m = _NUMBERED.match(line)
    if not m:
        return None
    opening, body, closing = m.groups()
    if opening and closing != ")":
        return None
    rest = line[m.end():]
    kind = _number_type(body, prev_type)
    if kind is None or (kind in ("alpha", "ALPHA") and closing == "." and not _looks_listy(rest)):
        return None
    style = f"{kind}{'()' if opening else closing}"
    return line[: m.end()].strip(), style, rest


def _number_type(body: str, prev_type: str) -> str | None:
    if body[0].isdigit():
        return "decimal"
    if _ROMAN.match(body) and not (len(body) == 1 and prev_type.startswith("alpha")):
        return "roman" if body.islower() else "ROMAN"
    if len(body) == 1:
        return "alpha" if body.islower() else "ALPHA"
    return None


def _looks_listy(rest: str) -> bool:
    # "A. Presentation of the report" is a list marker; "E. coli" is not.
    words = rest.split()
    return len(words) >= 2 and words[0][:1].isupper()


def normalise_bullets(text: str) -> str:
    return text.translate(_PRIVATE_BULLETS)
