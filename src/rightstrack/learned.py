"""The learned half of the theme classifier: one logistic regression per theme over the
multilingual sentence vectors that linking computes, so a model trained on English labels
also tags Dutch, French or German statements.

`rightstrack train-themes DATA.csv -o themes.npz` trains one from labelled statements (a CSV
with `text` and `themes`, our theme ids separated by ";", or a UPR Info export whose issue
labels are mapped through the taxonomy) and the taxonomy's exemplars per theme. Scores are
probabilities; each theme's threshold is the one that maximised F1 on the dev split when the
file has a `split` column with train and dev rows (its test rows are left out), else on a
held-out fifth of the data (exemplars are never held out). With the setting `theme_model`,
linking adds the themes the model finds as tags of method `tag.themes.learned.v1`, beside
the cue-phrase tags; a person's decisions on tags are kept as always.

The model file is plain numpy arrays (no pickle): weights, biases, thresholds, theme ids,
the sentence encoder it expects and a line saying what it was trained on."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

from . import embed, themes
from .errors import InputError

METHOD = "tag.themes.learned.v1"


@dataclass
class ThemeModel:
    themes: list[str]
    weights: np.ndarray  # themes x dimensions
    bias: np.ndarray
    thresholds: np.ndarray
    embedder: str
    trained_on: str

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(vectors @ self.weights.T + self.bias)))

    def predict(self, vectors: np.ndarray) -> list[list[tuple[str, float]]]:
        """For each vector, the themes over their threshold with their probability, best first."""
        out = []
        for row in self.scores(vectors):
            hits = [(self.themes[t], float(row[t])) for t in np.nonzero(row >= self.thresholds)[0]]
            out.append(sorted(hits, key=lambda x: -x[1]))
        return out

    def save(self, path: str) -> None:
        with open(path, "wb") as fh:  # np.savez would add ".npz" to a name without it
            np.savez(fh, themes=np.array(self.themes), weights=self.weights.astype(np.float32),
                     bias=self.bias.astype(np.float32), thresholds=self.thresholds.astype(np.float32),
                     embedder=np.array(self.embedder), trained_on=np.array(self.trained_on))


def load(path: str) -> ThemeModel:
    try:
        with np.load(path, allow_pickle=False) as data:
            return ThemeModel([str(t) for t in data["themes"]], data["weights"], data["bias"], data["thresholds"],
                              str(data["embedder"]), str(data["trained_on"]))
    except (OSError, KeyError, ValueError) as exc:
        raise InputError(f"theme model {path}: cannot be read as a theme model ({exc.__class__.__name__}); "
                         "make one with rightstrack train-themes") from exc


class Examples(NamedTuple):
    texts: list[str]
    labels: list[set[str]]
    splits: list[str]  # the `split` column ("train", "dev", "test"), "" where there is none


def read_examples(path: str, taxonomy: str | None = None) -> Examples:
    """Texts and their theme ids from a CSV: `text` + `themes` (our ids), or a UPR Info export
    (`text` + `issues`), its labels mapped through the taxonomy's `upr_info` correspondences,
    with each row's `split` when the file has one. Rows left with no theme are skipped."""
    known = themes.taxonomy(taxonomy)
    mapping: dict[str, set[str]] = {}
    for theme in known.values():
        for label in theme.upr_info:
            mapping.setdefault(label.lower(), set()).add(theme.id)
    texts, labels, splits = [], [], []
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if not {"text", "themes"} <= set(reader.fieldnames or ()) and \
                    not {"text", "issues"} <= set(reader.fieldnames or ()):
                raise InputError(f"{path}: needs a `text` column and a `themes` column (our theme ids) or an "
                                 "`issues` column (UPR Info labels)")
            for row in reader:
                if "themes" in row:
                    found = {t.strip() for t in (row["themes"] or "").split(";") if t.strip() in known}
                else:
                    found = set().union(*(mapping.get(x.strip().lower(), set()) for x in row["issues"].split(";")))
                if found and (row.get("text") or "").strip():
                    texts.append(row["text"])
                    labels.append(found)
                    splits.append((row.get("split") or "").strip().lower())
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: cannot be read as a UTF-8 CSV ({exc})") from exc
    if len(texts) < 20:
        raise InputError(f"{path}: {len(texts)} labelled texts; a theme model needs at least 20")
    return Examples(texts, labels, splits)


