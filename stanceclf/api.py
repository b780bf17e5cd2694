"""The task-level API: train, evaluate and cross-validate on records, files or datasets."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from sklearn.model_selection import LeaveOneGroupOut, StratifiedKFold, cross_val_predict

from ._io import text_key
from .classifier import StanceClassifier
from .discourse import CONTEXT_FIELDS, add_context, needs_context
from .evaluation import EvaluationReport, stance_report
from .records import read_records

__all__ = ["DEFAULT_PRESET", "PRESETS", "train", "evaluate", "cross_validate"]

# Named configurations, chosen by cross-validation on training data only (see BENCHMARKS.md).
PRESETS: dict[str, dict[str, Any]] = {
    # Corpus v3, issue 15 (benchmarks/aipolicy_accuracy.py, article-grouped CV on the dev articles
    # only): shared n-grams (C=1, no target copies, as selected on v2) plus a stance lexicon learned
    # from the training labels (+0.018 F_avg, paired over articles), reported-speech cues and the
    # n-grams of the frame around quotes. Sentence-internal only: bare sentences get every feature.
    # Temperature scaling fitted on article-grouped folds (predictions unchanged).
    "aipolicy": {
        "C": 1.0,
        "use_target": "ignore",
        "lexicon_weight": 2.0,
        "cue_weight": 0.2,
        "frame_weight": 0.5,
        "calibration": "temperature",
        "calibration_groups": "doc",
    },
    # The same plus the previous sentence and the paragraph as their own blocks: records need the
    # context fields (stanceclf.discourse.with_context; analyze and corpus training fill them).
    "aipolicy-context": {
        "C": 1.0,
        "use_target": "ignore",
        "lexicon_weight": 2.0,
        "cue_weight": 0.2,
        "frame_weight": 0.5,
        "previous_weight": 0.3,
        "paragraph_weight": 0.3,
        "calibration": "temperature",
        "calibration_groups": "doc",
    },
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


def with_context_if_needed(records: list[dict], settings: dict[str, Any]) -> list[dict]:
    """``records`` with their context fields (:func:`stanceclf.discourse.add_context`) when ``settings``
    use a context block and the records come from corpus articles (``doc``) without them."""
    if not needs_context(settings) or all(all(r.get(f) is not None for f in CONTEXT_FIELDS) for r in records):
        return records
    if not all(r.get("doc") for r in records):
        raise ValueError(
            "this configuration reads each sentence's context (previous sentence, paragraph, actor): give records "
            "with those fields (stanceclf.discourse.with_context) or corpus records with a 'doc' field"
        )
    return add_context(records)


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
    settings = _config(preset, config)
    records = with_context_if_needed(read_records(data, require_stance=True), settings)
    return StanceClassifier(**settings).fit(records, [r["stance"] for r in records])


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
    settings = _config(preset, config)
    records = with_context_if_needed(read_records(data, require_stance=True), settings)
    labels = np.asarray([r["stance"] for r in records], dtype=object)
    estimator = StanceClassifier(**settings)
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
