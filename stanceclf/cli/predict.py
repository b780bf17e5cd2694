"""``stanceclf predict``: stances of texts, of one file of records, or of a streamed file."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from ..actors import read_article
from ..batch import FORMATS, predict_file
from ..persistence import load_model
from ..records import AnnotationError, read_records

# An argument without white space that ends in one of these, or contains a path separator, names a file.
_FILE_NAME = re.compile(r"[^\s]*(/|\\)[^\s]*|[^\s]+\.(txt|jsonl|json|ndjson|csv|tsv|html?|pdf|md|docx?|xml)", re.I)


def _names_a_file(item: str) -> bool:
    return item.strip() != "" and (Path(item).exists() or _FILE_NAME.fullmatch(item) is not None)


def _read_inputs(items: list[str], target: str | None, speaker: str | None, as_text: bool = False) -> list[dict]:
    """Texts from arguments, or records from one .txt (a text a line), .jsonl or .csv file.

    An argument that exists as a path, or looks like a file name (no white space, and a path
    separator or a file extension), is read as a file, so a mistyped file name is an error rather
    than a sentence; ``as_text`` (``--text``) takes every argument as text.
    """
    files = [] if as_text else [item for item in items if _names_a_file(item)]
    if files:
        path = Path(files[0])
        if len(items) > 1:
            raise ValueError(f"{path}: looks like a file name among texts; give one file, or pass --text")
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file (to classify these words as text, pass --text)")
        if not path.is_file():
            raise ValueError(f"{path}: is a directory, not a .txt/.jsonl/.csv file")
        if path.suffix.lower() == ".txt":
            lines = read_article(path).splitlines()
            records = [{"text": line} for line in lines if line.strip()]
            if not records:
                raise AnnotationError([f"{path}: -: no non-empty lines"])
        else:
            records = read_records(path)
    else:
        records = [{"text": text} for text in items]
    for record in records:
        if target and not record.get("target"):
            record["target"] = target
        if speaker and not record.get("speaker"):
            record["speaker"] = speaker
    return records


def _predict_file(args: argparse.Namespace) -> int:
    if not (args.input and args.output):
        raise SystemExit("stanceclf predict: --input and --output go together")
    if args.inputs or args.explain:
        raise SystemExit("stanceclf predict: with --input, give no texts and no --explain")
    report = predict_file(
        args.input,
        args.output,
        args.model,
        input_format=args.input_format,
        output_format=args.output_format,
        text_field=args.text_field,
        id_field=args.id_field,
        target_field=args.target_field,
        target=args.target,
        proba=not args.no_proba,
        include_text=args.include_text,
        on_error="skip" if args.on_error == "skip" else "raise",
        overwrite=args.force,
        n_jobs=args.jobs,
        chunk_size=args.chunk_size,
    )
    for problem in report.problems:
        print(f"skipped {problem}", file=sys.stderr)
    skipped = f", {report.n_skipped} malformed row(s) skipped" if report.n_skipped else ""
    print(
        f"{report.output}: {report.n_rows} rows{skipped} in {report.seconds:.1f}s "
        f"({report.sentences_per_second:,.0f} sentences/s, {report.n_jobs} job(s))",
        file=sys.stderr,
    )
    return 0


def run(args: argparse.Namespace) -> int:
    """Run ``stanceclf predict``; return the exit status."""
    if args.input or args.output:
        return _predict_file(args)
    if not args.inputs:
        raise SystemExit("stanceclf predict: give texts, a file, or --input FILE --output FILE")
    model = load_model(args.model)
    records = _read_inputs(args.inputs, args.target, args.speaker, args.text)
    labels = model.predict(records)
    proba = model.predict_proba(records) if hasattr(model, "predict_proba") else None
    explanations = model.explain(records, k=args.top) if args.explain else None
    rows = []
    for i, record in enumerate(records):
        row: dict[str, Any] = {k: record[k] for k in ("id", "target", "speaker") if record.get(k)}
        row["text"] = record["text"]
        row["stance"] = str(labels[i])
        if proba is not None:
            row["proba"] = {str(c): round(float(p), 4) for c, p in zip(model.classes_, proba[i])}
        if explanations is not None:
            row["explanation"] = {
                label: [[name, round(value, 4)] for name, value in pairs]
                for label, pairs in explanations[i].contributions.items()
            }
        rows.append(row)
    if args.format == "jsonl":
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return 0
    for row in rows:
        confidence = f"{row['proba'][row['stance']]:.2f}" if "proba" in row else ""
        text = row["text"] if len(row["text"]) <= 90 else row["text"][:87] + "..."
        print(f"{row['stance']:<8} {confidence:>5}  {text}")
        if explanations is not None:
            for name, value in row["explanation"][row["stance"]]:
                print(f"{'':16}{value:+.4f}  {name}")
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``stanceclf predict`` to its subparser."""
    parser.add_argument("inputs", nargs="*", help="texts, or one file (.txt: a text a line; .jsonl/.csv: records)")
    parser.add_argument("--model", help="model directory or shipped name (default: the shipped model)")
    parser.add_argument("--target", help="target of every text without one (e.g. biometric_surveillance)")
    parser.add_argument("--speaker", help="speaker of every text without one")
    parser.add_argument("--text", action="store_true", help="take every argument as text, even if it names a file")
    parser.add_argument("--format", choices=["table", "jsonl"], default="table")
    parser.add_argument("--explain", action="store_true", help="show the features behind each decision")
    parser.add_argument("--top", type=int, default=8, help="features per class with --explain (default 8)")
    batch = parser.add_argument_group("streaming a file of any size (--input with --output)")
    batch.add_argument("--input", help="file to predict: .jsonl, .csv, .txt (a sentence a line) or .parquet")
    batch.add_argument("--output", help="file to write (.jsonl, .csv, .txt or .parquet), atomically")
    batch.add_argument("--input-format", choices=FORMATS, help="format of --input (default: from its suffix)")
    batch.add_argument("--output-format", choices=FORMATS, help="format of --output (default: from its suffix)")
    batch.add_argument("--text-field", default="text", help="field or column with the text (default: text)")
    batch.add_argument("--id-field", help="field or column with the row id (default: the line number)")
    batch.add_argument("--target-field", help="field or column with the row's target (default: --target)")
    batch.add_argument("--jobs", type=int, default=1, help="worker processes; -1: all CPUs (default 1)")
    batch.add_argument("--chunk-size", type=int, default=2000, help="rows read and predicted at a time (default 2000)")
    batch.add_argument(
        "--on-error",
        choices=["fail", "skip"],
        default="fail",
        help="a malformed row stops the run (default, nothing written) or is skipped and counted",
    )
    batch.add_argument("--no-proba", action="store_true", help="write the stance only, no probabilities")
    batch.add_argument("--include-text", action="store_true", help="copy the text into the output")
    batch.add_argument("--force", action="store_true", help="replace an existing --output")
