"""``stanceclf evaluate``: score a model on annotated data, optionally with plots."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import workflows
from ..persistence import load_model
from ..plots import plots_available, write_evaluation_plots
from ..records import read_records
from .common import print_report


def run(args: argparse.Namespace) -> int:
    """Run ``stanceclf evaluate``; return the exit status."""
    if args.plots:
        if not plots_available():  # before the work, not after it
            print('stanceclf: error: --plots needs matplotlib: pip install "stanceclf[plots]"', file=sys.stderr)
            return 2
    model = load_model(args.model)
    records = read_records(args.data, require_stance=True)
    report = workflows.evaluate(model, records)
    print_report(report, args.format, f"evaluation of {args.model or 'the shipped model'}")
    if args.plots:
        proba = model.predict_proba(records) if hasattr(model, "predict_proba") else None
        paths = write_evaluation_plots(
            report, args.plots, y_true=[r["stance"] for r in records], proba=proba, classes=model.classes_,
            title=Path(args.model).name if args.model else "shipped model", overwrite=args.force,
        )
        for path in paths:
            print(f"wrote {path}", file=sys.stderr)
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``stanceclf evaluate`` to its subparser."""
    parser.add_argument("--data", required=True, help="annotated .jsonl/.csv file")
    parser.add_argument("--model", help="model directory or shipped name (default: the shipped model)")
    parser.add_argument("--format", choices=["markdown", "json"], default="markdown")
    parser.add_argument(
        "--plots", metavar="DIR", help="also write confusion matrix, reliability and per-target F1 PNGs (extra 'plots')"
    )
    parser.add_argument("--force", action="store_true", help="overwrite existing plots in --plots")
