"""Retraining on annotation files: merge them safely, train, cross-validate, save with provenance."""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .api import _config
from .data import AnnotationError, file_sha256, read_records
from .model import StanceClassifier, read_manifest

__all__ = ["merge_annotation_files", "train_and_save"]

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
    if prefer is not None and prefer not in [str(p) for p in paths]:
        raise ValueError(f"--prefer {prefer}: not one of the data files {[str(p) for p in paths]}")
    merged: dict[str, tuple[dict, str]] = {}
    order: list[str] = []
    problems: list[str] = []
    anonymous = 0
    for path in paths:
        records = read_records(path, require_stance=True)
        for line, record in enumerate(records, start=1):
            record_id = record.get("id")
            if record_id is None:
                anonymous += 1
                record_id = f"<{path}:{line}>"
            where = f"{path}:{line}"
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
    preset: str | None = None,
    config: dict[str, Any] | None = None,
    prefer: str | None = None,
    overwrite: bool = False,
    cross_validate: bool = True,
) -> dict:
    """Merge annotation files, train, cross-validate and save a model directory atomically.

    The manifest records every input file with its SHA-256 and record count, the merged data's
    fingerprint, the configuration, and the cross-validated figures (leave-one-article-out when
    all records have a ``doc``, else stratified 5-fold). Input files are only read.

    Returns
    -------
    dict
        The manifest written.
    """
    from .api import cross_validate as run_cross_validation

    out = Path(out)
    if out.exists() and not overwrite:
        raise FileExistsError(f"{out}: exists; refusing to overwrite a model (pass --force)")
    records = merge_annotation_files(data, prefer=prefer)
    settings = _config(preset, config or {})
    model = StanceClassifier(**settings).fit(records, [r["stance"] for r in records])
    evaluation: dict[str, Any] = {}
    if cross_validate:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # a held-out article's unseen target, by design
            report = run_cross_validation(records, groups="doc", preset=preset, **(config or {}))
        grouped = all(r.get("doc") for r in records)
        evaluation = {"protocol": "leave-one-article-out" if grouped else "stratified 5-fold", **report.to_dict()}
    sources = [{"path": _portable(p), "sha256": file_sha256(p), "records": len(read_records(p))} for p in data]
    model.save(out, evaluation=evaluation, overwrite=overwrite, extra={"preset": preset, "data_files": sources})
    return read_manifest(out)
