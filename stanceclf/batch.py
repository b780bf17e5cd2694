"""Streaming batch prediction: files of any size in constant memory, on one core or all of them.

:func:`predict_file` reads JSONL, CSV, plain text (one sentence a line) or Parquet in chunks,
predicts each chunk (in worker processes with ``n_jobs``), and writes JSONL, CSV, plain text or
Parquet, chunk by chunk, to a temporary file beside the output that is renamed into place only
when every row is written. An interrupted run therefore leaves no output (and any earlier output
untouched); rerun it. Rows come out in input order whatever ``n_jobs``.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import os
import pickle
import secrets
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
from joblib import Parallel, delayed
from tqdm.auto import tqdm

from ._io import check_overwrite
from .classifier import StanceClassifier
from .persistence import load_model

__all__ = ["FORMATS", "BatchInputError", "BatchReport", "predict_file"]

FORMATS = ("jsonl", "csv", "txt", "parquet")
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".txt": "txt", ".parquet": "parquet"}
ON_ERROR = ("raise", "skip")
# Problems kept in the report (all are counted).
_MAX_PROBLEMS = 100


class BatchInputError(ValueError):
    """A malformed input row or file; the message names ``file:line: field``."""


@dataclass
class BatchReport:
    """What :func:`predict_file` did.

    Attributes
    ----------
    input, output : str
    n_rows : int
        Rows predicted and written.
    n_skipped : int
        Malformed rows skipped (``on_error="skip"``).
    problems : list of str
        ``file:line: field: message`` of the first skipped rows.
    seconds : float
    n_jobs : int
    """

    input: str
    output: str
    n_rows: int = 0
    n_skipped: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    n_jobs: int = 1

    @property
    def sentences_per_second(self) -> float:
        return self.n_rows / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict:
        return {**asdict(self), "sentences_per_second": self.sentences_per_second}


@dataclass
class _Chunk:
    ids: list[Any]
    records: list[dict]


def file_format(path: str | os.PathLike, given: str | None = None) -> str:
    """``given``, or the format named by ``path``'s suffix."""
    if given is not None:
        if given not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}, got {given!r}")
        return given
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise ValueError(f"{path}: cannot tell the format from the suffix {suffix!r}; name it (one of {FORMATS})")
    return _SUFFIXES[suffix]


# --- reading: (line, fields) pairs, or a BatchInputError for the line -----------------------------


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict | BatchInputError]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for line_no, line in enumerate(_lines(handle, path), start=1):
            if not line.strip():
                continue  # blank lines separate nothing in JSONL
            try:
                fields = json.loads(line)
            except json.JSONDecodeError as error:
                yield line_no, BatchInputError(f"{path}:{line_no}: -: invalid JSON ({error.msg})")
                continue
            if not isinstance(fields, dict):
                kind = type(fields).__name__
                yield line_no, BatchInputError(f"{path}:{line_no}: -: expected a JSON object, got {kind}")
                continue
            yield line_no, fields


def _lines(handle: IO[str], path: Path) -> Iterator[str]:
    read = 0
    try:
        for line in handle:
            read += 1
            yield line
    except UnicodeDecodeError as error:
        raise BatchInputError(f"{path}:{read + 1}: -: not UTF-8 ({error.reason})") from None


