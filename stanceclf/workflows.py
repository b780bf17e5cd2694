"""Workflows: train / evaluate / cross-validate / train-and-save on records, files or datasets."""

from __future__ import annotations

import os
import warnings
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import GroupKFold, LeaveOneGroupOut, StratifiedKFold, cross_val_predict

from ._io import file_sha256, text_key
from .classifier import StanceClassifier
from .corpus import is_standoff, read_corpus_records
from .discourse import add_context, needs_context
from .metrics import EvaluationReport, stance_report
from .persistence import check_destination, read_manifest, save_model
from .presets import DEFAULT_PRESET, preset_config
from .records import CONTEXT_FIELDS, AnnotationError, read_located_records, read_records

__all__ = [
    "cross_validate",
    "evaluate",
    "fit_groups",
    "merge_annotation_files",
    "scheme",
    "train",
    "train_and_save",
    "with_context_if_needed",
]

# Fields by which cross-validation reports figures separately, when the records carry them.
_REPORT_GROUPS = ("target", "speaker_type")



def _located(path: str | os.PathLike) -> list[tuple[str, dict]]:
    """Labelled records of an annotation file with their places; a stand-off file (the shipped
    corpus) is hydrated, and training on a part of it is refused."""
    if is_standoff(path):
        return read_corpus_records(path, missing="raise")
    return read_located_records(path, require_stance=True)


def _labelled_records(data: Any) -> list[dict]:
    """:func:`read_records` with every stance required, reading a stand-off file as :func:`_located` does."""
    if isinstance(data, (str, os.PathLike)):
        return [record for _, record in _located(data)]
    return read_records(data, require_stance=True)


def fit_groups(records: list[dict], settings: dict[str, Any]) -> list[str] | None:
    """``groups`` for :meth:`StanceClassifier.fit` under ``settings``: each record's article (``doc``).

    With a ``calibration``, the temperature is then fitted on folds that keep each article's
    sentences together, as they are at prediction time. None without a calibration, or (with a
    warning) when no record names its article: shuffled stratified folds then.

    Raises
    ------
    ValueError
        When some records name their article and others do not (naming the first that does not).
    """
    if settings.get("calibration") is None:
        return None
    docs = [r.get("doc") for r in records]
    if all(docs):
        return docs
    if any(docs):
        first = next(i for i, doc in enumerate(docs) if not doc)
        raise ValueError(
            f"record {first + 1}: no 'doc' field; calibration keeps each article in one fold, so every record "
            "needs its article's 'doc', or none does"
        )
    warnings.warn(
        "no record has a 'doc' field: calibrating on shuffled stratified folds, not on folds by article",
        UserWarning,
        stacklevel=3,
    )
    return None


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
    settings = preset_config(preset, config)
    records = with_context_if_needed(_labelled_records(data), settings)
    groups = fit_groups(records, settings)
    return StanceClassifier(**settings).fit(records, [r["stance"] for r in records], groups=groups)


def evaluate(model: StanceClassifier, data: Any, **report_options: Any) -> EvaluationReport:
    """Score a fitted model on annotated data.

    Returns an :class:`~stanceclf.metrics.EvaluationReport`: F_avg (SemEval-2016) with its
    bootstrap 95% interval, macro-F1, accuracy, per-class precision/recall/F1 and the confusion
    matrix, plus figures per target and speaker_type where the records carry them.
    """
    records = _labelled_records(data)
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


def scheme(groups: str | None, n_splits: int | None = None) -> str:
    """The name of a cross-validation scheme, as reports and manifests give it."""
    unit = "article" if groups == "doc" else groups
    if groups is None:
        return f"stratified {n_splits or 5}-fold"
    if n_splits is None:
        return f"leave-one-{unit}-out"
    return f"{n_splits}-fold grouped by {unit}"


