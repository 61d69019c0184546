"""The learned ranker as the server runs it: plain arrays of trees and a score map, evaluated with numpy.

Training fits `learned.LearnedRanker` with scikit-learn; `learned.export_arrays`
writes its boosted trees and isotonic calibration as arrays (`model.npz`, read
with `allow_pickle=False`, so an artifact cannot run code), and this module
evaluates them. Written here rather than loading the estimator with skops because
that was measured to cost every server process about 3 s of start-up and 215 MB:
skops' list of trusted types calls scikit-learn's `all_estimators()`, which
imports every scikit-learn module and, through `array_api_compat`, torch. The
walk below is also ~6x faster than the booster's own `predict_proba` on one
profile's 32 rows (2.2 vs 13.8 ms, one thread), which pays per call for 800
small tree calls. The export checks that these arrays give the estimator's own
numbers (to 1e-9) before anything is written, so a scikit-learn change that
breaks the reading fails at training time, never in the server.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from recommender.errors import ModelError

# What model.npz holds. Per tree (trees x nodes, padded): split feature, threshold (go left
# when x <= threshold), where a missing value goes, children, leaf flags and leaf values.
# Per booster output: the class of the ranker it scores and its raw baseline; then the gain
# of each of the ranker's four classes, the implausible penalty and the isotonic score map.
ARRAYS = (
    "feature",
    "threshold",
    "missing_left",
    "left",
    "right",
    "is_leaf",
    "value",
    "tree_class",
    "baseline",
    "classes",
    "gain_per_class",
    "implausible_penalty",
    "calibration_x",
    "calibration_y",
)


class TreeRanker:
    """Boosted trees laid out as arrays; a softmax over the booster's outputs; the isotonic score map.

    Ranker classes: 0 implausible, 1 unlabelled, 2 reasonable, 3 strong. `classes` maps each
    booster output to one; a class the training data lacked has probability 0.
    """

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        missing = [name for name in ARRAYS if name not in arrays]
        if missing:
            raise ModelError(f"a ranker needs the arrays {missing}; retrain with 'careerpivot train'")
        self.arrays = {name: np.asarray(arrays[name]) for name in ARRAYS}
        a = self.arrays
        trees, width = a["feature"].shape
        self.baseline = a["baseline"].astype(np.float64)
        self.classes = a["classes"].astype(np.intp)
        self.gain_per_class = a["gain_per_class"].astype(np.float64)
        self.implausible_penalty = float(a["implausible_penalty"])
        self.calibration_x = a["calibration_x"].astype(np.float64)
        self.calibration_y = a["calibration_y"].astype(np.float64)
        # Flat (tree * width + node) indices for the walk. A leaf points to itself, so every walk
        # takes the same number of steps (the deepest tree's depth) with no leaf test.
        offsets = np.arange(trees)[:, None] * width
        here = np.arange(trees * width)
        leaf = a["is_leaf"].astype(bool).ravel()
        self._roots = offsets[:, 0]
        self._feature = np.where(leaf, 0, a["feature"].ravel()).astype(np.intp)
        self._threshold = a["threshold"].astype(np.float64).ravel()
        self._missing_left = a["missing_left"].astype(bool).ravel()
        self._left = np.where(leaf, here, (a["left"] + offsets).ravel()).astype(np.intp)
        self._right = np.where(leaf, here, (a["right"] + offsets).ravel()).astype(np.intp)
        self._value = a["value"].astype(np.float64).ravel()
        self._one_hot = np.equal.outer(a["tree_class"], np.arange(len(self.baseline))).astype(np.float64)
        self._depth = _depth(a["left"], a["right"], a["is_leaf"].astype(bool))
        self.features_used = int(a["feature"][~a["is_leaf"].astype(bool)].max(initial=-1)) + 1

    def raw_scores(self, X: np.ndarray) -> np.ndarray:
        """(rows x outputs) raw scores: the baseline plus each tree's leaf value."""
        X = np.asarray(X, dtype=np.float64)
        rows = np.arange(len(X))[:, None]
        node = np.broadcast_to(self._roots, (len(X), len(self._roots)))  # (rows, trees), flat indices
        has_missing = bool(np.isnan(X).any())
        for _ in range(self._depth):
            x = X[rows, self._feature[node]]
            go_left = x <= self._threshold[node]
            if has_missing:
                go_left = np.where(np.isnan(x), self._missing_left[node], go_left)
            node = np.where(go_left, self._left[node], self._right[node])
        return np.asarray(self.baseline + self._value[node] @ self._one_hot)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Probabilities over the ranker's four classes."""
        raw = self.raw_scores(X)
        if raw.shape[1] == 1:  # two classes: one logistic output for the second
            positive = 1.0 / (1.0 + np.exp(-raw[:, 0]))
            booster = np.column_stack([1.0 - positive, positive])
        else:
            shifted = np.exp(raw - raw.max(axis=1, keepdims=True))
            booster = shifted / shifted.sum(axis=1, keepdims=True)
        proba = np.zeros((len(raw), len(self.gain_per_class)))
        proba[:, self.classes] = booster
        return proba

    def gain(self, X: np.ndarray) -> np.ndarray:
        """Expected nDCG gain of each row: the ranking key."""
        proba = self.predict_proba(X)
        return np.asarray(proba @ self.gain_per_class - self.implausible_penalty * proba[:, 0])

    def relevance(self, X: np.ndarray) -> np.ndarray:
        """Calibrated probability that each row is a relevant suggestion (the isotonic map, clipped)."""
        return self.calibrated(self.gain(X))

    def calibrated(self, gain: np.ndarray) -> np.ndarray:
        """`relevance` from gains already computed (`gain(X)`): the trees are walked once for both."""
        clipped = np.clip(gain, self.calibration_x[0], self.calibration_x[-1])
        return np.asarray(np.interp(clipped, self.calibration_x, self.calibration_y))

    def save(self, path: Path) -> None:
        with path.open("wb") as handle:  # a file handle: np.savez would add ".npz" to a bare name
            np.savez(handle, allow_pickle=False, **self.arrays)

    @classmethod
    def load(cls, path: Path) -> TreeRanker:
        """Read `model.npz`: only arrays, never pickled objects."""
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {name: data[name] for name in data.files}
        except (OSError, ValueError) as exc:
            raise ModelError(
                f"{path} is not a readable ranker ({exc}); retrain with 'careerpivot train'"
            ) from exc
        return cls(arrays)


def _depth(left: np.ndarray, right: np.ndarray, is_leaf: np.ndarray) -> int:
    """The number of splits on the longest path from a root to a leaf, over all trees."""
    deepest = 0
    for tree in range(len(left)):
        frontier, depth = [0], 0
        while True:
            frontier = [
                int(c) for n in frontier if not is_leaf[tree, n] for c in (left[tree, n], right[tree, n])
            ]
            if not frontier:
                break
            depth += 1
        deepest = max(deepest, depth)
    return deepest
