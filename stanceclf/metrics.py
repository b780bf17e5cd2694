"""Metrics: SemEval-2016 F_avg, the stance report with bootstrap intervals, reliability of probabilities."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from scipy.stats import bootstrap
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)

from .records import STANCES

__all__ = ["EvaluationReport", "f_avg", "stance_report", "reliability"]


def f_avg(y_true: Sequence[str], y_pred: Sequence[str]) -> float:
    """SemEval-2016 Task 6 metric: mean of F1(FAVOR) and F1(AGAINST); NONE counts only as an error."""
    return float(np.mean(f1_score(y_true, y_pred, labels=["FAVOR", "AGAINST"], average=None, zero_division=0)))


@dataclass
class EvaluationReport:
    """Stance classification figures on one set of gold labels and predictions.

    ``f_avg`` is the SemEval-2016 measure, (F1 FAVOR + F1 AGAINST) / 2, and ``f_avg_ci`` its
    percentile bootstrap 95% interval over resampled ``ci_unit``: whole articles when the report
    was given them (sentences of one article are not independent), else sentences.
    """

    n: int
    f_avg: float
    f_avg_ci: tuple[float, float]
    macro_f1: float
    accuracy: float
    per_class: dict[str, dict[str, float]]
    labels: list[str]
    confusion: list[list[int]]
    support: dict[str, int] = field(default_factory=dict)
    groups: dict[str, dict] = field(default_factory=dict)
    ci_unit: str = "sentences"
    scheme: str = ""  # how the predictions were obtained, e.g. "10-fold grouped by article"

    def to_dict(self) -> dict:
        return asdict(self)

    def to_markdown(self, title: str | None = None) -> str:
        """A human-readable summary table, with the confusion matrix."""
        lines = [f"### {title}", ""] if title else []
        low, high = self.f_avg_ci
        lines += [
            f"n = {self.n}; **F_avg {self.f_avg:.3f}** (95% CI {low:.3f}–{high:.3f}, {self.ci_unit} resampled); "
            f"macro-F1 {self.macro_f1:.3f}; accuracy {self.accuracy:.3f}",
            "",
            "| class | precision | recall | F1 | support |",
            "|---|---|---|---|---|",
        ]
        for label in self.labels:
            c = self.per_class[label]
            lines.append(f"| {label} | {c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} | {c['support']} |")
        lines += ["", "| gold \\ predicted | " + " | ".join(self.labels) + " |", "|---" * (len(self.labels) + 1) + "|"]
        for label, row in zip(self.labels, self.confusion):
            lines.append(f"| {label} | " + " | ".join(str(v) for v in row) + " |")
        if self.groups:
            lines += ["", "| group | n | F_avg | macro-F1 |", "|---|---|---|---|"]
            for name, g in self.groups.items():
                lines.append(f"| {name} | {g['n']} | {g['f_avg']:.3f} | {g['macro_f1']:.3f} |")
        return "\n".join(lines) + "\n"


def _cluster_interval(
    y_true: np.ndarray, y_pred: np.ndarray, clusters: np.ndarray, n_resamples: int, random_state: int
) -> tuple[float, float]:
    """Percentile 95% interval of F_avg over resamples of whole clusters (scipy's bootstrap resamples items)."""
    if len(clusters) != len(y_true):
        raise ValueError(f"{len(clusters)} clusters for {len(y_true)} labels")
    names, index = np.unique(clusters.astype(str), return_inverse=True)
    members = [np.flatnonzero(index == k) for k in range(len(names))]
    if len(members) < 2:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(random_state)
    values = []
    for _ in range(n_resamples):
        chosen = np.concatenate([members[k] for k in rng.integers(0, len(members), len(members))])
        values.append(f_avg(y_true[chosen], y_pred[chosen]))
    low, high = np.percentile(values, [2.5, 97.5])
    return (float(low), float(high))


def stance_report(
    y_true: Sequence[str],
    y_pred: Sequence[str],
    *,
    groups: Sequence[str] | None = None,
    clusters: Sequence[str] | None = None,
    min_group_size: int = 10,
    n_resamples: int = 1000,
    random_state: int = 0,
) -> EvaluationReport:
    """Compute an :class:`EvaluationReport` from gold and predicted stance labels.

    Parameters
    ----------
    y_true, y_pred : sequences of str
    groups : sequence of str, optional
        A group name per item (e.g. target or speaker_type); figures are added for each group
        with at least ``min_group_size`` items.
    clusters : sequence of str, optional
        The article (or other unit) of each item: the F_avg interval then resamples whole
        clusters with replacement (a cluster bootstrap), since items of one article are not
        independent. Without it, items are resampled.
    n_resamples : int, default=1000
        Bootstrap resamples for the F_avg interval (``0`` skips it).
    random_state : int, default=0
    """
    y_true = np.asarray(y_true, dtype=object).astype(str)
    y_pred = np.asarray(y_pred, dtype=object).astype(str)
    if len(y_true) != len(y_pred):
        raise ValueError(f"{len(y_true)} gold labels but {len(y_pred)} predictions")
    if len(y_true) == 0:
        raise ValueError("nothing to evaluate: no labels")
    labels = [s for s in STANCES if s in set(y_true) | set(y_pred)]
    labels += sorted((set(y_true) | set(y_pred)) - set(labels))
    precision, recall, f1, support = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    interval = (float("nan"), float("nan"))
    if n_resamples and clusters is not None:
        interval = _cluster_interval(y_true, y_pred, np.asarray(clusters, dtype=object), n_resamples, random_state)
    elif n_resamples and len(y_true) > 1:
        result = bootstrap(
            (y_true, y_pred),
            f_avg,
            paired=True,
            vectorized=False,
            n_resamples=n_resamples,
            method="percentile",
            random_state=random_state,
        )
        interval = (float(result.confidence_interval.low), float(result.confidence_interval.high))
    group_figures = {}
    if groups is not None:
        groups = np.asarray(groups, dtype=object).astype(str)
        for name, count in sorted(Counter(groups).items()):
            if count >= min_group_size:
                mask = groups == name
                group_figures[name] = {
                    "n": int(count),
                    "f_avg": f_avg(y_true[mask], y_pred[mask]),
                    "macro_f1": float(
                        f1_score(y_true[mask], y_pred[mask], labels=labels, average="macro", zero_division=0)
                    ),
                }
    return EvaluationReport(
        n=len(y_true),
        f_avg=f_avg(y_true, y_pred),
        f_avg_ci=interval,
        macro_f1=float(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)),
        accuracy=float(accuracy_score(y_true, y_pred)),
        per_class={
            label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
            for label, p, r, f, s in zip(labels, precision, recall, f1, support)
        },
        labels=labels,
        confusion=confusion_matrix(y_true, y_pred, labels=labels).tolist(),
        support={label: int(s) for label, s in zip(labels, support)},
        groups=group_figures,
        ci_unit="sentences" if clusters is None else "articles",
    )


