"""The task-level API: train, evaluate and cross-validate on records, files or datasets."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from sklearn.model_selection import LeaveOneGroupOut, StratifiedKFold, cross_val_predict

from .data import read_records
from .evaluation import EvaluationReport, stance_report
from .model import StanceClassifier, text_key

__all__ = ["DEFAULT_PRESET", "PRESETS", "train", "evaluate", "cross_validate"]

# Named configurations, chosen by cross-validation on training data only (see BENCHMARKS.md).
PRESETS: dict[str, dict[str, Any]] = {
    # benchmarks/aipolicy_selection.py: 5-fold article-grouped CV over C x use_target; with few
    # examples per target, target-specific copies overfit, so the AI-policy corpus uses shared ones.
    # Temperature scaling fitted on article-grouped folds: leave-one-article-out ECE 0.085 -> 0.036
    # (shuffled folds, which mix sentences of one article, made it worse: 0.094); predictions unchanged.
    "aipolicy": {"C": 1.0, "use_target": "ignore", "calibration": "temperature", "calibration_groups": "doc"},
    # The same with all-MiniLM-L6-v2 sentence embeddings (optional extra ``embeddings``): C and
    # embedding_weight by benchmarks/aipolicy_selection.py --embeddings (article-grouped CV; the
    # surface is flat, nested estimate 0.513 against 0.485 without). Uncalibrated: its reliability
    # has not been measured.
    "aipolicy-minilm": {"C": 10.0, "use_target": "ignore", "embeddings": "minilm", "embedding_weight": 4.0},
    # TweetEval stance / SemEval-2016 Task 6: one joint linear SVM over shared + target-conjoined
    # (weight 1.5) word 1-2 and char_wb 2-5 n-grams; chosen by 5-fold CV on train+val.
    "semeval": {"classifier": "svm", "C": 0.1, "target_weight": 1.5},
    # The same plus all-MiniLM-L6-v2 sentence embeddings (optional extra ``embeddings``) in the
    # text block, weight 0.75; chosen by the same 5-fold CV over weight x C x target_weight.
    "semeval-minilm": {
        "classifier": "svm",
        "C": 0.1,
        "target_weight": 1.5,
        "embeddings": "minilm",
        "embedding_weight": 0.75,
    },
}
# The configuration of the shipped model, used by train and cross_validate unless told otherwise.
DEFAULT_PRESET = "aipolicy"
# Fields by which cross-validation reports figures separately, when the records carry them.
_REPORT_GROUPS = ("target", "speaker_type")


def _config(preset: str | None, config: dict[str, Any]) -> dict[str, Any]:
    if preset is None:
        return dict(config)
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose one of {sorted(PRESETS)}")
    return {**PRESETS[preset], **config}


def train(data: Any, *, preset: str | None = DEFAULT_PRESET, **config: Any) -> StanceClassifier:
    """Train a :class:`StanceClassifier` on annotated records.

    Parameters
    ----------
    data : path, list of dict or datasets.Dataset
        Records with ``text`` and ``stance`` (``target``, ``speaker`` optional); a ``.jsonl`` or
        ``.csv`` path, records in memory, or a dataset (e.g. :func:`stanceclf.load_corpus`).
    preset : str or None, default="aipolicy"
        A named configuration from ``PRESETS``; ``config`` overrides its entries. The default is
        the configuration of the shipped model; ``None`` uses the estimator's own defaults.
    **config
        Parameters of :class:`StanceClassifier` (e.g. ``classifier="svm"``, ``C=1.0``).

    Returns
    -------
    StanceClassifier
        Fitted.

    Examples
    --------
    >>> import stanceclf
    >>> model = stanceclf.train(stanceclf.load_corpus())          # doctest: +SKIP
    >>> model.predict(["We must ban facial recognition."])        # doctest: +SKIP
    """
    records = read_records(data, require_stance=True)
    return StanceClassifier(**_config(preset, config)).fit(records, [r["stance"] for r in records])


def evaluate(model: StanceClassifier, data: Any, **report_options: Any) -> EvaluationReport:
    """Score a fitted model on annotated data.

    Returns an :class:`~stanceclf.evaluation.EvaluationReport`: F_avg (SemEval-2016) with its
    bootstrap 95% interval, macro-F1, accuracy, per-class precision/recall/F1 and the confusion
    matrix, plus figures per target and speaker_type where the records carry them.
    """
    records = read_records(data, require_stance=True)
    _warn_if_trained_on(model, records)
    predicted = model.predict(records)
    return _report(records, predicted, **report_options)


def _warn_if_trained_on(model: StanceClassifier, records: list[dict]) -> None:
    """Figures on a model's own training sentences are not held-out figures: say so."""
    trained = set(getattr(model, "training_", {}).get("text_sha256", ()))
    seen = sum(text_key(r["text"]) in trained for r in records)
    if seen:
        warnings.warn(
            f"{seen} of {len(records)} evaluation sentences were in the model's training data; "
            "figures on them are not held-out figures (cross-validate instead)",
            UserWarning,
            stacklevel=3,
        )