def _report(records: list[dict], predicted: Any, **report_options: Any) -> EvaluationReport:
    gold = [r["stance"] for r in records]
    if "clusters" not in report_options and all(r.get("doc") for r in records):
        report_options["clusters"] = [r["doc"] for r in records]  # intervals resample whole articles
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
    n_splits: int | None = 10,
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
        Record field whose values are never split across folds (articles on the AI-policy corpus);
        every record must have it. ``None``: stratified folds.
    n_splits : int or None, default=10
        With ``groups``: that many group-kept folds (scikit-learn's ``GroupKFold``; as many as
        there are groups at most), the scheme of the shipped model's figures; ``None`` holds out
        one group at a time (leave-one-article-out: one fit per article, about 90 minutes for the
        ``aipolicy`` preset on the v3 corpus with 2 cores). Without ``groups``: stratified folds,
        shuffled with a fixed seed (no more than the rarest class has examples; ``None``: 5).
    preset, **config
        The configuration, as for :func:`train` (default: the shipped model's, ``"aipolicy"``).
    n_jobs : int or None, default=-1
        Folds fitted in parallel (-1: all CPUs).

    Raises
    ------
    ValueError
        When ``groups`` is given and a record lacks that field (naming the first one); see also
        :func:`fit_groups`.
    return_predictions : bool, default=False
        Also return the out-of-fold predictions, in record order.
    """
    settings = preset_config(preset, config)
    records = with_context_if_needed(_labelled_records(data), settings)
    labels = np.asarray([r["stance"] for r in records], dtype=object)
    estimator = StanceClassifier(**settings)
    if groups is not None:
        missing = [i for i, r in enumerate(records) if r.get(groups) in (None, "")]
        if missing:
            raise ValueError(
                f"groups={groups!r}: {len(missing)} of {len(records)} records have no {groups!r} field "
                f"(first: record {missing[0] + 1}); every record needs one for grouped folds, or use no groups"
            )
        split_groups = [r[groups] for r in records]
        if n_splits is not None and n_splits >= len(set(split_groups)):
            n_splits = None  # as many folds as groups: that is leave-one-group-out
        splitter = LeaveOneGroupOut() if n_splits is None else GroupKFold(n_splits=n_splits)
    else:
        # No more folds than the rarest class has examples (StratifiedKFold's own limit).
        n_splits = max(2, min(n_splits or 5, min(Counter(labels.tolist()).values())))
        splitter, split_groups = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=0), None
    # Each fold's fit gets its training records' articles for the calibration folds.
    calibration = fit_groups(records, settings)
    params = {} if calibration is None else {"groups": calibration}
    predicted = cross_val_predict(
        estimator, records, labels, groups=split_groups, cv=splitter, n_jobs=n_jobs, params=params
    )
    report = _report(records, predicted)
    report.scheme = scheme(groups, n_splits)
    return (report, predicted) if return_predictions else report


# train_and_save's parameter ``cross_validate`` (a flag) shadows the function inside it.
_run_cross_validation = cross_validate

_LABEL_FIELDS = ("text", "target", "stance", "speaker", "speaker_type")


def merge_annotation_files(paths: Sequence[str | os.PathLike], *, prefer: str | None = None) -> list[dict]:
    """Read and merge annotation files; the same id twice must carry the same labels.

    Parameters
    ----------
    paths : sequence of paths
        JSONL or CSV annotation files, merged in order.
    prefer : str, optional
        A path among ``paths`` whose record wins when an id is annotated differently in two files.

    Raises
    ------
    AnnotationError
        Naming both places (``file:line``) of every conflicting id when ``prefer`` does not settle it.
    """
    if not paths:
        raise ValueError("no annotation files given")
    return _merge([(path, _located(path)) for path in paths], prefer=prefer)


def _merge(files: Sequence[tuple[str | os.PathLike, list[tuple[str, dict]]]], *, prefer: str | None) -> list[dict]:
    """Merge records already read from files with their places (see :func:`merge_annotation_files`)."""
    names = [str(path) for path, _ in files]
    if prefer is not None and prefer not in names:
        raise ValueError(f"prefer={prefer!r}: not one of the data files {names}")
    merged: dict[str, tuple[dict, str]] = {}
    order: list[str] = []
    problems: list[str] = []
    for path, records in files:
        for where, record in records:
            record_id = record.get("id")
            if record_id is None:
                record_id = f"<{where}>"
            if record_id in merged:
                previous, previous_where = merged[record_id]
                differing = [f for f in _LABEL_FIELDS if previous.get(f) != record.get(f)]
                if not differing:
                    continue
                if prefer == str(path):
                    merged[record_id] = (record, where)
                elif prefer is None or prefer != previous_where.rsplit(":", 1)[0]:
                    problems.append(
                        f"{where}: {differing[0]}: id {record_id!r} differs from {previous_where} "
                        f"in {', '.join(differing)} (pass prefer=<file> to choose)"
                    )
                continue
            merged[record_id] = (record, where)
            order.append(record_id)
    if problems:
        raise AnnotationError(problems)
    return [merged[i][0] for i in order]


def _portable(path: str | os.PathLike) -> str:
    """The path relative to the working directory when it lies below it, so manifests do not name machines."""
    relative = os.path.relpath(Path(path).resolve())
    return relative if not relative.startswith("..") else str(Path(path).resolve())


def train_and_save(
    data: Sequence[str | os.PathLike],
    out: str | os.PathLike,
    *,
    preset: str | None = DEFAULT_PRESET,
    config: dict[str, Any] | None = None,
    prefer: str | None = None,
    overwrite: bool = False,
    cross_validate: bool = True,
    n_splits: int | None = 10,
    n_jobs: int | None = None,
) -> dict:
    """Merge annotation files, train, cross-validate and save a model directory atomically.

    The manifest records every input file with its SHA-256 and record count, the merged data's
    fingerprint, the configuration, and the cross-validated figures (``n_splits`` folds grouped by
    article when all records have a ``doc``, else stratified; see :func:`cross_validate`; ``n_jobs``
    folds fitted at once). Input
    files are only read. ``preset`` defaults to the shipped model's configuration. ``out`` must be
    new, empty, or a model directory (replaced only with ``overwrite``); this is checked before training.

    Returns
    -------
    dict
        The manifest written.
    """
    out = Path(out)
    check_destination(out, overwrite)
    if not data:
        raise ValueError("no annotation files given")
    files = [(path, _located(path)) for path in data]
    records = _merge(files, prefer=prefer)
    settings = preset_config(preset, config or {})
    records = with_context_if_needed(records, settings)
    groups = fit_groups(records, settings)
    model = StanceClassifier(**settings).fit(records, [r["stance"] for r in records], groups=groups)
    evaluation: dict[str, Any] = {}
    if cross_validate:
        groups = "doc" if all(r.get("doc") for r in records) else None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # a held-out article's unseen target, by design
            report = _run_cross_validation(
                records, groups=groups, n_splits=n_splits, preset=preset, n_jobs=n_jobs, **(config or {})
            )
        evaluation = {"protocol": report.scheme, **report.to_dict()}
    sources = [{"path": _portable(p), "sha256": file_sha256(p), "records": len(rows)} for p, rows in files]
    save_model(model, out, evaluation=evaluation, overwrite=overwrite, extra={"preset": preset, "data_files": sources})
    return read_manifest(out)
