"""A ranker learned from labelled (profile, role) judgements, following the scikit-learn contract.

Classes: 0 implausible, 1 unlabelled, 2 reasonable, 3 strong. Roles are ranked by
expected gain, `3 P(strong) + 1 P(reasonable) - penalty P(implausible)` (the
gains of nDCG with 2^g - 1), and shown with a calibrated score: an isotonic map
of that gain to the probability that the role is a relevant suggestion, fitted
on out-of-fold predictions, so "0.8" means "8 in 10 such suggestions were
judged relevant" on the training data.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.isotonic import IsotonicRegression
from sklearn.model_selection import GroupKFold
from sklearn.utils.validation import check_is_fitted

GAIN = np.array([0.0, 0.0, 1.0, 3.0])  # per class, 2^g - 1 with implausible and unlabelled at 0
CLASSES = np.array([0, 1, 2, 3])


class LearnedRanker(ClassifierMixin, BaseEstimator):
    """Gradient-boosted classifier over engine features, plus an isotonic score calibration."""

    def __init__(
        self,
        learning_rate: float = 0.05,
        max_iter: int = 200,
        max_depth: int = 3,
        l2_regularization: float = 1.0,
        min_samples_leaf: int = 40,
        implausible_penalty: float = 3.0,
        calibration_folds: int = 5,
        random_state: int = 0,
    ) -> None:
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.max_depth = max_depth
        self.l2_regularization = l2_regularization
        self.min_samples_leaf = min_samples_leaf
        self.implausible_penalty = implausible_penalty
        self.calibration_folds = calibration_folds
        self.random_state = random_state

    def _booster(self) -> HistGradientBoostingClassifier:
        return HistGradientBoostingClassifier(
            learning_rate=self.learning_rate,
            max_iter=self.max_iter,
            max_depth=self.max_depth,
            l2_regularization=self.l2_regularization,
            min_samples_leaf=self.min_samples_leaf,
            early_stopping=False,
            random_state=self.random_state,
        )

    def _gain(self, booster: HistGradientBoostingClassifier, X: np.ndarray) -> np.ndarray:
        proba = _class_proba(booster, X)
        return proba @ GAIN - self.implausible_penalty * proba[:, 0]

    def fit(self, X: np.ndarray, y: np.ndarray, groups: np.ndarray | None = None) -> LearnedRanker:
        """Fit on feature rows `X` with classes `y`; `groups` (profile ids) keep calibration folds honest."""
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y, dtype=int)
        self.classes_ = CLASSES
        self.n_features_in_ = X.shape[1]
        self.booster_ = self._booster().fit(X, y)
        # Out-of-fold gains for the calibration, grouped by profile when groups are given.
        groups = np.arange(len(X)) if groups is None else np.asarray(groups)
        oof = np.zeros(len(X))
        for train, test in GroupKFold(n_splits=self.calibration_folds).split(X, y, groups):
            oof[test] = self._gain(self._booster().fit(X[train], y[train]), X[test])
        self.calibrator_ = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(
            oof, (y >= 2).astype(float)
        )
        return self

    def gain(self, X: np.ndarray) -> np.ndarray:
        """Expected nDCG gain of each row: the ranking key."""
        check_is_fitted(self, "booster_")
        return self._gain(self.booster_, np.asarray(X, dtype=np.float64))

    def score(
        self, X: np.ndarray, y: np.ndarray | None = None, sample_weight: np.ndarray | None = None
    ) -> float:
        """Mean accuracy (scikit-learn's convention for classifiers)."""
        return float((self.predict(X) == np.asarray(y)).mean())

    def relevance(self, X: np.ndarray) -> np.ndarray:
        """Calibrated probability that each row is a relevant suggestion (grade >= 1)."""
        check_is_fitted(self, "calibrator_")
        return np.asarray(self.calibrator_.predict(self.gain(X)))

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        check_is_fitted(self, "booster_")
        return _class_proba(self.booster_, np.asarray(X, dtype=np.float64))

    def predict(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(CLASSES[self.predict_proba(X).argmax(axis=1)])


def _class_proba(booster: HistGradientBoostingClassifier, X: np.ndarray) -> np.ndarray:
    """Probabilities over all four classes, also when a class was absent from the training data."""
    proba = np.zeros((len(X), len(CLASSES)))
    proba[:, booster.classes_] = booster.predict_proba(X)
    return proba