def scheme(groups: str | None, n_splits: int = 5) -> str:
    """The name of a cross-validation scheme, as reports and manifests give it."""
    if groups is None:
        return f"stratified {n_splits}-fold"
    return f"leave-one-{'article' if groups == 'doc' else groups}-out"


def _report(records: list[dict], predicted: Any, **report_options: Any) -> EvaluationReport:
    gold = [r["stance"] for r in records]
    report = stance_report(gold, predicted, **report_options)
    for name in _REPORT_GROUPS:
        if all(r.get(name) for r in records):
            report.groups.update(
                {
                    f"{name}={k}": v
                    for k, v in stance_report(
                        gold, predicted, groups=[r[name] for r in records], n_resamples=0
                    ).groups.items()
                }
            )
    return report


def cross_validate(
    data: Any,
    *,
    groups: str | None = "doc",
    n_splits: int = 5,
    preset: str | None = DEFAULT_PRESET,
    n_jobs: int | None = -1,
    return_predictions: bool = False,
    **config: Any,
) -> EvaluationReport | tuple[EvaluationReport, np.ndarray]:
    """Cross-validated figures of a configuration, from pooled out-of-fold predictions.

    Parameters
    ----------
    data : path, list of dict or datasets.Dataset
    groups : str or None, default="doc"
        Record field to hold out one value of at a time (leave-one-article-out on the AI-policy
        corpus); every record must have it. ``None``: stratified ``n_splits``-fold.
    n_splits : int, default=5
        Folds without ``groups`` (shuffled with a fixed seed).
    preset, **config
        The configuration, as for :func:`train` (default: the shipped model's, ``"aipolicy"``).
    n_jobs : int or None, default=-1
        Folds fitted in parallel (-1: all CPUs).

    Raises
    ------
    ValueError
        When ``groups`` is given and a record lacks that field (naming the first one).
    return_predictions : bool, default=False
        Also return the out-of-fold predictions, in record order.
    """
    records = read_records(data, require_stance=True)
    labels = np.asarray([r["stance"] for r in records], dtype=object)
    estimator = StanceClassifier(**_config(preset, config))
    if groups is not None:
        missing = [i for i, r in enumerate(records) if r.get(groups) in (None, "")]
        if missing:
            raise ValueError(
                f"groups={groups!r}: {len(missing)} of {len(records)} records have no {groups!r} field "
                f"(first: record {missing[0] + 1}); every record needs one for grouped folds, or use no groups"
            )
        splitter, split_groups = LeaveOneGroupOut(), [r[groups] for r in records]
    else:
        splitter, split_groups = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=0), None
    predicted = cross_val_predict(estimator, records, labels, groups=split_groups, cv=splitter, n_jobs=n_jobs)
    report = _report(records, predicted)
    return (report, predicted) if return_predictions else report
