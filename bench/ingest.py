"""Ingest throughput and memory: generate N documents (~8 KB each, own templates, mixed
formats), then time parse + extract + store through the library API.

usage: python bench/ingest.py [-n 2000] [--formats text,markdown,html] [--keep DIR]
       python bench/ingest.py --from ../shared/datasets/upr-info-2008-2014/wg_reports_txt
       python bench/ingest.py -n 600 --tag-overhead 8   # what tagging adds, rounds interleaved
       python bench/ingest.py --from ../shared/corpus/seeds --copies 60 --tag-overhead 8
Prints documents/s, statements/s, time per step and peak RSS. Generation is not timed;
documents are read from disk in groups of 16 (the corpus is never held in memory). --from
ingests an existing folder instead (the 262 UN reports of the shared datasets are real
documents with ~70 KB of prose and ~150 recommendations each)."""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

import rightstrack
import rightstrack.store

ACTORS = ["the Council", "the Commission", "member states", "the Presidency", "the European Parliament"]
VERBS = ["Ratify", "Adopt", "Ensure", "Strengthen", "Guarantee", "Protect", "Fund", "Publish", "End", "Review"]
OBJECTS = ["the right to asylum at every border", "independent monitoring of detention", "shelters for women",
           "the protection of human rights defenders", "civic space in the Union", "a ban on spyware exports",
           "effective remedies against return decisions", "the rights of children in migration",
           "access to justice for victims of discrimination", "transparency in the use of AI by police"]
FILLER = ("The situation of human rights in the Union has changed over the past year, and the evidence "
          "gathered by our researchers in {n} countries shows a consistent pattern of concern. ")


def _asks(rng: random.Random, n: int) -> list[str]:
    return [f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} within {rng.randint(2, 36)} months, and report "
            f"to {rng.choice(ACTORS)} on progress made in case {rng.randint(1, 10**6)}." for _ in range(n)]


def document(i: int, fmt: str) -> tuple[str, str]:
    """One ~8 KB document in `fmt`: a letter with intro prose, nested asks and a closing."""
    rng = random.Random(i)
    intro = " ".join(FILLER.format(n=rng.randint(3, 27)) for _ in range(22))
    asks = _asks(rng, 30)
    para_ask = f"We also call on {rng.choice(ACTORS)} to {rng.choice(VERBS).lower()} {rng.choice(OBJECTS)}."
    if fmt == "html":
        items = "".join(f"<li>{a}<ul><li>{b}</li></ul></li>" for a, b in zip(asks[::2], asks[1::2], strict=True))
        body = (f"<html><head><title>Letter {i}</title></head><body><nav><a href='/'>Home</a></nav><main>"
                f"<h1>Recommendations {i}</h1><p>{intro}</p><p>We urge the Council to:</p><ul>{items}</ul>"
                f"<p>{para_ask}</p></main><footer>Contact us</footer></body></html>")
        return body, ".html"
    marker = "-" if fmt == "markdown" else "•"
    lines = [f"{'# ' if fmt == 'markdown' else ''}Recommendations {i}", "", intro, "", "We urge the Council to:", ""]
    for a, b in zip(asks[::2], asks[1::2], strict=True):
        lines += [f"{marker} {a}", f"    {marker} {b}"]
    lines += ["", para_ask, "", "Yours sincerely,", "", "The Rights Coalition"]
    return "\n".join(lines) + "\n", ".md" if fmt == "markdown" else ".txt"


def synthetic_vectors(store: rightstrack.store.Store, chunk_size: int = 50_000) -> int:
    """Give every statement without one a vector: real sentence vectors of 300 asks plus noise
    (encoding hundreds of thousands of statements would take hours; bench/link.py measures
    that). Returns how many were stored."""
    import numpy as np

    from rightstrack import embed

    encoder = embed.default()
    rows = store.statements_without_vectors(encoder.name)
    base = encoder.encode([t for _, _, t in random.Random(1).sample(rows, 300)])
    rng = np.random.default_rng(1)
    for start in range(0, len(rows), chunk_size):
        chunk = rows[start:start + chunk_size]
        noisy = base[rng.integers(len(base), size=len(chunk))] + 0.04 * rng.standard_normal((len(chunk), 512))
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        store.save_vectors(encoder.name, [(sid, did, embed.to_bytes(v)) for (sid, did, _), v in
                                          zip(chunk, noisy, strict=True)], encoder.dim)
    return len(rows)


def copies(folder: Path, n: int, tmp: Path) -> Path:
    """`folder` itself, or a folder holding n copies of each of its files under other names
    (another source is another document, so each copy is ingested)."""
    if n == 1:
        return folder
    out = tmp / "copies"
    out.mkdir()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        for k in range(n):
            (out / f"{k:04d}_{path.name}").write_bytes(path.read_bytes())
    return out


