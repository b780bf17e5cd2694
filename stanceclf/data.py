"""Annotated records: the corpus schema, reading and validating them, and writing files safely.

A *record* is a dict with at least ``text`` and, for training, ``stance``; ``target`` and
``speaker`` are optional. The AI-policy corpus adds ``id``, ``doc``, ``speaker_type`` and
``rationale`` with closed label sets (see data/ANNOTATION.md). Every error names the file, the
line and the field, and reading reports all problems of a file at once, not only the first.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import secrets
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "STANCES",
    "TARGETS",
    "SPEAKER_TYPES",
    "AnnotationError",
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


_SOURCE_DIRS = {"_corpus": "data", "_models": "models"}


def shipped_path(package: str, *parts: str) -> Path:
    """Path of a file shipped with stanceclf: ``_corpus`` is data/, ``_models`` is models/.

    In a source checkout (also an editable install) these are the repository's folders; a wheel
    installs them as the packages ``stanceclf._corpus`` and ``stanceclf._models``.
    """
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / _SOURCE_DIRS[package]).is_dir():
        return checkout.joinpath(_SOURCE_DIRS[package], *parts)
    from importlib import resources

    # A data-only package is a namespace package, whose files() is a MultiplexedPath: descend
    # one part at a time, which gives a concrete path.
    location = resources.files(f"stanceclf.{package}")
    for part in parts:
        location = location / part
    return Path(str(location))


class AnnotationError(ValueError):
    """Malformed input records; ``problems`` lists every ``file:line: field: message``."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        shown = "\n".join(self.problems[:20])
        more = f"\n... and {len(self.problems) - 20} more" if len(self.problems) > 20 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the input:\n{shown}{more}")


def _check_record(record: Any, *, corpus: bool) -> list[tuple[str, str]]:
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


def read_text(path: str | os.PathLike) -> str:
    """A UTF-8 text file's contents (a leading byte-order mark dropped).

    Raises a ``ValueError`` naming the file and the line when the file is not UTF-8, rather than
    a bare ``UnicodeDecodeError`` that names neither.
    """
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ValueError(
            f"{path}:{line}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save the file as UTF-8"
        ) from None


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
    return [record for _, record in _read_located(data, corpus=corpus, require_stance=require_stance)]


def _read_located(data: Any, *, corpus: bool = False, require_stance: bool = False) -> list[tuple[str, dict]]:
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
        found = _check_record(record, corpus=corpus)
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


def validate_files(paths: Iterable[str | os.PathLike]) -> list[str]:
    """Every problem of annotation files in corpus format, as ``file:line: field: message``.

    Checks each file's schema and labels (:func:`read_records` with ``corpus=True``), ids unique
    across all files, and texts that occur in more than one document. Returns an empty list when all is well.
    """
    problems: list[str] = []
    first_place: dict[str, str] = {}
    first_text: dict[str, tuple[str, str]] = {}
    for path in paths:
        try:
            located = _read_located(path, corpus=True)
        except AnnotationError as error:
            problems.extend(error.problems)
            continue
        except (FileNotFoundError, ValueError) as error:
            problems.append(f"{path}: -: {error}")
            continue
        for where, record in located:
            if record["id"] in first_place and not first_place[record["id"]].startswith(f"{path}:"):
                problems.append(f"{where}: id: {record['id']!r} also at {first_place[record['id']]}")
            first_place.setdefault(record["id"], where)
            # A sentence repeated inside one article is legitimate (a list item, a repeated
            # headline); the same text in another document is a copied or twice-added article.
            key = " ".join(record["text"].split()).lower()
            if key in first_text and first_text[key][0] != record["doc"]:
                problems.append(
                    f"{where}: text: duplicate of the text at {first_text[key][1]} (doc {first_text[key][0]!r})"
                )
            first_text.setdefault(key, (record["doc"], where))
    return problems


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


def fingerprint(records: Iterable[Mapping]) -> str:
    """SHA-256 of the fields a model learns from (text, target, speaker, stance), order included."""
    digest = hashlib.sha256()
    for record in records:
        fields = {k: record.get(k) for k in ("text", "target", "speaker", "stance")}
        digest.update(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def file_sha256(path: str | os.PathLike) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_text_atomic(path: str | os.PathLike, text: str, *, overwrite: bool = False) -> None:
    """Write text to ``path`` atomically: readers see the old file or the complete new one.

    Raises ``FileExistsError`` when the file exists and ``overwrite`` is false.
    """
    write_bytes_atomic(path, text.encode("utf-8"), overwrite=overwrite)


def write_bytes_atomic(
    path: str | os.PathLike, data: bytes, *, overwrite: bool = False, temporary_prefix: str | None = None
) -> None:
    """Write bytes to ``path`` through a temporary file beside it and one rename (see :func:`write_text_atomic`).

    The temporary file is ``<temporary_prefix><random>.tmp`` (default prefix ``.<name>.``).
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path}: exists; refusing to overwrite (pass overwrite/--force)")
    path.parent.mkdir(parents=True, exist_ok=True)
    # Not tempfile.mkstemp: its files are private (0600); this one gets the usual umask-based mode.
    temporary = path.parent / f"{temporary_prefix or f'.{path.name}.'}{secrets.token_hex(8)}.tmp"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_jsonl(path: str | os.PathLike, records: Iterable[Mapping], *, overwrite: bool = False) -> None:
    """Write records as JSON lines (UTF-8, unescaped), atomically."""
    text = "".join(json.dumps(dict(r), ensure_ascii=False) + "\n" for r in records)
    write_text_atomic(path, text, overwrite=overwrite)
