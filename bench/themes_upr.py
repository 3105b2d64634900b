"""Theme tagging on UPR Info recommendations, through the taxonomy's upr_info mapping.

usage: python bench/themes_upr.py [--split test] [--shared ../shared]
Each recommendation's UPR Info issue labels are mapped to our theme ids (taxonomy.toml,
`upr_info`); labels with no counterpart are left out, and so are recommendations left with
none. Prints micro and macro F1 of the cue classifier against those mapped labels, overall
and per theme. This is not the 54-label UPR Info task of issue 3 (that needs a model
trained on the 54 labels)."""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

from rightstrack import themes


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="test", choices=["train", "dev", "test"])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    a = ap.parse_args()
    mapping: dict[str, set[str]] = {}
    for theme in themes.taxonomy().values():
        for label in theme.upr_info:
            mapping.setdefault(label, set()).add(theme.id)
    path = Path(a.shared) / "datasets/upr-info-2008-2014/upr_info_recommendations_s1-20.csv"
    tp, fp, fn = Counter(), Counter(), Counter()
    n = 0
    for r in csv.DictReader(path.open(encoding="utf-8")):
        if r["split"] != a.split:
            continue
        gold = set().union(*(mapping.get(lab.strip(), set()) for lab in r["issues"].split(";")))
        if not gold:
            continue
        n += 1
        predicted = {x.theme for x in themes.classify(r["text"], "en")}
        for t in predicted | gold:
            tp[t] += t in predicted and t in gold
            fp[t] += t in predicted and t not in gold
            fn[t] += t in gold and t not in predicted
    def f1(t: int, f: int, m: int) -> float:
        return 2 * t / (2 * t + f + m) if t else 0.0
    micro = f1(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    per = {t: f1(tp[t], fp[t], fn[t]) for t in set(tp) | set(fn) if tp[t] + fn[t]}
    print(f"split {a.split}: {n} recommendations with a mapped label; micro-F1 {micro:.3f}, "
          f"macro-F1 {sum(per.values()) / len(per):.3f} over {len(per)} themes")
    for t, v in sorted(per.items(), key=lambda kv: -kv[1]):
        print(f"  {t:28} F1 {v:.3f}  (gold {tp[t] + fn[t]})")


if __name__ == "__main__":
    main()
