"""Bytes to text without silent mojibake."""

from __future__ import annotations

import codecs
import contextlib
import re

from charset_normalizer import from_bytes

from ..errors import DecodeFailed

# Legacy single-byte encodings seen in advocacy archives, in order of preference.
LEGACY = ("cp1252", "mac_roman", "latin_1")
# Characters that are letters or typography in Western European text.
_PLAUSIBLE = re.compile(r"[\sA-Za-z0-9.,;:!?'\"()\[\]/%&@#*+=<>_\-–—‘’‚“”„…€£§°«»·•À-ÖØ-öø-ÿŒœŠšŽžŸ]")
_UPPER_IN_WORD = re.compile(r"(?<=[a-zà-ÿ])[À-ÖØ-Þ](?=[a-zà-ÿ])")


def _plausibility(text: str) -> float:
    """Share of characters that belong in Western European prose, with a penalty for
    upper-case accented letters inside lower-case words (the mark of a wrong code page)."""
    if not text:
        return 0.0
    ok = len(_PLAUSIBLE.findall(text))
    bad_case = len(_UPPER_IN_WORD.findall(text))
    return (ok - 5 * bad_case) / len(text)


def decode(data: bytes, name: str = "input") -> str:
    """Decode bytes: BOMs first, then strict UTF-8, UTF-16 without BOM, then the most
    plausible legacy code page. Raises DecodeFailed rather than guess badly."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc)
            except UnicodeDecodeError as exc:
                raise DecodeFailed(f"{name}: starts with a {enc} mark but is not {enc}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if data[:200].count(b"\x00") > 20:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _plausibility(text[:2000]) > 0.9:
                return text
    return _decode_legacy(data, name)


def _decode_legacy(data: bytes, name: str) -> str:
    candidates = {enc: data.decode(enc, errors="strict") for enc in LEGACY if _decodes(data, enc)}
    guess = from_bytes(data).best()
    if guess is not None and guess.encoding not in candidates:
        with contextlib.suppress(UnicodeDecodeError, LookupError):
            candidates[guess.encoding] = str(guess)
    scored = sorted(((round(_plausibility(t), 4), -i, enc, t) for i, (enc, t) in
                     enumerate(candidates.items())), reverse=True)
    if not scored or scored[0][0] < 0.97:
        raise DecodeFailed(f"{name}: cannot tell its text encoding (not UTF-8, UTF-16, "
                           "cp1252, latin-1 or Mac Roman); save it as UTF-8")
    return scored[0][3]


def _decodes(data: bytes, enc: str) -> bool:
    try:
        data.decode(enc)
    except UnicodeDecodeError:
        return False
    return True


def clean_chars(text: str) -> str:
    """One-for-one replacements that keep offsets: odd spaces to spaces, CR to LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_SPACES)


_SPACES = str.maketrans({c: " " for c in "\u00a0\u2007\u2009\u200a\u202f\u3000\t"})
