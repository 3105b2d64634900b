"""Linking speed: embed N statements and link them (versions + related), against the raw encoder.

usage: python bench/link.py [-n 2000]
Generates letters of asks with bench/ingest.py's templates and, for every second letter, a
government programme of commitments ("The Presidency will ..."), so that every step has work:
recurrence (the templates repeat asks), related commitments, and version candidates. Ingests
without linking, then times rightstrack.link() and the encoder alone on the same statements."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import rightstrack
from rightstrack import embed, linking

sys.path.insert(0, str(Path(__file__).parent))
from ingest import ACTORS, OBJECTS, VERBS, generate


def programmes(folder: Path, n: int) -> None:
    """n programmes of 30 commitments each, one paragraph per commitment."""
    import random

    for i in range(n):
        rng = random.Random(-i)
        lines = [f"# Programme of the Presidency {i}", ""]
        for _ in range(30):
            lines += [f"The Presidency will {rng.choice(VERBS).lower()} {rng.choice(OBJECTS)} together with "
                      f"{rng.choice(ACTORS)} by {rng.randint(2025, 2030)}.", ""]
        (folder / f"programme{i:06d}.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=200, help="letters of 31 asks (plus n/2 programmes)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        generate(folder, a.n, ["text", "markdown"])
        programmes(folder, a.n // 2)
        settings = rightstrack.load_settings(db=str(Path(tmp) / "b.db"), link=False)
        store = rightstrack.open_store(settings=settings)
        rightstrack.ingest([str(folder)], store=store, settings=settings)
        texts = [t for _, _, t in store.statements_without_vectors(embed.default().name)]
        embed.default().encode(texts[:8])  # warm
        t0 = time.perf_counter()
        embed.default().encode(texts)
        raw = time.perf_counter() - t0
        t0 = time.perf_counter()
        phases: dict[str, float] = {}
        counts = linking.run(store, timings=phases)
        total = time.perf_counter() - t0
        store.close()
    print(f"statements       {len(texts)}")
    print(f"raw encoder      {len(texts) / raw:.0f} sentences/s")
    print(f"link (embed+store+versions+related) {total:.2f} s, {len(texts) / total:.0f} statements/s "
          f"({total / raw:.2f}x the raw encoder); {counts}")
    print(f"embedding step   {len(texts) / phases['embed']:.0f} sentences/s, encode + store vectors "
          f"({phases['embed'] / raw:.2f}x the raw encoder)")
    print("phases           " + ", ".join(f"{k} {v:.1f} s" for k, v in phases.items()))


if __name__ == "__main__":
    main()
