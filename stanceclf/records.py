"""Annotated records: the corpus schema, the one record validator, and reading and writing annotation files.

A *record* is a dict with at least ``text`` and, for training, ``stance``; ``target`` and
``speaker`` are optional. The AI-policy corpus adds ``id``, ``doc``, ``speaker_type`` and
``rationale`` with closed label sets (see data/ANNOTATION.md). Every error names the file, the
line and the field, and reading reports all problems of a file at once, not only the first.
:func:`write_records` writes them as JSON lines.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import warnings
from collections.abc import Iterable, Mapping, Set
from numbers import Integral
from pathlib import Path
from typing import Any

from ._io import read_text, write_text_atomic

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
    "write_records",
    "as_records",
    "ordered_input",
    "warn_non_latin",
    "CONTEXT_FIELDS",
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
# Fields of a sentence's context that discourse features read (stanceclf.discourse.with_context fills them).
CONTEXT_FIELDS: tuple[str, ...] = ("previous", "paragraph", "actor", "actor_type")


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
    from datasets import ClassLabel  # where used: datasets adds ~0.3 s to `import stanceclf`

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
    elif _is_dataset(data):
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


def write_records(path: str | os.PathLike, records: Iterable[Mapping], *, overwrite: bool = False) -> None:
    """Write records as an annotation file: JSON lines (UTF-8, unescaped), atomically.

    Raises
    ------
    FileExistsError
        When ``path`` exists and ``overwrite`` is false.
    """
    text = "".join(json.dumps(dict(record), ensure_ascii=False) + "\n" for record in records)
    write_text_atomic(path, text, overwrite=overwrite)


def corpus_features():
    """The typed ``datasets.Features`` of the AI-policy corpus."""
    from datasets import ClassLabel, Features, Value  # where used: datasets adds ~0.3 s to `import stanceclf`

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


# ---------------------------------------------------------------------------------------------
# Model input: texts, records, columns or a DataFrame, coerced to records

_LETTER = re.compile(r"[^\W\d_]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def _is_dataset(data: Any) -> bool:
    return hasattr(data, "features") and hasattr(data, "column_names")


def stance_names(X: Any, y: Any) -> Any:
    """``y`` as stance names when it is the integer ``stance`` column of the ``datasets.Dataset`` ``X``.

    :func:`stanceclf.load_corpus` stores the stance as a ``ClassLabel``, so ``dataset["stance"]``
    gives integers; a model fitted on those would predict 0, 1, 2 rather than the names.
    """
    feature = X.features.get("stance") if _is_dataset(X) else None
    if feature is None or not hasattr(feature, "int2str"):
        return y
    values = list(y)
    if values and all(isinstance(v, Integral) and not isinstance(v, bool) for v in values):
        return feature.int2str(values)
    return values


def ordered_input(X: Any) -> Any:
    """Model input as :func:`as_records` takes it: a pandas DataFrame as its columns, a dataset as its rows.

    A DataFrame iterates over its column names, so it would silently be read as texts; it is
    read by column instead (a ``text`` column, optional ``target`` and ``speaker``). Unordered
    containers (sets) and other table types are refused: their rows cannot be matched to the output.
    """
    if _is_dataset(X):  # rows, with ClassLabel integers (target, stance, ...) as their names
        return _records_from_dataset(X)
    if hasattr(X, "columns") and not isinstance(X, Mapping):
        if type(X).__module__.split(".")[0] == "pandas":
            return X.to_dict(orient="list")
        raise TypeError(
            f"expected a list of texts or records, or a pandas DataFrame, got a {type(X).__name__}; "
            "convert it to a list of records"
        )
    if isinstance(X, Set):
        raise TypeError(f"expected an ordered list of texts or records, got an unordered {type(X).__name__}")
    return X


def warn_non_latin(records: list[dict]) -> None:
    """Warn when texts are mostly letters of another script than Latin: the features are for English."""
    foreign = []
    for i, record in enumerate(records):
        letters = len(_LETTER.findall(record["text"]))
        if letters >= 3 and 2 * len(_LATIN_LETTER.findall(record["text"])) < letters:
            foreign.append(i)
    if foreign:
        warnings.warn(
            f"{len(foreign)} of {len(records)} text(s) are mostly in a non-Latin script (first: item {foreign[0]}); "
            "stanceclf's features and shipped model are for English text, so their labels are unreliable",
            UserWarning,
            stacklevel=3,
        )


def as_records(X: Any) -> list[dict]:
    """Normalise model input to a list of ``{"text", "target", "speaker"}`` dicts.

    Accepts a sequence of strings or of mappings with a ``text`` key (``target`` and ``speaker``
    optional; the context fields of :data:`CONTEXT_FIELDS` are kept when present),
    or a single mapping of equal-length columns. Raises a ``ValueError`` or
    ``TypeError`` that names the offending position.
    """
    X = ordered_input(X)
    if isinstance(X, str):
        raise TypeError("expected a list of texts or records, got a single str; wrap it in a list")
    if isinstance(X, Mapping):
        columns = {k: list(v) for k, v in X.items()}
        if "text" not in columns:
            raise ValueError("a mapping of columns needs a 'text' column")
        lengths = {k: len(v) for k, v in columns.items()}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"columns have different lengths: {lengths}")
        X = [dict(zip(columns, row)) for row in zip(*columns.values())]
    if not isinstance(X, Iterable):
        raise TypeError(f"expected a list of texts or records, got {type(X).__name__}")
    records = []
    for i, item in enumerate(X):
        if isinstance(item, str):
            records.append({"text": item, "target": None, "speaker": None})
            continue
        if not isinstance(item, Mapping):
            raise TypeError(f"item {i}: expected a str or a record dict, got {type(item).__name__}")
        text = item.get("text")
        if not isinstance(text, str):
            raise TypeError(f"item {i}: field 'text' must be a str, got {type(text).__name__}")
        record = {"text": text}
        for field in ("target", "speaker"):
            value = item.get(field)
            if value is not None and not isinstance(value, str):
                raise TypeError(f"item {i}: field {field!r} must be a str or None, got {type(value).__name__}")
            record[field] = value or None
        for field in CONTEXT_FIELDS:
            value = item.get(field)
            if value is not None:
                if not isinstance(value, str):
                    raise TypeError(f"item {i}: field {field!r} must be a str or None, got {type(value).__name__}")
                record[field] = value
        records.append(record)
    if not records:
        raise ValueError("empty input: expected at least one text")
    return records
