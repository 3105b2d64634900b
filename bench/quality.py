"""Quality gate figures: ingest a gold set's documents, export, and score with the shared scorer.

usage: python bench/quality.py [seeds|upr-dev] [--shared ../shared] [--json]
Prints the scorer's report. Documents come from ../shared/corpus/seeds (seeds) or
../shared/datasets/upr-info-2008-2014/wg_reports_txt (upr-dev)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import rightstrack


def gold_inputs(shared: Path, gold: str) -> list[str]:
    docs = [json.loads(line)["doc"] for line in (shared / "corpus/gold" / f"{gold}.documents.jsonl").open()]
    folder = shared / ("corpus/seeds" if gold == "seeds" else "datasets/upr-info-2008-2014/wg_reports_txt")
    return [str(folder / d) for d in docs]


def score(shared: Path, gold: str, as_json: bool = False) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        store = rightstrack.open_store(f"{tmp}/q.db")
        t0 = time.perf_counter()
        summary = rightstrack.ingest(gold_inputs(shared, gold), store=store)
        elapsed = time.perf_counter() - t0
        if summary.failed:
            raise SystemExit("; ".join(o.error or "" for o in summary.failed))
        rightstrack.export(store, f"{tmp}/export.jsonl")
        args = [sys.executable, str(shared / "tools/score_statements.py"), f"{tmp}/export.jsonl",
                str(shared / "corpus/gold" / gold)] + (["--json"] if as_json else [])
        report = subprocess.run(args, capture_output=True, text=True, check=True).stdout
        store.close()
    return report if as_json else f"{report}\n{len(summary.outcomes)} documents in {elapsed:.2f} s"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="?", default="seeds", choices=["seeds", "upr-dev"])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    print(score(Path(a.shared), a.gold, a.json))


if __name__ == "__main__":
    main()