def exemplars(taxonomy: str | None = None) -> list[tuple[str, set[str]]]:
    """The taxonomy's exemplars, every language, as (text, {theme id})."""
    return [(text, {theme.id}) for theme in themes.taxonomy(taxonomy).values()
            for texts in theme.exemplars.values() for text in texts]


def train(texts: list[str], labels: list[set[str]], embedder: embed.Embedder | None = None,
          trained_on: str = "", seed: int = 7, held_out: Sequence[bool] | None = None,
          extra: Sequence[tuple[str, set[str]]] = ()) -> tuple[ThemeModel, dict[str, float]]:
    """Fit on the texts not `held_out` (by default four fifths, drawn with `seed`), choose
    each theme's threshold and measure on the held-out ones (a dev split), then refit on
    everything with those thresholds. `extra` (text, themes) are always fitted on, never held
    out: the taxonomy's exemplars. Returns the model and its held-out micro and macro F1."""
    try:
        from sklearn.linear_model import LogisticRegression  # the `train` extra; not needed to tag
    except ImportError as exc:
        raise InputError("training a theme model needs scikit-learn: pip install 'rightstrack[train]'") from exc

    embedder = embedder or embed.default()
    if held_out is not None and 0 < sum(held_out) < len(texts):
        mask = np.asarray(held_out, dtype=bool)
    else:
        mask = np.zeros(len(texts), dtype=bool)
        mask[np.random.default_rng(seed).permutation(len(texts))[int(len(texts) * 0.8):]] = True
    texts, labels = [*texts, *(t for t, _ in extra)], [*labels, *(ts for _, ts in extra)]
    mask = np.concatenate([mask, np.zeros(len(extra), dtype=bool)])
    fit, held = np.flatnonzero(~mask), np.flatnonzero(mask)
    vectors = np.vstack([embedder.encode(texts[i:i + 256]) for i in range(0, len(texts), 256)])
    names = sorted({t for ts in labels for t in ts})
    y = np.array([[t in ts for t in names] for ts in labels], dtype=int)

    def fit_all(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        weights, bias = np.zeros((len(names), vectors.shape[1])), np.full(len(names), -10.0)
        for t in range(len(names)):
            if 0 < y[rows, t].sum() < len(rows):
                clf = LogisticRegression(C=4.0, max_iter=1000).fit(vectors[rows], y[rows, t])
                weights[t], bias[t] = clf.coef_[0], clf.intercept_[0]
        return weights, bias

    weights, bias = fit_all(fit)
    probs = 1.0 / (1.0 + np.exp(-(vectors[held] @ weights.T + bias)))
    seen = [t for t in range(len(names)) if y[held, t].any()]
    thresholds = np.array([_threshold(y[held, t], probs[:, t]) for t in range(len(names))])
    # a theme no held-out text has (one only the exemplars name) gets the typical threshold of the others
    thresholds[[t for t in range(len(names)) if t not in seen]] = float(np.median(thresholds[seen])) if seen else 0.5
    predicted = probs >= thresholds
    report = {"held_out": float(len(held)), "micro_f1": _f1(y[held].ravel(), predicted.ravel()),
              "macro_f1": float(np.mean([_f1(y[held, t], predicted[:, t]) for t in seen])) if seen else 0.0}
    weights, bias = fit_all(np.arange(len(texts)))
    return ThemeModel(names, weights, bias, thresholds, embedder.name, trained_on), report


def _threshold(gold: np.ndarray, probs: np.ndarray) -> float:
    """The threshold that maximises a theme's F1 on the held-out texts (where none has the
    theme every threshold scores 0, and the grid's lowest would win: train() replaces it)."""
    return float(max(np.arange(0.1, 0.91, 0.05), key=lambda g: _f1(gold, probs >= g)))


def _f1(gold: np.ndarray, predicted: np.ndarray) -> float:
    tp = int(np.sum(gold & predicted))
    return 2 * tp / (int(np.sum(gold)) + int(np.sum(predicted))) if tp else 0.0


def model_path_ok(path: str | None) -> str | None:
    if path and not Path(path).is_file():
        raise InputError(f"setting theme_model: {path} does not exist; make one with rightstrack train-themes")
    return path
