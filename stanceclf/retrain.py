"""Retraining on annotation files: merge them safely, train, cross-validate, save with provenance."""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ._io import file_sha256
from .api import DEFAULT_PRESET, _config, scheme, with_context_if_needed
from .classifier import StanceClassifier
from .corpus import is_standoff, read_corpus_records
from .persistence import check_destination, read_manifest
from .records import AnnotationError, read_located_records

__all__ = ["start_annotation", "merge_annotation_files", "train_and_save"]

RANKINGS = ("position", "margin", "entropy")


def start_annotation(
    text: str,
    doc: str,
    model: StanceClassifier | None = None,
    *,
    rank: str = "position",
    target: str = "biometric_surveillance",
) -> list[dict]:
    """Annotation records for a new article, pre-filled with the model's suggestions.

    Parameters
    ----------
    text : str
        The article's plain text; split with :func:`stanceclf.split_sentences`, as the corpus is.
    doc : str
        Document id; records get ids ``<doc>-<n>`` by position in the article.
    model : StanceClassifier, optional
        Suggests the stance (default: the shipped model); it needs ``predict_proba``.
    rank : {"position", "margin", "entropy"}, default="position"
        Order of the records: article order, or most uncertain first (smallest margin between the
        two most probable classes, or highest entropy), so the most informative are labelled first.
    target : str
        Target assumed for the suggestion (the annotator sets the real one).

    Returns
    -------
    list of dict
        Corpus-format records with empty ``speaker``, ``speaker_type``, ``target``, ``stance`` and
        ``rationale`` for the annotator, plus ``suggested_stance``, ``suggested_proba`` and
        ``uncertainty``. They fail validation until the annotator fills the empty fields.
    """
    from scipy.stats import entropy

    from .persistence import load_model
    from .sentences import split_sentences

    if rank not in RANKINGS:
        raise ValueError(f"rank must be one of {RANKINGS}, got {rank!r}")
    sentences = split_sentences(text)
    if not sentences:
        raise ValueError(f"document {doc!r} has no sentences")
    model = model or load_model()
    proba = model.predict_proba([{"text": t, "target": target} for t in sentences])
    ordered = np.sort(proba, axis=1)
    uncertainty = {
        "position": np.zeros(len(sentences)),
        "margin": 1 - (ordered[:, -1] - ordered[:, -2]),
        "entropy": entropy(proba, axis=1),
    }[rank]
    records = []
    for number, (sentence, row) in enumerate(zip(sentences, proba), start=1):
        best = int(np.argmax(row))
        records.append(
            {
                "id": f"{doc}-{number}",
                "doc": doc,
                "text": sentence,
                "speaker": "",
                "speaker_type": "",
                "target": "",
                "stance": "",
                "rationale": "",
                "suggested_stance": str(model.classes_[best]),
                "suggested_proba": {str(c): round(float(p), 4) for c, p in zip(model.classes_, row)},
                "uncertainty": round(float(uncertainty[number - 1]), 4),
            }
        )
    order = np.argsort(-uncertainty, kind="stable")
    return [records[i] for i in order]


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
    return _merge([(path, read_located_records(path, require_stance=True)) for path in paths], prefer=prefer)


def _merge(files: Sequence[tuple[str | os.PathLike, list[tuple[str, dict]]]], *, prefer: str | None) -> list[dict]:
    """Merge records already read from files with their places (see :func:`merge_annotation_files`)."""
    names = [str(path) for path, _ in files]
    if prefer is not None and prefer not in names:
        raise ValueError(f"--prefer {prefer}: not one of the data files {names}")
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
                        f"in {', '.join(differing)} (use --prefer FILE to choose)"
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
    n_jobs: int | None = None,
) -> dict:
    """Merge annotation files, train, cross-validate and save a model directory atomically.

    The manifest records every input file with its SHA-256 and record count, the merged data's
    fingerprint, the configuration, and the cross-validated figures (leave-one-article-out when
    all records have a ``doc``, else stratified 5-fold; ``n_jobs`` folds fitted at once). Input
    files are only read. ``preset`` defaults to the shipped model's configuration. ``out`` must be
    new, empty, or a model directory (replaced only with ``overwrite``); this is checked before training.

    Returns
    -------
    dict
        The manifest written.
    """
    from .api import cross_validate as run_cross_validation

    out = Path(out)
    check_destination(out, overwrite)
    if not data:
        raise ValueError("no annotation files given")
    # The shipped corpus is stand-off: hydrate it, and refuse to train on a part of it.
    def located(path: str | os.PathLike) -> list[tuple[str, dict]]:
        if is_standoff(path):
            return read_corpus_records(path, missing="raise")
        return read_located_records(path, require_stance=True)

    files = [(path, located(path)) for path in data]
    records = _merge(files, prefer=prefer)
    settings = _config(preset, config or {})
    records = with_context_if_needed(records, settings)
    model = StanceClassifier(**settings).fit(records, [r["stance"] for r in records])
    evaluation: dict[str, Any] = {}
    if cross_validate:
        groups = "doc" if all(r.get("doc") for r in records) else None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # a held-out article's unseen target, by design
            report = run_cross_validation(records, groups=groups, preset=preset, n_jobs=n_jobs, **(config or {}))
        evaluation = {"protocol": scheme(groups), **report.to_dict()}
    sources = [{"path": _portable(p), "sha256": file_sha256(p), "records": len(rows)} for p, rows in files]
    model.save(out, evaluation=evaluation, overwrite=overwrite, extra={"preset": preset, "data_files": sources})
    return read_manifest(out)
