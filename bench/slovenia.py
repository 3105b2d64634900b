"""Slovenia's UPR recommendations as OHCHR's Universal Human Rights Index labelled them
(cycles 2-4): extraction from the three Working Group reports against the thematic lists,
recommending States, and themes through the taxonomy's `uhri` correspondences.

usage: python bench/slovenia.py [--shared ../shared] [--learned]
Extraction: every listed recommendation (whitespace normalised, the recommending States in
parentheses left out) must be found in one extracted statement; precision counts extracted
recommendations that match no listed one. Themes: each recommendation's UHRI themes are
mapped to our theme ids; recommendations with no mapped theme are left out; micro and macro
F1 of the themes Rights Track tagged on the matched statement. --learned also scores the
learned theme model (`rightstrack train-themes` as bench/themes_upr.py trains it: on the UPR
Info train split, thresholds chosen on dev, refitted on both; needs `pip install -e
'.[bench]'`), alone and beside the cues, on the same statements. The lists carry no action
category, so action types are measured on UPR Info only (bench/learned_upr.py)."""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
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


def measure(shared: Path, learned_themes: Callable[[list[str]], list[set[str]]] | None = None) -> dict[str, float]:
    """Extraction, authors and themes figures; with `learned_themes` (texts -> theme ids per
    text) its themes too, alone ("learned_") and with the cues' ("both_")."""
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
    themed: list[tuple[str, set[str], set[str]]] = []  # text, cue themes, expected
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
            themed.append((match["text"], set(match["themes"]), expected))
    out = {"listed": len(gold), "found": found, "recall": found / len(gold), "extracted": len(extracted),
           "precision": len(used) / len(extracted) if extracted else 0.0, "authors_tagged": authors["predicted"],
           "authors_listed": authors["gold"], "themed": len(themed)}
    out |= theme_scores([(cues, expected) for _, cues, expected in themed])
    if learned_themes is not None:
        found_themes = learned_themes([text for text, _, _ in themed])
        out |= theme_scores([(f, e) for f, (_, _, e) in zip(found_themes, themed, strict=True)], "learned_")
        out |= theme_scores([(f | c, e) for f, (_, c, e) in zip(found_themes, themed, strict=True)], "both_")
    return out


def theme_scores(pairs: list[tuple[set[str], set[str]]], prefix: str = "") -> dict[str, float]:
    """Micro and macro F1 of (predicted, expected) theme sets, and how many themes either holds."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for predicted, expected in pairs:
        for t in predicted | expected:
            tp[t] += t in predicted and t in expected
            fp[t] += t in predicted and t not in expected
            fn[t] += t in expected and t not in predicted
    return {f"{prefix}themes": len(tp | fn),
            f"{prefix}micro_f1": f1(sum(tp.values()), sum(fp.values()), sum(fn.values())),
            f"{prefix}macro_f1": sum(f1(tp[t], fp[t], fn[t]) for t in tp | fn) / max(1, len(tp | fn))}


def upr_info_model(shared: Path) -> Callable[[list[str]], list[set[str]]]:
    """The learned theme model bench/themes_upr.py scores on UPR Info test, as a function of texts."""
    from rightstrack import embed, learned

    sys.path.insert(0, str(Path(__file__).parent))
    from themes_upr import mapped

    data = mapped(shared)
    fitted = data["train"] + data["dev"]
    model, _ = learned.train([t for t, _ in fitted], [g for _, g in fitted], trained_on="UPR Info train split",
                             held_out=[False] * len(data["train"]) + [True] * len(data["dev"]))
    return lambda texts: [{theme for theme, _ in hits} for hits in model.predict(embed.default().encode(texts))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    ap.add_argument("--learned", action="store_true", help="also score the learned theme model trained on UPR Info")
    a = ap.parse_args()
    r = measure(Path(a.shared), upr_info_model(Path(a.shared)) if a.learned else None)
    print(f"extraction   {r['found']}/{r['listed']} listed recommendations found (recall {r['recall']:.4f}); "
          f"{r['extracted']} extracted, precision {r['precision']:.4f}")
    print(f"authors      {r['authors_tagged']} recommending States tagged on matched statements, "
          f"{r['authors_listed']} listed")
    print(f"themes       {r['themed']} recommendations with a mapped UHRI theme")
    for prefix, name in (("", "cues"), ("learned_", "learned"), ("both_", "cues + learned")):
        if f"{prefix}micro_f1" in r:
            print(f"  {name:<16} micro-F1 {r[prefix + 'micro_f1']:.4f}, macro-F1 {r[prefix + 'macro_f1']:.4f} "
                  f"({r[prefix + 'themes']} themes)")


if __name__ == "__main__":
    main()
