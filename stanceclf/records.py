"""Annotated records: the corpus schema, the one record validator, and reading records with their places.

A *record* is a dict with at least ``text`` and, for training, ``stance``; ``target`` and
``speaker`` are optional. The AI-policy corpus adds ``id``, ``doc``, ``speaker_type`` and
``rationale`` with closed label sets (see data/ANNOTATION.md). Every error names the file, the
line and the field, and reading reports all problems of a file at once, not only the first.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ._io import read_text

__all__ = [
    "STANCES",
    "TARGETS",
    "SPEAKER_TYPES",
    "AnnotationError",
    "CORPUS_FIELDS",
    "OPTIONAL_FIELDS",
    "check_record",
    "corpus_features",
    "read_located_records",
    "read_records",
]

# Label order follows TweetEval (0 none, 1 against, 2 favor) so integer labels mean the same in both.
STANCES: tuple[str, ...] = ("NONE", "AGAINST", "FAVOR")
TARGETS: tuple[str, ...] = (
    "biometric_surveillance",
    "biometric_categorisation",
    "emotion_recognition",
    "social_scoring",
    "predictive_policing",
    "biometric_databases",
)
SPEAKER_TYPES: tuple[str, ...] = (
    "politician",
    "party_group",
    "parliament",
    "commission",
    "council_or_government",
    "regulator",
    "ngo_or_activist",
    "company",
    "court_or_judiciary",
    "police_or_security",
    "public",
    "author",
    "other",
    "none",
)
CORPUS_FIELDS: tuple[str, ...] = (
    "id",
    "doc",
    "text",
    "speaker",
    "speaker_type",
    "target",
    "stance",
    "rationale",
)
# Optional corpus fields, free text: where an article came from and when it was published.
OPTIONAL_FIELDS: tuple[str, ...] = ("url", "date", "source")


class AnnotationError(ValueError):
    """Malformed input records; ``problems`` lists every ``file:line: field: message``."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        shown = "\n".join(self.problems[:20])
        more = f"\n... and {len(self.problems) - 20} more" if len(self.problems) > 20 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the input:\n{shown}{more}")


def check_record(record: Any, *, corpus: bool) -> list[tuple[str, str]]:
    """(field, message) pairs for what is wrong with one record; empty when it is valid."""
    if not isinstance(record, Mapping):
        return [("-", f"expected a JSON object, got {type(record).__name__}")]
    problems: list[tuple[str, str]] = []
    required = CORPUS_FIELDS if corpus else ("text",)
    for field in required:
        if field not in record:
            problems.append((field, "missing"))
    for field, value in record.items():
        # null is allowed for optional fields only; text must always be a string.
        if field in CORPUS_FIELDS and not isinstance(value, str) and (value is not None or field == "text"):
            problems.append((field, f"must be a string, got {type(value).__name__}"))
    if problems:
        return problems
    if not record["text"].strip():
        problems.append(("text", "empty or white space only"))
    stance = record.get("stance")
    if stance == "" and corpus:
        problems.append(("stance", "empty: not annotated yet"))
    elif stance is not None and stance not in STANCES:
        problems.append(("stance", f"unknown label {stance!r}; expected one of {', '.join(STANCES)}"))
    if corpus:
        if record["target"] not in TARGETS:
            problems.append(("target", f"unknown target {record['target']!r}; expected one of {', '.join(TARGETS)}"))
        if record["speaker_type"] not in SPEAKER_TYPES:
            problems.append(
                ("speaker_type", f"unknown type {record['speaker_type']!r}; expected one of {', '.join(SPEAKER_TYPES)}")
            )
        if not record["id"].startswith(f"{record['doc']}-"):
            problems.append(("id", f"{record['id']!r} does not have the form <doc>-<n> for doc {record['doc']!r}"))
        has_speaker = bool(record["speaker"].strip())
        if record["stance"] != "NONE" and not has_speaker:
            problems.append(("speaker", f"empty, but stance is {record['stance']}"))
        if (record["speaker_type"] == "none") == has_speaker:
            problems.append(("speaker_type", "must be 'none' exactly when speaker is empty"))
    return problems