def reliability(y_true: Sequence[str], proba: np.ndarray, classes: Sequence[str], n_bins: int = 10) -> dict[str, Any]:
    """Reliability of the predicted class's probability: confidence in equal-width bins.

    Parameters
    ----------
    y_true : sequence of str
        Gold labels.
    proba : array of shape (n_samples, n_classes)
        ``predict_proba`` output, columns in the order of ``classes``.
    classes : sequence of str
        The model's ``classes_``.
    n_bins : int, default=10

    Returns
    -------
    dict
        ``ece`` (expected calibration error: the bins' |accuracy - mean confidence|, weighted by
        their share of items), ``accuracy``, and ``bins``: for each non-empty bin its ``range``,
        ``n``, ``mean_confidence`` and ``accuracy``.
    """
    proba = np.asarray(proba, dtype=float)
    gold = np.asarray(y_true, dtype=object).astype(str)
    if proba.ndim != 2 or len(proba) != len(gold):
        raise ValueError(f"proba must have one row per label: {proba.shape} for {len(gold)} labels")
    confidence = proba.max(1)
    correct = np.asarray(classes, dtype=object).astype(str)[proba.argmax(1)] == gold
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, n_bins - 1)
    bins, ece = [], 0.0
    for b in range(n_bins):
        mask = which == b
        if mask.any():
            ece += mask.mean() * abs(correct[mask].mean() - confidence[mask].mean())
            bins.append(
                {
                    "range": [float(edges[b]), float(edges[b + 1])],
                    "n": int(mask.sum()),
                    "mean_confidence": float(confidence[mask].mean()),
                    "accuracy": float(correct[mask].mean()),
                }
            )
    return {"ece": float(ece), "accuracy": float(correct.mean()), "bins": bins}
