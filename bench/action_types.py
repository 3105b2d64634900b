"""Action type accuracy on the UPR Info recommendations (labels 1-5 by UPR Info staff).

usage: python bench/action_types.py [--split test] [--shared ../shared]
Prints accuracy and the confusion matrix. Evaluation data only: nothing is learned from it."""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

from rightstrack import actions


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="test", choices=["train", "dev", "test"])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    a = ap.parse_args()
    path = Path(a.shared) / "datasets/upr-info-2008-2014/upr_info_recommendations_s1-20.csv"
    rows = [r for r in csv.DictReader(path.open(encoding="utf-8")) if r["split"] == a.split]
    confusion: Counter[tuple[int, int]] = Counter()
    for r in rows:
        confusion[(int(r["action_category"]), actions.classify(r["text"])[0])] += 1
    correct = sum(n for (g, p), n in confusion.items() if g == p)
    print(f"split {a.split}: {len(rows)} recommendations, accuracy {correct / len(rows):.4f}")
    print("gold\\pred " + " ".join(f"{p:>6}" for p in range(1, 6)))
    for g in range(1, 6):
        print(f"{g:>9} " + " ".join(f"{confusion[(g, p)]:>6}" for p in range(1, 6)))


if __name__ == "__main__":
    main()
