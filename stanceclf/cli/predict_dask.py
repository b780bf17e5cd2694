"""``stanceclf predict-dask``: predict JSONL files on a Dask cluster (optional extra ``dask``)."""

from __future__ import annotations

import argparse
import sys

from ..dask import connect, predict_jsonl


def run(args: argparse.Namespace) -> int:
    """Run ``stanceclf predict-dask``; return the exit status."""
    with connect(args.scheduler) as address:
        print(f"scheduler {address}", file=sys.stderr)
        files = predict_jsonl(
            args.input,
            args.output,
            args.model,
            text_field=args.text_field,
            target_field=args.target_field,
            target=args.target,
            overwrite=args.force,
        )
    print(f"{args.output}: {len(files)} part file(s)", file=sys.stderr)
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``stanceclf predict-dask`` to its subparser."""
    parser.add_argument("input", help="JSONL file or glob (e.g. 'speeches/*.jsonl')")
    parser.add_argument("output", help="directory for part-*.jsonl")
    parser.add_argument("--scheduler", help="scheduler address, e.g. tcp://host:8786 (default: a local cluster)")
    parser.add_argument("--model", help="model directory or shipped name (default: the shipped model)")
    parser.add_argument("--text-field", default="text", help="field of each JSON object with the text")
    parser.add_argument("--target-field", help="field with each text's target")
    parser.add_argument("--target", help="target of texts without one")
    parser.add_argument("--force", action="store_true", help="write into an existing output directory")
