"""Slovenia's UPR recommendations as OHCHR's Universal Human Rights Index labelled them
(cycles 2-4): extraction from the three Working Group reports against the thematic lists,
recommending States, and themes through the taxonomy's `uhri` correspondences.

usage: python bench/slovenia.py [--shared ../shared]
Extraction: every listed recommendation (whitespace normalised, the recommending States in
parentheses left out) must be found in one extracted statement; precision counts extracted
recommendations that match no listed one. Themes: each recommendation's UHRI themes are
mapped to our theme ids; recommendations with no mapped theme are left out; micro and macro
F1 of the themes Rights Track tagged on the matched statement."""

from __future__ import annotations

import argparse
import csv
import re
import tempfile
from collections import Counter
from pathlib import Path

import rightstrack
from rightstrack import themes

REPORTS = {"2": "cycle2_A_HRC_28_15_Working_Group_Report.md", "3": "cycle3_A_HRC_43_15_Working_Group_Report.md",
           "4": "cycle4_A_HRC_59_15_Working_Group_Report.md"}


def norm(text: str) -> str:
    text = re.sub(r"\s*\((?:[^()]*)\)\s*[;.]?\s*$", "", text)  # the recommending States
    return re.sub(r"\W+", " ", text).strip().lower()


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def measure(shared: Path) -> dict[str, float]:
    base = shared / "datasets/ohchr-upr-thematic-lists-slovenia"
    gold = list(csv.DictReader((base / "slovenia_upr_thematic_list_recommendations.csv").open(encoding="utf-8")))
    mapping: dict[str, set[str]] = {}
    for theme in themes.taxonomy().values():
        for label in theme.uhri:
            mapping.setdefault(label.lower(), set()).add(theme.id)
    with tempfile.TemporaryDirectory() as tmp:
        settings = rightstrack.load_settings(db=f"{tmp}/s.db", link=False)
        store = rightstrack.open_store(settings=settings)
        rightstrack.ingest([str(base / "wg_reports_md" / f) for f in REPORTS.values()], store=store, settings=settings)
        extracted = [r for r in store.export_records() if r["kind"] == "recommendation"]
        store.close()
    by_report = {cycle: [r for r in extracted if r["document"]["source"].endswith(name)]
                 for cycle, name in REPORTS.items()}
    found, used, authors = 0, set(), Counter()
    tp, fp, fn, n = Counter(), Counter(), Counter(), 0
    for g in gold:
        want = norm(g["text"])
        match = next((r for r in by_report[g["cycle"]]
                      if want and want in norm(r["text"]) and r["id"] not in used), None)
        if match is None:
            continue
        found += 1
        used.add(match["id"])
        states = {s.strip() for s in g["recommending_states"].split("|") if s.strip()}
        authors["gold"] += len(states)
        authors["predicted"] += len(match["authors"])
        expected = set().union(*(mapping.get(t.strip().lower(), set()) for t in g["themes"].split("|")))
        if expected:
            n += 1
            predicted = set(match["themes"])
            for t in predicted | expected:
                tp[t] += t in predicted and t in expected
                fp[t] += t in predicted and t not in expected
                fn[t] += t in expected and t not in predicted
    return {"listed": len(gold), "found": found, "recall": found / len(gold), "extracted": len(extracted),
            "precision": len(used) / len(extracted) if extracted else 0.0, "authors_tagged": authors["predicted"],
            "authors_listed": authors["gold"], "themed": n, "themes": len(tp | fn),
            "micro_f1": f1(sum(tp.values()), sum(fp.values()), sum(fn.values())),
            "macro_f1": sum(f1(tp[t], fp[t], fn[t]) for t in tp | fn) / max(1, len(tp | fn))}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    r = measure(Path(ap.parse_args().shared))
    print(f"extraction   {r['found']}/{r['listed']} listed recommendations found (recall {r['recall']:.4f}); "
          f"{r['extracted']} extracted, precision {r['precision']:.4f}")
    print(f"authors      {r['authors_tagged']} recommending States tagged on matched statements, "
          f"{r['authors_listed']} listed")
    print(f"themes       micro-F1 {r['micro_f1']:.4f}, macro-F1 {r['macro_f1']:.4f} over {r['themed']} "
          f"recommendations with a mapped UHRI theme ({r['themes']} themes)")


if __name__ == "__main__":
    main()