def generate(folder: Path, n: int, formats: list[str]) -> int:
    total = 0
    for i in range(n):
        text, ext = document(i, formats[i % len(formats)])
        path = folder / f"doc{i:06d}{ext}"
        path.write_text(text, encoding="utf-8")
        total += path.stat().st_size
    return total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--formats", default="text,markdown,html")
    ap.add_argument("--keep", help="generate into this folder and keep it")
    ap.add_argument("--workers", type=int, default=1, help="analysis processes (the main process writes)")
    ap.add_argument("--no-tag", action="store_true", help="leave tagging out (to measure what it costs)")
    ap.add_argument("--from", dest="source", help="ingest this folder instead of generated documents")
    ap.add_argument("--copies", type=int, default=1, help="with --from: ingest each file this many times, under "
                    "other names (the five seed letters are too few to time)")
    ap.add_argument("--link", action="store_true", help="link after ingesting (embedding included; in the "
                    "workers with --workers)")
    ap.add_argument("--tag-overhead", type=int, metavar="ROUNDS", help="ingest the same documents ROUNDS "
                    "times without and with tagging, one after the other in this process, and print what "
                    "tagging adds in each round and the median (this machine's speed drifts between runs)")
    a = ap.parse_args()
    if a.tag_overhead is not None and a.tag_overhead < 1:
        ap.error("--tag-overhead: at least 1 round")
    if a.copies < 1 or (a.copies > 1 and not a.source):
        ap.error("--copies: at least 1, and only with --from")
    if a.tag_overhead:
        tag_overhead(a)
        return
    with tempfile.TemporaryDirectory() as tmp:
        if a.source:
            folder = copies(Path(a.source), a.copies, Path(tmp))
            size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
            a.formats = f"files of {a.source}" + (f", {a.copies} copies each" if a.copies > 1 else "")
        else:
            folder = Path(a.keep or tmp) / "corpus"
            folder.mkdir(parents=True, exist_ok=True)
            size = generate(folder, a.n, a.formats.split(","))
        store = rightstrack.open_store(str(Path(tmp) / "bench.db"))
        rightstrack.read_document(next(folder.iterdir()).read_bytes(), source="warm.txt")  # load models once
        t0 = time.perf_counter()
        settings = rightstrack.load_settings(db=str(Path(tmp) / "bench.db"), workers=a.workers, tag=not a.no_tag,
                                              link=a.link)  # linking itself is measured by bench/link.py
        summary = rightstrack.ingest([str(folder)], store=store, settings=settings)
        elapsed = time.perf_counter() - t0
        stats = store.stats()
        store.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    n = len(summary.outcomes)
    print(f"documents        {n} ({a.formats}), {size / n / 1024:.1f} KB each on average, workers {a.workers}, "
          f"tagging {'off' if a.no_tag else 'on'}, linking {'on' if a.link else 'off'}")
    print(f"failed           {len(summary.failed)}")
    print(f"statements       {stats['statements']}")
    print(f"elapsed          {elapsed:.2f} s")
    print(f"throughput       {n / elapsed:.1f} documents/s, {stats['statements'] / elapsed:.0f} statements/s")
    print("per step         " + ", ".join(f"{k} {v / n * 1000:.2f} ms" for k, v in summary.timings.items()))
    workers = f", {child_mb:.0f} MB (largest worker)" if a.workers > 1 else ""
    print(f"peak RSS         {peak_mb:.0f} MB (writer){workers}")



def tag_overhead(a: argparse.Namespace) -> None:
    import statistics

    with tempfile.TemporaryDirectory() as tmp:
        folder = copies(Path(a.source), a.copies, Path(tmp)) if a.source else Path(tmp) / "corpus"
        if not a.source:
            folder.mkdir()
            generate(folder, a.n, a.formats.split(","))
        rightstrack.read_document(next(folder.iterdir()).read_bytes(), source="warm.txt")
        added, best = [], [float("inf"), float("inf")]
        for r in range(a.tag_overhead):
            times = []
            for tag in (False, True):
                db = str(Path(tmp) / f"r{r}{tag}.db")
                store = rightstrack.open_store(db)
                t0 = time.perf_counter()
                rightstrack.ingest([str(folder)], store=store, settings=rightstrack.load_settings(
                    db=db, tag=tag, link=a.link, workers=a.workers))
                times.append(time.perf_counter() - t0)
                store.close()
            added.append(times[1] / times[0] - 1)
            best = [min(b, t) for b, t in zip(best, times, strict=True)]
            print(f"round {r + 1}: {times[0]:.2f} s without tagging, {times[1]:.2f} s with: {added[-1]:+.0%}")
    print(f"tagging adds {statistics.median(added):+.0%} (median of {len(added)} rounds; "
          f"{min(added):+.0%} to {max(added):+.0%}); fastest rounds {best[0]:.2f} s and {best[1]:.2f} s: "
          f"{best[1] / best[0] - 1:+.0%}")


if __name__ == "__main__":
    main()
