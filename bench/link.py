"""Linking speed: embed N statements and link them (versions + related), against the raw encoder.

usage: python bench/link.py [-n 2000]
Generates documents with bench/ingest.py's templates (English and a Dutch rendering of half of
them, so there are language versions to find), ingests without linking, then times
rightstrack.link() and the encoder alone on the same statements."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import rightstrack
from rightstrack import embed

sys.path.insert(0, str(Path(__file__).parent))
from ingest import generate


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=200, help="documents (about 31 statements each)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        generate(folder, a.n, ["text", "markdown"])
        settings = rightstrack.load_settings(db=str(Path(tmp) / "b.db"), link=False)
        store = rightstrack.open_store(settings=settings)
        rightstrack.ingest([str(folder)], store=store, settings=settings)
        texts = [t for _, _, t in store.statements_without_vectors(embed.default().name)]
        embed.default().encode(texts[:8])  # warm
        t0 = time.perf_counter()
        embed.default().encode(texts)
        raw = time.perf_counter() - t0
        t0 = time.perf_counter()
        counts = rightstrack.link(store, settings)
        total = time.perf_counter() - t0
        store.close()
    print(f"statements       {len(texts)}")
    print(f"raw encoder      {len(texts) / raw:.0f} sentences/s")
    print(f"link (embed+store+versions+related) {total:.2f} s, {len(texts) / total:.0f} statements/s "
          f"({total / raw:.2f}x the raw encoder); {counts}")


if __name__ == "__main__":
    main()
