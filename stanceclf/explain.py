"""Explanations: the exact per-feature contributions of a linear model's class scores."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["Explanation", "explanations"]


@dataclass
class Explanation:
    """Why the model labelled one text as it did.

    Attributes
    ----------
    text : str
    label : str
        The predicted stance.
    scores : dict
        Decision score per class: ``intercept + sum(contributions)``.
    intercepts : dict
        Intercept per class.
    contributions : dict
        Per class, ``[(feature name, weight * value), ...]`` of every non-zero feature of the text,
        largest absolute contribution first. They add up exactly to ``score - intercept``.
    """

    text: str
    label: str
    scores: dict[str, float]
    intercepts: dict[str, float]
    contributions: dict[str, list[tuple[str, float]]] = field(default_factory=dict)

    def top(self, label: str | None = None, k: int = 10) -> list[tuple[str, float]]:
        """The ``k`` features that moved the score of ``label`` (default: the predicted one) most."""
        return self.contributions[label or self.label][:k]

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "label": self.label,
            "scores": self.scores,
            "intercepts": self.intercepts,
            "contributions": {k: [[n, v] for n, v in pairs] for k, pairs in self.contributions.items()},
        }


def explanations(
    records: list[dict], matrix: Any, estimator: Any, names: np.ndarray, labels: np.ndarray, *, k: int | None = None
) -> list[Explanation]:
    """One :class:`Explanation` per record: ``coef[class, feature] * value`` for each non-zero feature.

    ``matrix`` is the records' feature matrix, ``estimator`` the fitted linear model (``coef_``,
    ``intercept_``, ``classes_``), ``names`` its feature names and ``labels`` the predictions.
    """
    coef = estimator.coef_
    intercept = np.atleast_1d(estimator.intercept_)
    classes = [str(c) for c in estimator.classes_]
    if coef.shape[0] == 1:  # binary: sklearn stores one row, the score of classes_[1]
        coef = np.vstack([-coef, coef])
        intercept = np.array([-intercept[0], intercept[0]])
    result = []
    for i, record in enumerate(records):
        row = matrix.getrow(i)
        columns, values = row.indices, row.data
        contributions, scores = {}, {}
        for c, label in enumerate(classes):
            parts = coef[c, columns] * values
            order = np.argsort(-np.abs(parts), kind="stable")[:k]
            contributions[label] = [(str(names[columns[j]]), float(parts[j])) for j in order]
            scores[label] = float(intercept[c] + parts.sum())
        result.append(
            Explanation(
                text=record["text"],
                label=str(labels[i]),
                scores=scores,
                intercepts={label: float(intercept[c]) for c, label in enumerate(classes)},
                contributions=contributions,
            )
        )
    return result
