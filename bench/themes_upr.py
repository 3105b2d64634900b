"""Theme tagging on UPR Info recommendations, through the taxonomy's upr_info mapping: the
cue-phrase classifier, the learned model (trained here on the train split), and both.

usage: python bench/themes_upr.py [--split test] [--shared ../shared] [--no-learned]
Each recommendation's UPR Info issue labels are mapped to our theme ids (taxonomy.toml,
`upr_info`); labels with no counterpart are left out, and so are recommendations left with
none. Prints micro and macro F1 against those mapped labels. The learned model needs
scikit-learn (`pip install -e '.[bench]'`); UPR Info data are for evaluation only, so the
model trained here is not kept. This is not the 54-label task (bench/learned_upr.py)."""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

from rightstrack import embed, learned, themes


def mapped(shared: Path) -> dict[str, list[tuple[str, set[str]]]]:
    mapping: dict[str, set[str]] = {}
    for theme in themes.taxonomy().values():
        for label in theme.upr_info:
            mapping.setdefault(label, set()).add(theme.id)
    path = shared / "datasets/upr-info-2008-2014/upr_info_recommendations_s1-20.csv"
    out: dict[str, list[tuple[str, set[str]]]] = {"train": [], "dev": [], "test": []}
    for r in csv.DictReader(path.open(encoding="utf-8")):
        gold = set().union(*(mapping.get(lab.strip(), set()) for lab in r["issues"].split(";")))
        if gold:
            out[r["split"]].append((r["text"], gold))
    return out


def score(pairs: list[tuple[set[str], set[str]]]) -> tuple[float, float]:
    tp, fp, fn = Counter(), Counter(), Counter()
    for predicted, gold in pairs:
        for t in predicted | gold:
            tp[t] += t in predicted and t in gold
            fp[t] += t in predicted and t not in gold
            fn[t] += t in gold and t not in predicted

    def f1(t: int, f: int, m: int) -> float:
        return 2 * t / (2 * t + f + m) if t else 0.0
    per = [f1(tp[t], fp[t], fn[t]) for t in set(tp) | set(fn) if tp[t] + fn[t]]
    return f1(sum(tp.values()), sum(fp.values()), sum(fn.values())), sum(per) / len(per)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="test", choices=["dev", "test"])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    ap.add_argument("--no-learned", action="store_true")
    a = ap.parse_args()
    data = mapped(Path(a.shared))
    rows = data[a.split]
    cues = [{x.theme for x in themes.classify(text, "en")} for text, _ in rows]
    results = {"cues": cues}
    if not a.no_learned:
        # scored on test: trained on train with thresholds chosen on dev, then refit on both;
        # scored on dev: trained on train alone (thresholds on a fifth of it)
        fitted = data["train"] + (data["dev"] if a.split == "test" else [])
        held_out = [False] * len(data["train"]) + [True] * (len(fitted) - len(data["train"]))
        model, _ = learned.train([t for t, _ in fitted], [g for _, g in fitted], trained_on="UPR Info train split",
                                 held_out=held_out if a.split == "test" else None)
        vectors = embed.default().encode([t for t, _ in rows])
        found = [{theme for theme, _ in hits} for hits in model.predict(vectors)]
        results["learned"] = found
        results["cues + learned"] = [c | f for c, f in zip(cues, found, strict=True)]
    print(f"split {a.split}: {len(rows)} recommendations with a mapped label")
    for name, predicted in results.items():
        micro, macro = score(list(zip(predicted, [g for _, g in rows], strict=True)))
        print(f"  {name:<16} micro-F1 {micro:.3f}  macro-F1 {macro:.3f}")


if __name__ == "__main__":
    main()
