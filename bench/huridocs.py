"""HURIDOCS' UPR paragraph benchmark: 217 numbered recommendations of one UPR Working Group
report (Eswatini, third cycle) with their recommending States, numbers and texts as
HURIDOCS staff labelled them for their own extraction benchmark (they report 94-96 %
country accuracy for code an LLM wrote, trained on 43 paragraphs and tested on 174).

usage: python bench/huridocs.py [--shared ../shared]
The paragraphs are put back under a Working Group report's recommendations heading (our own
two lines) and read by the real pipeline, which cuts a paragraph holding several
recommendations after each group of States ("118.4" and "118.4/2"). Per paragraph:
- countries: the recommending States of its statements equal the labelled ones (HURIDOCS'
  measure), and micro precision/recall over (paragraph, State) pairs;
- number: a statement of the paragraph carries its number;
- text: its statements' texts, the States in parentheses taken off and joined, equal the
  labelled text (whitespace and the separators between recommendations aside)."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

import rightstrack
from rightstrack import countries

HEADING = ("Report of the Working Group on the Universal Periodic Review\n\nEswatini\n\n"
           "II. Conclusions and/or recommendations\n"
           "118. The following recommendations will be examined by Eswatini, which will respond in due time:\n")


def load(shared: Path) -> list[dict[str, Any]]:
    base = shared / "datasets/huridocs-upr-paragraphs"
    read = lambda name: json.loads((base / f"upr_paragraph_{name}_labels.json").read_text("utf-8"))  # noqa: E731
    return [{"text": c["text"], "countries": c["label"], "number": n["label"], "label_text": t["label"]}
            for c, n, t in zip(read("countries"), read("numbers"), read("text"), strict=True)]


def _plain(text: str) -> str:
    return re.sub(r"[\s;,.]+", " ", text).strip().lower()


def _without_states(text: str) -> str:
    """A statement's text without the trailing groups of recommending States."""
    while True:
        m = re.search(r"\s*\((?:[^()]|\([^()]*\))*\)\s*[;,.]?\s*$", text)
        if not m or countries.split_names(m.group(0).strip(" ;,.")[1:-1]) is None:
            return text
        text = text[:m.start()]


def measure(shared: Path) -> dict[str, Any]:
    items = load(shared)
    if not items:
        raise ValueError("the label files hold no paragraphs")
    doc = rightstrack.read_document((HEADING + "\n".join(i["text"] for i in items) + "\n").encode(),
                                    source="eswatini-paragraphs.txt")
    by_number: dict[str, list[Any]] = {}
    for st in doc.statements:
        by_number.setdefault((st.label or "").split("/")[0], []).append(st)
    right = {"countries": 0, "number": 0, "text": 0}
    tp = fp = fn = 0
    unmapped: set[str] = set()
    misses = []
    for item in items:
        found = by_number.get(item["number"], [])
        gold = set()
        for name in item["countries"]:
            code = countries.lookup(name)
            gold.add(code or name)
            if code is None:
                unmapped.add(name)
        got = {c for st in found for c in st.authors}
        right["countries"] += got == gold
        tp, fp, fn = tp + len(got & gold), fp + len(got - gold), fn + len(gold - got)
        right["number"] += bool(found)
        text = " ".join(_without_states(st.text) for st in found)
        right["text"] += _plain(text) == _plain(item["label_text"])
        if got != gold or _plain(text) != _plain(item["label_text"]):
            misses.append((item["number"], sorted(gold), sorted(got), item["label_text"][:60], text[:60]))
    n = len(items)
    return {"paragraphs": n, "statements": len(doc.statements), "countries": right["countries"] / n,
            "number": right["number"] / n, "text": right["text"] / n, "precision": tp / max(1, tp + fp),
            "recall": tp / max(1, tp + fn), "unmapped": sorted(unmapped), "misses": misses}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    shared = Path(ap.parse_args().shared)
    try:
        r = measure(shared)
    except (OSError, ValueError, KeyError, TypeError) as exc:  # missing, not JSON, or not HURIDOCS' shape
        raise SystemExit(f"bench/huridocs.py: cannot read the HURIDOCS paragraphs under {shared}: {exc}") from None
    print(f"{r['paragraphs']} paragraphs read as {r['statements']} statements")
    print(f"recommending States  exact per paragraph {r['countries']:.4f}  (pairs: precision {r['precision']:.4f}, "
          f"recall {r['recall']:.4f}); HURIDOCS' published figure 0.94-0.96")
    print(f"number               {r['number']:.4f}")
    print(f"text                 {r['text']:.4f}")
    if r["unmapped"]:
        print("labelled names our tables do not know:", ", ".join(r["unmapped"]))
    for miss in r["misses"]:
        print("  miss", *miss)


if __name__ == "__main__":
    main()
