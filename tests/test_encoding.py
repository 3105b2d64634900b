import codecs

import pytest

from rightstrack.errors import DecodeFailed
from rightstrack.readers.encoding import decode

TEXT = "Le Conseil doit garantir l’accès à l’asile — “sans délai” pour 10 €, déjà."


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    TEXT.encode("utf-16-le"),
    TEXT.encode("cp1252"),
])
def test_unicode_and_windows_encodings_round_trip(data):
    assert decode(data) == TEXT


def test_latin1_and_mac_roman_are_told_apart():
    plain = "Les États membres doivent protéger les défenseurs des droits humains à l'étranger."
    assert decode(plain.encode("latin-1")) == plain
    mac = "Don’t let the Council’s “pact” weaken the rights of refugees in Zürich, Genève and Málaga."
    assert decode(mac.encode("mac_roman")) == mac


def test_binary_noise_is_refused_not_turned_into_mojibake():
    noise = bytes(range(128, 256)) * 20 + b"\x00\x01\x02\x03" * 50
    with pytest.raises(DecodeFailed, match="encoding"):
        decode(noise, "noise.txt")