def _csv_rows(path: Path, needed: list[str]) -> Iterator[tuple[int, dict | BatchInputError]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(_lines(handle, path))
        header = reader.fieldnames or []
        for name in needed:
            if name not in header:
                raise BatchInputError(f"{path}:1: {name}: no such column (columns: {', '.join(header)})")
        for fields in reader:
            if None in fields:  # more cells than the header has columns
                yield reader.line_num, BatchInputError(f"{path}:{reader.line_num}: -: more cells than columns")
                continue
            yield reader.line_num, fields


def _txt_rows(path: Path, text_field: str) -> Iterator[tuple[int, dict | BatchInputError]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for line_no, line in enumerate(_lines(handle, path), start=1):
            yield line_no, {text_field: line.rstrip("\r\n")}


def _parquet_rows(path: Path, needed: list[str], batch_size: int) -> Iterator[tuple[int, dict | BatchInputError]]:
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    names = parquet.schema_arrow.names
    for name in needed:
        if name not in names:
            raise BatchInputError(f"{path}:-: {name}: no such column (columns: {', '.join(names)})")
    row_no = 0
    for batch in parquet.iter_batches(batch_size=batch_size, columns=needed):
        for fields in batch.to_pylist():
            row_no += 1
            yield row_no, fields


def _parquet_rows_total(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def _record(
    path: Path, line: int, fields: dict, text_field: str, id_field: str | None, target_field: str | None, target: Any
) -> tuple[Any, dict]:
    """(id, record) of one row; a BatchInputError names the line and the field."""
    text = fields.get(text_field)
    if not isinstance(text, str):
        problem = "missing" if text is None else f"expected a string, got {type(text).__name__}"
        raise BatchInputError(f"{path}:{line}: {text_field}: {problem}")
    row_id: Any = line
    if id_field is not None:
        row_id = fields.get(id_field)
        if row_id is None or row_id == "" or not isinstance(row_id, (str, int)) or isinstance(row_id, bool):
            kind = type(row_id).__name__
            problem = "missing" if row_id in (None, "") else f"expected a string or integer, got {kind}"
            raise BatchInputError(f"{path}:{line}: {id_field}: {problem}")
    row_target = target
    if target_field is not None:
        value = fields.get(target_field)
        if value is not None and not isinstance(value, str):
            raise BatchInputError(f"{path}:{line}: {target_field}: expected a string, got {type(value).__name__}")
        row_target = value or target
    return row_id, {"text": text, "target": row_target}


# --- predicting ----------------------------------------------------------------------------------


def predict_records(model: Any, records: list[dict], proba: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
    """Labels and (when the model has them and ``proba``) probabilities of ``records``."""
    labels = model.predict(records)
    probabilities = model.predict_proba(records) if proba and hasattr(model, "predict_proba") else None
    return labels, probabilities


# One unpickled model per worker process, keyed by the digest of its pickle: each chunk's task
# names the pickle file, and a worker unpickles it at its first chunk only.
_WORKER_MODEL: dict[str, Any] = {}


def _predict_in_worker(path: str, digest: str, chunk: _Chunk, proba: bool) -> tuple[_Chunk, Any, Any]:
    if digest not in _WORKER_MODEL:
        _WORKER_MODEL.clear()
        _WORKER_MODEL[digest] = pickle.loads(Path(path).read_bytes())
    return (chunk, *predict_records(_WORKER_MODEL[digest], chunk.records, proba))


def _predicted(model: Any, chunks: Iterable[_Chunk], proba: bool, n_jobs: int) -> Iterator[tuple[_Chunk, Any, Any]]:
    if n_jobs == 1:
        for chunk in chunks:
            yield (chunk, *predict_records(model, chunk.records, proba))
        return
    payload = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
    digest = hashlib.sha256(payload).hexdigest()
    with tempfile.TemporaryDirectory(prefix="stanceclf-batch-") as directory:
        path = Path(directory) / "model.pickle"
        path.write_bytes(payload)
        # return_as="generator" yields results in task order and dispatches at most pre_dispatch
        # chunks ahead, so memory stays bounded and the output order is that of one job.
        yield from Parallel(n_jobs=n_jobs, return_as="generator", pre_dispatch="2*n_jobs")(
            delayed(_predict_in_worker)(str(path), digest, chunk, proba)
            for chunk in chunks
        )


# --- writing ---------------------------------------------------------------------------------------


class _Writer:
    """Rows of (id, target, text, stance, probabilities) in one output format."""

    def __init__(self, handle_path: Path, fmt: str, classes: list[str] | None, include_text: bool):
        self.path, self.fmt, self.classes, self.include_text = handle_path, fmt, classes, include_text
        self.parquet = None
        self.handle: IO[str] | None = None
        if fmt != "parquet":
            self.handle = open(handle_path, "x", encoding="utf-8", newline="")
        if fmt == "csv":
            self.csv = csv.writer(self.handle)
            self.csv.writerow(self._columns())

    def _columns(self) -> list[str]:
        columns = ["id", "target"] + (["text"] if self.include_text else []) + ["stance"]
        return columns + [f"proba_{c}" for c in self.classes or []]

    def write(self, chunk: _Chunk, labels: np.ndarray, proba: np.ndarray | None) -> None:
        if self.fmt == "jsonl":
            lines = []
            for i, (row_id, record) in enumerate(zip(chunk.ids, chunk.records)):
                row: dict[str, Any] = {"id": row_id, "target": record["target"]}
                if self.include_text:
                    row["text"] = record["text"]
                row["stance"] = str(labels[i])
                if proba is not None:
                    row["proba"] = dict(zip(self.classes, proba[i].tolist()))
                lines.append(json.dumps(row, ensure_ascii=False) + "\n")
            self.handle.writelines(lines)
        elif self.fmt == "txt":
            self.handle.writelines(f"{row_id}\t{label}\n" for row_id, label in zip(chunk.ids, labels))
        elif self.fmt == "csv":
            for i, (row_id, record) in enumerate(zip(chunk.ids, chunk.records)):
                cells = [row_id, record["target"] or ""] + ([record["text"]] if self.include_text else [])
                cells.append(str(labels[i]))
                self.csv.writerow(cells + ([repr(float(p)) for p in proba[i]] if proba is not None else []))
        else:
            self._write_parquet(chunk, labels, proba)

    def _write_parquet(self, chunk: _Chunk, labels: np.ndarray, proba: np.ndarray | None) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        columns: dict[str, Any] = {
            "id": pa.array([str(i) for i in chunk.ids], pa.string()),
            "target": pa.array([r["target"] for r in chunk.records], pa.string()),
        }
        if self.include_text:
            columns["text"] = pa.array([r["text"] for r in chunk.records], pa.string())
        columns["stance"] = pa.array([str(label) for label in labels], pa.string())
        for k, name in enumerate(self.classes if proba is not None else []):
            columns[f"proba_{name}"] = pa.array(proba[:, k], pa.float64())
        table = pa.table(columns)
        if self.parquet is None:
            self.parquet = pq.ParquetWriter(self.path, table.schema)
        self.parquet.write_table(table)

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
        if self.parquet is not None:
            self.parquet.close()
        elif self.fmt == "parquet":  # no rows: still a valid, empty file with the columns
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.table({name: pa.array([], pa.string()) for name in self._columns()}), self.path)


def _chunked(rows: Iterator[tuple[Any, dict]], size: int) -> Iterator[_Chunk]:
    while True:
        block = list(itertools.islice(rows, size))
        if not block:
            return
        yield _Chunk([row_id for row_id, _ in block], [record for _, record in block])


def predict_file(
    input: str | os.PathLike,
    output: str | os.PathLike,
    model: Any = None,
    *,
    input_format: str | None = None,
    output_format: str | None = None,
    text_field: str = "text",
    id_field: str | None = None,
    target_field: str | None = None,
    target: str | None = None,
    proba: bool = True,
    include_text: bool = False,
    on_error: str = "raise",
    overwrite: bool = False,
    n_jobs: int = 1,
    chunk_size: int = 2000,
    progress: bool | None = None,
) -> BatchReport:
    """Predict every row of a file and write the predictions, in constant memory.

    Parameters
    ----------
    input, output : path
        ``.jsonl``, ``.csv``, ``.txt`` (one sentence a line) or ``.parquet``; the format comes
        from the suffix unless ``input_format`` / ``output_format`` name it.
    model : StanceClassifier, path or shipped name, optional
        A fitted model, or what :func:`stanceclf.load_model` loads (default: the shipped model).
    text_field : str, default="text"
        Field (JSONL key, CSV or Parquet column) with the text.
    id_field : str, optional
        Field with each row's id, copied to the output; default: the 1-based line (row) number.
    target_field : str, optional
        Field with each row's target; rows without one get ``target``.
    target : str, optional
        Target of every row without one.
    proba : bool, default=True
        Also write the class probabilities (when the model has ``predict_proba``).
    include_text : bool, default=False
        Copy the text into the output.
    on_error : {"raise", "skip"}, default="raise"
        A malformed row (invalid JSON, a missing or non-string text, a missing id, ...) stops
        the run with a :class:`BatchInputError` naming ``file:line: field``, and no output is
        written; or it is skipped and counted in the report.
    overwrite : bool, default=False
        Replace an existing output file; without it, an existing output is an error.
    n_jobs : int, default=1
        Worker processes (joblib; -1: all CPUs). The output is identical to ``n_jobs=1``.
    chunk_size : int, default=2000
        Rows read, predicted and written at a time; memory does not grow with the file.
    progress : bool, optional
        Show a progress bar (default: when standard error is a terminal).

    Returns
    -------
    BatchReport

    Raises
    ------
    FileExistsError
        ``output`` exists and ``overwrite`` is false.
    BatchInputError
        A malformed row with ``on_error="raise"``, or a named field that is not a column.

    Examples
    --------
    >>> stanceclf.predict_file("speeches.jsonl", "stances.parquet", n_jobs=-1)  # doctest: +SKIP
    """
    start = time.perf_counter()
    source, target_path = Path(input), Path(output)
    in_fmt, out_fmt = file_format(source, input_format), file_format(target_path, output_format)
    if on_error not in ON_ERROR:
        raise ValueError(f"on_error must be one of {ON_ERROR}, got {on_error!r}")
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    if not isinstance(n_jobs, int) or n_jobs == 0:
        raise ValueError(f"n_jobs must be a non-zero integer (-1: all CPUs), got {n_jobs!r}")
    if not source.is_file():
        raise FileNotFoundError(f"{source}: no such file")
    check_overwrite([target_path], overwrite=overwrite)
    if target_path.exists() and target_path.resolve() == source.resolve():
        raise ValueError(f"{target_path}: is the input file; choose another output")
    if not isinstance(model, StanceClassifier) and not hasattr(model, "predict"):
        model = load_model(model)

    needed = [name for name in (text_field, id_field, target_field) if name is not None]
    if in_fmt == "jsonl":
        rows = _jsonl_rows(source)
    elif in_fmt == "csv":
        rows = _csv_rows(source, needed)
    elif in_fmt == "txt":
        if id_field or target_field:
            raise ValueError("a plain-text input has no fields: id_field and target_field do not apply")
        rows = _txt_rows(source, text_field)
    else:
        rows = _parquet_rows(source, needed, chunk_size)
    report = BatchReport(input=str(source), output=str(target_path), n_jobs=n_jobs)

    def valid_rows() -> Iterator[tuple[Any, dict]]:
        for line, fields in rows:
            try:
                if isinstance(fields, BatchInputError):
                    raise fields
                yield _record(source, line, fields, text_field, id_field, target_field, target)
            except BatchInputError as problem:
                if on_error == "raise":
                    raise
                report.n_skipped += 1
                if len(report.problems) < _MAX_PROBLEMS:
                    report.problems.append(str(problem))

    classes = [str(c) for c in model.classes_] if proba and hasattr(model, "predict_proba") else None
    total = _parquet_rows_total(source) if in_fmt == "parquet" else None
    target_path.parent.mkdir(parents=True, exist_ok=True)
    # Beside the output (same file system, so the rename is atomic); the writers create it.
    temporary = target_path.parent / f".{target_path.name}.{os.getpid()}.{secrets.token_hex(4)}.partial"
    bar = tqdm(
        total=total,
        unit=" sentences",
        disable=not (sys.stderr.isatty() if progress is None else progress),
        file=sys.stderr,
    )
    try:
        writer = _Writer(temporary, out_fmt, classes, include_text)
        try:
            for chunk, labels, probabilities in _predicted(model, _chunked(valid_rows(), chunk_size), proba, n_jobs):
                writer.write(chunk, labels, probabilities)
                report.n_rows += len(chunk.ids)
                bar.update(len(chunk.ids))
        finally:
            writer.close()
        os.replace(temporary, target_path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        bar.close()
    report.seconds = time.perf_counter() - start
    return report