def _read_lines(path: Path) -> Iterable[tuple[int, Any, str | None]]:
    """Yield (line number, parsed record or None, parse error or None) for a JSONL or CSV file."""
    suffix = path.suffix.lower()
    with io.StringIO(read_text(path), newline="") as handle:
        if suffix == ".csv":
            reader = csv.DictReader(handle)
            end = 1  # the header line
            for row in reader:
                # line_num is where a row ends; a quoted field may span lines, so report where it starts.
                start, end = end + 1, reader.line_num
                yield start, {k: v for k, v in row.items() if k is not None}, None
            return
        if suffix not in (".jsonl", ".json", ".ndjson"):
            raise ValueError(f"{path}: unsupported file type {suffix!r}; use .jsonl or .csv")
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line), None
            except json.JSONDecodeError as error:
                yield number, None, f"invalid JSON: {error.msg} at column {error.colno}"


def _records_from_dataset(dataset: Any) -> list[dict]:
    """Rows of a ``datasets.Dataset``, with ClassLabel integers turned back into their names."""
    from datasets import ClassLabel

    names = {k: f for k, f in dataset.features.items() if isinstance(f, ClassLabel)}
    rows = []
    for row in dataset:
        rows.append({k: names[k].int2str(v) if k in names and v is not None else v for k, v in row.items()})
    return rows


def read_records(data: Any, *, corpus: bool = False, require_stance: bool = False) -> list[dict]:
    """Read and validate records from a path, a list of dicts or a ``datasets.Dataset``.

    Parameters
    ----------
    data : str, Path, list of dict, or datasets.Dataset
        A ``.jsonl`` or ``.csv`` file (one record a line or row), records in memory, or a dataset.
    corpus : bool, default=False
        Check the full AI-policy corpus schema (all fields, closed target and speaker_type sets,
        unique ids) rather than only ``text`` and ``stance``.
    require_stance : bool, default=False
        Every record must carry a ``stance`` label (training and evaluation data).

    Returns
    -------
    list of dict

    Raises
    ------
    AnnotationError
        Listing every problem as ``file:line: field: message`` (``<input>:N`` for records in memory).
    FileNotFoundError
        When a path does not exist.
    """
    return [record for _, record in read_located_records(data, corpus=corpus, require_stance=require_stance)]


def read_located_records(data: Any, *, corpus: bool = False, require_stance: bool = False) -> list[tuple[str, dict]]:
    """:func:`read_records` with each record's place: ``file:line`` (the line it starts on), or
    ``<input record>:N`` / ``<dataset row>:N`` for data in memory."""
    if isinstance(data, (str, os.PathLike)):
        path = Path(data)
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such file")
        rows = list(_read_lines(path))
        where = str(path)
    elif hasattr(data, "features") and hasattr(data, "column_names"):
        rows = [(i, r, None) for i, r in enumerate(_records_from_dataset(data), start=1)]
        where = "<dataset row>"
    elif isinstance(data, Iterable) and not isinstance(data, (bytes, Mapping)):
        rows = [(i, r, None) for i, r in enumerate(data, start=1)]
        where = "<input record>"
    else:
        raise TypeError(f"data must be a path, a list of records or a datasets.Dataset, got {type(data).__name__}")

    problems: list[str] = []
    records: list[tuple[str, dict]] = []
    first_line_of_id: dict[str, int] = {}
    for line, record, parse_error in rows:
        if parse_error:
            problems.append(f"{where}:{line}: -: {parse_error}")
            continue
        found = check_record(record, corpus=corpus)
        if require_stance and isinstance(record, Mapping) and record.get("stance") in (None, ""):
            found.append(("stance", "missing; training and evaluation need a label"))
        problems.extend(f"{where}:{line}: {field}: {message}" for field, message in found)
        if found:
            continue
        record_id = record.get("id")
        if record_id is not None:
            if record_id in first_line_of_id:
                problems.append(
                    f"{where}:{line}: id: duplicate id {record_id!r} (first at line {first_line_of_id[record_id]})"
                )
                continue
            first_line_of_id[record_id] = line
        records.append((f"{where}:{line}", dict(record)))
    if problems:
        raise AnnotationError(problems)
    if not records:
        raise AnnotationError([f"{where}: -: no records"])
    return records


def corpus_features():
    """The typed ``datasets.Features`` of the AI-policy corpus."""
    from datasets import ClassLabel, Features, Value

    return Features(
        {
            "id": Value("string"),
            "doc": Value("string"),
            "text": Value("string"),
            "speaker": Value("string"),
            "speaker_type": ClassLabel(names=list(SPEAKER_TYPES)),
            "target": ClassLabel(names=list(TARGETS)),
            "stance": ClassLabel(names=list(STANCES)),
            "rationale": Value("string"),
            **{field: Value("string") for field in OPTIONAL_FIELDS},
        }
    )
